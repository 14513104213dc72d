//! Rendered public pages, kept in memory and served like static files until
//! something they show changes.
//!
//! - **Serving** ([`serve`]): [`App`] answers a stored page before the router
//!   (and every layer in it) is reached; a miss goes through the router, whose
//!   outermost layer stores what was rendered. Pages are stored once,
//!   Brotli-compressed ([`encoding`]).
//! - **Invalidation** ([`shows`], [`listen`]): every table the public site
//!   reads has triggers that announce changes on `sachstand_changes`, whoever
//!   makes them (the portal, `load-content`, a script, psql, a restore). The
//!   payload names the rows touched; each instance's listener drops only the
//!   pages that show them. A change to what every page shows drops everything.
//! - **Freshness for the writer**: after an admin's save, the admin area waits
//!   until this instance's listener has seen the change ([`PageCache::sync`]).
//! - A generation counter keeps a page rendered before a change from being
//!   stored after it; the cache also starts afresh every day, because "overdue"
//!   and "this year" depend on the date. Memory is bounded by bytes, evicting
//!   the least recently used pages.

pub mod conditional;
mod encoding;
mod listen;
mod serve;
mod shows;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};

pub use listen::spawn_listener;
pub use serve::{App, cacheable, store_rendered};
pub use shows::{Change, Shows, Tag, Topic};

/// Response extension of an answer streamed in pieces (a long download): it
/// is neither buffered nor stored, and brings its own `ETag`.
#[derive(Clone, Copy, Debug)]
pub struct Streamed;

/// Above this many stored bytes the least recently used pages are evicted.
/// Pages are stored compressed: the large synthetic site (12,500 addresses)
/// takes about a third of it. An installation of several cities divides it
/// among their caches (see `crate::all_cities`).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Larger pages (uncompressed) are served but not stored.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

/// How a page is stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Coding {
    Br,
    /// Bodies the compression layer leaves alone (tiny ones).
    Identity,
}

struct Entry {
    status: StatusCode,
    /// The headers of the stored coding (`content-encoding: br` for `Coding::Br`).
    headers: HeaderMap,
    coding: Coding,
    body: Bytes,
    /// What the page shows; `None`: it did not say, so every change drops it.
    shows: Option<Shows>,
    /// The cache's clock when this page was last served (for eviction).
    used: AtomicU64,
    /// The route that rendered it (for the metrics of cached answers).
    route: Option<crate::observe::Route>,
}

impl Entry {
    fn size(&self, key: &str) -> usize {
        self.body.len() + key.len()
    }
}

pub struct PageCache {
    enabled: bool,
    /// Above this many stored bytes pages are evicted.
    max_bytes: usize,
    entries: RwLock<HashMap<String, Arc<Entry>>>,
    bytes: AtomicUsize,
    generation: AtomicU64,
    /// Requests answered from the cache, and cacheable ones that were rendered.
    pub hits: AtomicU64,
    pub misses: AtomicU64,
    /// Pages dropped because a change touched what they show.
    pub invalidated: AtomicU64,
    /// Unix time at which today ends in Germany: then every page goes.
    day_ends: AtomicI64,
    /// Unix time of the last change this instance heard of (or of its start):
    /// the `Last-Modified` of what it renders.
    changed_at: AtomicI64,
    /// Counts every lookup; entries remember when they were last used.
    clock: AtomicU64,
    /// Read-your-writes barrier (see [`PageCache::sync`]).
    listening: AtomicBool,
    instance: u64,
    markers: AtomicU64,
    synced: tokio::sync::watch::Sender<u64>,
}

/// The end of today in Germany, as Unix time.
fn end_of_today() -> i64 {
    let tomorrow = crate::model::Date::today().0.succ_opt().unwrap_or(chrono::NaiveDate::MAX);
    let midnight = tomorrow.and_hms_opt(0, 0, 0).unwrap_or_default();
    use chrono::TimeZone;
    chrono_tz::Europe::Berlin
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| midnight.and_utc().timestamp(), |t| t.timestamp())
}

fn now_unix() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

impl PageCache {
    /// Whether pages are stored at all (`SACHSTAND_PAGE_CACHE`).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    pub fn new(enabled: bool) -> PageCache {
        PageCache::with_limit(enabled, MAX_BYTES)
    }

    /// A cache that keeps at most `max_bytes` of pages.
    pub fn with_limit(enabled: bool, max_bytes: usize) -> PageCache {
        PageCache {
            enabled,
            max_bytes,
            entries: RwLock::new(HashMap::new()),
            bytes: AtomicUsize::new(0),
            generation: AtomicU64::new(0),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            invalidated: AtomicU64::new(0),
            day_ends: AtomicI64::new(end_of_today()),
            changed_at: AtomicI64::new(now_unix()),
            clock: AtomicU64::new(0),
            listening: AtomicBool::new(false),
            instance: rand::random(),
            markers: AtomicU64::new(0),
            synced: tokio::sync::watch::Sender::new(0),
        }
    }

    /// Forgets every page; pages being rendered right now are not stored.
    pub fn clear(&self) {
        self.invalidate(&Change::Everything);
    }

    /// Drops the pages that show what `change` touched; pages being rendered
    /// right now are not stored (they may have read the old data).
    pub fn invalidate(&self, change: &Change) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.changed_at.store(now_unix(), Ordering::SeqCst);
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        let before = entries.len();
        if *change == Change::Everything {
            entries.clear();
            self.bytes.store(0, Ordering::SeqCst);
        } else {
            let mut dropped = 0;
            entries.retain(|key, entry| {
                let keep = !change.affects(entry.shows.as_ref());
                if !keep {
                    dropped += entry.size(key);
                }
                keep
            });
            self.bytes.fetch_sub(dropped, Ordering::SeqCst);
        }
        self.invalidated.fetch_add((before - entries.len()) as u64, Ordering::Relaxed);
    }

    /// Counts the invalidations so far (tests and metrics watch it).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn len(&self) -> usize {
        self.entries.read().map_or(0, |e| e.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// When the public data last changed, as far as this instance knows: the
    /// time of the last change it heard of, or of its start. Without the cache
    /// nobody listens, so it is now (a render is as new as it gets).
    pub fn changed_at(&self) -> i64 {
        if self.enabled { self.changed_at.load(Ordering::SeqCst) } else { now_unix() }
    }

    /// A number that changes whenever this instance hears of a change to the
    /// public data (finer than [`Self::changed_at`], which counts seconds);
    /// `None` without the cache: nobody listens, so nothing derived may be kept.
    pub fn data_version(&self) -> Option<u64> {
        self.enabled.then(|| self.generation())
    }

    /// Whether the page at `key` (path and known parameters) is stored now.
    pub fn contains(&self, key: &str) -> bool {
        self.entries.read().is_ok_and(|e| e.contains_key(key))
    }

    fn get(&self, key: &str) -> Option<Arc<Entry>> {
        if now_unix() >= self.day_ends.load(Ordering::Relaxed) {
            self.day_ends.store(end_of_today(), Ordering::Relaxed);
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

    fn insert(&self, key: String, entry: Entry, generation: u64) {
        let size = entry.size(&key);
        if size > self.max_bytes {
            return;
        }
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        // A change happened while this page was rendered: it may be stale.
        if self.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        entry.used.store(self.clock.fetch_add(1, Ordering::Relaxed), Ordering::Relaxed);
        let replaced = entries.get(&key).map_or(0, |old| old.size(&key));
        entries.insert(key, Arc::new(entry));
        let stored = self.bytes.load(Ordering::SeqCst) + size - replaced;
        self.bytes.store(stored, Ordering::SeqCst);
        if stored > self.max_bytes {
            self.evict(&mut entries);
        }
    }

    /// Drops the least recently used quarter of the pages (at least enough to fit again).
    fn evict(&self, entries: &mut HashMap<String, Arc<Entry>>) {
        let mut by_use: Vec<(u64, String, usize)> =
            entries.iter().map(|(k, e)| (e.used.load(Ordering::Relaxed), k.clone(), e.size(k))).collect();
        by_use.sort_unstable_by_key(|(used, _, _)| *used);
        let mut stored = self.bytes.load(Ordering::SeqCst);
        let quarter = by_use.len().div_ceil(4);
        for (i, (_, key, size)) in by_use.into_iter().enumerate() {
            if i >= quarter && stored <= self.max_bytes * 3 / 4 {
                break;
            }
            entries.remove(&key);
            stored -= size;
        }
        self.bytes.store(stored, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(cache: &PageCache, uri: &str, bytes: usize, shows: Option<Shows>) {
        let entry = Entry {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            coding: Coding::Identity,
            body: Bytes::from(vec![b'x'; bytes]),
            shows,
            used: AtomicU64::new(0),
            route: None,
        };
        cache.insert(uri.into(), entry, cache.generation.load(Ordering::SeqCst));
    }

    fn stored_bytes(cache: &PageCache) -> usize {
        cache.entries.read().unwrap().iter().map(|(k, e)| e.size(k)).sum()
    }

    #[test]
    fn a_full_cache_evicts_the_least_recently_used_pages_and_counts_only_what_it_holds() {
        let cache = PageCache::new(true);
        for i in 0..100 {
            page(&cache, &format!("/p{i}"), 1024 * 1024, None);
            // The first page is read all the time: it must survive.
            assert!(cache.get("/p0").is_some(), "the hot page is still there after {i} inserts");
        }
        assert!(cache.bytes() <= MAX_BYTES, "{} bytes stored", cache.bytes());
        assert_eq!(cache.bytes(), stored_bytes(&cache));
        assert!(cache.len() > 30, "evicting keeps most pages: {}", cache.len());
        assert!(cache.get("/p1").is_none(), "a cold page went first");
    }

    #[test]
    fn a_page_rendered_before_a_change_is_neither_stored_nor_counted() {
        let cache = PageCache::new(true);
        let generation = cache.generation.load(Ordering::SeqCst);
        cache.invalidate(&Change::parse("services|service=1"));
        let entry = Entry {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            coding: Coding::Identity,
            body: Bytes::from_static(b"old"),
            shows: Some(Shows::new().one(Topic::Project, 1)),
            used: AtomicU64::new(0),
            route: None,
        };
        cache.insert("/".into(), entry, generation);
        assert_eq!((cache.len(), cache.bytes()), (0, 0));
    }

    #[test]
    fn invalidation_drops_what_the_change_touched_and_keeps_the_count_of_bytes_true() {
        let cache = PageCache::new(true);
        page(&cache, "/projekte/a", 100, Some(Shows::new().one(Topic::Project, 1)));
        page(&cache, "/projekte/b", 100, Some(Shows::new().one(Topic::Project, 2)));
        page(&cache, "/projekte", 300, Some(Shows::new().any(Topic::Project)));
        page(&cache, "/online-dienste", 300, Some(Shows::new().any(Topic::Service)));
        page(&cache, "/strategie", 50, None);
        cache.invalidate(&Change::parse("projects|project=1"));
        let mut left: Vec<String> = cache.entries.read().unwrap().keys().cloned().collect();
        left.sort();
        assert_eq!(left, ["/online-dienste", "/projekte/b"]);
        assert_eq!(cache.bytes(), stored_bytes(&cache));
        assert_eq!(cache.invalidated.load(Ordering::Relaxed), 3);
        cache.invalidate(&Change::parse("strategies"));
        assert_eq!((cache.len(), cache.bytes()), (0, 0));
    }
}
