//! Running the portal: health and readiness probes.

use axum::http::StatusCode;

use crate::common::{self, demo_app};

#[tokio::test]
async fn the_probes_say_whether_the_portal_is_up_and_ready() {
    let (app, db) = demo_app().await;
    let health = common::get(&app, "/healthz").await;
    assert_eq!((health.status, health.body.as_str()), (StatusCode::OK, "ok\n"));
    let ready = common::get(&app, "/readyz").await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    assert_eq!(ready.headers["cache-control"], "no-store");
    // A database that lacks a migration of this binary is not ready; the process is still up.
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = (SELECT max(version) FROM _sqlx_migrations)")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(common::get(&app, "/readyz").await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(common::get(&app, "/healthz").await.status, StatusCode::OK);
    // Without a database connection it is not ready either.
    db.close().await;
    assert_eq!(common::get(&app, "/readyz").await.status, StatusCode::SERVICE_UNAVAILABLE);
}
