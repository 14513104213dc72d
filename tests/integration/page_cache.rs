//! Rendered pages are served from memory, and every write is visible on the
//! next request, on this instance at once and on another instance within a second.

use std::time::{Duration, Instant};

use crate::common::{self, Client, PASSWORD, demo_db, html, test_config, user};
use sachstand::AppState;
use sachstand::admin::roles::Role;
use scraper::Html;

async fn app_on(db: &sqlx::PgPool) -> (sachstand::App, AppState) {
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

/// Logs in as admin@example.org and marks the project `slug` completed; the answer's status.
async fn complete_as_admin(app: &sachstand::App, db: &sqlx::PgPool, slug: &str) -> axum::http::StatusCode {
    let mut admin = Client::new(app);
    admin.login("admin@example.org", PASSWORD).await;
    let (id, version): (i64, i32) =
        sqlx::query_as("SELECT id, version FROM projects WHERE slug = $1").bind(slug).fetch_one(db).await.unwrap();
    let csrf = admin.token().await;
    let form = [("csrf", csrf.as_str()), ("version", &version.to_string()), ("status", "completed"), ("progress", "")];
    admin.post(&format!("/admin/projekte/{id}/status"), &form).await.status
}

#[tokio::test]
async fn an_admins_save_is_visible_on_the_next_request_of_the_same_instance() {
    let db = demo_db().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let (app, _state) = app_on(&db).await;
    assert_eq!(title_of(&html(&app, "/projekte/datenplattform").await), "Datenplattform");
    assert_eq!(complete_as_admin(&app, &db, "datenplattform").await, axum::http::StatusCode::SEE_OTHER);
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
    for name in ["slug", "name", "topic_area", "addressee", "status", "maturity_model", "maturity"] {
        let value = match name {
            "name" => "Wohngeld (EfA) neu".to_string(),
            "topic_area" => "bauen-wohnen".into(),
            "addressee" => "citizens".into(),
            "status" => "planned".into(),
            "maturity_model" => "1.1".into(),
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
        listening(state).await;
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
    // Only what the public site never shows may change silently (see migration 0006), the
    // tallies, which change only with the rows they count (migrations 0008, 0015), and the versions,
    // which change only with the rows they copy or in a content load, whose `content_history`
    // announces them (migration 0013). Released documents (0016) are written once, never changed,
    // by the release or request that shows them, and every instance reads the same row.
    let silent: Vec<String> = silent.into_iter().filter(|t| !t.ends_with("_versions")).collect();
    assert_eq!(
        silent,
        [
            "_sqlx_migrations",
            "app_secrets",
            "import_jobs",
            "login_failures",
            "milestone_summaries",
            "milestone_tallies",
            "project_tallies",
            "released_documents",
            "service_level_tallies",
            "service_tallies",
            "sessions",
            "trend_months",
            "unit_project_tallies",
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

/// Waits until the listener of `state` has subscribed (it empties the cache once then).
async fn listening(state: &AppState) {
    while state.cache.generation() == 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits (at most a second) until `key` is no longer stored.
async fn dropped(state: &AppState, key: &str) {
    let started = Instant::now();
    while state.cache.contains(key) {
        assert!(started.elapsed() < Duration::from_secs(1), "{key} is still stored a second after the change");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_change_to_one_project_drops_only_the_pages_that_show_it() {
    let db = demo_db().await;
    let (app, state) = app_on(&db).await;
    listening(&state).await;
    let pages = [
        "/projekte/gruendungslotse-digital",
        "/projekte/datenplattform",
        "/online-dienste/gewerbeanmeldung",
        "/online-dienste/abmeldung-ins-ausland",
        "/projekte",
        "/online-dienste",
        "/",
        "/impressum",
    ];
    for uri in pages {
        html(&app, uri).await;
        assert!(state.cache.contains(uri), "{uri} was stored");
    }
    // A script, not the portal: the database's triggers say what changed.
    sqlx::query("UPDATE projects SET title = 'Gründungslotse per SQL' WHERE slug = 'gruendungslotse-digital'")
        .execute(&db)
        .await
        .unwrap();
    dropped(&state, "/projekte/gruendungslotse-digital").await;
    for gone in ["/projekte", "/", "/online-dienste/gewerbeanmeldung"] {
        // The list, the overview's figures, and the service page that links the project by its title.
        assert!(!state.cache.contains(gone), "{gone} shows the project and must go");
    }
    for kept in ["/projekte/datenplattform", "/online-dienste/abmeldung-ins-ausland", "/online-dienste", "/impressum"] {
        assert!(state.cache.contains(kept), "{kept} does not show the project and stays stored");
    }
    assert!(html(&app, "/online-dienste/gewerbeanmeldung").await.contains("Gründungslotse per SQL"));
    assert!(html(&app, "/projekte/gruendungslotse-digital").await.contains("Gründungslotse per SQL"));

    // A milestone belongs to its project: only that project's page (and the lists) go.
    html(&app, "/projekte/gruendungslotse-digital").await;
    sqlx::query(
        "UPDATE milestones SET title = title || ' (verschoben)' WHERE project_id = \
         (SELECT id FROM projects WHERE slug = 'datenplattform')",
    )
    .execute(&db)
    .await
    .unwrap();
    dropped(&state, "/projekte/datenplattform").await;
    assert!(state.cache.contains("/projekte/gruendungslotse-digital"));

    // What every page shows (the strategy's action fields in the navigation and filters) drops everything.
    sqlx::query("UPDATE action_fields SET title = title || ' ' WHERE position = 1").execute(&db).await.unwrap();
    dropped(&state, "/impressum").await;
    assert!(state.cache.is_empty(), "{} pages left after a change of what every page shows", state.cache.len());
}

#[tokio::test]
async fn an_admins_save_drops_only_what_it_touched_and_is_seen_at_once() {
    let db = demo_db().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let (app, state) = app_on(&db).await;
    listening(&state).await;
    html(&app, "/projekte/datenplattform").await;
    html(&app, "/projekte/ausbau-lorawan-netz").await;
    assert_eq!(complete_as_admin(&app, &db, "datenplattform").await, axum::http::StatusCode::SEE_OTHER);
    // The save waited for its own notification: the page is gone before the redirect is answered.
    assert!(!state.cache.contains("/projekte/datenplattform"));
    assert!(state.cache.contains("/projekte/ausbau-lorawan-netz"), "an unrelated project's page stays stored");
    assert!(html(&app, "/projekte/datenplattform").await.contains("badge--success\">Abgeschlossen"));
}

#[tokio::test]
async fn a_page_is_stored_once_compressed_and_served_to_clients_with_and_without_brotli() {
    let db = demo_db().await;
    let (app, state) = app_on(&db).await;
    listening(&state).await;
    let plain = html(&app, "/projekte/datenplattform").await;
    let stored = state.cache.bytes();
    assert!(stored > 0 && stored < plain.len() / 2, "stored {stored} bytes of a {}-byte page", plain.len());
    let hits = state.cache.hits.load(std::sync::atomic::Ordering::Relaxed);
    // From the cache, decompressed for a client without Brotli …
    assert_eq!(html(&app, "/projekte/datenplattform").await, plain);
    // … and as stored for one with it.
    let request = axum::http::Request::get("/projekte/datenplattform")
        .header(axum::http::header::ACCEPT_ENCODING, "gzip, br")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.clone(), request).await.unwrap();
    assert_eq!(response.headers()[axum::http::header::CONTENT_ENCODING], "br");
    let body = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(&mut brotli::Decompressor::new(&body[..], 4096), &mut decoded).unwrap();
    assert_eq!(String::from_utf8(decoded).unwrap(), plain);
    assert_eq!(state.cache.hits.load(std::sync::atomic::Ordering::Relaxed), hits + 2);
    assert_eq!(state.cache.bytes(), stored, "both answers came from the one stored copy");
}

#[tokio::test]
async fn search_pages_survive_a_change_of_status_but_not_of_a_title() {
    let db = demo_db().await;
    let (app, state) = app_on(&db).await;
    listening(&state).await;
    let search = "/suche?q=Datenplattform";
    html(&app, search).await;
    html(&app, "/projekte/datenplattform").await;
    sqlx::query("UPDATE projects SET status = 'completed' WHERE slug = 'datenplattform'").execute(&db).await.unwrap();
    dropped(&state, "/projekte/datenplattform").await;
    assert!(state.cache.contains(search), "search shows no status: its page stays");
    sqlx::query("UPDATE projects SET title = 'Offene Datenplattform' WHERE slug = 'datenplattform'")
        .execute(&db)
        .await
        .unwrap();
    dropped(&state, search).await;
    assert!(html(&app, search).await.contains("Offene Datenplattform"));
}
