//! Probes for operators and orchestrators: `/healthz` says the process is up,
//! `/readyz` that it can serve (database reachable, migrations current).
//! Neither is cached, and neither says more than it must.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}

async fn healthz() -> impl IntoResponse {
    (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], "ok\n")
}

async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    if crate::db::is_ready(&state.db).await {
        (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], "bereit / ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, [(header::CACHE_CONTROL, "no-store")], "nicht bereit / not ready\n")
    }
}
