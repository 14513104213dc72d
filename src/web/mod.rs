//! The public web interface: one router per area, merged here, with the
//! shared layout, the error pages, static assets and security headers.

mod action_fields;
pub mod assets;
pub mod cache;
mod inquiries;
mod layout;
mod legal;
mod milestones;
mod overview;
pub mod params;
mod projects;
mod reports;
mod search;
mod services;
mod strategy;
mod updates;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;
use crate::error::{Error, ErrorPage};
pub use layout::Layout;
pub use params::Pagination;

pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(overview::router())
        .merge(strategy::router())
        .merge(action_fields::router())
        .merge(projects::router())
        .merge(milestones::router())
        .merge(services::router())
        .merge(reports::router())
        .merge(inquiries::router())
        .merge(updates::router())
        .merge(search::router())
        .merge(legal::router())
        .merge(assets::router())
        .merge(crate::admin::router(state.clone()))
        .fallback(|| async { Error::NotFound })
        .layer(middleware::from_fn_with_state(state.clone(), render_error_pages))
        .layer(CompressionLayer::new())
        // Styles, scripts, fonts and images come from the portal only; no inline code.
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        // Outermost: a cached page skips everything above.
        .layer(middleware::from_fn_with_state(state.clone(), cache::serve_cached))
        .with_state(state)
}

const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; script-src 'self'; \
    form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Turns an [`ErrorPage`] marker (set by [`Error`]'s response) into a styled page
/// in the site's layout.
async fn render_error_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let Some(page) = response.extensions().get::<ErrorPage>().cloned() else {
        return response;
    };
    let status = page.status;
    match layout::error_page(&state, &page) {
        Ok(html) => (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (status, "Fehler / Error").into_response()
        }
    }
}
