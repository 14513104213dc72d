//! Loading the content folder: idempotent, edits update records with an audit
//! trail, and a malformed folder writes nothing.

use crate::common::{content_copy, content_dir, fresh_db};
use sachstand::content::{self, LoadError};
use sqlx::PgPool;

async fn count(db: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

/// Row counts of every content table, to compare before and after a load.
async fn snapshot(db: &PgPool) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for table in [
        "cities",
        "strategies",
        "goals",
        "guidelines",
        "cross_cutting_themes",
        "action_fields",
        "org_units",
        "bodies",
        "services",
        "service_case_counts",
        "projects",
        "project_action_fields",
        "project_themes",
        "project_services",
        "smart_goals",
        "measures",
        "milestones",
        "final_reports",
        "project_updates",
        "annual_reports",
        "council_inquiries",
        "inquiry_items",
        "inquiry_projects",
        "inquiry_services",
        "pages",
        "audit_log",
    ] {
        out.push((table.to_string(), count(db, &format!("SELECT count(*) FROM {table}")).await));
    }
    out.push(("versions".into(), count(db, "SELECT coalesce(sum(version), 0) FROM projects").await));
    out
}

#[tokio::test]
async fn the_demo_content_loads_with_every_record_the_sources_name() {
    let db = fresh_db().await;
    let report = content::load(&db, &content_dir(), &mut |_| {}).await.expect("loads");
    assert!(report.created > 200, "{report}");
    assert_eq!(count(&db, "SELECT count(*) FROM action_fields").await, 5);
    assert_eq!(count(&db, "SELECT count(*) FROM cross_cutting_themes").await, 3);
    assert_eq!(count(&db, "SELECT count(*) FROM services WHERE status IN ('online', 'online_rework')").await, 65);
    assert_eq!(count(&db, "SELECT count(*) FROM inquiry_items i JOIN council_inquiries q ON q.id = i.inquiry_id WHERE q.number = '0730/2023'").await, 10);
    let named = [
        ("ausbau-lorawan-netz", "quick_win"),
        ("nachhaltigkeitsplattform-mona", "quick_win"),
        ("punchout-techmainz", "quick_win"),
        ("digitalpakete", "flagship"),
        ("digitale-vermittlung-naturhistorisches-museum", "flagship"),
        ("datenplattform", "flagship"),
        ("robotic-process-automation", "strategic"),
        ("buergerbeteiligungsplattform", "strategic"),
        ("arbeitsplatz-der-zukunft", "strategic"),
        ("ozg-umsetzung", "strategic"),
    ];
    for (slug, kind) in named {
        let (k, illustrative): (String, bool) =
            sqlx::query_as("SELECT kind, illustrative FROM projects WHERE slug = $1")
                .bind(slug)
                .fetch_one(&db)
                .await
                .unwrap_or_else(|_| panic!("project {slug} is in the demo"));
        assert_eq!(k, kind, "{slug}");
        assert!(!illustrative, "{slug} comes from the sources");
    }
    let drafted: i64 = count(
        &db,
        "SELECT count(*) FROM projects WHERE status = 'final_report_drafted' AND kind IN ('quick_win', 'flagship')",
    )
    .await;
    assert_eq!(drafted, 6, "the six quick wins and flagships with draft final reports");
    for efa in ["efa-digitaler-bauantrag", "efa-unterhaltsvorschuss", "efa-wohngeld"] {
        let is_efa: bool =
            sqlx::query_scalar("SELECT efa FROM services WHERE slug = $1").bind(efa).fetch_one(&db).await.unwrap();
        assert!(is_efa);
    }
    // Every write of the loader is audited.
    assert_eq!(
        count(&db, "SELECT count(*) FROM audit_log WHERE actor = 'content-loader' AND action = 'create'").await,
        i64::from(report.created) + 1
    );
}

#[tokio::test]
async fn loading_the_same_content_twice_changes_nothing() {
    let db = fresh_db().await;
    content::load(&db, &content_dir(), &mut |_| {}).await.unwrap();
    let before = snapshot(&db).await;
    let report = content::load(&db, &content_dir(), &mut |_| {}).await.unwrap();
    assert_eq!((report.created, report.updated), (0, 0), "{report}");
    assert_eq!(snapshot(&db).await, before);
}

#[tokio::test]
async fn an_edited_file_updates_its_record_with_an_audit_record() {
    let db = fresh_db().await;
    let dir = content_copy();
    content::load(&db, dir.path(), &mut |_| {}).await.unwrap();
    let path = dir.path().join("projects/ausbau-lorawan-netz.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("title = \"Ausbau LoRaWAN-Netz\"", "title = \"Ausbau des LoRaWAN-Netzes\"", 1))
        .unwrap();

    let report = content::load(&db, dir.path(), &mut |_| {}).await.unwrap();
    assert_eq!((report.created, report.updated), (0, 1), "{report}");
    let (title, version): (String, i32) =
        sqlx::query_as("SELECT title, version FROM projects WHERE slug = 'ausbau-lorawan-netz'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(title, "Ausbau des LoRaWAN-Netzes");
    assert_eq!(version, 2);
    let (before, after): (serde_json::Value, serde_json::Value) = sqlx::query_as(
        "SELECT before, after FROM audit_log WHERE entity = 'projects' AND action = 'update' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(before["title"], "Ausbau LoRaWAN-Netz");
    assert_eq!(after["title"], "Ausbau des LoRaWAN-Netzes");
    assert_eq!(after["version"], 2);
}

#[tokio::test]
async fn an_edited_milestone_list_replaces_the_old_milestones() {
    let db = fresh_db().await;
    let dir = content_copy();
    content::load(&db, dir.path(), &mut |_| {}).await.unwrap();
    let path = dir.path().join("projects/ausbau-lorawan-netz.md");
    let text = std::fs::read_to_string(&path).unwrap();
    // Drop every milestone after the first (they stand before the final report).
    let second = text.match_indices("[[milestones]]").nth(1).unwrap().0;
    let report = text.find("[final_report]").unwrap();
    std::fs::write(&path, format!("{}{}", &text[..second], &text[report..])).unwrap();
    content::load(&db, dir.path(), &mut |_| {}).await.unwrap();
    let n = count(
        &db,
        "SELECT count(*) FROM milestones m JOIN projects p ON p.id = m.project_id WHERE p.slug = 'ausbau-lorawan-netz'",
    )
    .await;
    assert_eq!(n, 1);
    assert!(count(&db, "SELECT count(*) FROM audit_log WHERE entity = 'milestones' AND action = 'delete'").await >= 1);
}

async fn load_error(dir: &std::path::Path) -> Vec<String> {
    let db = fresh_db().await;
    match content::load(&db, dir, &mut |_| {}).await {
        Err(LoadError::Invalid(errors)) => {
            assert_eq!(count(&db, "SELECT count(*) FROM cities").await, 0, "nothing written");
            assert_eq!(count(&db, "SELECT count(*) FROM audit_log").await, 0, "nothing written");
            errors.iter().map(ToString::to_string).collect()
        }
        other => panic!("expected a content error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_malformed_file_is_reported_with_path_line_and_reason_and_nothing_is_written() {
    let dir = content_copy();
    let path = dir.path().join("projects/datenplattform.md");
    let text = std::fs::read_to_string(&path).unwrap();
    // Line 4 becomes invalid TOML.
    let mut lines: Vec<&str> = text.lines().collect();
    lines[3] = "status = final";
    std::fs::write(&path, lines.join("\n")).unwrap();
    let errors = load_error(dir.path()).await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("projects/datenplattform.md:4:"), "{errors:?}");
}

#[tokio::test]
async fn unknown_values_and_references_are_reported_and_nothing_is_written() {
    let dir = content_copy();
    let path = dir.path().join("projects/digitalpakete.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen("kind = \"flagship\"", "kind = \"leuchtturm\"", 1);
    let text = text.replacen("action_fields = [", "action_fields = [\"raumfahrt\", ", 1);
    std::fs::write(&path, text).unwrap();
    let errors = load_error(dir.path()).await;
    let joined = errors.join("\n");
    assert!(joined.contains("projects/digitalpakete.md:3: unbekannte Projektart 'leuchtturm'"), "{joined}");
    assert!(joined.contains("Handlungsfeld 'raumfahrt' gibt es nicht"), "{joined}");

    // A file that cannot be parsed at all is reported before references are checked.
    std::fs::write(dir.path().join("services/kaputt.md"), "title = \"ohne Kopf\"\n").unwrap();
    let errors = load_error(dir.path()).await.join("\n");
    assert!(errors.contains("services/kaputt.md:1: Die Datei muss mit einer Zeile '+++' beginnen"), "{errors}");
}

#[tokio::test]
async fn a_failing_load_leaves_the_previous_content_untouched() {
    let db = fresh_db().await;
    let dir = content_copy();
    content::load(&db, dir.path(), &mut |_| {}).await.unwrap();
    let before = snapshot(&db).await;
    let path = dir.path().join("projects/datenplattform.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        dir.path().join("projects/ausbau-lorawan-netz.md"),
        "+++\ntitle = \"Neu\"\nkind = \"quick_win\"\nstatus = \"idea\"\n+++\n",
    )
    .unwrap();
    std::fs::write(&path, text.replacen("status = ", "status = \"nope\"\nx = ", 1)).unwrap();
    assert!(content::load(&db, dir.path(), &mut |_| {}).await.is_err());
    assert_eq!(snapshot(&db).await, before);
}
