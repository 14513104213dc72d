//! sachstand: a progress portal for a city's digitalisation strategy.
//!
//! `app(state)` builds the whole HTTP application; `main` and every test use it.

pub mod admin;
pub mod api;
mod app;
pub mod backup;
pub mod cities;
pub mod cli;
pub mod config;
pub mod content;
pub mod db;
pub mod domain;
pub mod embedded_pg;
pub mod error;
pub mod generate;
pub mod i18n;
pub mod markdown;
pub mod model;
pub mod observe;
pub mod page_cache;
pub mod pdf;
pub mod server;
pub mod ui;
pub mod web;

use std::sync::Arc;

use sqlx::PgPool;

pub use app::{app, city_app};
pub use cities::App;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub config: Arc<config::Config>,
    pub site: Arc<model::site::Site>,
    pub cache: Arc<page_cache::PageCache>,
    /// Whether the database is reachable (see [`db::Health`]).
    pub health: Arc<db::Health>,
    /// Slots for requests that reach the handlers (cache misses, admin): a bound
    /// on concurrent renders, so that overload gets a quick 503 (see `ui::availability`).
    pub renders: Arc<tokio::sync::Semaphore>,
    /// Request counters for `/metrics` (see `observe`).
    pub metrics: Arc<observe::Metrics>,
    /// The last `/daten/sachstand.zip` (see `web::archive`).
    pub archive: Arc<web::archive::Archive>,
}

/// Every city in the database, each with its own state and hosts, the configured
/// city (`SACHSTAND_CITY`) answering hosts that no city names.
pub async fn all_cities(db: PgPool, config: config::Config) -> anyhow::Result<App> {
    let cities: Vec<(String, Vec<String>)> =
        sqlx::query_as("SELECT slug, hosts FROM cities ORDER BY id").fetch_all(&db).await?;
    let default = cities.iter().position(|(slug, _)| *slug == config.city);
    let mut apps = Vec::with_capacity(cities.len());
    // What the installation has once, whatever the number of cities: the render
    // slots, the database's health, the metrics, one change listener, and the page
    // cache's memory (divided among the cities).
    let shared = Shared::new(&config);
    let cache_bytes = page_cache::MAX_BYTES / cities.len().max(1);
    let mut caches = Vec::with_capacity(cities.len());
    for (slug, hosts) in cities {
        // Absolute addresses (sitemap, feeds, OParl, the data catalogue) name the
        // city's own first host; the default city keeps the configured base URL.
        let base_url = match hosts.first() {
            Some(host) if slug != config.city => with_host(&config.base_url, host),
            _ => config.base_url.clone(),
        };
        let config = config::Config { city: slug, base_url, ..config.clone() };
        let state = AppState::for_city(db.clone(), config, &shared, cache_bytes).await?;
        caches.push(state.cache.clone());
        apps.push((hosts, city_app(state)));
    }
    if config.page_cache {
        page_cache::spawn_listener(db, caches, shared.health);
    }
    Ok(App::cities(apps, default))
}

/// `base` (scheme, host, port) with another host: `http://127.0.0.1:3000` and
/// `musterstadt.localhost` give `http://musterstadt.localhost:3000`.
fn with_host(base: &str, host: &str) -> String {
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let authority = rest.split('/').next().unwrap_or(rest);
    let port = authority.rsplit_once(':').map(|(_, p)| p).filter(|p| p.chars().all(|c| c.is_ascii_digit()));
    match port {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    }
}

/// The parts of the state every city of an installation shares.
struct Shared {
    health: Arc<db::Health>,
    renders: Arc<tokio::sync::Semaphore>,
    metrics: Arc<observe::Metrics>,
}

impl Shared {
    fn new(config: &config::Config) -> Shared {
        Shared {
            health: Arc::new(db::Health::default()),
            renders: Arc::new(tokio::sync::Semaphore::new(config.max_renders)),
            metrics: Arc::new(observe::Metrics::default()),
        }
    }
}

impl AppState {
    /// Builds the state for the configured city, which must have been loaded,
    /// with a change listener for its page cache (an installation of one city).
    pub async fn new(db: PgPool, config: config::Config) -> anyhow::Result<AppState> {
        let shared = Shared::new(&config);
        let state = AppState::for_city(db.clone(), config, &shared, page_cache::MAX_BYTES).await?;
        if state.config.page_cache {
            page_cache::spawn_listener(db, vec![state.cache.clone()], state.health.clone());
        }
        Ok(state)
    }

    /// The state of one city over what the installation shares; its page cache
    /// keeps at most `cache_bytes` and is not yet listening for changes.
    async fn for_city(
        db: PgPool,
        config: config::Config,
        shared: &Shared,
        cache_bytes: usize,
    ) -> anyhow::Result<AppState> {
        let site = model::site::find(&db, &config.city).await?.ok_or_else(|| {
            anyhow::anyhow!(
                "Die Stadt '{}' ist nicht in der Datenbank; bitte zuerst `sachstand load-content` ausführen \
                 (city '{}' not loaded)",
                config.city,
                config.city
            )
        })?;
        let cache = Arc::new(page_cache::PageCache::with_limit(config.page_cache, cache_bytes));
        let (health, renders, metrics) = (shared.health.clone(), shared.renders.clone(), shared.metrics.clone());
        let archive = Arc::new(web::archive::Archive::default());
        Ok(AppState { db, config: Arc::new(config), site: Arc::new(site), cache, health, renders, metrics, archive })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_city_s_base_url_is_its_first_host_on_the_installation_s_scheme_and_port() {
        assert_eq!(
            super::with_host("http://127.0.0.1:3000", "musterstadt.localhost"),
            "http://musterstadt.localhost:3000"
        );
        assert_eq!(super::with_host("https://sachstand.example.de", "a.example.de"), "https://a.example.de");
    }
}
