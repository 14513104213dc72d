//! Exporting a city's content as a content folder: the folder loads into an
//! empty database with the same public pages, carries every field of the demo
//! content, exporting again gives the same folder, and a folder that is not
//! empty is refused without writing anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{app_with, content_dir, demo_db, excerpt, fresh_db, get};
use sachstand::App;
use sachstand::content::{self, ContentSet, export::ExportReport};
use serde_json::{Value, json};
use sqlx::PgPool;

/// Exports `db`'s Mainz content into a new folder `inhalt` of a temporary folder.
async fn exported(db: &PgPool) -> (tempfile::TempDir, PathBuf, ExportReport) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("inhalt");
    let mut lines = Vec::new();
    let report = content::export::export(db, "mainz", &dir, &mut |l| lines.push(l.to_string())).await.expect("exports");
    assert!(lines.len() >= 8, "a progress line per kind: {lines:?}");
    (tmp, dir, report)
}

/// A new, empty database with `dir` loaded.
async fn loaded(dir: &Path) -> PgPool {
    let db = fresh_db().await;
    content::load(&db, dir, &mut |_| {}).await.unwrap_or_else(|e| panic!("the export loads: {e}"));
    db
}

async fn uncached_app(db: &PgPool) -> App {
    app_with(db.clone(), |c| c.page_cache = false).await
}

/// Every file below `dir` by relative path, with its text.
fn files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(folder) = todo.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(name, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

/// The public pages to compare: every list (with some filters and pages) and every detail page.
async fn public_uris(db: &PgPool) -> Vec<String> {
    let mut uris: Vec<String> = [
        "/",
        "/strategie",
        "/organisation",
        "/handlungsfelder",
        "/projekte",
        "/projekte?seite=2",
        "/projekte?art=flagship",
        "/projekte?status=implementation",
        "/projekte?handlungsfeld=digitale-verwaltung",
        "/projekte?thema=partizipation",
        "/projekte?einheit=organisationsentwicklung",
        "/meilensteine",
        "/online-dienste",
        "/online-dienste?seite=2",
        "/online-dienste?seite=3",
        "/online-dienste?seite=4",
        "/online-dienste?sortierung=fallzahl",
        "/online-dienste?sortierung=online-seit",
        "/online-dienste?status=online",
        "/online-dienste?zielgruppe=businesses",
        "/aktuelles",
        "/aktuelles?seite=2",
        "/aktuelles.atom",
        "/berichte",
        "/anfragen",
        "/suche?q=OZG",
        "/suche?q=Meilenstein",
        "/impressum",
        "/datenschutz",
        "/barrierefreiheit",
        "/leichte-sprache",
    ]
    .map(String::from)
    .into();
    for (prefix, sql) in [
        ("/handlungsfelder/", "SELECT slug FROM action_fields ORDER BY slug"),
        ("/projekte/", "SELECT slug FROM projects ORDER BY slug"),
        ("/online-dienste/", "SELECT slug FROM services ORDER BY slug"),
        ("/berichte/", "SELECT year::text FROM annual_reports ORDER BY year"),
        ("/anfragen/", "SELECT slug FROM council_inquiries ORDER BY slug"),
    ] {
        let keys: Vec<String> = sqlx::query_scalar(sql).fetch_all(db).await.unwrap();
        assert!(!keys.is_empty(), "{sql}");
        uris.extend(keys.into_iter().map(|k| format!("{prefix}{k}")));
    }
    uris
}

/// The first line in which two pages differ, from both (shortened).
fn difference(a: &str, b: &str) -> String {
    let short = |line: &str| line.chars().take(400).collect::<String>();
    match a.lines().zip(b.lines()).position(|(x, y)| x != y) {
        Some(i) => format!(
            "line {}:\noriginal: {}\nreloaded: {}",
            i + 1,
            short(a.lines().nth(i).unwrap()),
            short(b.lines().nth(i).unwrap())
        ),
        None => format!("{} lines against {} lines", a.lines().count(), b.lines().count()),
    }
}

/// The value of every `<updated>` element replaced: the feed dates entries by
/// `updated_at`, the moment each load wrote the row, which no folder carries.
fn without_feed_times(feed: &str) -> String {
    let mut out = String::new();
    let mut rest = feed;
    while let Some(start) = rest.find("<updated>") {
        let end = rest[start..].find("</updated>").expect("closed") + start;
        out.push_str(&rest[..start]);
        out.push_str("<updated>(Zeit des Ladens)");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// "Zuletzt geändert" of a content page is the day the load wrote the page. The
/// demo database was loaded earlier in this test process, possibly the day before.
async fn without_page_date(db: &PgPool, uri: &str, body: &str) -> String {
    let slug = uri.trim_start_matches('/');
    let Some(day) = sqlx::query_scalar::<_, chrono::NaiveDate>(
        "SELECT (updated_at AT TIME ZONE 'UTC')::date FROM pages WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(db)
    .await
    .unwrap() else {
        return body.to_string();
    };
    let shown =
        format!("Zuletzt geändert: <time datetime=\"{}\">{}</time>", day.format("%Y-%m-%d"), day.format("%d.%m.%Y"));
    assert!(body.contains(&shown), "{uri} shows the day of the last change as expected");
    body.replace(&shown, "Zuletzt geändert: (Tag des Ladens)")
}

/// Renders every public page from both databases and asserts that they are
/// byte-identical (but for the load times normalised above); returns the
/// compared bodies and how many of them were pages (200).
async fn assert_same_pages(original: &PgPool, copy: &PgPool) -> (String, usize) {
    let (before, after) = (uncached_app(original).await, uncached_app(copy).await);
    let (mut compared, mut ok) = (String::new(), 0);
    for uri in &public_uris(original).await {
        let (a, b) = (get(&before, uri).await, get(&after, uri).await);
        assert_eq!(a.status, b.status, "GET {uri}: {}", excerpt(&b.body));
        assert_eq!(a.content_type, b.content_type, "GET {uri}");
        let (mut a_body, mut b_body) = (a.body, b.body);
        if uri.ends_with(".atom") {
            (a_body, b_body) = (without_feed_times(&a_body), without_feed_times(&b_body));
        }
        if ["/impressum", "/datenschutz", "/barrierefreiheit", "/leichte-sprache"].contains(&uri.as_str()) {
            a_body = without_page_date(original, uri, &a_body).await;
            b_body = without_page_date(copy, uri, &b_body).await;
        }
        assert!(a_body == b_body, "GET {uri} differs after export and load:\n{}", difference(&a_body, &b_body));
        ok += usize::from(a.status == 200);
        compared.push_str(&b_body);
    }
    (compared, ok)
}

#[tokio::test]
async fn the_export_loads_into_an_empty_database_with_the_same_public_pages() {
    let original = demo_db().await;
    let (_tmp, dir, report) = exported(&original).await;
    let in_demo = |folder: &str| std::fs::read_dir(content_dir().join(folder)).unwrap().count() as u32;
    assert_eq!(
        (report.projects, report.services, report.updates, report.inquiries, report.archived),
        (in_demo("projects"), in_demo("services"), in_demo("updates"), in_demo("inquiries"), 0),
        "{report}"
    );
    assert!(report.milestones > 30, "{report}");
    let copy = loaded(&dir).await;
    let (compared, ok) = assert_same_pages(&original, &copy).await;
    assert!(ok > 120, "only {ok} of the compared addresses are pages");
    // The compared pages show the child lists an export could drop: milestones
    // with forecasts, SMART goals, measures, case numbers, resources, final
    // reports and the questions of an inquiry.
    for shown in [
        "EfA-Leistung „Digitales Wohngeld“ angebunden",
        "Die Schnittstelle zum Fachverfahren steht noch nicht zur Verfügung.",
        "Teilprojekt „OZG-Basis überarbeiten, Version 1.0“: Grundlagen",
        "38.900",
        "Welche Verwaltungsprozesse konnten vereinfacht werden?",
        "VZÄ",
        "Lessons Learned",
    ] {
        assert!(compared.contains(shown), "no compared page shows {shown:?}");
    }
    let smart_goal: String =
        sqlx::query_scalar("SELECT body_md FROM smart_goals ORDER BY project_id, position LIMIT 1")
            .fetch_one(&original)
            .await
            .unwrap();
    let words: String = smart_goal.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    assert!(compared.contains(&words), "no compared page shows the SMART goal {smart_goal:?}");
}

#[tokio::test]
async fn exporting_the_reloaded_database_gives_the_same_folder() {
    let (_tmp, first, report) = exported(&demo_db().await).await;
    let reloaded = loaded(&first).await;
    let (_tmp2, second, again) = exported(&reloaded).await;
    let (a, b) = (files(&first), files(&second));
    assert_eq!(a.len() as u32, report.files);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "the same files");
    for (name, text) in &a {
        assert_eq!(text, &b[name], "{name} differs in the second export");
    }
    assert_eq!(report, again);
    // Loading the export into the database it came from changes nothing.
    let load = content::load(&reloaded, &second, &mut |_| {}).await.unwrap();
    assert_eq!((load.created, load.updated), (0, 0), "{load}");
}

/// Every record of a content set as JSON: slug, front matter, body. The order
/// of links (`action_fields = [...]`) is not content, so those lists are sorted.
fn described(set: &ContentSet) -> Value {
    macro_rules! docs {
        ($docs:expr) => {
            $docs.iter().map(|d| json!([d.slug, d.meta, d.body])).collect::<Vec<_>>()
        };
    }
    let mut projects = docs!(set.projects);
    let mut inquiries = docs!(set.inquiries);
    for (records, lists) in
        [(&mut projects, &["action_fields", "themes", "services"][..]), (&mut inquiries, &["projects", "services"][..])]
    {
        for record in records.iter_mut() {
            for list in lists {
                if let Some(Value::Array(items)) = record[1].get_mut(*list) {
                    items.sort_by_key(|v| v.to_string());
                }
            }
        }
    }
    json!({
        "city": set.city.meta, "strategy": [set.strategy.meta, set.strategy.body],
        "goals": docs!(set.goals), "guidelines": docs!(set.guidelines), "themes": docs!(set.themes),
        "action_fields": docs!(set.action_fields), "org_units": set.org_units.meta, "bodies": docs!(set.bodies),
        "services": docs!(set.services), "projects": projects, "updates": docs!(set.updates),
        "reports": docs!(set.reports), "inquiries": inquiries, "pages": docs!(set.pages),
    })
}

#[tokio::test]
async fn the_export_carries_every_field_of_the_demo_content() {
    let (_tmp, dir, _) = exported(&demo_db().await).await;
    let demo = described(&content::read_content(&content_dir()).expect("the demo content reads"));
    let export = described(&content::read_content(&dir).expect("the export reads"));
    for (kind, records) in demo.as_object().unwrap() {
        let (Some(a), Some(b)) = (records.as_array(), export[kind].as_array()) else {
            assert_eq!(records, &export[kind], "{kind}");
            continue;
        };
        assert_eq!(a.len(), b.len(), "number of {kind}");
        for (a, b) in a.iter().zip(b) {
            assert_eq!(a, b, "{kind}: a record differs between the demo folder and the export");
        }
    }
    // Spot checks that the fields a page shows least are really there.
    let text = files(&dir);
    let ozg = &text["projects/ozg-umsetzung.md"];
    assert!(ozg.contains("forecast = 2027-03-31") && ozg.contains("[[milestones]]"), "{ozg}");
    assert!(text["services/meldebescheinigung.md"].contains("2023 = 38900"));
    assert!(text["inquiries/0730-2023.md"].contains("[[items]]"));
}

#[tokio::test]
async fn an_export_into_a_folder_that_is_not_empty_writes_nothing() {
    let db = demo_db().await;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notizen.txt"), "meins").unwrap();
    let err = content::export::export(&db, "mainz", tmp.path(), &mut |_| {}).await.expect_err("refused");
    assert!(err.to_string().contains("ist nicht leer; nichts wurde geschrieben"), "{err}");
    assert_eq!(files(tmp.path()).into_keys().collect::<Vec<_>>(), ["notizen.txt"]);

    let target = tmp.path().join("neu");
    let err = content::export::export(&db, "gibt-es-nicht", &target, &mut |_| {}).await.expect_err("no such city");
    assert!(err.to_string().contains("Die Stadt 'gibt-es-nicht' gibt es nicht"), "{err}");
    assert!(!target.exists(), "nothing was created");

    // An empty folder that already exists is fine.
    let empty = tempfile::tempdir().unwrap();
    let report = content::export::export(&db, "mainz", empty.path(), &mut |_| {}).await.expect("exports");
    assert_eq!(files(empty.path()).len() as u32, report.files);
    assert!(report.to_string().starts_with(&format!("{} Dateien: 4 Ziele", report.files)), "{report}");
}

const UPDATE: &str = "2026-11-02-parkraumdaten-ladesaeulen-verzoegert";

#[tokio::test]
async fn what_the_admin_area_can_do_beyond_the_demo_survives_or_is_named() {
    let db = demo_db().await;
    for sql in [
        // A dropped milestone is the one status the folder must state.
        "UPDATE milestones SET status = 'dropped' WHERE id = \
           (SELECT id FROM milestones WHERE status = 'open' ORDER BY id LIMIT 1)",
        // Gaps in positions: the loader numbers 1, 2, …; the order must stay.
        "UPDATE milestones SET position = position * 10 + 5",
        "UPDATE projects SET progress_override = 42 WHERE slug = 'datenplattform'",
        // An empty body.
        "UPDATE bodies SET body_md = '' WHERE slug = 'stadtrat'",
        // Archived: not exported, and links to it are dropped; public pages do not show it either.
        "UPDATE services SET archived_at = now() WHERE slug = 'efa-wohngeld'",
        "UPDATE final_reports SET review_comment = 'Bitte Zahlen prüfen' \
           WHERE id = (SELECT min(id) FROM final_reports)",
    ] {
        sqlx::query(sql).execute(&db).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    // Quotes, backslashes and triple quotes of both TOML string kinds, in a value and in a body.
    sqlx::query("UPDATE project_updates SET title = $1, body_md = $2 WHERE slug = $3")
        .bind(r#"Zitat „so“ "so" \ C:\pfad '''drei''' """drei""" ''''''"#)
        .bind("Erste Zeile\n\n    eingerückt\n'''\n\"\"\"\nEnde\\")
        .bind(UPDATE)
        .execute(&db)
        .await
        .unwrap();
    let (_tmp, dir, report) = exported(&db).await;
    assert_eq!(report.archived, 1, "{report}");
    let text = report.to_string();
    assert!(text.contains("1 archivierte Datensätze nicht exportiert"), "{text}");
    assert!(text.contains("Prüfkommentare zu Abschlussberichten"), "{text}");
    assert!(text.contains("Kennzahlen von 2 freigegebenen Sachstandsberichten"), "{text}");
    assert!(!files(&dir).contains_key("services/efa-wohngeld.md"));
    let copy = loaded(&dir).await;
    // The key figures frozen into released reports are not in the folder (the
    // report's note says so): the load froze them from what it loaded, without
    // the archived service. Only they are taken over before comparing.
    let frozen: Vec<(i32, Value)> =
        sqlx::query_as("SELECT year, key_figures FROM annual_reports WHERE key_figures IS NOT NULL")
            .fetch_all(&copy)
            .await
            .unwrap();
    assert_eq!(frozen.len(), 2);
    for (year, figures) in frozen {
        sqlx::query("UPDATE annual_reports SET key_figures = $1 WHERE year = $2")
            .bind(figures)
            .bind(year)
            .execute(&db)
            .await
            .unwrap();
    }
    assert_same_pages(&db, &copy).await;
    let dropped = "SELECT p.slug, m.title FROM milestones m JOIN projects p ON p.id = m.project_id \
                   WHERE m.status = 'dropped' ORDER BY 1, 2";
    let dropped_before: Vec<(String, String)> = sqlx::query_as(dropped).fetch_all(&db).await.unwrap();
    assert_eq!(dropped_before.len(), 1);
    assert_eq!(sqlx::query_as::<_, (String, String)>(dropped).fetch_all(&copy).await.unwrap(), dropped_before);
    let update = |db: PgPool| async move {
        sqlx::query_as::<_, (String, String)>("SELECT title, body_md FROM project_updates WHERE slug = $1")
            .bind(UPDATE)
            .fetch_one(&db)
            .await
            .unwrap()
    };
    assert_eq!(update(copy).await, update(db).await);
}

#[tokio::test]
async fn a_database_the_loader_would_refuse_is_not_exported() {
    let db = demo_db().await;
    // The database does not keep positions unique; the folder must.
    sqlx::query("UPDATE goals SET position = 1").execute(&db).await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("inhalt");
    let err = content::export::export(&db, "mainz", &target, &mut |_| {}).await.expect_err("refused");
    let text = err.to_string();
    assert!(text.contains("Der Export wäre so nicht ladbar") && text.contains("nichts wurde geschrieben"), "{text}");
    assert!(text.contains("goals/") && text.contains("position 1 ist in diesem Ordner doppelt"), "{text}");
    assert!(!target.exists(), "nothing was created");

    // A line `+++` inside a value would end the front matter early.
    sqlx::query("UPDATE goals SET position = id").execute(&db).await.unwrap();
    sqlx::query("UPDATE inquiry_items SET answer_md = E'Vorher\n+++\nNachher' WHERE position = 1")
        .execute(&db)
        .await
        .unwrap();
    let err = content::export::export(&db, "mainz", &target, &mut |_| {}).await.expect_err("refused");
    assert!(err.to_string().contains("inquiries/0730-2023.md: ein Wert enthält eine Zeile „+++“"), "{err}");
    assert!(!target.exists(), "nothing was created");
}
