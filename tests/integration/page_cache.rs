//! Rendered pages are served from memory, and every write is visible on the
//! next request, on this instance at once and on another instance within a second.

use std::time::{Duration, Instant};

use crate::common::{self, Client, PASSWORD, demo_db, html, test_config, user};
use sachstand::AppState;
use sachstand::admin::roles::Role;
use scraper::Html;

async fn app_on(db: &sqlx::PgPool) -> (axum::Router, AppState) {
    let state = AppState::new(db.clone(), test_config()).await.unwrap();
    (sachstand::app(state.clone()), state)
}

/// The text at the start of the page's `<h1>`, before any element inside it (such as the example-data tag).
fn title_of(body: &str) -> String {
    let page = Html::parse_document(body);
    let heading = page.select(&common::selector("h1")).next().unwrap();
    heading.children().next().and_then(|node| node.value().as_text()).map(|text| text.to_string()).unwrap_or_default()
}

#[tokio::test]
async fn pages_are_served_from_memory_until_something_changes() {
    let db = demo_db().await;
    let (app, state) = app_on(&db).await;
    // The listener clears the cache once when it has subscribed; let it.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let first = html(&app, "/projekte/datenplattform").await;
    assert!(!state.cache.is_empty(), "the page was stored");
    // A change that bypasses even the triggers (replication role: no notification) is not
    // seen: the stored copy is served, so the page really comes from memory.
    let mut secret = db.begin().await.unwrap();
    sqlx::query("SET LOCAL session_replication_role = replica").execute(&mut *secret).await.unwrap();
    sqlx::query("UPDATE projects SET title = 'Heimlich geändert' WHERE slug = 'datenplattform'")
        .execute(&mut *secret)
        .await
        .unwrap();
    secret.commit().await.unwrap();
    assert_eq!(title_of(&html(&app, "/projekte/datenplattform").await), title_of(&first));
    // Pages differ per query string.
    assert_ne!(html(&app, "/projekte?art=flagship").await, html(&app, "/projekte?art=quick_win").await);
}

#[tokio::test]
async fn an_admins_save_is_visible_on_the_next_request_of_the_same_instance() {
    let db = demo_db().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let (app, _state) = app_on(&db).await;
    assert_eq!(title_of(&html(&app, "/projekte/datenplattform").await), "Datenplattform");
    let mut admin = Client::new(&app);
    admin.login("admin@example.org", PASSWORD).await;
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM projects WHERE slug = 'datenplattform'").fetch_one(&db).await.unwrap();
    let version: i32 =
        sqlx::query_scalar("SELECT version FROM projects WHERE id = $1").bind(id).fetch_one(&db).await.unwrap();
    let csrf = admin.token().await;
    let reply = admin
        .post(
            &format!("/admin/projekte/{id}/status"),
            &[("csrf", &csrf), ("version", &version.to_string()), ("status", "completed"), ("progress", "")],
        )
        .await;
    assert_eq!(reply.status, axum::http::StatusCode::SEE_OTHER);
    let body = html(&app, "/projekte/datenplattform").await;
    assert!(body.contains("badge--success\">Abgeschlossen"), "the new status is shown at once");
}

#[tokio::test]
async fn a_change_made_through_another_instance_is_visible_within_a_second() {
    let db = demo_db().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let (writer, _) = app_on(&db).await;
    let (reader, reader_state) = app_on(&db).await;
    // Give the reader's listener a moment to subscribe, then fill its cache.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(html(&reader, "/online-dienste/efa-wohngeld").await.contains("Wohngeld"));
    assert!(!reader_state.cache.is_empty());

    let mut admin = Client::new(&writer);
    admin.login("admin@example.org", PASSWORD).await;
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM services WHERE slug = 'efa-wohngeld'").fetch_one(&db).await.unwrap();
    let page = admin.get(&format!("/admin/online-dienste/{id}")).await;
    let version = common::hidden(&page.body, "version").unwrap();
    let mut form: Vec<(String, String)> = Vec::new();
    for name in ["slug", "name", "topic_area", "addressee", "status", "maturity"] {
        let value = match name {
            "name" => "Wohngeld (EfA) neu".to_string(),
            "topic_area" => "bauen-wohnen".into(),
            "addressee" => "citizens".into(),
            "status" => "planned".into(),
            "maturity" => "0".into(),
            _ => common::hidden(&page.body, name).unwrap_or_default(),
        };
        form.push((name.into(), value));
    }
    form.push(("csrf".into(), page.csrf()));
    form.push(("version".into(), version));
    form.push(("efa".into(), "on".into()));
    let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = admin.post(&format!("/admin/online-dienste/{id}"), &refs).await;
    assert_eq!(saved.status, axum::http::StatusCode::SEE_OTHER, "{}", common::excerpt(&saved.body));

    let started = Instant::now();
    loop {
        if html(&reader, "/online-dienste/efa-wohngeld").await.contains("Wohngeld (EfA) neu") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "the other instance still shows the old page after one second"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn loading_content_from_the_command_line_refreshes_running_instances() {
    let db = demo_db().await;
    let (app, _) = app_on(&db).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(html(&app, "/projekte/ausbau-lorawan-netz").await.contains("Ausbau LoRaWAN-Netz"));
    let dir = common::content_copy();
    let path = dir.path().join("projects/ausbau-lorawan-netz.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("title = \"Ausbau LoRaWAN-Netz\"", "title = \"LoRaWAN für alle\"", 1)).unwrap();
    sachstand::content::load(&db, dir.path(), &mut |_| {}).await.unwrap();
    let started = Instant::now();
    while !html(&app, "/projekte/ausbau-lorawan-netz").await.contains("LoRaWAN für alle") {
        assert!(started.elapsed() < Duration::from_secs(1), "stale after a content load");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_change_by_raw_sql_reaches_every_instance_within_a_second() {
    let db = demo_db().await;
    let (first, first_state) = app_on(&db).await;
    let (second, second_state) = app_on(&db).await;
    for state in [&first_state, &second_state] {
        while state.cache.generation() == 0 {
            tokio::time::sleep(Duration::from_millis(20)).await; // until the listener listens
        }
    }
    for app in [&first, &second] {
        assert!(html(app, "/projekte/ausbau-lorawan-netz").await.contains("Ausbau LoRaWAN-Netz"));
    }
    // A DBA with psql, or a script: no portal code involved.
    sqlx::query("UPDATE projects SET title = 'LoRaWAN per SQL' WHERE slug = 'ausbau-lorawan-netz'")
        .execute(&db)
        .await
        .unwrap();
    let started = Instant::now();
    for app in [&first, &second] {
        while !html(app, "/projekte/ausbau-lorawan-netz").await.contains("LoRaWAN per SQL") {
            assert!(started.elapsed() < Duration::from_secs(1), "an instance is stale after a raw SQL change");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test]
async fn every_table_the_public_site_reads_announces_its_changes() {
    let db = demo_db().await;
    let silent: Vec<String> = sqlx::query_scalar(
        "SELECT t.tablename::text FROM pg_tables t WHERE t.schemaname = 'public' \
           AND NOT EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid \
                           WHERE c.relname = t.tablename AND g.tgname = 'notify_public_change') \
         ORDER BY 1",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    // Only what the public site never shows may change silently (see migration 0006).
    assert_eq!(
        silent,
        [
            "_sqlx_migrations",
            "app_secrets",
            "import_jobs",
            "login_failures",
            "sessions",
            "user_action_fields",
            "user_projects",
            "users"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_uncached_requests_do_not_exhaust_the_connection_pool() {
    let db = demo_db().await;
    let mut config =
        sachstand::config::Config::from_lookup(|k| (k == "SACHSTAND_PAGE_CACHE").then(|| "off".to_string())).unwrap();
    // All 64 may render at once: this is about the pool, not the render slots (see `faults`).
    config.max_renders = 64;
    let app = sachstand::app(AppState::new(db, config).await.unwrap());
    let mut set = tokio::task::JoinSet::new();
    for i in 0..64 {
        let app = app.clone();
        let uri = if i % 2 == 0 { "/" } else { "/projekte/datenplattform" };
        set.spawn(async move { common::get(&app, uri).await.status });
    }
    let all = tokio::time::timeout(Duration::from_secs(8), async {
        let mut statuses = Vec::new();
        while let Some(status) = set.join_next().await {
            statuses.push(status.unwrap());
        }
        statuses
    })
    .await
    .expect("64 concurrent requests finish (no request holds two pooled connections)");
    assert!(all.iter().all(|s| *s == axum::http::StatusCode::OK), "{all:?}");
}
