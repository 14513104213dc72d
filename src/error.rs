//! The one error type of the web layer. Handlers return [`Result`]; the error
//! becomes a status code plus an [`ErrorPage`] marker, which the error-page
//! middleware in [`crate::web`] renders as a styled German page.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    /// Not allowed for this user (or not logged in where a login cannot help).
    #[error("forbidden")]
    Forbidden,
    /// A state-changing request without a valid CSRF token.
    #[error("csrf token missing or invalid")]
    Csrf,
    /// A malformed request; the message is German and shown to the visitor.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Too many requests from this client (or for this account); the message says how long to wait.
    #[error("too many requests: {0}")]
    TooManyRequests(String),
    /// The portal cannot answer now (database away, or too busy); try again shortly.
    #[error("unavailable")]
    Unavailable,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("template: {0}")]
    Render(#[from] askama::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// What the error-page middleware needs to render the page.
#[derive(Clone, Debug)]
pub struct ErrorPage {
    pub status: StatusCode,
    /// German explanation for 400 pages; none for 404 and 500.
    pub detail: Option<String>,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, detail) = match self {
            Error::NotFound => (StatusCode::NOT_FOUND, None),
            Error::Forbidden => (StatusCode::FORBIDDEN, None),
            Error::Csrf => (StatusCode::FORBIDDEN, Some(crate::i18n::t("errors-csrf"))),
            Error::BadRequest(message) => (StatusCode::BAD_REQUEST, Some(message)),
            Error::TooManyRequests(message) => (StatusCode::TOO_MANY_REQUESTS, Some(message)),
            Error::Unavailable => return unavailable(),
            Error::Database(e) if is_outage(&e) => {
                tracing::warn!(error = %e, "database unavailable");
                let mut response = unavailable();
                response.extensions_mut().insert(DatabaseOutage);
                return response;
            }
            other => {
                // The cause goes to the log only; the visitor sees no internals.
                tracing::error!(error = %other, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, None)
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorPage { status, detail });
        response
    }
}

/// Marks a response that failed because the database could not be reached
/// (`ui::availability` then reports the outage).
#[derive(Clone, Copy, Debug)]
pub struct DatabaseOutage;

/// Seconds a client is asked to wait when the portal is unavailable.
pub const RETRY_AFTER_SECONDS: u32 = 10;

/// 503 with `Retry-After`: the database is away or the portal is saturated.
pub fn unavailable() -> Response {
    let status = StatusCode::SERVICE_UNAVAILABLE;
    let mut response = (status, [(axum::http::header::RETRY_AFTER, RETRY_AFTER_SECONDS.to_string())]).into_response();
    response.extensions_mut().insert(ErrorPage { status, detail: None });
    response
}

/// True for errors that mean "the database cannot be reached now", not "this query is wrong".
pub fn is_outage(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Tls(_) => true,
        // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now.
        sqlx::Error::Database(e) => e.code().is_some_and(|c| c.starts_with("57P") || c.starts_with("08")),
        _ => false,
    }
}
