//! What operators see: one access-log line per request (tower-http's trace
//! layer, target `sachstand::access`: method, path without query, status,
//! duration; no client address, which the security log keeps where it matters)
//! and Prometheus metrics at `/metrics`.
//!
//! `/metrics` is not public: it exists only when `SACHSTAND_METRICS_TOKEN` is
//! set and answers only requests that send `Authorization: Bearer <token>`;
//! everybody else gets the ordinary 404. Without a token no counting happens
//! at all, so the cached pages pay nothing for it.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;
use tower_http::trace::TraceLayer;
use tracing::Span;

use crate::AppState;
use crate::error::Error;

/// Upper bounds (seconds) of the latency histogram's buckets.
const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// The route a response was produced by (`/projekte/{slug}`), kept for metrics:
/// set inside the router, read outside it, and stored with cached pages.
#[derive(Clone, Copy, Debug)]
pub struct Route(pub &'static str);

#[derive(Default)]
struct RouteStats {
    by_status: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// Request counters and latency histograms by route.
#[derive(Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<&'static str, RouteStats>>,
}

impl Metrics {
    pub fn record(&self, route: &'static str, status: StatusCode, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        let mut routes = self.routes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let stats = routes.entry(route).or_default();
        *stats.by_status.entry(status.as_u16()).or_default() += 1;
        for (bucket, bound) in stats.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        stats.count += 1;
        stats.sum += seconds;
    }
}

/// Wraps `router` in the access log: one INFO line per request when it is answered.
pub fn with_access_log(router: axum::Router) -> axum::Router {
    let layer = TraceLayer::new_for_http()
        .make_span_with(|request: &Request| {
            tracing::info_span!(target: "sachstand::access", "request", method = %request.method(), path = request.uri().path())
        })
        .on_request(())
        .on_response(|response: &Response, latency: Duration, _: &Span| {
            let status = response.status().as_u16();
            let ms = latency.as_secs_f64() * 1000.0;
            tracing::info!(target: "sachstand::access", status, duration_ms = format!("{ms:.2}"), "answered");
        })
        .on_body_chunk(())
        .on_eos(())
        // Server errors are logged where they happen, with their cause; no second line here.
        .on_failure(());
    router.layer(layer)
}

/// The access-log line of a page answered from the cache (before the router,
/// so the trace layer never sees it): the same fields as every other line.
pub fn log_stored<B>(request: &axum::http::Request<B>, response: &Response) {
    if tracing::enabled!(target: "sachstand::access", tracing::Level::INFO) {
        let span = tracing::info_span!(target: "sachstand::access", "request", method = %request.method(), path = request.uri().path());
        let status = response.status().as_u16();
        span.in_scope(
            || tracing::info!(target: "sachstand::access", status, duration_ms = "0.00", cached = true, "answered"),
        );
    }
}

/// Inside the router: remembers which route answered.
pub async fn remember_route(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|p| intern(p.as_str()));
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(Route(route));
    }
    response
}

/// Route templates are few and fixed; each is leaked once to get a `&'static str`.
fn intern(route: &str) -> &'static str {
    static SEEN: Mutex<BTreeMap<String, &'static str>> = Mutex::new(BTreeMap::new());
    let mut seen = SEEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(known) = seen.get(route) {
        return known;
    }
    let leaked: &'static str = Box::leak(route.to_string().into_boxed_str());
    seen.insert(route.to_string(), leaked);
    leaked
}

/// Outermost (when metrics are on): counts every response, cached ones included.
pub async fn count(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let start = Instant::now();
    let response = next.run(request).await;
    let route = response.extensions().get::<Route>().map_or("(unmatched)", |r| r.0);
    state.metrics.record(route, response.status(), start.elapsed());
    response
}

fn authorised(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(token) = state.config.metrics_token.as_deref() else { return false };
    let presented =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    presented.is_some_and(|p| bool::from(p.as_bytes().ct_eq(token.as_bytes())))
}

/// `GET /metrics` in Prometheus' text format (version 0.0.4).
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    if !authorised(&state, &headers) {
        return Err(Error::NotFound);
    }
    let mut out = String::new();
    write_requests(&mut out, &state.metrics);
    write_gauges(&mut out, &state);
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], out)
        .into_response())
}

fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn write_requests(out: &mut String, metrics: &Metrics) {
    use std::fmt::Write;
    let routes = metrics.routes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    out.push_str("# HELP sachstand_http_requests_total Answered requests by route and status.\n");
    out.push_str("# TYPE sachstand_http_requests_total counter\n");
    for (route, stats) in routes.iter() {
        for (status, n) in &stats.by_status {
            let _ =
                writeln!(out, "sachstand_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}", label(route));
        }
    }
    out.push_str("# HELP sachstand_http_request_duration_seconds Time to answer, by route.\n");
    out.push_str("# TYPE sachstand_http_request_duration_seconds histogram\n");
    for (route, stats) in routes.iter() {
        let route = label(route);
        for (n, bound) in stats.buckets.iter().zip(BUCKETS) {
            let _ =
                writeln!(out, "sachstand_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}");
        }
        let _ = writeln!(
            out,
            "sachstand_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
            stats.count
        );
        let _ = writeln!(out, "sachstand_http_request_duration_seconds_sum{{route=\"{route}\"}} {}", stats.sum);
        let _ = writeln!(out, "sachstand_http_request_duration_seconds_count{{route=\"{route}\"}} {}", stats.count);
    }
}

fn write_gauges(out: &mut String, state: &AppState) {
    use std::fmt::Write;
    let mut gauge = |name: &str, kind: &str, help: &str, value: u64| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}");
    };
    let cache = &state.cache;
    gauge(
        "sachstand_page_cache_hits_total",
        "counter",
        "Pages served from the cache.",
        cache.hits.load(Ordering::Relaxed),
    );
    gauge(
        "sachstand_page_cache_misses_total",
        "counter",
        "Cacheable pages that had to be rendered.",
        cache.misses.load(Ordering::Relaxed),
    );
    gauge("sachstand_page_cache_entries", "gauge", "Pages stored.", cache.len() as u64);
    gauge("sachstand_page_cache_bytes", "gauge", "Bytes stored.", cache.bytes() as u64);
    gauge("sachstand_page_cache_clears_total", "counter", "Times the cache was emptied.", cache.generation());
    let pool = &state.db;
    let (size, idle) = (u64::from(pool.size()), pool.num_idle() as u64);
    gauge("sachstand_db_pool_connections", "gauge", "Open database connections.", size);
    gauge("sachstand_db_pool_connections_in_use", "gauge", "Database connections in use.", size.saturating_sub(idle));
    gauge(
        "sachstand_db_pool_max_connections",
        "gauge",
        "Largest pool size.",
        u64::from(pool.options().get_max_connections()),
    );
    gauge("sachstand_database_up", "gauge", "1 while the database is reachable.", u64::from(!state.health.is_down()));
    gauge("sachstand_render_slots_free", "gauge", "Render slots free now.", state.renders.available_permits() as u64);
}
