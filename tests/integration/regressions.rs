//! Bugs found while straightening the layers, each with the test that failed
//! before its fix: the search text of an inquiry edited in the admin area, the
//! actor named by the public history, and writes whose audit record fails.

use axum::http::StatusCode;
use sachstand::admin::roles::Role;
use scraper::{Html, Selector};
use sqlx::PgPool;

use crate::admin::{form_fields, post_fields, with};
use crate::common::{self, Client, PASSWORD, demo_app, user};

async fn admin(app: &sachstand::App, db: &PgPool) -> Client {
    user(db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(app);
    client.login("admin@example.org", PASSWORD).await;
    client
}

/// The addresses the search page lists as hits.
fn hits(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    doc.select(&Selector::parse("main a[href]").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn an_inquiry_edited_in_the_admin_area_stays_findable_by_its_own_text() {
    let (app, db) = demo_app().await;
    // "Silbentrennungen" occurs only in the inquiry's own text, not in a question or answer.
    let before = common::html(&app, "/suche?q=Silbentrennungen").await;
    assert!(hits(&before).iter().any(|h| h == "/anfragen/0730-2023"), "found before the edit");
    let mut client = admin(&app, &db).await;
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM council_inquiries WHERE number = '0730/2023'").fetch_one(&db).await.unwrap();
    let page = client.get(&format!("/admin/anfragen/{id}")).await;
    let fields = with(&form_fields(&page.body), &[("answered_by", "Oberbürgermeister Nino Haase (gez.)")]);
    let reply = post_fields(&mut client, &format!("/admin/anfragen/{id}"), &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&reply.body));
    let after = common::html(&app, "/suche?q=Silbentrennungen").await;
    assert!(hits(&after).iter().any(|h| h == "/anfragen/0730-2023"), "still found after the edit");
}

#[tokio::test]
async fn the_public_history_names_the_citys_own_programme() {
    let dir = common::content_copy();
    let city = dir.path().join("city.toml");
    let text = std::fs::read_to_string(&city).unwrap().replace("\"mainzDIGITAL\"", "\"Digitales Mainz\"");
    std::fs::write(&city, text).unwrap();
    let db = common::fresh_db().await;
    sachstand::content::load(&db, dir.path(), &mut |_| {}).await.unwrap();
    let project = dir.path().join("projects/datenplattform.md");
    let text = std::fs::read_to_string(&project).unwrap();
    let changed = text.replacen("title = \"", "title = \"Neu: ", 1);
    assert_ne!(text, changed);
    std::fs::write(&project, changed).unwrap();
    sachstand::content::load(&db, dir.path(), &mut |_| {}).await.unwrap();
    let state = sachstand::AppState::new(db, common::test_config()).await.unwrap();
    let app = sachstand::app(state);
    let body = common::html(&app, "/projekte/datenplattform").await;
    let history = common::texts(&body, "ol.history").concat();
    assert!(history.contains("Neu: "), "the change is listed: {history}");
    assert!(history.contains("Digitales Mainz"), "the actor is the city's programme: {history}");
    assert!(!history.contains("mainzDIGITAL"), "not another city's programme: {history}");
}

/// Makes every later audit insert fail, as a full disk or a broken trigger would.
async fn break_the_audit_log(db: &PgPool) {
    sqlx::query("ALTER TABLE audit_log ADD CONSTRAINT audit_refused CHECK (false) NOT VALID")
        .execute(db)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_admin_write_whose_audit_record_fails_leaves_nothing_behind() {
    let (app, db) = demo_app().await;
    let mut client = admin(&app, &db).await;
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM projects WHERE slug = 'datenplattform'").fetch_one(&db).await.unwrap();
    let before: (String, i32, i64) =
        sqlx::query_as("SELECT title, version, (SELECT count(*) FROM project_action_fields WHERE project_id = $1) FROM projects WHERE id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
    let page = client.get(&format!("/admin/projekte/{id}")).await;
    // Change a column and a list at once: neither may survive the failed audit.
    let fields: Vec<(String, String)> = with(&form_fields(&page.body), &[("title", "Darf nicht bleiben")])
        .into_iter()
        .filter(|(k, _)| k != "action_fields")
        .collect();
    break_the_audit_log(&db).await;
    let reply = post_fields(&mut client, &format!("/admin/projekte/{id}"), &fields).await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    let after: (String, i32, i64) =
        sqlx::query_as("SELECT title, version, (SELECT count(*) FROM project_action_fields WHERE project_id = $1) FROM projects WHERE id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(after, before, "title, version and links are as they were");
    assert!(before.2 > 0, "the project had links that the failed write would have removed");
}

#[tokio::test]
async fn a_work_screen_change_whose_audit_record_fails_publishes_nothing() {
    let (app, db) = demo_app().await;
    let mut client = admin(&app, &db).await;
    let (id, version): (i64, i32) =
        sqlx::query_as("SELECT id, version FROM projects WHERE slug = 'datenplattform'").fetch_one(&db).await.unwrap();
    let updates: i64 = sqlx::query_scalar("SELECT count(*) FROM project_updates").fetch_one(&db).await.unwrap();
    let csrf = client.token().await;
    break_the_audit_log(&db).await;
    let reply = client
        .post(
            &format!("/admin/projekte/{id}/status"),
            &[("csrf", &csrf), ("version", &version.to_string()), ("status", "paused"), ("progress", "")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    let (status, now): (String, i32) =
        sqlx::query_as("SELECT status, version FROM projects WHERE id = $1").bind(id).fetch_one(&db).await.unwrap();
    assert_ne!(status, "paused");
    assert_eq!(now, version);
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM project_updates").fetch_one(&db).await.unwrap(),
        updates
    );
}

#[tokio::test]
async fn a_content_load_whose_audit_record_fails_writes_nothing() {
    let db = common::fresh_db().await;
    break_the_audit_log(&db).await;
    let result = sachstand::content::load(&db, &common::content_dir(), &mut |_| {}).await;
    assert!(result.is_err(), "the load fails");
    let cities: i64 = sqlx::query_scalar("SELECT count(*) FROM cities").fetch_one(&db).await.unwrap();
    let projects: i64 = sqlx::query_scalar("SELECT count(*) FROM projects").fetch_one(&db).await.unwrap();
    assert_eq!((cities, projects), (0, 0));
}
