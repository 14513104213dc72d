//! The whole HTTP application: the public site and the admin area side by
//! side (neither knows the other), wrapped in the layers every response shares.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::Error;
use crate::{AppState, admin, observe, page_cache, ui, web};

/// Styles, scripts, fonts and images come from the portal only; no inline code.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; script-src 'self'; \
    form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// No request body is larger (the service CSV upload is the largest; forms are far smaller).
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

pub fn app(state: AppState) -> Router {
    let router = Router::new()
        .merge(web::router())
        .merge(admin::router(state.clone()))
        .merge(ui::assets::router())
        .route("/metrics", axum::routing::get(observe::metrics))
        .route_layer(middleware::from_fn(observe::remember_route))
        .fallback(|| async { Error::NotFound })
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), ui::availability::guard))
        .layer(middleware::from_fn_with_state(state.clone(), ui::errors::render_error_pages))
        .layer(CompressionLayer::new())
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
        // A cached page skips everything above.
        .layer(middleware::from_fn_with_state(state.clone(), page_cache::serve_cached));
    // Counting costs a lock per request: only when someone can read the figures.
    let router = if state.config.metrics_token.is_some() {
        router.layer(middleware::from_fn_with_state(state.clone(), observe::count))
    } else {
        router
    };
    observe::with_access_log(router.with_state(state))
}
