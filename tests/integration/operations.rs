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

const TOKEN: &str = "metrics-token-for-the-test";

async fn metrics(app: &sachstand::App, authorization: Option<&str>) -> common::Reply {
    let mut client = common::Client::new(app);
    let mut request = axum::http::Request::get("/metrics");
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    client.send_request(request.body(axum::body::Body::empty()).unwrap()).await
}

#[tokio::test]
async fn metrics_exist_only_with_a_token_and_count_requests_cache_and_pool() {
    let (app, db) = demo_app().await;
    assert_eq!(metrics(&app, None).await.status, StatusCode::NOT_FOUND, "no token configured: no metrics");
    let mut config = common::test_config();
    config.metrics_token = Some(TOKEN.into());
    let state = sachstand::AppState::new(db.clone(), config).await.unwrap();
    let app = sachstand::app(state.clone());
    // The change listener clears the cache once when it starts listening; count after that.
    while state.cache.generation() == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(metrics(&app, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(metrics(&app, Some("Bearer falsch-falsch-falsch")).await.status, StatusCode::NOT_FOUND);
    for _ in 0..3 {
        assert_eq!(common::get(&app, "/projekte/datenplattform").await.status, StatusCode::OK);
    }
    assert_eq!(common::get(&app, "/gibt-es-nicht").await.status, StatusCode::NOT_FOUND);
    let reply = metrics(&app, Some(&format!("Bearer {TOKEN}"))).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.headers["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    assert_eq!(reply.headers["cache-control"], "no-store");
    let body = reply.body;
    // Rendered once, then twice from the cache: all three count under their route.
    assert!(body.contains("sachstand_http_requests_total{route=\"/projekte/{slug}\",status=\"200\"} 3"), "{body}");
    assert!(body.contains("sachstand_http_requests_total{route=\"(unmatched)\",status=\"404\"} 1"), "{body}");
    assert!(body.contains("sachstand_http_requests_total{route=\"/metrics\",status=\"404\"} 2"), "{body}");
    assert!(body.contains("sachstand_http_request_duration_seconds_count{route=\"/projekte/{slug}\"} 3"), "{body}");
    assert!(body.contains("sachstand_page_cache_hits_total 2"), "{body}");
    assert!(body.contains("sachstand_page_cache_misses_total 2"), "the page and the 404: {body}");
    assert!(body.contains("sachstand_database_up 1"), "{body}");
    assert!(body.contains("sachstand_db_pool_max_connections 16"), "{body}");
    // Every line is a comment or `name{labels} value`, as Prometheus reads it.
    for line in body.lines().filter(|l| !l.starts_with('#')) {
        let (_, value) = line.rsplit_once(' ').unwrap();
        assert!(value.parse::<f64>().is_ok(), "{line}");
    }
}

#[tokio::test]
async fn every_request_writes_one_access_line_with_status_and_duration() {
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::layer::SubscriberExt;

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<String>>>);
    impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Lines {
        fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
            if event.metadata().target() == "sachstand::access" {
                struct Fields(String);
                impl tracing::field::Visit for Fields {
                    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                        self.0.push_str(&format!("{}={value:?} ", field.name()));
                    }
                }
                let mut fields = Fields(String::new());
                event.record(&mut fields);
                self.0.lock().unwrap().push(fields.0);
            }
        }
    }
    let (app, _db) = demo_app().await;
    let lines = Lines::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(lines.clone()));
    common::get(&app, "/projekte").await;
    common::get(&app, "/projekte").await; // from the cache
    common::get(&app, "/gibt-es-nicht").await;
    let lines = lines.0.lock().unwrap().clone();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].contains("status=200") && lines[0].contains("duration_ms="), "{lines:?}");
    assert!(lines[1].contains("status=200"), "cached answers are logged too: {lines:?}");
    assert!(lines[2].contains("status=404"), "{lines:?}");
}

/// `sachstand serve` as a process on database `db`, started in `folder`.
fn spawn_portal(db: &sqlx::PgPool, folder: &std::path::Path, env: &[(&str, &str)]) -> (std::process::Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let portal = std::process::Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .arg("serve")
        .current_dir(folder)
        .env_remove("SACHSTAND_CONTENT_DIR")
        .env("DATABASE_URL", common::database_url(db))
        .env("SACHSTAND_BIND", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "sachstand=info")
        .envs(env.iter().copied())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    (portal, port)
}

/// GET `path` once the portal listens (up to 60 s); the whole response.
fn get_when_up(portal: &mut std::process::Child, port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
            let mut response = String::new();
            stream.read_to_string(&mut response).unwrap();
            return response;
        }
        assert!(portal.try_wait().unwrap().is_none(), "the portal exited");
        assert!(std::time::Instant::now() < deadline, "the portal did not start");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// Stops the portal with SIGTERM and returns what it logged.
fn stop_portal(mut portal: std::process::Child) -> String {
    unsafe { libc::kill(portal.id() as i32, libc::SIGTERM) };
    assert!(portal.wait().unwrap().success());
    let mut log = String::new();
    std::io::Read::read_to_string(&mut portal.stderr.take().unwrap(), &mut log).unwrap();
    log
}

#[test]
fn json_logs_are_one_json_object_per_line() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(common::demo_db());
    let (mut portal, port) = spawn_portal(&db, std::path::Path::new("/"), &[("SACHSTAND_LOG_FORMAT", "json")]);
    assert!(get_when_up(&mut portal, port, "/impressum").starts_with("HTTP/1.1 200"));
    let log = stop_portal(portal);
    let lines: Vec<serde_json::Value> =
        log.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    let access = lines.iter().find(|l| l["target"] == "sachstand::access").expect("an access line");
    assert_eq!(access["status"], 200, "{access}");
    assert!(access["duration_ms"].is_string(), "{access}");
    assert_eq!(access["span"]["path"], "/impressum", "{access}");
}

#[test]
fn an_installed_binary_serves_the_demo_from_any_folder() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(common::fresh_db());
    let folder = tempfile::tempdir().unwrap();
    let (mut portal, port) = spawn_portal(&db, folder.path(), &[]);
    let page = get_when_up(&mut portal, port, "/");
    assert!(page.starts_with("HTTP/1.1 200") && page.contains("Digitalisierung in Mainz"), "{page}");
    let log = stop_portal(portal);
    assert!(log.contains("from the embedded demo"), "{log}");
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0, "nothing was written to the working folder");
}
