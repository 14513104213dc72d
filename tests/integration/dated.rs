//! Any public page as of a date (`?stand=`, issue 12): the demo's dated
//! history, pages of a past day that today's changes never alter, links that
//! keep the date, Memento headers, and clear 400s outside the history.

use axum::http::StatusCode;
use chrono::{Days, NaiveDate};
use sqlx::PgPool;

use crate::common::{app_with, attrs, demo_app, demo_db, get, html};

fn yesterday() -> NaiveDate {
    sachstand::model::Date::today().0.checked_sub_days(Days::new(1)).unwrap()
}

/// Moves every recorded version (and the audit log) `days` into the past, as
/// if the content had been loaded then: "yesterday" then shows the loaded state.
async fn age_history(db: &PgPool, days: i32) {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_name LIKE '%\\_versions' AND table_name NOT LIKE '%tallies\\_versions'",
    )
    .fetch_all(db)
    .await
    .unwrap();
    assert!(tables.len() >= 20, "every public table has its versions: {tables:?}");
    for t in tables {
        sqlx::query(&format!(
            "UPDATE {t} SET valid = tstzrange(lower(valid) - make_interval(days => $1), upper(valid) - make_interval(days => $1)) \
             WHERE NOT from_content"
        ))
        .bind(days)
        .execute(db)
        .await
        .unwrap();
    }
    sqlx::query("UPDATE audit_log SET at = at - make_interval(days => $1)").bind(days).execute(db).await.unwrap();
    // The tallies' versions follow from the records' (migration 0015).
    sqlx::query("SELECT rebuild_tally_versions(id) FROM cities").execute(db).await.unwrap();
}

#[tokio::test]
async fn the_demo_on_12_may_2023_shows_the_65_online_services_of_the_citys_answer() {
    let (app, _db) = demo_app().await;
    let api = get(&app, "/api/v1/services?stand=2023-05-12&pro_seite=100").await;
    assert_eq!(api.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["stand"], "2023-05-12");
    let online = json["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| matches!(s["status"].as_str(), Some("online" | "online_rework")))
        .count();
    assert_eq!(online, 65, "answer to inquiry 0730/2023: 65 digital application flows on 12.05.2023");
    // … provided within the 16 months before: the record begins with the first of them.
    let before = get(&app, "/api/v1/services?stand=2022-01-12").await;
    assert_eq!(before.status, StatusCode::BAD_REQUEST);
    assert!(before.body.contains("Die Aufzeichnungen beginnen am 13.01.2022"), "{}", before.body);
    let first = get(&app, "/api/v1/services?stand=2022-01-13&pro_seite=100").await;
    let json: serde_json::Value = serde_json::from_str(&first.body).unwrap();
    assert_eq!(json["data"].as_array().unwrap().len(), 1, "one service went online on 13.01.2022");

    // The overview and the catalogue of that day say the same, with the banner and the date.
    let overview = html(&app, "/?stand=2023-05-12").await;
    assert!(overview.contains("Sie sehen den Stand vom <time datetime=\"2023-05-12\">12.05.2023</time>"));
    let figures = crate::common::texts(&overview, ".stat");
    assert!(figures.iter().any(|t| t.contains("65 von 68")), "{figures:?}");
    let list = html(&app, "/online-dienste?stand=2023-05-12&status=online").await;
    assert!(list.contains("von 65"), "{}", crate::common::texts(&list, ".list-count").join(" | "));
    // A project the answer describes has the status it had then, from the answer.
    let project = html(&app, "/projekte/robotic-process-automation?stand=2023-05-12").await;
    assert!(project.contains("In operativer Klärung"), "RPA was initiated and in clarification on 12.05.2023");
    // Dates from the examples are marked like other example data.
    assert!(overview.contains("Hinweis zu Beispieldaten"));

    // Each released report froze the figures of its release day, so the years differ.
    let figures = |year: i32| {
        let app = app.clone();
        async move {
            let page = get(&app, &format!("/api/v1/reports/{year}")).await;
            let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
            json["data"]["key_figures"].clone()
        }
    };
    let (y2023, y2024) = (figures(2023).await, figures(2024).await);
    assert_eq!(y2023["as_of"], "2023-12-15", "{y2023}");
    assert_ne!(y2023["projects_total"], y2024["projects_total"], "{y2023} {y2024}");
    let levels = y2023["services_online_by_maturity"].as_array().expect("the breakdown by maturity level");
    let sum: i64 = levels.iter().map(|l| l["count"].as_i64().unwrap()).sum();
    assert_eq!(sum, y2023["services_online"].as_i64().unwrap(), "{levels:?}");
}

#[tokio::test]
async fn a_change_made_today_does_not_alter_yesterdays_page() {
    let db = demo_db().await;
    age_history(&db, 2).await;
    // Without the page cache: the database itself must keep the past.
    let app = app_with(db.clone(), |c| c.page_cache = false).await;
    let day = yesterday().format("%Y-%m-%d").to_string();
    let pages = [
        format!("/projekte/arbeitsplatz-der-zukunft?stand={day}"),
        format!("/projekte?stand={day}"),
        format!("/?stand={day}"),
        format!("/meilensteine?stand={day}"),
        format!("/suche?q=Arbeitsplatz&stand={day}"),
        format!("/aktuelles.atom?stand={day}"),
        format!("/api/v1/projects/arbeitsplatz-der-zukunft?stand={day}"),
    ];
    let mut before = Vec::new();
    for uri in &pages {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        before.push(page.body);
    }
    assert!(before[0].contains("Arbeitsplatz der Zukunft"));

    sqlx::query(
        "UPDATE projects SET title = 'Arbeitsplatz 2030', status = 'paused', progress_override = 10, version = version + 1 \
         WHERE slug = 'arbeitsplatz-der-zukunft'",
    )
    .execute(&db)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE milestones SET status = 'dropped', achieved_on = NULL FROM projects p \
         WHERE p.id = milestones.project_id AND p.slug = 'arbeitsplatz-der-zukunft'",
    )
    .execute(&db)
    .await
    .unwrap();

    for (uri, old) in pages.iter().zip(&before) {
        let page = get(&app, uri).await;
        assert_eq!(&page.body, old, "{uri} changed after today's edit");
    }
    let today = html(&app, "/projekte/arbeitsplatz-der-zukunft").await;
    assert!(today.contains("Arbeitsplatz 2030") && today.contains("Pausiert"));
    assert!(!before[0].contains("Arbeitsplatz 2030"));
    // The page lists the day of the change among its earlier states.
    let iso = sachstand::model::Date::today().iso();
    assert!(today.contains(&format!("?stand={iso}\"")), "today is one of the project's state dates");
}

#[tokio::test]
async fn dated_pages_keep_the_date_in_links_and_forms_and_carry_memento_headers() {
    let (app, _db) = demo_app().await;
    for uri in [
        "/?stand=2023-05-12",
        "/projekte?stand=2023-05-12&art=flagship",
        "/projekte/arbeitsplatz-der-zukunft?stand=2023-05-12",
        "/online-dienste?stand=2023-05-12",
        "/meilensteine?stand=2023-05-12",
        "/strategie?stand=2023-05-12",
    ] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        for href in attrs(&page.body, "a[href^='/']:not([data-undated]), link[href^='/']", "href") {
            assert!(href.starts_with("/static/") || href.contains("stand=2023-05-12"), "{uri}: {href} loses the date");
        }
        let undated = attrs(&page.body, "a[data-undated]", "href");
        assert_eq!(undated.len(), 1, "{uri}: one link to today");
        assert!(!undated[0].contains("stand="), "{uri}: {undated:?}");
        // Every GET form sends the date along (the date picker sends its own).
        let kept = attrs(&page.body, "form.site-search input[type=hidden][name=stand]", "value");
        assert_eq!(kept, ["2023-05-12"], "{uri}");
        assert!(page.body.contains(r#"name="stand" type="date""#), "{uri}: the date picker");

        assert_eq!(page.headers["memento-datetime"], "Fri, 12 May 2023 21:59:59 GMT", "{uri}");
        let link = page.headers["link"].to_str().unwrap();
        let original = uri.replace("?stand=2023-05-12&", "?").replace("?stand=2023-05-12", "");
        assert!(link.contains(&format!("{original}>; rel=\"original\"")), "{uri}: {link}");
        assert_eq!(page.headers["cache-control"], "public, max-age=86400", "{uri}");
    }
    // Pages of today carry neither.
    let today = get(&app, "/").await;
    assert!(!today.headers.contains_key("memento-datetime"));
    assert!(!today.body.contains("Sie sehen den Stand"));
    assert!(today.body.contains(r#"name="stand" type="date""#), "the picker is on today's page too");
}

#[tokio::test]
async fn dates_outside_the_recorded_history_are_a_400_with_a_german_message() {
    let (app, _db) = demo_app().await;
    let future = sachstand::model::Date::today().0.checked_add_days(Days::new(3)).unwrap();
    for (uri, message) in [
        (format!("/?stand={}", future.format("%Y-%m-%d")), "liegt in der Zukunft".to_string()),
        ("/projekte?stand=2019-01-01".into(), "Die Aufzeichnungen beginnen am 13.01.2022".into()),
        ("/projekte?stand=12.5.23x".into(), "ist kein gültiges Datum (Parameter „stand“)".into()),
        ("/online-dienste?stand=2023-02-30".into(), "erwartet wird JJJJ-MM-TT".into()),
    ] {
        let page = get(&app, &uri).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(page.content_type.starts_with("text/html"), "{uri}: the styled error page");
        assert!(page.body.contains(&message), "{uri}: {}", crate::common::excerpt(&page.body));
    }
    // The German form is understood too, and a project that did not exist then is a 404.
    assert_eq!(get(&app, "/?stand=12.05.2023").await.status, StatusCode::OK);
    let later = get(&app, "/projekte/gruendungslotse-digital?stand=2023-05-12").await;
    assert_eq!(later.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn dated_history_in_the_content_is_checked_and_survives_an_export() {
    let (_app, db) = demo_app().await;
    let states: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.slug, v.status FROM projects_versions v JOIN projects p ON p.id = v.id \
         WHERE v.from_content AND v.valid @> '2023-05-12 12:00+02'::timestamptz ORDER BY p.slug",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert!(states.iter().any(|(s, st)| s == "ozg-umsetzung" && st == "implementation"), "{states:?}");
    // Exported content names the same entries, and a reload of the export changes nothing in the past.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    sachstand::content::export::export(&db, "mainz", &out, &mut |_| {}).await.expect("export");
    let rpa = std::fs::read_to_string(out.join("projects/robotic-process-automation.md")).unwrap();
    assert!(rpa.contains("[[history]]") && rpa.contains("on = 2023-05-12"), "{rpa}");
    let sperrmuell = std::fs::read_to_string(out.join("services/sperrmuell-anmelden.md")).unwrap();
    assert!(!sperrmuell.contains("[[history]]"), "online_since alone needs no entry");
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM projects_versions WHERE from_content")
            .fetch_one(&db)
            .await
            .unwrap()
    };
    let before = count().await;
    let services_before: Vec<(i64, String, i16)> = sqlx::query_as(
        "SELECT id, maturity_model, maturity FROM services_versions WHERE from_content ORDER BY id, lower(valid)",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    // A rating on model 2.0 is exported with its model, its day and the earlier rating on 1.1.
    let vehicle = std::fs::read_to_string(out.join("services/fahrzeug-ausserbetriebsetzung.md")).unwrap();
    for line in ["maturity_model = \"2.0\"", "maturity_rated_on = 2026-02-02", "maturity_model = \"1.1\""] {
        assert!(vehicle.contains(line), "{line}: {vehicle}");
    }
    sachstand::content::load(&db, &out, &mut |_| {}).await.expect("the export loads");
    assert_eq!(count().await, before);
    let services_after: Vec<(i64, String, i16)> = sqlx::query_as(
        "SELECT id, maturity_model, maturity FROM services_versions WHERE from_content ORDER BY id, lower(valid)",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(services_after, services_before);

    // An entry without a source must say that it is illustrative.
    let bad = crate::common::content_copy();
    let path = bad.path().join("projects/robotic-process-automation.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("source = \"Antwort zur Anfrage 0730/2023, Frage 2\"\n\n[[milestones]]", "\n[[milestones]]"),
    )
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("[[history]]"));
    let fresh = crate::common::fresh_db().await;
    let err = sachstand::content::load(&fresh, bad.path(), &mut |_| {}).await.expect_err("refused");
    assert!(format!("{err:#}").contains("illustrative = true"), "{err:#}");
}

/// (month "2023-05", series label) → value, as drawn in the chart's SVG.
fn drawn(body: &str, chart: &str) -> std::collections::BTreeMap<(String, String), i64> {
    let doc = scraper::Html::parse_document(body);
    let rects = crate::common::selector(&format!("svg[aria-labelledby^='{chart}-'] rect[data-value]"));
    doc.select(&rects)
        .map(|r| {
            let a = |n: &str| r.value().attr(n).unwrap().to_string();
            ((a("data-month"), a("data-series")), a("data-value").parse().unwrap())
        })
        .collect()
}

/// The same from the chart's table (zeros left out, as the SVG draws none).
fn tabled(body: &str, chart: &str) -> std::collections::BTreeMap<(String, String), i64> {
    let doc = scraper::Html::parse_document(body);
    let table = doc.select(&crate::common::selector(&format!("#{chart}-daten"))).next().expect("the chart's table");
    let heads: Vec<String> =
        table.select(&crate::common::selector("thead th")).map(|h| h.text().collect::<String>()).collect();
    let mut out = std::collections::BTreeMap::new();
    for row in table.select(&crate::common::selector("tbody tr")) {
        let month: String = row.select(&crate::common::selector("th")).next().unwrap().text().collect();
        let month = label_to_month(&month);
        for (i, cell) in row.select(&crate::common::selector("td")).enumerate() {
            let series = &heads[i + 1];
            let value: i64 = cell.text().collect::<String>().parse().unwrap();
            if series != "Summe" && value != 0 {
                out.insert((month.clone(), series.clone()), value);
            }
        }
    }
    out
}

fn label_to_month(label: &str) -> String {
    let (name, year) = label.rsplit_once(' ').unwrap();
    const NAMES: [&str; 12] =
        ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez."];
    let month = NAMES.iter().position(|n| *n == name).unwrap() + 1;
    format!("{year}-{month:02}")
}

#[tokio::test]
async fn the_charts_draw_the_numbers_of_their_tables_and_csv_files() {
    let (app, _db) = demo_app().await;
    let overview = html(&app, "/").await;
    for (chart, csv) in [
        ("verlauf-projekte", "/verlauf/projekte.csv"),
        ("verlauf-meilensteine", "/verlauf/meilensteine.csv"),
        ("verlauf-dienste-1-1", "/verlauf/online-dienste.csv"),
        ("verlauf-dienste-2-0", "/verlauf/online-dienste-2.0.csv"),
    ] {
        let svg = drawn(&overview, chart);
        assert!(!svg.is_empty(), "{chart} draws bars");
        assert_eq!(svg, tabled(&overview, chart), "{chart}: SVG and table");
        // The CSV has every month and the same numbers (columns are "code (label)").
        let file = get(&app, csv).await;
        assert_eq!(file.status, StatusCode::OK, "{csv}");
        let mut reader =
            csv::ReaderBuilder::new().delimiter(b';').from_reader(file.body.trim_start_matches('\u{feff}').as_bytes());
        let heads: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        let mut from_csv = std::collections::BTreeMap::new();
        for row in reader.records() {
            let row = row.unwrap();
            for (i, value) in row.iter().enumerate().skip(2) {
                let label = heads[i].split_once(" (").unwrap().1.trim_end_matches(')').to_string();
                let value: i64 = value.parse().unwrap();
                if value != 0 {
                    from_csv.insert((row[0].to_string(), label), value);
                }
            }
        }
        assert_eq!(svg, from_csv, "{chart}: SVG and CSV");
    }
    // Each chart has a name and a description, and the patterns tell the series apart without colour.
    assert!(overview.contains("role=\"img\" aria-labelledby=\"verlauf-dienste-1-1-title verlauf-dienste-1-1-desc\""));
    assert!(overview.contains("<pattern id=\"verlauf-dienste-1-1-p"));

    // On 12 May 2023 the services chart ends with that day: 65 online.
    let dated = html(&app, "/?stand=2023-05-12").await;
    let may: i64 =
        drawn(&dated, "verlauf-dienste-1-1").iter().filter(|((m, _), _)| m == "2023-05").map(|(_, v)| v).sum();
    assert_eq!(may, 65);
    assert!(!drawn(&dated, "verlauf-dienste-1-1").keys().any(|(m, _)| m.as_str() > "2023-05"), "nothing after the day");
    // The catalogue shows the same chart on its unfiltered first page only.
    assert!(html(&app, "/online-dienste").await.contains("id=\"verlauf-dienste-1-1-daten\""));
    assert!(!html(&app, "/online-dienste?status=online").await.contains("id=\"verlauf-dienste-1-1-daten\""));
}

/// The maturity model of 2.0 does not continue the scale of 1.1: each rating
/// keeps its model and day, and pages, filters, charts, the API and the frozen
/// report figures count each model on its own.
#[tokio::test]
async fn ratings_on_the_two_maturity_models_stay_apart() {
    let (app, db) = demo_app().await;
    // The demo re-rated three example services on model 2.0; its 2023 ratings stay on 1.1.
    let rerated: Vec<(String, i16, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT slug, maturity, maturity_rated_on FROM services WHERE maturity_model = '2.0' ORDER BY slug",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(rerated.len(), 3, "{rerated:?}");
    let vehicle = html(&app, "/online-dienste/fahrzeug-ausserbetriebsetzung").await;
    assert!(vehicle.contains("5 – Prozessorientierung und Datenzentrierung, nach dem"), "{vehicle}");
    assert!(vehicle.contains("Reifegradmodell 2.0</a>, bewertet am <time datetime=\"2026-02-02\">02.02.2026</time>"));
    assert!(!vehicle.contains("(OZG-konform"), "model 2.0 names no threshold");
    let before = html(&app, "/online-dienste/fahrzeug-ausserbetriebsetzung?stand=2025-12-01").await;
    assert!(before.contains("4 – Online-Transaktion, nach dem"), "the earlier rating on 1.1");
    assert!(before.contains("(OZG-konform: ab Reifegrad 3)"));

    // Filters name a model and a level; a level outside the model's scale is a clear 400.
    let list = html(&app, "/online-dienste?reifegrad=2.0-5").await;
    assert!(list.contains("von 1 Online-Dienst") || list.contains("1 Online-Dienst"), "{list}");
    assert!(list.contains("/online-dienste/fahrzeug-ausserbetriebsetzung"));
    let wrong = get(&app, "/online-dienste?reifegrad=1.1-5").await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains("„1.1-5“ ist kein gültiger Wert für den Reifegrad"), "{}", wrong.body);
    let old_address = html(&app, "/online-dienste?reifegrad=4").await;
    assert!(!old_address.contains("/online-dienste/fahrzeug-ausserbetriebsetzung\""), "level 4 of 1.1 only");

    // One chart per model: today both, on 12 May 2023 only model 1.1; the stacks never add the scales up.
    let catalogue = html(&app, "/online-dienste").await;
    let latest = |chart: &str| {
        let drawn = drawn(&catalogue, chart);
        let month = drawn.keys().map(|(m, _)| m.clone()).max().unwrap();
        drawn.iter().filter(|((m, _), _)| *m == month).map(|(_, v)| *v).sum::<i64>()
    };
    let online: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM services WHERE status IN ('online', 'online_rework') AND archived_at IS NULL",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(latest("verlauf-dienste-2-0"), 3);
    assert_eq!(latest("verlauf-dienste-1-1"), online - 3);
    assert!(!html(&app, "/?stand=2023-05-12").await.contains("verlauf-dienste-2-0"));

    // "OZG-konform" counts model 1.1 from level 3, and says so.
    let on_v1: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM services WHERE status IN ('online', 'online_rework') AND archived_at IS NULL \
         AND maturity_model = '1.1' AND maturity >= 3",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let mut conn = db.acquire().await.unwrap();
    let city: i64 = sqlx::query_scalar("SELECT id FROM cities").fetch_one(&mut *conn).await.unwrap();
    let figures = sachstand::model::overview::report_figures(&mut conn, city).await.unwrap();
    assert_eq!(figures.services_ozg_level, on_v1);
    let codes: Vec<&str> = figures.services_online_by_maturity.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes.len(), 5 + 8, "both scales, each whole: {codes:?}");
    assert!(codes.contains(&"1.1-4") && codes.contains(&"2.0-7"));
    let v2: i64 =
        figures.services_online_by_maturity.iter().filter(|c| c.code.starts_with("2.0-")).map(|c| c.count).sum();
    assert_eq!(v2, 3);
    // The report of 2023, frozen at its release, knows model 1.1 only.
    let report = get(&app, "/api/v1/reports/2023").await;
    let json: serde_json::Value = serde_json::from_str(&report.body).unwrap();
    let frozen = json["data"]["key_figures"]["services_online_by_maturity"].as_array().unwrap().clone();
    assert!(frozen.iter().all(|c| c["code"].as_str().unwrap().starts_with("1.1-")), "{frozen:?}");

    // The API names the model and the day of each rating.
    let api = get(&app, "/api/v1/services/fahrzeug-ausserbetriebsetzung").await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["data"]["maturity_model"], "2.0", "{json}");
    assert_eq!(json["data"]["maturity"], 5);
    assert_eq!(json["data"]["maturity_rated_on"], "2026-02-02");
}

/// A rating on model 2.0 dated before July 2025, a level outside its model's
/// scale, or a 2.0 rating carried back over a past without its own rating: refused.
#[tokio::test]
async fn content_ratings_are_checked_against_their_model() {
    let bad = crate::common::content_copy();
    let path = bad.path().join("services/fahrzeug-ausserbetriebsetzung.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let early = text.replace("maturity_rated_on = 2026-02-02", "maturity_rated_on = 2024-02-02");
    std::fs::write(&path, &early).unwrap();
    let err =
        sachstand::content::load(&crate::common::fresh_db().await, bad.path(), &mut |_| {}).await.expect_err("refused");
    assert!(format!("{err:#}").contains("das Modell gilt erst seit dem 01.07.2025"), "{err:#}");

    // Without its [[history]], today's 2.0 rating would reach back to 2022.
    let history = text.find("\n[[history]]").unwrap();
    let front_matter_end = text[3..].find("+++").unwrap() + 3;
    std::fs::write(&path, format!("{}\n{}", &text[..history], &text[front_matter_end..])).unwrap();
    let library = bad.path().join("services/bibliotheksausweis.md");
    let text = std::fs::read_to_string(&library).unwrap();
    std::fs::write(
        &library,
        text.replacen("maturity = 3\nmaturity_model = \"1.1\"", "maturity = 6\nmaturity_model = \"1.1\"", 1),
    )
    .unwrap();
    let err = format!(
        "{:#}",
        sachstand::content::load(&crate::common::fresh_db().await, bad.path(), &mut |_| {}).await.expect_err("refused")
    );
    assert!(err.contains("maturity (Reifegrad) muss nach dem Reifegradmodell 1.1 zwischen 0 und 4 liegen"), "{err}");
    assert!(err.contains("bitte den früheren Reifegrad als [[history]]-Eintrag angeben"), "{err}");
}
