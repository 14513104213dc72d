//! Staying responsive when the database is away or the portal is flooded:
//! requests that would need the database get a styled 503 with `Retry-After`
//! at once while it is known to be down; at most `SACHSTAND_MAX_RENDERS`
//! requests are rendered at once, and one that finds no slot within
//! [`QUEUE_WAIT`] gets 503 instead of queueing for seconds; a request that runs
//! longer than `SACHSTAND_REQUEST_TIMEOUT` is abandoned (its transaction rolls
//! back) with 503. Cached pages never get here: the page cache sits outside
//! and keeps serving them during an outage.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::{DatabaseOutage, Error};

/// How long a request may wait for a render slot.
pub const QUEUE_WAIT: Duration = Duration::from_millis(500);

/// Paths that never touch the database.
fn needs_no_database(path: &str) -> bool {
    path.starts_with("/static/") || matches!(path, "/healthz" | "/metrics" | "/favicon.ico")
}

pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if needs_no_database(&path) {
        return next.run(request).await;
    }
    // The readiness probe must find out for itself, so it is not short-circuited.
    if state.health.is_down() && path != "/readyz" {
        return Error::Unavailable.into_response();
    }
    let Ok(Ok(_slot)) = tokio::time::timeout(QUEUE_WAIT, state.renders.acquire()).await else {
        tracing::warn!(path, "no render slot free: answering 503");
        return Error::Unavailable.into_response();
    };
    let response = match tokio::time::timeout(state.config.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(path, "request took too long: abandoned with 503");
            Error::Unavailable.into_response()
        }
    };
    if response.extensions().get::<DatabaseOutage>().is_some() {
        state.health.report_outage(&state.db);
    }
    response
}
