// Starts a worker that does some first work off the main thread (see
// loader.js and engine-loader.js), sends it `message`, and resolves once it
// answers, fails, or `timeoutMs` passes, to a function that ends it. Best
// effort: a worker the page's origin or CSP refuses resolves at once.
export function warmInWorker(url, message, { type = 'classic', timeoutMs }) {
  return new Promise((resolve) => {
    let worker = null;
    let timer = 0;
    const release = () => worker?.terminate();
    const done = () => {
      clearTimeout(timer);
      resolve(release);
    };
    timer = setTimeout(done, timeoutMs);
    try {
      worker = new Worker(url, { type });
      worker.onmessage = done;
      worker.onerror = done;
      worker.postMessage(message);
    } catch {
      done();
    }
  });
}
