// Keeps the studio and the engine available offline once loaded: the page,
// its modules, the widget and its languages, both engine builds (the full
// engine's module, glue and wasm; the widget's bundle and wasm) and the
// default program are cached at install. Requests go to the network first, so an
// updated studio is used as soon as it is online, and the cache answers
// when the network cannot.
const CACHE = 'loyalty-studio-v5';
const FILES = ['./', './index.html', './studio.js', './form.js', './results.js', './charts.js', './mapping.js', './studio.css', './worker.js',
  '../dist/loyalty-engine.mjs', '../dist/loyalty-engine-core.mjs', '../dist/loyalty-engine-glue.mjs', '../dist/loyalty-engine.wasm',
  '../dist/programs/demo.json', '../dist/loyalty-widget.mjs', '../dist/loyalty-i18n-de.mjs', '../dist/loyalty-i18n-tr.mjs',
  '../dist/loyalty-i18n-ar.mjs',
  // The preview widget's own engine build.
  '../dist/loyalty-engine-widget.bundle.mjs', '../dist/loyalty-engine-widget.wasm'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && new URL(request.url).origin === self.location.origin) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  if (event.request.method !== 'GET') return;
  event.respondWith(networkFirst(event.request));
});
