//! Test support: a fresh database per test on the server named by
//! `DATABASE_URL` (the test script starts a private cluster and sets it), and
//! requests against the real application.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use sachstand::config::Config;
use sachstand::{AppState, content, db};
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgPool};
use tower::ServiceExt;

pub fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn server_options() -> PgConnectOptions {
    let url = std::env::var("DATABASE_URL")
        .expect("DATABASE_URL is not set: run the tests with scripts/test, which starts a private PostgreSQL cluster");
    url.parse().expect("DATABASE_URL is a valid postgres URL")
}

/// A database of its own for one test, migrated and empty.
pub async fn fresh_db() -> PgPool {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "t_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
    );
    let server = server_options();
    let mut conn = server.clone().database("postgres").connect().await.expect("connect to test server");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
    conn.close().await.ok();
    let pool = db::connect(server.database(&name)).await.expect("connect to test database");
    db::migrate(&pool).await.expect("migrations run");
    pool
}

/// A fresh database with the Mainz demo content loaded.
pub async fn demo_db() -> PgPool {
    let pool = fresh_db().await;
    content::load(&pool, &content_dir(), &mut |_| {}).await.expect("demo content loads");
    pool
}

pub fn test_config() -> Config {
    Config::from_lookup(|_| None).expect("default config")
}

pub async fn demo_app() -> (Router, PgPool) {
    let pool = demo_db().await;
    let state = AppState::new(pool.clone(), test_config()).await.expect("state");
    (sachstand::app(state), pool)
}

pub struct Page {
    pub status: StatusCode,
    pub content_type: String,
    pub body: String,
    pub headers: axum::http::HeaderMap,
}

pub async fn get(app: &Router, uri: &str) -> Page {
    let response =
        app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.expect("the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = headers.get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Page { status, content_type, body: String::from_utf8_lossy(&bytes).into_owned(), headers }
}

/// GET that must answer 200 with HTML; returns the body.
pub async fn html(app: &Router, uri: &str) -> String {
    let page = get(app, uri).await;
    assert_eq!(page.status, StatusCode::OK, "GET {uri} answered {}: {}", page.status, excerpt(&page.body));
    assert!(page.content_type.starts_with("text/html"), "GET {uri} is {}", page.content_type);
    page.body
}

pub fn excerpt(body: &str) -> &str {
    &body[..body.len().min(600)]
}

/// Asserts that `body` contains every needle, naming the missing one.
#[track_caller]
pub fn assert_contains(body: &str, needles: &[&str]) {
    for needle in needles {
        assert!(body.contains(needle), "expected {needle:?} in the page:\n{}", excerpt(body));
    }
}

/// Copies the demo content into a temporary folder that a test may edit.
pub fn content_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&content_dir(), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
