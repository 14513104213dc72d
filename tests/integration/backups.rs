//! `sachstand backup` and `sachstand restore`, run as the installed binary
//! against a database of their own.

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Output};

use axum::http::StatusCode;
use sqlx::PgPool;

use crate::common::{self, demo_db};

fn sachstand(db: &PgPool, args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .args(args)
        .env("DATABASE_URL", common::database_url(db))
        .env("RUST_LOG", "error")
        .output()
        .expect("the binary runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// The public pages a visitor could open, rendered without the page cache.
async fn public_pages(db: &PgPool) -> Vec<(String, String)> {
    let app = common::app_with(db.clone(), |c| c.page_cache = false).await;
    let projects: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM projects ORDER BY slug").fetch_all(db).await.unwrap();
    let services: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM services ORDER BY slug").fetch_all(db).await.unwrap();
    let mut uris: Vec<String> = [
        "/",
        "/strategie",
        "/organisation",
        "/handlungsfelder",
        "/projekte",
        "/online-dienste",
        "/meilensteine",
        "/aktuelles",
        "/aktuelles.atom",
        "/berichte",
        "/anfragen",
        "/suche?q=Digitalisierung",
        "/impressum",
    ]
    .map(String::from)
    .into();
    uris.extend(projects.iter().map(|s| format!("/projekte/{s}")));
    uris.extend(services.iter().map(|s| format!("/online-dienste/{s}")));
    let mut pages = Vec::new();
    for uri in uris {
        let page = common::get(&app, &uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        pages.push((uri, page.body));
    }
    pages
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_wipe_restore_gives_byte_identical_public_pages() {
    let db = demo_db().await;
    common::user(&db, "admin@example.org", sachstand::admin::roles::Role::Admin).await;
    let before = public_pages(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sachstand.dump");
    let backup = sachstand(&db, &["backup".as_ref(), file.as_os_str()]);
    assert!(backup.status.success(), "{}", text(&backup));
    assert!(text(&backup).contains("Sicherung geschrieben"), "{}", text(&backup));
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the backup holds password hashes");

    // The server is lost: nothing is left of the portal's tables.
    sqlx::query("DROP SCHEMA public CASCADE").execute(&db).await.unwrap();
    sqlx::query("DROP SCHEMA asof CASCADE").execute(&db).await.unwrap();
    sqlx::query("CREATE SCHEMA public").execute(&db).await.unwrap();
    let restore = sachstand(&db, &["restore".as_ref(), file.as_os_str()]);
    assert!(restore.status.success(), "{}", text(&restore));

    let after = public_pages(&db).await;
    assert_eq!(before.len(), after.len());
    for ((uri, old), (_, new)) in before.iter().zip(&after) {
        assert!(old == new, "{uri} differs after the restore");
    }
    // Accounts and history came back too.
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&db).await.unwrap();
    assert_eq!(users, 1);
    let audits: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log").fetch_one(&db).await.unwrap();
    assert!(audits > 0);
}

async fn project_count(db: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM projects").fetch_one(db).await.unwrap()
}

#[tokio::test]
async fn restoring_a_file_that_is_no_backup_says_so_and_changes_nothing() {
    let db = demo_db().await;
    let before = project_count(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notizen.dump");
    std::fs::write(&file, "Das ist keine Sicherung.\n").unwrap();
    let restore = sachstand(&db, &["restore".as_ref(), file.as_os_str()]);
    assert!(!restore.status.success());
    assert!(text(&restore).contains("ist keine Sicherung dieses Portals"), "{}", text(&restore));
    assert!(text(&restore).contains("Es wurde nichts geändert"));
    let missing = sachstand(&db, &["restore".as_ref(), dir.path().join("fehlt.dump").as_os_str()]);
    assert!(!missing.status.success() && text(&missing).contains("gibt es nicht"), "{}", text(&missing));
    assert_eq!(project_count(&db).await, before);
}

#[tokio::test]
async fn restoring_a_backup_of_a_newer_schema_is_refused_and_changes_nothing() {
    // A backup taken by a (future) portal whose schema has one more migration.
    let newer = demo_db().await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99990101000000, 'from the future', true, '\\x00', 0)",
    )
    .execute(&newer)
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("neuer.dump");
    assert!(sachstand(&newer, &["backup".as_ref(), file.as_os_str()]).status.success());

    let db = demo_db().await;
    sqlx::query("DELETE FROM projects WHERE slug = 'datenplattform'").execute(&db).await.ok();
    let before = project_count(&db).await;
    let restore = sachstand(&db, &["restore".as_ref(), file.as_os_str()]);
    assert!(!restore.status.success());
    assert!(text(&restore).contains("stammt von einer neueren Version"), "{}", text(&restore));
    assert_eq!(project_count(&db).await, before, "nothing changed");
}

#[tokio::test]
async fn a_backup_that_breaks_halfway_changes_nothing() {
    let db = demo_db().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sachstand.dump");
    assert!(sachstand(&db, &["backup".as_ref(), file.as_os_str()]).status.success());
    // Cut the file: its table of contents is still readable, the data is not.
    let bytes = std::fs::read(&file).unwrap();
    let cut = dir.path().join("abgeschnitten.dump");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    sqlx::query("UPDATE projects SET title = 'Nach der Sicherung geändert' WHERE slug = 'datenplattform'")
        .execute(&db)
        .await
        .unwrap();
    let restore = sachstand(&db, &["restore".as_ref(), cut.as_os_str()]);
    assert!(!restore.status.success(), "{}", text(&restore));
    assert!(text(&restore).contains("nichts geändert"), "{}", text(&restore));
    let title: String =
        sqlx::query_scalar("SELECT title FROM projects WHERE slug = 'datenplattform'").fetch_one(&db).await.unwrap();
    assert_eq!(title, "Nach der Sicherung geändert", "the database is as it was before the attempt");
}

#[tokio::test]
async fn export_content_writes_a_folder_that_load_content_reads_again() {
    let db = demo_db().await;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("inhalte");
    let export = sachstand(&db, &["export-content".as_ref(), folder.as_os_str()]);
    assert!(export.status.success(), "{}", text(&export));
    assert!(text(&export).contains("Inhalte geschrieben"), "{}", text(&export));
    let again = sachstand(&db, &["export-content".as_ref(), folder.as_os_str()]);
    assert!(!again.status.success() && text(&again).contains("nicht leer"), "{}", text(&again));
    let empty = common::fresh_db().await;
    let load = sachstand(&empty, &["load-content".as_ref(), folder.as_os_str()]);
    assert!(load.status.success(), "{}", text(&load));
    assert_eq!(project_count(&empty).await, project_count(&db).await);
}
