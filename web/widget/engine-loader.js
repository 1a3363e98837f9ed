// Loads the engine module on demand, next to the widget's own file, so the
// launcher paints before the 100 KB of wasm are fetched.
let loading = null;

export function engineLoader(baseUrl) {
  return () => {
    if (!loading) {
      const url = new URL('loyalty-engine.mjs', baseUrl).href;
      loading = import(/* webpackIgnore: true */ url).then((module) => module.createEngine());
    }
    return loading;
  };
}
