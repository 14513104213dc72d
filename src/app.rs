//! The whole HTTP application: the public site and the admin area side by
//! side (neither knows the other), wrapped in the layers every response shares.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{And, DefaultPredicate, NotForContentType, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::Error;
use crate::{AppState, admin, api, observe, page_cache, ui, web};

/// Styles, scripts, fonts and images come from the portal only; no inline code.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; script-src 'self'; \
    form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// No request body is larger (the service CSV upload is the largest; forms are far smaller).
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// What is compressed: everything large enough that is not compressed already.
type Compressible = And<DefaultPredicate, NotForContentType>;

/// How rendered answers are compressed, at the fastest level of each coding
/// (they are compressed on every render): the preferred coding first, the
/// other for clients that do not take it (a compressed answer is never
/// compressed again). With the page cache on, pages are stored in Brotli,
/// which every browser takes. With the cache off nothing is stored, and gzip
/// comes first: for a 27 KB project page, Brotli's fastest level took 160 µs
/// for 4,524 bytes, gzip's (zlib-rs, see Cargo.toml) about 85 µs for 5,158.
fn compression(storing: bool) -> (CompressionLayer<Compressible>, CompressionLayer<Compressible>) {
    // A ZIP archive is compressed already: compressing it again costs time and saves nothing.
    let predicate = DefaultPredicate::new().and(NotForContentType::const_new("application/zip"));
    let fastest = CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest);
    let (brotli, gzip) =
        (fastest.clone().no_gzip().compress_when(predicate.clone()), fastest.no_br().compress_when(predicate));
    if storing { (brotli, gzip) } else { (gzip, brotli) }
}

/// The application: stored pages are answered before the router is reached
/// (see [`page_cache::App`]); everything else goes through it.
pub fn app(state: AppState) -> crate::cities::App {
    crate::cities::App::single(city_app(state))
}

/// The application of one city: its router behind its page cache.
pub fn city_app(state: AppState) -> page_cache::App {
    let (preferred_coding, other_coding) = compression(state.cache.enabled());
    // The English pages are the same routes under `/en` (see `i18n`).
    let pages = web::router().merge(admin::router(state.clone()));
    let router = Router::new()
        .merge(pages.clone())
        .nest("/en", pages)
        .merge(api::router())
        .merge(ui::assets::router())
        .route("/metrics", axum::routing::get(observe::metrics))
        .route_layer(middleware::from_fn(observe::remember_route))
        .fallback(|| async { Error::NotFound })
        // Inside the error pages (its 400s are styled) and the compression (it rewrites the HTML).
        .layer(middleware::from_fn_with_state(state.clone(), ui::stand::dated))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), ui::availability::guard))
        .layer(middleware::from_fn_with_state(state.clone(), ui::errors::render_error_pages))
        // Around the error pages (they are in the request's language), inside the validators
        // and the compression (it rewrites the HTML of English pages).
        .layer(middleware::from_fn(crate::i18n::localised))
        // Inside the compression: the validators are computed from the bytes before it.
        .layer(middleware::from_fn_with_state(state.clone(), page_cache::conditional::validators))
        .layer(preferred_coding)
        .layer(other_coding)
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // For browsers older than CSP's frame-ancestors (and for scanners that check only this).
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(middleware::from_fn_with_state(state.clone(), ui::client::resolve))
        // Stores the pages rendered below; stored ones are answered before the router.
        .layer(middleware::from_fn_with_state(state.clone(), page_cache::store_rendered));
    // Counting costs a lock per request: only when someone can read the figures.
    let metrics = state.config.metrics_token.is_some().then(|| state.metrics.clone());
    let router = if metrics.is_some() {
        router.layer(middleware::from_fn_with_state(state.clone(), observe::count))
    } else {
        router
    };
    let cache = state.cache.clone();
    page_cache::App::new(cache, metrics, observe::with_access_log(router.with_state(state)))
}
