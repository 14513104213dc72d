//! The Atom feeds: the site's, a project's and an action field's. Entries keep
//! their ids and dates across database rebuilds, and the project feeds carry
//! the public changes from the audit log.

use atom_syndication::Feed;
use axum::http::StatusCode;
use chrono::Datelike;
use serde_json::json;

use crate::common::{demo_app, demo_db, get, html, test_config};

async fn feed(app: &sachstand::App, uri: &str) -> Feed {
    let page = get(app, uri).await;
    assert_eq!(page.status, StatusCode::OK, "GET {uri}");
    assert!(page.content_type.starts_with("application/atom+xml"), "GET {uri}: {}", page.content_type);
    page.body.parse().unwrap_or_else(|e| panic!("{uri} is not Atom: {e}"))
}

fn ids_and_dates(feed: &Feed) -> Vec<(String, String, Option<String>)> {
    feed.entries()
        .iter()
        .map(|e| (e.id().to_string(), e.updated().to_rfc3339(), e.published().map(|p| p.to_rfc3339())))
        .collect()
}

#[tokio::test]
async fn site_feed_entries_have_natural_ids_and_their_own_dates_that_survive_a_rebuild() {
    let (app, db) = demo_app().await;
    let site = feed(&app, "/aktuelles.atom").await;
    assert!(!site.entries().is_empty());
    let updates: Vec<(String, String, chrono::NaiveDate)> = sqlx::query_as(
        "SELECT p.slug, u.slug, u.published_on FROM project_updates u JOIN projects p ON p.id = u.project_id \
         WHERE NOT u.internal",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    for entry in site.entries() {
        let id = entry.id();
        let (project, update, published) = updates
            .iter()
            .find(|(p, u, d)| id.ends_with(&format!(",{}:mainz/projekte/{p}/meldungen/{u}", d.format("%Y-%m-%d"))))
            .unwrap_or_else(|| panic!("{id} is not made of the update's natural key"));
        assert!(id.starts_with("tag:127.0.0.1,"), "{id}");
        // Nothing was edited after loading: the entry is dated by its publication, not by the load.
        let published_at = entry.published().expect("published");
        assert_eq!(published_at.date_naive(), *published, "{project}/{update}");
        assert_eq!(entry.updated(), published_at, "{id}: updated is the publication, not the load time");
    }
    // A rebuilt database (other row numbers, other load time) gives the same entries.
    let rebuilt = demo_db().await;
    sqlx::query("UPDATE project_updates SET id = id + 100000").execute(&rebuilt).await.unwrap();
    let app2 = sachstand::app(sachstand::AppState::new(rebuilt, test_config()).await.unwrap());
    assert_eq!(ids_and_dates(&feed(&app2, "/aktuelles.atom").await), ids_and_dates(&site));
}

#[tokio::test]
async fn a_project_feed_carries_its_updates_and_public_changes_and_is_advertised_on_its_page() {
    let (app, db) = demo_app().await;
    let (id, city): (i64, i64) =
        sqlx::query_as("SELECT id, city_id FROM projects WHERE slug = 'datenplattform'").fetch_one(&db).await.unwrap();
    let before = feed(&app, "/projekte/datenplattform.atom").await;
    let updates: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM project_updates WHERE project_id = $1 AND NOT internal AND archived_at IS NULL",
    )
    .bind(id)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(before.entries().len() as i64, updates.min(50), "the updates, no change yet");

    // A status change and a change of a field the public history leaves out (the team's
    // roles), both through the write path: only the status is news.
    let mut conn = db.acquire().await.unwrap();
    let who = sachstand::model::write::Writer { city_id: city, actor: "test@example.org" };
    let shape = sachstand::model::write::shape_of("projects");
    let patch = sachstand::model::write::Patch::columns(json!({"status": "paused"}));
    sachstand::model::write::update(&mut conn, shape, who, id, None, "update", &patch).await.unwrap();
    let internal = sachstand::model::write::Patch::columns(json!({"team_roles": "nur intern"}));
    sachstand::model::write::update(&mut conn, shape, who, id, None, "update", &internal).await.unwrap();
    drop(conn);

    let after = feed(&app, "/projekte/datenplattform.atom").await;
    assert_eq!(after.entries().len(), before.entries().len() + 1, "one public change");
    let newest = &after.entries()[0];
    assert_eq!(newest.title().as_str(), "Datenplattform: Projekt, Status jetzt „Pausiert“");
    assert!(newest.id().contains(":mainz/projekte/datenplattform/aenderungen/"), "{}", newest.id());
    assert_eq!(newest.updated().year(), chrono::Utc::now().year());
    assert!(newest.links()[0].href().ends_with("/projekte/datenplattform#aenderungen"));
    let content = newest.content().and_then(|c| c.value()).unwrap_or_default();
    assert!(content.contains("Status: ") && content.contains("Pausiert"), "{content}");
    assert!(!content.contains("nur intern"));

    // Advertised in the page's head and linked in its history; no cookie is set.
    let page = html(&app, "/projekte/datenplattform").await;
    assert!(page.contains(r#"<link rel="alternate" type="application/atom+xml" title="Datenplattform: Meldungen und Änderungen" href="/projekte/datenplattform.atom">"#));
    assert!(page.contains(r#"href="/projekte/datenplattform.atom""#));
    assert!(get(&app, "/projekte/datenplattform.atom").await.headers.get("set-cookie").is_none());
    assert_eq!(get(&app, "/projekte/gibt-es-nicht.atom").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_action_field_feed_gathers_its_projects() {
    let (app, db) = demo_app().await;
    let (slug, projects): (String, Vec<String>) = sqlx::query_as(
        "SELECT f.slug, array_agg(p.title) FROM action_fields f \
         JOIN project_action_fields l ON l.action_field_id = f.id JOIN projects p ON p.id = l.project_id \
         WHERE p.archived_at IS NULL GROUP BY f.slug ORDER BY count(*) DESC LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let field = feed(&app, &format!("/handlungsfelder/{slug}.atom")).await;
    assert!(!field.entries().is_empty(), "{slug} has updates");
    for entry in field.entries() {
        assert!(
            projects.iter().any(|p| entry.title().as_str().starts_with(&format!("{p}: "))),
            "{} belongs to a project of {slug}",
            entry.title().as_str()
        );
    }
    let page = html(&app, &format!("/handlungsfelder/{slug}")).await;
    assert!(page.contains(&format!(r#"href="/handlungsfelder/{slug}.atom""#)));
}
