//! Test support: a fresh database per test on the server named by
//! `DATABASE_URL` (the test script starts a private cluster and sets it), and
//! requests against the real application.
//!
//! Test databases are copies (`CREATE DATABASE ... TEMPLATE`) of two template
//! databases that each test process builds once: `tmpl_empty_<pid>` (migrated)
//! and `tmpl_demo_<pid>` (migrated, demo content loaded).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use sachstand::App;
use sachstand::config::Config;
use sachstand::{AppState, content, db};
use scraper::{Html, Selector};
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};
use tokio::sync::OnceCell;
use tower::ServiceExt;

pub fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content").join("mainz")
}

fn server_options() -> PgConnectOptions {
    let url = std::env::var("DATABASE_URL")
        .expect("DATABASE_URL is not set: run the tests with scripts/test, which starts a private PostgreSQL cluster");
    url.parse().expect("DATABASE_URL is a valid postgres URL")
}

/// The URL of `pool`'s database on the test server (for a portal started as a process).
pub fn database_url(pool: &PgPool) -> String {
    let server = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let (base, _) = server.rsplit_once('/').expect("a database in the URL");
    format!("{base}/{}", pool.connect_options().get_database().expect("a database name"))
}

/// A database of its own for one test, migrated and empty (a copy of the empty template).
pub async fn fresh_db() -> PgPool {
    copy_of(empty_template().await).await
}

/// A database of its own for one test with the Mainz demo content loaded (a
/// copy of the demo template, so the content loader runs once per test process).
pub async fn demo_db() -> PgPool {
    copy_of(demo_template().await).await
}

/// The migrated, empty template database of this test process, built on first use.
///
/// Only the name is kept: every `#[tokio::test]` has a runtime of its own, so
/// no pool may outlive the test that opened it.
async fn empty_template() -> &'static str {
    static NAME: OnceCell<String> = OnceCell::const_new();
    NAME.get_or_init(|| async {
        let name = format!("tmpl_empty_{}", std::process::id());
        let pool = new_template(&name, None).await;
        db::migrate(&pool).await.expect("migrations run");
        seal_template(pool, &name).await;
        name
    })
    .await
}

/// The template database with the demo content of this test process: a copy of
/// the empty template into which `content::load` ran once.
async fn demo_template() -> &'static str {
    static NAME: OnceCell<String> = OnceCell::const_new();
    NAME.get_or_init(|| async {
        let empty = empty_template().await;
        let name = format!("tmpl_demo_{}", std::process::id());
        let pool = new_template(&name, Some(empty)).await;
        content::load(&pool, &content_dir(), &mut |_| {}).await.expect("demo content loads");
        seal_template(pool, &name).await;
        name
    })
    .await
}

async fn server_connection() -> PgConnection {
    server_options().database("postgres").connect().await.expect("connect to test server")
}

/// Creates template database `name` (empty, or a copy of `from`) and opens a
/// pool on it. A leftover of the same name (same pid on a reused server) is dropped first.
async fn new_template(name: &str, from: Option<&str>) -> PgPool {
    let mut conn = server_connection().await;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(name)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    if exists {
        sqlx::query(&format!("ALTER DATABASE {name} WITH IS_TEMPLATE false")).execute(&mut conn).await.unwrap();
        sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&mut conn).await.unwrap();
    }
    match from {
        Some(template) => create_database(&mut conn, name, template).await,
        None => {
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create template database");
        }
    }
    conn.close().await.ok();
    db::connect(server_options().database(name), db::POOL_SIZE).await.expect("connect to template database")
}

/// Closes the pool that built template `name`, waits until the server has no
/// session on it any more, and marks it as a template that nobody may connect
/// to (so that copying it cannot fail because a session is still on it).
async fn seal_template(pool: PgPool, name: &str) {
    pool.close().await;
    let mut conn = server_connection().await;
    for _ in 0..100 {
        let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = $1")
            .bind(name)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        if sessions == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    sqlx::query(&format!("ALTER DATABASE {name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"))
        .execute(&mut conn)
        .await
        .expect("mark the template");
    conn.close().await.ok();
}

/// A new database of this test process, copied from `template`, with a pool on it.
async fn copy_of(template: &str) -> PgPool {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "t_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
    );
    let mut conn = server_connection().await;
    create_database(&mut conn, &name, template).await;
    conn.close().await.ok();
    db::connect(server_options().database(&name), db::POOL_SIZE).await.expect("connect to test database")
}

/// `CREATE DATABASE name TEMPLATE template`, retried a few times while the
/// server still counts a session on the template (SQLSTATE 55006, "source
/// database is being accessed by other users").
async fn create_database(conn: &mut PgConnection, name: &str, template: &str) {
    let sql = format!("CREATE DATABASE {name} TEMPLATE {template}");
    for attempt in 1.. {
        match sqlx::query(&sql).execute(&mut *conn).await {
            Ok(_) => return,
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("55006") && attempt < 5 => {
                tokio::time::sleep(Duration::from_millis(100 * attempt)).await;
            }
            Err(e) => panic!("{sql}: {e}"),
        }
    }
}

pub fn test_config() -> Config {
    Config::from_lookup(|_| None).expect("default config")
}

pub async fn demo_app() -> (App, PgPool) {
    let pool = demo_db().await;
    let state = AppState::new(pool.clone(), test_config()).await.expect("state");
    (sachstand::app(state), pool)
}

/// An app over `db` with a configuration changed by `adjust`.
pub async fn app_with(db: PgPool, adjust: impl FnOnce(&mut Config)) -> App {
    let mut config = test_config();
    adjust(&mut config);
    sachstand::app(AppState::new(db, config).await.expect("state"))
}

pub struct Page {
    pub status: StatusCode,
    pub content_type: String,
    pub body: String,
    pub headers: axum::http::HeaderMap,
}

pub async fn get(app: &App, uri: &str) -> Page {
    let response =
        app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.expect("the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = headers.get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Page { status, content_type, body: String::from_utf8_lossy(&bytes).into_owned(), headers }
}

/// GET that must answer 200 with HTML; returns the body.
pub async fn html(app: &App, uri: &str) -> String {
    let page = get(app, uri).await;
    assert_eq!(page.status, StatusCode::OK, "GET {uri} answered {}: {}", page.status, excerpt(&page.body));
    assert!(page.content_type.starts_with("text/html"), "GET {uri} is {}", page.content_type);
    page.body
}

/// The first 600 bytes of `body` (fewer if that would split a character), for failure messages.
pub fn excerpt(body: &str) -> &str {
    let mut end = body.len().min(600);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[..end]
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

/// A browser-like client for the admin area: keeps the session cookie, reads
/// CSRF tokens from forms, and comes from a fixed client address.
pub struct Client {
    pub app: App,
    pub cookie: Option<String>,
    pub addr: std::net::SocketAddr,
}

pub struct Reply {
    pub status: StatusCode,
    pub location: Option<String>,
    pub set_cookie: Option<String>,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent (a PDF is not text).
    pub bytes: Vec<u8>,
}

impl Reply {
    /// The value of the first hidden `csrf` field of the page.
    pub fn csrf(&self) -> String {
        hidden(&self.body, "csrf").expect("the page has a form with a CSRF token")
    }
}

/// The value of the first form control named `name` in `html`: the text of a
/// `<textarea>`, otherwise the `value` attribute (`None` if it has none).
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let page = Html::parse_document(html);
    let control = page.select(&selector(&format!("[name=\"{name}\"]"))).next()?;
    if control.value().name() == "textarea" {
        return Some(control.text().collect());
    }
    control.value().attr("value").map(str::to_string)
}

/// Parses a CSS selector written in a test.
pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("invalid selector {css:?}: {e:?}"))
}

/// The attribute `attr` of every element of `html` that matches `css` and has it, in document order.
pub fn attrs(html: &str, css: &str, attr: &str) -> Vec<String> {
    let page = Html::parse_document(html);
    page.select(&selector(css)).filter_map(|e| e.value().attr(attr)).map(str::to_string).collect()
}

/// The text content of every element of `html` that matches `css`, in document order.
pub fn texts(html: &str, css: &str) -> Vec<String> {
    let page = Html::parse_document(html);
    page.select(&selector(css)).map(|e| e.text().collect()).collect()
}

/// The markup of the first element of `html` that matches `css`, the element included.
pub fn outer_html(html: &str, css: &str) -> Option<String> {
    let page = Html::parse_document(html);
    page.select(&selector(css)).next().map(|e| e.html())
}

impl Client {
    pub fn new(app: &App) -> Client {
        Client::from_address(app, "203.0.113.7:50000")
    }

    pub fn from_address(app: &App, addr: &str) -> Client {
        Client { app: app.clone(), cookie: None, addr: addr.parse().unwrap() }
    }

    /// Any request, with this client's address and cookie.
    pub async fn send_request(&mut self, request: Request<Body>) -> Reply {
        self.send(request).await
    }

    async fn send(&mut self, request: Request<Body>) -> Reply {
        let mut request = request;
        request.extensions_mut().insert(axum::extract::ConnectInfo(self.addr));
        if let Some(cookie) = &self.cookie {
            request.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
        }
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let set_cookie = headers.get(header::SET_COOKIE).map(|v| v.to_str().unwrap().to_string());
        if let Some(sc) = &set_cookie {
            let pair = sc.split(';').next().unwrap().to_string();
            self.cookie = if pair.ends_with('=') { None } else { Some(pair) };
        }
        let location = headers.get(header::LOCATION).map(|v| v.to_str().unwrap().to_string());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            location,
            set_cookie,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&mut self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    pub async fn post(&mut self, uri: &str, form: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(form).unwrap();
        self.send(
            Request::post(uri)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// A form post with extra request headers.
    pub async fn post_with(&mut self, uri: &str, form: &[(&str, &str)], headers: &[(&str, &str)]) -> Reply {
        let mut request = Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(serde_urlencoded::to_string(form).unwrap())).unwrap()).await
    }

    pub async fn post_multipart(&mut self, uri: &str, field: &str, filename: &str, content: &[u8]) -> Reply {
        let boundary = "----sachstandtestboundary";
        let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\nContent-Type: text/csv\r\n\r\n").into_bytes();
        body.extend_from_slice(content);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.send(
            Request::post(uri)
                .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// Logs in through the form; panics unless it succeeds.
    pub async fn login(&mut self, email: &str, password: &str) {
        let form = self.get("/admin/anmelden").await;
        let reply = self
            .post(
                "/admin/anmelden",
                &[("csrf", &form.csrf()), ("email", email), ("password", password), ("weiter", "/admin")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "login of {email}: {}", excerpt(&reply.body));
        assert_eq!(reply.location.as_deref(), Some("/admin"));
    }

    /// A CSRF token of the current session (from the start page).
    pub async fn token(&mut self) -> String {
        let page = self.get("/admin/konto").await;
        assert_eq!(page.status, StatusCode::OK);
        page.csrf()
    }
}

pub const PASSWORD: &str = "Rhein Brücke Fahrrad Tinte";

/// Creates an account with the test password and returns its id.
pub async fn user(db: &PgPool, email: &str, role: sachstand::admin::roles::Role) -> i64 {
    let city: i64 = sqlx::query_scalar("SELECT id FROM cities WHERE slug = 'mainz'").fetch_one(db).await.unwrap();
    sachstand::admin::users::create_user(db, city, "test", email, "Test Person", role, PASSWORD)
        .await
        .expect("user created")
}

/// GET that must answer 200 with `content_type`; returns the body's bytes unchanged (PDFs, archives).
pub async fn bytes(app: &App, uri: &str, content_type: &str) -> Vec<u8> {
    let response =
        app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.expect("the router answers");
    let status = response.status();
    let got = response.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    assert_eq!(
        status,
        StatusCode::OK,
        "GET {uri} answered {status}: {}",
        String::from_utf8_lossy(&body[..body.len().min(600)])
    );
    assert_eq!(got, content_type, "GET {uri}");
    body
}
