//! The admin area at `/admin`: login, roles, editing of every entity with
//! history and conflict handling, the project work screen and board, the
//! release workflow, users, and CSV export and import of services.
//!
//! Every admin route sits behind two layers: `require_login` (session from
//! PostgreSQL, idle and absolute timeouts) and `require_csrf` (every
//! state-changing request carries a valid token, or nothing happens).

pub mod auth;
mod crud;
pub mod entities;
pub mod forms;
mod history;
mod layout;
mod login;
mod releases;
pub mod roles;
pub mod services_csv;
mod store;
pub mod throttle;
pub mod users;
mod work;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};

use crate::AppState;
use crate::error::Error;
use auth::SessionState;
pub use layout::AdminLayout;

/// Largest form body read for the CSRF check (CSV uploads are multipart and carry the token in the address).
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

pub fn router(state: AppState) -> Router<AppState> {
    let protected = Router::new()
        .merge(login::protected_router())
        .merge(users::router())
        .merge(work::router())
        .merge(releases::router())
        .merge(services_csv::router())
        .merge(crud::router())
        // Inside the login and CSRF checks: only an accepted write refreshes the cache.
        .layer(middleware::from_fn_with_state(state.clone(), refresh_public_pages))
        .layer(middleware::from_fn_with_state(state.clone(), require_login));
    let login_limit = std::sync::Arc::new(throttle::RouteLimit::default());
    let login = login::public_router().layer(middleware::from_fn(move |request, next| {
        throttle::limit_login_posts(login_limit.clone(), request, next)
    }));
    Router::new()
        .merge(login)
        .merge(protected)
        .layer(middleware::from_fn_with_state(state.clone(), require_csrf))
        .layer(middleware::from_fn(no_store))
}

/// After a state-changing request of a signed-in user that succeeded, this
/// instance waits until its page cache has dropped what the change touched
/// (every instance hears of it through the database's notifications; see
/// `page_cache`), so the editor's next request shows the change. Refused or
/// anonymous requests wait for nothing.
async fn refresh_public_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let response = next.run(request).await;
    if changes && (response.status().is_success() || response.status().is_redirection()) {
        state.cache.sync(&state.db).await;
    }
    response
}

/// Admin pages are never cached, by browsers or proxies.
async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Resolves the session; anonymous visitors are sent to the login page.
async fn require_login(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let token = auth::token_from_headers(&state, request.headers());
    let session = match &token {
        Some(token) => match auth::session(&state.db, state.site.city_id, token).await {
            Ok(s) => s,
            Err(e) => return Error::from(e).into_response(),
        },
        None => SessionState::None,
    };
    match session {
        SessionState::Active(user) => {
            request.extensions_mut().insert(user);
            next.run(request).await
        }
        SessionState::PendingTotp { .. } => Redirect::to("/admin/anmelden/zweiter-faktor").into_response(),
        SessionState::None => {
            let path = request.uri().path();
            tracing::info!(target: "security", event = "denied", path, client = %crate::ui::client::of(request.extensions()), "not logged in");
            let back = serde_urlencoded::to_string([("weiter", path)]).unwrap_or_default();
            Redirect::to(&format!("/admin/anmelden?{back}")).into_response()
        }
    }
}

/// Refuses (403) every state-changing request without a valid CSRF token. The
/// token comes from the form field `csrf` or, for file uploads, the address.
async fn require_csrf(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    // Browsers say where a request comes from: a form posted from another site
    // (login CSRF included) is refused before any token is looked at.
    if !same_origin(&state, &parts.headers) {
        return deny_csrf(&parts, "cross-site");
    }
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let from_query = parts.uri.query().and_then(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v)
    });
    let (body, from_form) = if is_form {
        match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
            Ok(bytes) => {
                let token = forms::Input::parse(&bytes).get("csrf").to_string();
                (Body::from(bytes), Some(token).filter(|t| !t.is_empty()))
            }
            Err(_) => return Error::BadRequest("Das Formular ist zu groß.".into()).into_response(),
        }
    } else {
        (body, None)
    };
    let Some(presented) = from_form.or(from_query) else {
        return deny_csrf(&parts, "missing");
    };
    // The login forms are shown before a session exists and carry a signed token,
    // even when the browser still holds an older session.
    let login_form = crate::i18n::split(parts.uri.path()).1.starts_with("/admin/anmelden");
    let valid = match auth::token_from_headers(&state, &parts.headers).filter(|_| !login_form) {
        Some(session_token) => match auth::session(&state.db, state.site.city_id, &session_token).await {
            Ok(SessionState::Active(user)) => auth::tokens_equal(&presented, &user.csrf_token),
            // Before login (and during the second factor) forms carry a signed token.
            Ok(_) => check_anonymous(&state, &presented).await,
            Err(e) => return Error::from(e).into_response(),
        },
        None => check_anonymous(&state, &presented).await,
    };
    if !valid {
        return deny_csrf(&parts, "invalid");
    }
    next.run(Request::from_parts(parts, body)).await
}

/// False when the browser reports a cross-site request: `Sec-Fetch-Site` other
/// than same-origin (or none, for a typed address), or an `Origin` that is
/// neither this request's host nor the configured public address. Requests
/// without these headers (non-browser clients) carry the CSRF token alone.
fn same_origin(state: &AppState, headers: &axum::http::HeaderMap) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if text("sec-fetch-site").is_some_and(|site| !matches!(site, "same-origin" | "none")) {
        return false;
    }
    let Some(origin) = text("origin") else { return true };
    let authority = |url: &str| url.split_once("://").map(|(_, rest)| rest.trim_end_matches('/').to_ascii_lowercase());
    let origin = authority(origin);
    let host = text("host").map(str::to_ascii_lowercase);
    origin.is_some() && (origin == host || origin == authority(&state.config.base_url))
}

async fn check_anonymous(state: &AppState, presented: &str) -> bool {
    match auth::csrf_key(&state.db).await {
        Ok(key) => auth::check_anonymous_csrf(&key, presented),
        Err(_) => false,
    }
}

fn deny_csrf(parts: &axum::http::request::Parts, reason: &str) -> Response {
    tracing::warn!(target: "security", event = "csrf_denied", reason, path = parts.uri.path(), client = %crate::ui::client::of(&parts.extensions), "request refused");
    Error::Csrf.into_response()
}
