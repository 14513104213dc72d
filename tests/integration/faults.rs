//! Faults and overload: a database that goes away and comes back, more
//! requests than the portal should render at once, requests that take too
//! long, bodies that are too large, and clients that send their request
//! slowly on purpose (slowloris).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use sachstand::admin::roles::Role;
use sachstand::embedded_pg::Cluster;
use sachstand::{AppState, content, db};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{self, Client, PASSWORD, demo_app, demo_db, get, user};

/// Serves `app` through the portal's own server loop on a free port.
async fn serve(app: sachstand::App) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(sachstand::server::run(listener, app, std::future::pending()));
    address
}

/// A complete HTTP/1.1 request with `Connection: close`; returns the status line.
async fn request_status(address: std::net::SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(address).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    String::from_utf8_lossy(&response).lines().next().unwrap_or_default().to_string()
}

/// Waits until the server closes `stream` (read returns end of file or an error).
async fn closed_after(stream: &mut TcpStream, start: Instant, limit: Duration) -> Option<Duration> {
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(limit.saturating_sub(start.elapsed()), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(start.elapsed()),
            Ok(Ok(_)) => continue, // an error response (408) before the close
            Err(_) => return None,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_sends_its_headers_byte_by_byte_is_cut_off_within_30_seconds() {
    let (app, _db) = demo_app().await;
    let address = serve(app).await;
    let start = Instant::now();
    let mut slow = TcpStream::connect(address).await.unwrap();
    let dribble = async {
        for byte in b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".iter().cycle() {
            if slow.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    };
    // The dribbling stops when the server hangs up (the write fails) or after 40 s.
    let _ = tokio::time::timeout(Duration::from_secs(40), dribble).await;
    let cut_off = closed_after(&mut slow, start, Duration::from_secs(45)).await.expect("the server hung up");
    assert!(cut_off <= Duration::from_secs(30), "cut off after {cut_off:?}");
    // A connection that sends nothing at all is closed too, and so is a kept-alive one
    // left idle after its answer; the portal still serves everyone else meanwhile.
    let start = Instant::now();
    let mut silent = TcpStream::connect(address).await.unwrap();
    let mut idle = TcpStream::connect(address).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").await.unwrap();
    let mut answer = [0u8; 512];
    let read = idle.read(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer[..read]).starts_with("HTTP/1.1 200"));
    assert!(request_status(address, "/").await.contains("200"));
    let (silent_closed, idle_closed) = tokio::join!(
        closed_after(&mut silent, start, Duration::from_secs(45)),
        closed_after(&mut idle, start, Duration::from_secs(45))
    );
    for (what, closed) in [("silent", silent_closed), ("idle", idle_closed)] {
        let closed = closed.unwrap_or_else(|| panic!("{what} connection still open after 45 s"));
        assert!(closed <= Duration::from_secs(30), "{what} connection closed after {closed:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_beyond_the_render_slots_get_a_quick_503_not_a_queue() {
    let db = demo_db().await;
    let app = common::app_with(db.clone(), |c| {
        c.max_renders = 1;
        c.page_cache = false;
    })
    .await;
    // Hold the only slot: a page whose query waits on a locked table.
    let mut blocker = db.begin().await.unwrap();
    sqlx::query("LOCK TABLE projects IN ACCESS EXCLUSIVE MODE").execute(&mut *blocker).await.unwrap();
    let held = tokio::spawn({
        let app = app.clone();
        async move { get(&app, "/projekte").await.status }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let start = Instant::now();
    let excess = get(&app, "/online-dienste").await;
    let waited = start.elapsed();
    assert_eq!(excess.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(excess.headers.get("retry-after").unwrap(), "10");
    assert!(excess.body.contains("Das Portal ist gerade nicht erreichbar"), "a styled German page");
    assert!(waited < Duration::from_secs(3), "answered after {waited:?}, not after a long queue");
    // Static files and the liveness probe need no slot.
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
    blocker.rollback().await.unwrap();
    assert_eq!(held.await.unwrap(), StatusCode::OK, "the held request finishes once the lock is gone");
    assert_eq!(get(&app, "/online-dienste").await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_takes_too_long_is_abandoned_with_503_and_writes_nothing() {
    let db = demo_db().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let app = common::app_with(db.clone(), |c| c.request_timeout = Duration::from_secs(1)).await;
    let mut admin = Client::new(&app);
    admin.login("admin@example.org", PASSWORD).await;
    let csrf = admin.token().await;
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM projects WHERE slug = 'datenplattform'").fetch_one(&db).await.unwrap();
    let mut blocker = db.begin().await.unwrap();
    sqlx::query("LOCK TABLE project_updates IN ACCESS EXCLUSIVE MODE").execute(&mut *blocker).await.unwrap();
    let reply = admin
        .post(&format!("/admin/projekte/{id}/meldung"), &[("csrf", &csrf), ("title", "Zu spät"), ("body", "Text")])
        .await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.headers.contains_key("retry-after"));
    blocker.rollback().await.unwrap();
    let written: i64 = sqlx::query_scalar("SELECT count(*) FROM project_updates WHERE title = 'Zu spät'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(written, 0, "the abandoned request rolled back");
    let audits: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'project_updates' AND actor <> 'content-loader'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(audits, 0);
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_styled_413() {
    let (app, _db) = demo_app().await;
    let mut client = Client::new(&app);
    let big = "x".repeat(9 * 1024 * 1024);
    let length = (big.len() + "email=".len()).to_string();
    let reply = client.post_with("/admin/anmelden", &[("email", &big)], &[("content-length", &length)]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.body.contains("Die gesendeten Daten sind zu groß"), "{}", common::excerpt(&reply.body));
}

/// A private cluster of this test alone (the shared test server must keep running).
async fn privaterestarted() -> (tempfile::TempDir, Cluster, sqlx::PgPool) {
    use std::os::unix::fs::PermissionsExt;
    // A short path: the cluster listens on a Unix socket in it, the same one after a restart.
    let dir = tempfile::Builder::new().prefix("sst").tempdir_in("/tmp").unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let cluster = Cluster::start(dir.path()).await.expect("private cluster starts");
    db::ensure_database(&cluster.connect_options("postgres"), "outage").await.unwrap();
    let pool = db::connect(cluster.connect_options("outage"), db::POOL_SIZE).await.unwrap();
    db::migrate(&pool).await.unwrap();
    content::load(&pool, &common::content_dir(), &mut |_| {}).await.expect("demo content");
    (dir, cluster, pool)
}

async fn wait_until_served(app: &sachstand::App, uri: &str) -> Duration {
    let start = Instant::now();
    loop {
        let status = get(app, uri).await.status;
        if status == StatusCode::OK {
            return start.elapsed();
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "only 503 while recovering");
        assert!(start.elapsed() < Duration::from_secs(60), "no recovery within 60 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

// Long because: one cluster serves three phases (outage, recovery, restart under load), and
// starting a private cluster with demo content costs seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_portal_survives_a_database_restart_under_load_and_loses_no_acknowledged_write() {
    let (dir, cluster, pool) = privaterestarted().await;
    let state = AppState::new(pool.clone(), common::test_config()).await.unwrap();
    let app = sachstand::app(state.clone());
    // The change listener clears the cache once it listens; warm the cache after that.
    while state.cache.generation() == 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(get(&app, "/").await.status, StatusCode::OK, "the overview is now cached");

    // Phase 1: the database goes away.
    cluster.stop().await.unwrap();
    let cached = get(&app, "/").await;
    assert_eq!(cached.status, StatusCode::OK, "cached pages keep being served");
    let start = Instant::now();
    let uncached = get(&app, "/projekte/datenplattform").await;
    let answered = start.elapsed();
    assert_eq!(uncached.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(uncached.headers.get("retry-after").unwrap(), "10");
    assert!(uncached.body.contains("Das Portal ist gerade nicht erreichbar"));
    // Within the pool's wait for a connection (3 s), not the 10 s and more of before.
    assert!(answered < db::ACQUIRE_TIMEOUT + Duration::from_secs(2), "answered after {answered:?}");
    let start = Instant::now();
    assert_eq!(get(&app, "/projekte/digitalpakete").await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(start.elapsed() < Duration::from_secs(1), "once the outage is known, 503 comes at once");
    assert_eq!(get(&app, "/readyz").await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/").await.status, StatusCode::OK);
    let generation = state.cache.generation();

    // Phase 2: it comes back; the portal recovers by itself.
    let cluster = Cluster::start(dir.path()).await.unwrap();
    wait_until_served(&app, "/projekte/datenplattform").await;
    assert_eq!(get(&app, "/readyz").await.status, StatusCode::OK);
    let deadline = Instant::now() + Duration::from_secs(30);
    while state.cache.generation() == generation {
        assert!(Instant::now() < deadline, "the cache was not cleared after the listener came back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Phase 3: a restart while readers and an editor keep working.
    user(&pool, "admin@example.org", Role::Admin).await;
    let mut admin = Client::new(&app);
    admin.login("admin@example.org", PASSWORD).await;
    let csrf = admin.token().await;
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM projects WHERE slug = 'datenplattform'").fetch_one(&pool).await.unwrap();
    let running = Arc::new(AtomicBool::new(true));
    let writer = tokio::spawn({
        let running = running.clone();
        async move {
            let (mut acknowledged, mut refused) = (Vec::new(), 0);
            for i in 0.. {
                if !running.load(Ordering::Relaxed) {
                    break;
                }
                let title = format!("Meldung während des Neustarts {i}");
                let form = [("csrf", csrf.as_str()), ("title", &title), ("body", "Text")];
                let reply = admin.post(&format!("/admin/projekte/{id}/meldung"), &form).await;
                match reply.status {
                    StatusCode::SEE_OTHER => acknowledged.push(title),
                    StatusCode::SERVICE_UNAVAILABLE => refused += 1,
                    other => panic!("write answered {other}: {}", common::excerpt(&reply.body)),
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            (acknowledged, refused)
        }
    });
    let readers: Vec<_> = ["/", "/projekte", "/online-dienste", "/meilensteine"]
        .into_iter()
        .map(|uri| {
            let (app, running) = (app.clone(), running.clone());
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                while running.load(Ordering::Relaxed) {
                    statuses.push(get(&app, uri).await.status);
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
                statuses
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    cluster.stop().await.unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let restarted = Cluster::start(dir.path()).await.unwrap();
    wait_until_served(&app, "/projekte/digitalpakete").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    running.store(false, Ordering::Relaxed);
    let (acknowledged, refused) = writer.await.unwrap();
    for reader in readers {
        let statuses = reader.await.unwrap();
        assert!(
            statuses.iter().all(|s| matches!(*s, StatusCode::OK | StatusCode::SERVICE_UNAVAILABLE)),
            "{statuses:?}"
        );
        assert_eq!(statuses.last(), Some(&StatusCode::OK), "served again after the restart");
    }
    assert!(refused > 0, "some writes met the outage");
    assert!(!acknowledged.is_empty(), "writes before and after it were acknowledged");
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT title FROM project_updates WHERE title LIKE 'Meldung während%'")
            .fetch_all(&pool)
            .await
            .unwrap();
    for title in &acknowledged {
        assert!(stored.contains(title), "acknowledged but lost: {title}");
    }
    pool.close().await;
    restarted.stop().await.unwrap();
}
