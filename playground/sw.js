// Service worker: the playground works offline once loaded. build.mjs fills in the asset list
// and a version (a hash of every asset), so each build gets its own cache and old ones go.

const VERSION = '__VERSION__';
const ASSETS = __ASSETS__;
const CACHE = `shipshape-playground-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(ASSETS))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('shipshape-playground-') && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// Cache first: every asset is versioned by this file, which the browser re-checks on its own.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit =
        (await cache.match(request, { ignoreSearch: true })) ??
        (request.mode === 'navigate' ? await cache.match('./', { ignoreSearch: true }) : undefined);
      return hit ?? fetch(request);
    })(),
  );
});
