//! The two ends of the cache: [`App`] answers stored pages before the router is
//! reached; [`store_rendered`], the router's outermost layer, stores what the
//! router rendered. Everything between a request and a stored page's bytes is
//! here, and kept small: no allocation for an address without a query, no
//! clone of the router or the state, one read lock.

use std::borrow::Cow;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{self, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::{Service, ServiceExt};

use super::encoding::{self, Accepts};
use super::{Coding, Entry, MAX_PAGE_BYTES, PageCache, Shows};
use crate::AppState;
use crate::observe::{Metrics, Route};

/// No public answer is anywhere near this large (the largest, a CSV download, is a few MB).
const MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// The whole application: stored pages first, then the router.
#[derive(Clone)]
pub struct App {
    cache: Arc<PageCache>,
    /// Set when `/metrics` is on: stored pages are counted too.
    metrics: Option<Arc<Metrics>>,
    router: Router,
}

impl App {
    pub fn new(cache: Arc<PageCache>, metrics: Option<Arc<Metrics>>, router: Router) -> App {
        App { cache, metrics, router }
    }

    /// The stored answer to `request`, if there is one.
    pub fn stored<B>(&self, request: &http::Request<B>) -> Option<Response> {
        let started = self.metrics.as_ref().map(|_| Instant::now());
        let response = self.cache.lookup(request)?;
        let route = response.extensions().get::<Route>().map_or("(unmatched)", |r| r.0);
        if let (Some(metrics), Some(started)) = (&self.metrics, started) {
            metrics.record(route, response.status(), started.elapsed());
        }
        crate::observe::log_stored(request, &response);
        Some(response)
    }

    /// Renders `request` through the router (a cache miss, a POST, the admin area).
    pub fn render(&self, request: Request) -> impl Future<Output = Response> + Send + 'static {
        let router = self.router.clone();
        async move { router.oneshot(request).await.unwrap_or_else(|never| match never {}) }
    }
}

impl Service<Request> for App {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if let Some(response) = self.stored(&request) {
            return Box::pin(std::future::ready(Ok(response)));
        }
        let rendered = self.render(request);
        Box::pin(async move { Ok(rendered.await) })
    }
}

/// The address as the cache knows it: the path and only the parameters a page
/// reads, so that `?utm_source=…` and other unknown parameters cannot fill the
/// cache with copies. `None` when the query cannot be read (the page answers 400).
fn cache_key(uri: &http::Uri) -> Option<Cow<'_, str>> {
    let Some(query) = uri.query() else { return Some(Cow::Borrowed(uri.path())) };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    let known: Vec<&(String, String)> =
        pairs.iter().filter(|(k, _)| crate::ui::params::PUBLIC_PARAMS.contains(&k.as_str())).collect();
    if known.is_empty() {
        return Some(Cow::Borrowed(uri.path()));
    }
    Some(Cow::Owned(format!("{}?{}", uri.path(), serde_urlencoded::to_string(known).ok()?)))
}

/// Public GET requests: the ones whose answers are stored (and get validators).
pub fn cacheable<B>(request: &http::Request<B>) -> bool {
    // An English page is the same page: `/en/admin/…` is the admin area too.
    let path = crate::i18n::split(request.uri().path()).1;
    // The probes must report the state of this moment, never a stored answer.
    let probe = matches!(path, "/healthz" | "/readyz" | "/metrics");
    request.method() == Method::GET && !path.starts_with("/admin") && !path.starts_with("/static/") && !probe
}

impl PageCache {
    fn lookup<B>(&self, request: &http::Request<B>) -> Option<Response> {
        if !self.enabled || !cacheable(request) {
            return None;
        }
        let key = cache_key(request.uri())?;
        let accepts = Accepts::of(request.headers());
        let entry = self.get(&key)?;
        if super::conditional::not_modified(request.headers(), &entry.headers) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            let mut response = super::conditional::not_modified_response(&entry.headers);
            if let Some(route) = entry.route {
                response.extensions_mut().insert(route);
            }
            return Some(response);
        }
        let response = match (entry.coding, accepts) {
            (Coding::Br, Accepts { br: true, .. }) | (Coding::Identity, Accepts { identity: true, .. }) => {
                respond(&entry, entry.body.clone())
            }
            (Coding::Br, Accepts { identity: true, .. }) => {
                let body = encoding::decompress(&entry.body, MAX_PAGE_BYTES).ok()?;
                let mut response = respond(&entry, Bytes::from(body));
                response.headers_mut().remove(header::CONTENT_ENCODING);
                response
            }
            // The client refuses both the stored coding and none at all: rendered as it asks.
            _ => return None,
        };
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(response)
    }
}

fn respond(entry: &Entry, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = entry.status;
    *response.headers_mut() = entry.headers.clone();
    if let Some(route) = entry.route {
        response.extensions_mut().insert(route);
    }
    response
}

/// The router's outermost layer: stores successful public pages, Brotli-compressed.
pub async fn store_rendered(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cache = &state.cache;
    if !cache.enabled || !cacheable(&request) {
        return next.run(request).await;
    }
    let Some(key) = cache_key(request.uri()).map(Cow::into_owned) else { return next.run(request).await };
    cache.misses.fetch_add(1, Ordering::Relaxed);
    let generation = cache.generation.load(Ordering::SeqCst);
    let response = next.run(request).await;
    if response.status() != StatusCode::OK
        || response.headers().contains_key(header::SET_COOKIE)
        // What says it must not be stored (the admin area) is not, whatever its address.
        || response.headers().get(header::CACHE_CONTROL).is_some_and(|v| v.as_bytes().starts_with(b"no-store"))
        || response.extensions().get::<super::Streamed>().is_some()
    {
        return response;
    }
    let coding = match response.headers().get(header::CONTENT_ENCODING).map(HeaderValue::as_bytes) {
        None => Coding::Identity,
        Some(b"br") => Coding::Br,
        // A gzip answer (for a client that does not take Brotli) is not stored.
        Some(_) => return response,
    };
    let (parts, body) = response.into_parts();
    // Downloads may be larger than a stored page may be; they are answered, not stored.
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ANSWER_BYTES).await else {
        return crate::error::Error::Other(anyhow::anyhow!("answer larger than {MAX_ANSWER_BYTES} bytes"))
            .into_response();
    };
    if bytes.len() > MAX_PAGE_BYTES {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let mut headers = parts.headers.clone();
    let (coding, stored) = match coding {
        // Rendered for a client that wants no compression: compressed here, once.
        Coding::Identity if bytes.len() > 256 => match encoding::compress(&bytes) {
            Ok(compressed) => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
                headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
                headers.remove(header::CONTENT_LENGTH);
                (Coding::Br, Bytes::from(compressed))
            }
            Err(_) => (Coding::Identity, bytes.clone()),
        },
        coding => (coding, bytes.clone()),
    };
    let entry = Entry {
        status: parts.status,
        headers,
        coding,
        body: stored,
        shows: parts.extensions.get::<Shows>().cloned(),
        used: AtomicU64::new(0),
        route: parts.extensions.get::<Route>().copied(),
    };
    cache.insert(key, entry, generation);
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_parameters_are_left_out_of_the_key() {
        let key = |uri: &str| cache_key(&uri.parse().unwrap()).map(Cow::into_owned);
        assert_eq!(key("/projekte?utm_source=x&art=flagship").as_deref(), Some("/projekte?art=flagship"));
        assert_eq!(key("/projekte?utm_source=x").as_deref(), Some("/projekte"));
        assert_eq!(key("/projekte?art=a&seite=2").as_deref(), Some("/projekte?art=a&seite=2"));
    }
}
