// Keeps the playground working offline once it was loaded: the page and its hashed assets are
// cached at install; the page itself is fetched afresh when the network is there.
const CACHE = 'statuslint-playground-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const files = await (await fetch('./offline.json', { cache: 'no-store' })).json();
      await cache.addAll(['./', ...files.map((f) => './' + f)]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    // The page: fresh when online, from the cache when not (the state is in the URL's hash).
    event.respondWith(
      fetch(request)
        .then(async (response) => {
          if (response.ok) await (await caches.open(CACHE)).put('./', response.clone());
          return response;
        })
        .catch(async () => (await caches.match('./', { ignoreSearch: true })) || Response.error()),
    );
    return;
  }
  // Assets have hashed names: a cached one never changes; one a newer page names is cached on
  // first use, so the page stays usable offline after a new version was published.
  event.respondWith(
    caches.match(request, { ignoreSearch: true }).then(
      (hit) =>
        hit ||
        fetch(request).then(async (response) => {
          if (response.ok && new URL(request.url).origin === self.location.origin)
            await (await caches.open(CACHE)).put(request, response.clone());
          return response;
        }),
    ),
  );
});
