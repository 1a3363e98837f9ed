// Loads the engine module on demand, next to the widget's own file, so the
// launcher paints before the wasm is fetched: the widget's build of the
// engine, which leaves out batch work, bundled into one minified module
// (loyalty-engine-widget.bundle.mjs, from web/build.mjs).
let loading = null;

export function engineLoader(baseUrl) {
  return () => {
    if (!loading) {
      const url = new URL('loyalty-engine-widget.bundle.mjs', baseUrl).href;
      loading = import(/* webpackIgnore: true */ url).then((module) => module.createEngine());
    }
    return loading;
  };
}
