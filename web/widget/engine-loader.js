// Loads the engine module on demand, next to the widget's own file, so the
// launcher paints before the wasm is fetched: the widget's build of the
// engine, which leaves out batch work, bundled into one minified module
// (loyalty-engine-widget.bundle.mjs, from web/build.mjs).
import { warmInWorker } from './warm-worker.js';

let loading = null;

/**
 * The engine loader: call it with what the widget will ask the engine first
 * ({program, events, customer}) to have a worker make those calls before
 * the engine is loaded here.
 */
export function engineLoader(baseUrl) {
  return (warm = null) => {
    if (!loading) {
      const url = new URL('loyalty-engine-widget.bundle.mjs', baseUrl).href;
      loading = (async () => {
        // Chromium compiles wasm lazily, each function on its first call and on
        // the calling thread: the first loadProgram and simulate took 90-150 ms
        // of one main-thread task. Compiled code is shared by a page's threads
        // that load the same wasm, as long as one of them holds it: a worker
        // makes those first calls (engine-warmup.js) and stays until the main
        // thread has its engine, whose first calls then take a few
        // milliseconds. The main thread loads the engine after the worker has
        // answered, from the HTTP cache. A worker refused, or silent for five
        // seconds, is passed over (so is a page without workers).
        const release = warm
          ? await warmInWorker(new URL('loyalty-engine-warmup.mjs', baseUrl), warm, { type: 'module', timeoutMs: 5000 })
          : () => {};
        try {
          const module = await import(/* webpackIgnore: true */ url);
          return await module.createEngine();
        } finally {
          release();
        }
      })();
    }
    return loading;
  };
}
