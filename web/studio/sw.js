// Keeps the studio and the engine available offline once loaded: the page,
// its worker, the engine (module, glue, wasm) and the default program are
// cached at install and served cache-first afterwards.
const CACHE = 'loyalty-studio-v1';
const FILES = ['./', './index.html', './studio.js', './studio.css', './worker.js',
  '../dist/loyalty-engine.mjs', '../dist/loyalty-engine-glue.mjs', '../dist/loyalty-engine.wasm', '../dist/programs/demo.json',
  '../dist/loyalty-widget.mjs'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  if (event.request.method !== 'GET') return;
  event.respondWith(caches.match(event.request, { ignoreSearch: true }).then((hit) => hit ?? fetch(event.request)));
});
