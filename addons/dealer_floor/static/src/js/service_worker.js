/* The floor app's service worker (served by /floor/service-worker.js, which puts FLOOR_VERSION
 * and FLOOR_PRECACHE in front of this text).
 *
 * - The app's bundles, icons and offline page are cached when it installs, so the floor screen
 *   opens at once, also without network.
 * - Pages (/floor, /web): the network first; without network the floor screen from the cache,
 *   and any other page answers with the offline page, which says so and leads to the floor.
 * - Hashed bundles (/web/content/...) never change: from the cache once fetched. Static files:
 *   from the cache, refreshed in the background.
 * - JSON calls are never answered from a cache: the app keeps its own captures while offline.
 */
/* global FLOOR_VERSION, FLOOR_PRECACHE */
"use strict";

var CACHE = "dealer-floor-" + FLOOR_VERSION;

self.addEventListener("install", function (event) {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
        return cache.addAll(FLOOR_PRECACHE);
    }).then(function () {
        return self.skipWaiting();
    }));
});

self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
            return name.indexOf("dealer-floor-") === 0 && name !== CACHE;
        }).map(function (name) {
            return caches.delete(name);
        }));
    }).then(function () {
        return self.clients.claim();
    }));
});

function fromNetworkThenCache(request, fallbackUrl) {
    return fetch(request).then(function (response) {
        if (response.ok && response.type === "basic" && !response.redirected) {
            var copy = response.clone();
            caches.open(CACHE).then(function (cache) {
                cache.put(request, copy);
            });
        }
        return response;
    }).catch(function () {
        return caches.match(request).then(function (cached) {
            return cached || caches.match(fallbackUrl);
        });
    });
}

function fromCacheThenNetwork(request, refresh) {
    return caches.match(request).then(function (cached) {
        var fetched = fetch(request).then(function (response) {
            if (response.ok) {
                var copy = response.clone();
                caches.open(CACHE).then(function (cache) {
                    cache.put(request, copy);
                });
            }
            return response;
        });
        if (cached) {
            if (refresh) {
                fetched.catch(function () {
                    return cached;
                });
            }
            return cached;
        }
        return fetched;
    });
}

self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET") {
        return;
    }
    var url = new URL(request.url);
    if (url.origin !== self.location.origin) {
        return;
    }
    if (request.mode === "navigate") {
        if (url.pathname === "/web/session/logout") {
            // the cached floor screen holds the user's customers: it goes with the session
            event.waitUntil(caches.open(CACHE).then(function (cache) {
                return cache.delete("/floor");
            }));
            return;
        }
        if (url.pathname === "/floor") {
            event.respondWith(fromNetworkThenCache(request, "/floor/offline"));
        } else if (url.pathname === "/web" || url.pathname.indexOf("/web/") === 0) {
            event.respondWith(fetch(request).catch(function () {
                return caches.match("/floor/offline");
            }));
        }
        return;
    }
    if (url.pathname.indexOf("/web/content/") === 0 && url.pathname.indexOf("assets") !== -1) {
        event.respondWith(fromCacheThenNetwork(request, false));
    } else if (url.pathname.indexOf("/dealer_floor/static/") === 0) {
        event.respondWith(fromCacheThenNetwork(request, true));
    }
});
