//! Rendered public pages, kept in memory and served like static files until
//! something changes.
//!
//! Every write goes through `model::write`, whose audit record sends
//! `NOTIFY sachstand_changes` in the same transaction: PostgreSQL delivers it at
//! commit to every portal instance on the database, whose listener clears its
//! cache. The instance that made the change clears its cache itself before it
//! answers (see `admin::router`), so the writer's next request is fresh. A
//! generation counter keeps a page rendered before a change from being stored
//! after it; the cache also starts afresh every day, because "overdue" and
//! "this year" depend on the date.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;
use sqlx::postgres::PgListener;

use crate::AppState;
use crate::model::write::CHANNEL;

/// Above this many stored bytes the least recently used pages are evicted.
const MAX_BYTES: usize = 48 * 1024 * 1024;
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    encoding: &'static str,
    uri: String,
}

struct Entry {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// The cache's clock when this page was last served (for eviction).
    used: AtomicU64,
    /// The route that rendered it (for the metrics of cached answers).
    route: Option<crate::observe::Route>,
}

impl Entry {
    fn size(&self, key: &Key) -> usize {
        self.body.len() + key.uri.len()
    }
}

pub struct PageCache {
    enabled: bool,
    entries: RwLock<HashMap<Key, Arc<Entry>>>,
    bytes: AtomicUsize,
    generation: AtomicU64,
    /// Requests answered from the cache, and cacheable ones that were rendered.
    pub hits: AtomicU64,
    pub misses: AtomicU64,
    day: AtomicU64,
    /// Counts every lookup; entries remember when they were last used.
    clock: AtomicU64,
}

fn today() -> u64 {
    use chrono::Datelike;
    crate::model::Date::today().0.num_days_from_ce() as u64
}

impl PageCache {
    pub fn new(enabled: bool) -> PageCache {
        PageCache {
            enabled,
            entries: RwLock::new(HashMap::new()),
            bytes: AtomicUsize::new(0),
            generation: AtomicU64::new(0),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            day: AtomicU64::new(today()),
            clock: AtomicU64::new(0),
        }
    }

    /// Forgets every page; pages being rendered right now are not stored.
    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        entries.clear();
        self.bytes.store(0, Ordering::SeqCst);
    }

    /// Counts the clearings so far (tests and metrics watch it).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn len(&self) -> usize {
        self.entries.read().map_or(0, |e| e.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get(&self, key: &Key) -> Option<Arc<Entry>> {
        let day = today();
        if self.day.swap(day, Ordering::SeqCst) != day {
            self.clear();
            return None;
        }
        let entry = self.entries.read().ok()?.get(key).cloned()?;
        entry.used.store(self.clock.fetch_add(1, Ordering::Relaxed), Ordering::Relaxed);
        Some(entry)
    }

    /// Bytes of the pages stored now.
    pub fn bytes(&self) -> usize {
        self.bytes.load(Ordering::SeqCst)
    }

    fn insert(&self, key: Key, entry: Entry, generation: u64) {
        let size = entry.size(&key);
        if size > MAX_BYTES {
            return;
        }
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        // A change happened while this page was rendered: it may be stale.
        if self.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        entry.used.store(self.clock.fetch_add(1, Ordering::Relaxed), Ordering::Relaxed);
        let replaced = entries.insert(key.clone(), Arc::new(entry)).map_or(0, |old| old.size(&key));
        let stored = self.bytes.load(Ordering::SeqCst) + size - replaced;
        self.bytes.store(stored, Ordering::SeqCst);
        if stored > MAX_BYTES {
            self.evict(&mut entries);
        }
    }

    /// Drops the least recently used quarter of the pages (at least enough to fit again).
    fn evict(&self, entries: &mut HashMap<Key, Arc<Entry>>) {
        let mut by_use: Vec<(u64, Key, usize)> =
            entries.iter().map(|(k, e)| (e.used.load(Ordering::Relaxed), k.clone(), e.size(k))).collect();
        by_use.sort_unstable_by_key(|(used, _, _)| *used);
        let mut stored = self.bytes.load(Ordering::SeqCst);
        let quarter = by_use.len().div_ceil(4);
        for (i, (_, key, size)) in by_use.into_iter().enumerate() {
            if i >= quarter && stored <= MAX_BYTES * 3 / 4 {
                break;
            }
            entries.remove(&key);
            stored -= size;
        }
        self.bytes.store(stored, Ordering::SeqCst);
    }
}

/// The q-value the client gives `name` in `Accept-Encoding`, read as RFC 9110
/// says: tokens are case-insensitive, `*` stands for every encoding not named,
/// and an encoding not named (and not covered by `*`) is refused — except
/// `identity`, which is acceptable unless refused explicitly.
fn q_value(headers: &HeaderMap, name: &str) -> f32 {
    let mut star = None;
    let parts =
        headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(','));
    for part in parts {
        let mut pieces = part.split(';');
        let token = pieces.next().unwrap_or("").trim();
        let q = pieces
            .find_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
        if token.eq_ignore_ascii_case(name) {
            return q;
        }
        if token == "*" {
            star = Some(q);
        }
    }
    star.unwrap_or(if name == "identity" { 1.0 } else { 0.0 })
}

/// The encodings of a stored page this client accepts, best first. A cached
/// entry is served only under an encoding the client accepts; entries are
/// stored under the encoding the response really has.
fn accepted_encodings(headers: &HeaderMap) -> Vec<&'static str> {
    let mut accepted: Vec<(&'static str, f32)> =
        ["br", "gzip", "identity"].into_iter().map(|e| (e, q_value(headers, e))).filter(|(_, q)| *q > 0.0).collect();
    // Highest q first; among equals, the smaller encoding.
    accepted.sort_by(|a, b| b.1.total_cmp(&a.1));
    accepted.into_iter().map(|(e, _)| e).collect()
}

/// The encoding a response really has.
fn response_encoding(headers: &HeaderMap) -> Option<&'static str> {
    match headers.get(header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()) {
        None => Some("identity"),
        Some(e) if e.eq_ignore_ascii_case("br") => Some("br"),
        Some(e) if e.eq_ignore_ascii_case("gzip") => Some("gzip"),
        // Anything else is not served from the cache.
        Some(_) => None,
    }
}

/// The address as the cache knows it: the path and only the parameters a page
/// reads, so that `?utm_source=…` and other unknown parameters cannot fill the
/// cache with copies. `None` when the query cannot be read (the page answers 400).
fn cache_key(uri: &axum::http::Uri) -> Option<String> {
    let Some(query) = uri.query() else { return Some(uri.path().to_string()) };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    let known: Vec<&(String, String)> =
        pairs.iter().filter(|(k, _)| crate::ui::params::PUBLIC_PARAMS.contains(&k.as_str())).collect();
    if known.is_empty() {
        return Some(uri.path().to_string());
    }
    Some(format!("{}?{}", uri.path(), serde_urlencoded::to_string(known).ok()?))
}

fn cacheable(request: &Request) -> bool {
    let path = request.uri().path();
    // The probes must report the state of this moment, never a stored answer.
    let probe = matches!(path, "/healthz" | "/readyz" | "/metrics");
    request.method() == Method::GET && !path.starts_with("/admin") && !path.starts_with("/static/") && !probe
}

/// Serves a stored copy when there is one; stores successful public pages.
pub async fn serve_cached(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cache = &state.cache;
    if !cache.enabled || !cacheable(&request) {
        return next.run(request).await;
    }
    let Some(uri) = cache_key(request.uri()) else { return next.run(request).await };
    for encoding in accepted_encodings(request.headers()) {
        if let Some(entry) = cache.get(&Key { encoding, uri: uri.clone() }) {
            let mut response = (entry.status, entry.body.clone()).into_response();
            *response.headers_mut() = entry.headers.clone();
            if let Some(route) = entry.route {
                response.extensions_mut().insert(route);
            }
            cache.hits.fetch_add(1, Ordering::Relaxed);
            return response;
        }
    }
    cache.misses.fetch_add(1, Ordering::Relaxed);
    let generation = cache.generation.load(Ordering::SeqCst);
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let Some(encoding) = response_encoding(response.headers()) else { return response };
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "Seite zu groß").into_response();
    };
    let key = Key { encoding, uri };
    let route = parts.extensions.get::<crate::observe::Route>().copied();
    let entry = Entry {
        status: parts.status,
        headers: parts.headers.clone(),
        body: bytes.clone(),
        used: AtomicU64::new(0),
        route,
    };
    cache.insert(key, entry, generation);
    Response::from_parts(parts, Body::from(bytes))
}

/// Listens for changes made by any instance and clears the cache. When the
/// connection drops, the database may be away: the stored pages are kept and
/// served meanwhile (nothing can change while it is away), the outage is
/// reported, and once the listener is connected again the cache is cleared,
/// because notifications may have been missed.
pub fn spawn_listener(db: PgPool, cache: Arc<PageCache>, health: Arc<crate::db::Health>) {
    tokio::spawn(async move {
        // The pool closes at shutdown; then there is nothing left to listen for.
        while !db.is_closed() {
            let mut listener = match PgListener::connect_with(&db).await {
                Ok(l) => l,
                Err(_) if db.is_closed() => break,
                Err(e) => {
                    tracing::warn!(error = %e, "cache listener cannot connect; retrying");
                    health.check(&db).await;
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    continue;
                }
            };
            if let Err(e) = listener.listen(CHANNEL).await {
                tracing::warn!(error = %e, "cache listener cannot listen; retrying");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                continue;
            }
            // Anything may have changed while we were not listening.
            cache.clear();
            loop {
                match listener.try_recv().await {
                    Ok(Some(_)) => cache.clear(),
                    // The connection was lost: listen again on a new one (and clear then).
                    Ok(None) | Err(_) => {
                        if !db.is_closed() {
                            tracing::warn!("cache listener lost its connection; keeping the stored pages");
                            health.check(&db).await;
                        }
                        break;
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(cache: &PageCache, uri: &str, bytes: usize) {
        let entry = Entry {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; bytes]),
            used: AtomicU64::new(0),
            route: None,
        };
        cache.insert(Key { encoding: "identity", uri: uri.into() }, entry, cache.generation.load(Ordering::SeqCst));
    }

    fn stored_bytes(cache: &PageCache) -> usize {
        cache.entries.read().unwrap().iter().map(|(k, e)| e.size(k)).sum()
    }

    #[test]
    fn a_full_cache_evicts_the_least_recently_used_pages_and_counts_only_what_it_holds() {
        let cache = PageCache::new(true);
        let hot = Key { encoding: "identity", uri: "/p0".into() };
        for i in 0..100 {
            page(&cache, &format!("/p{i}"), 1024 * 1024);
            // The first page is read all the time: it must survive.
            assert!(cache.get(&hot).is_some(), "the hot page is still there after {i} inserts");
        }
        assert!(cache.bytes() <= MAX_BYTES, "{} bytes stored", cache.bytes());
        assert_eq!(cache.bytes(), stored_bytes(&cache));
        assert!(cache.len() > 30, "evicting keeps most pages: {}", cache.len());
        assert!(cache.get(&Key { encoding: "identity", uri: "/p1".into() }).is_none(), "a cold page went first");
    }

    #[test]
    fn a_page_rendered_before_a_change_is_neither_stored_nor_counted() {
        let cache = PageCache::new(true);
        let generation = cache.generation.load(Ordering::SeqCst);
        cache.clear();
        let entry = Entry {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"old"),
            used: AtomicU64::new(0),
            route: None,
        };
        cache.insert(Key { encoding: "identity", uri: "/".into() }, entry, generation);
        assert_eq!((cache.len(), cache.bytes()), (0, 0));
    }

    #[test]
    fn unknown_parameters_are_left_out_of_the_key() {
        let key = |uri: &str| cache_key(&uri.parse().unwrap());
        assert_eq!(key("/projekte?utm_source=x&art=flagship").as_deref(), Some("/projekte?art=flagship"));
        assert_eq!(key("/projekte?utm_source=x").as_deref(), Some("/projekte"));
        assert_eq!(key("/projekte?art=a&seite=2").as_deref(), Some("/projekte?art=a&seite=2"));
    }
}
