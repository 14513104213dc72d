//! The JSON API: the HTML lists' filters and pages, problem details, validators
//! with 304, CORS, and records that match the database. The property run
//! against the OpenAPI document (schemathesis) is in `scripts/test`.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::common::{self, demo_app, demo_db, get, test_config};

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", common::excerpt(body)))
}

async fn ok_json(app: &sachstand::App, uri: &str) -> (Value, axum::http::HeaderMap) {
    let page = get(app, uri).await;
    assert_eq!(page.status, StatusCode::OK, "GET {uri}: {}", common::excerpt(&page.body));
    assert_eq!(page.content_type, "application/json", "GET {uri}");
    assert_eq!(page.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*", "GET {uri} is open to every origin");
    (json(&page.body), page.headers)
}

/// GET with one request header; status, headers and body.
async fn get_with(
    app: &sachstand::App,
    uri: &str,
    name: header::HeaderName,
    value: &str,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let request = Request::get(uri).header(name, value).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

#[tokio::test]
async fn the_project_list_takes_the_html_filters_and_pages_and_links_them() {
    let (app, db) = demo_app().await;
    let quick_wins: i64 =
        sqlx::query_scalar("SELECT count(*) FROM projects WHERE kind = 'quick_win' AND archived_at IS NULL")
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(quick_wins > 2, "the demo has several quick wins");
    let (body, headers) = ok_json(&app, "/api/v1/projects?art=quick_win&pro_seite=2").await;
    let data = body["data"].as_array().unwrap();
    assert_eq!(data.len(), 2);
    assert!(data.iter().all(|p| p["kind"] == "quick_win"), "{data:?}");
    assert_eq!(body["pagination"]["total"], quick_wins);
    assert_eq!(body["pagination"]["page_size"], 2);
    assert_eq!(body["pagination"]["pages"], (quick_wins + 1) / 2);
    assert_eq!(body["stand"], sachstand::model::Date::today().iso());
    let next = body["links"]["next"].as_str().expect("a next page");
    assert!(next.ends_with("/api/v1/projects?art=quick_win&pro_seite=2&seite=2"), "{next}");
    assert!(body["links"].get("prev").is_none(), "the first page has no previous one");
    let link = headers[header::LINK].to_str().unwrap();
    assert!(link.contains(&format!("<{next}>; rel=\"next\"")), "{link}");
    // Every record says where it comes from and whether it is example data.
    for p in data {
        assert!(p["source_ref"].is_string() && p["illustrative"].is_boolean() && p["modified"].is_string(), "{p}");
        assert!(p["web_url"].as_str().unwrap().ends_with(&format!("/projekte/{}", p["slug"].as_str().unwrap())));
    }
    // The second page follows on without overlap, in the same stable order.
    let (second, _) = ok_json(&app, "/api/v1/projects?art=quick_win&pro_seite=2&seite=2").await;
    let slugs = |v: &Value| v["data"].as_array().unwrap().iter().map(|p| p["slug"].to_string()).collect::<Vec<_>>();
    assert!(slugs(&second).iter().all(|s| !slugs(&body).contains(s)));
    // A page past the end is empty, not an error, and links back.
    let (beyond, _) = ok_json(&app, "/api/v1/projects?art=quick_win&pro_seite=2&seite=99").await;
    assert_eq!(beyond["data"].as_array().unwrap().len(), 0);
    assert!(beyond["links"]["prev"].as_str().unwrap().ends_with(&format!("seite={}", (quick_wins + 1) / 2)));
}

#[tokio::test]
async fn bad_parameters_and_unknown_records_are_german_problem_details() {
    let (app, _db) = demo_app().await;
    for (uri, status, needle) in [
        ("/api/v1/projects?art=boot", StatusCode::BAD_REQUEST, "„boot“ ist kein gültiger Wert"),
        ("/api/v1/projects?handlungsfeld=mond", StatusCode::BAD_REQUEST, "Erlaubt sind: "),
        ("/api/v1/services?pro_seite=101", StatusCode::BAD_REQUEST, "von 1 bis 100"),
        ("/api/v1/services?reifegrad=7", StatusCode::BAD_REQUEST, "Reifegrad"),
        ("/api/v1/reports/zwanzig", StatusCode::BAD_REQUEST, "Berichtsjahr"),
        ("/api/v1/projects/gibt-es-nicht", StatusCode::NOT_FOUND, "keinen Datensatz"),
        ("/api/v1/updates?projekt=gibt-es-nicht", StatusCode::NOT_FOUND, "keinen Datensatz"),
        ("/api/v1/gibt-es-nicht", StatusCode::NOT_FOUND, "openapi.json"),
    ] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, status, "GET {uri}: {}", page.body);
        assert_eq!(page.content_type, "application/problem+json", "GET {uri}");
        assert_eq!(page.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*", "GET {uri}");
        let problem = json(&page.body);
        assert_eq!(problem["status"], status.as_u16(), "{problem}");
        assert_eq!(problem["type"], "about:blank");
        assert_eq!(problem["instance"], uri.split('?').next().unwrap());
        assert!(problem["detail"].as_str().unwrap().contains(needle), "GET {uri}: {problem}");
    }
    // The HTML pages keep their styled error pages.
    assert!(get(&app, "/projekte?art=boot").await.content_type.starts_with("text/html"));
}

#[tokio::test]
async fn answers_carry_validators_and_conditional_requests_get_304_until_the_data_changes() {
    let db = demo_db().await;
    let state = sachstand::AppState::new(db.clone(), test_config()).await.unwrap();
    let app = sachstand::app(state.clone());
    // The listener empties the cache once when it has subscribed.
    while state.cache.generation() == 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for uri in ["/api/v1/projects/datenplattform", "/projekte/datenplattform"] {
        let first = get(&app, uri).await;
        let etag = first.headers[header::ETAG].to_str().unwrap().to_string();
        let modified = first.headers[header::LAST_MODIFIED].to_str().unwrap().to_string();
        assert!(etag.starts_with("W/\""), "{uri}: {etag}");
        // Rendered once, then answered from the cache: both paths answer 304.
        for _ in 0..2 {
            let (status, headers, body) = get_with(&app, uri, header::IF_NONE_MATCH, &etag).await;
            assert_eq!(status, StatusCode::NOT_MODIFIED, "{uri}");
            assert_eq!(headers[header::ETAG], etag.as_str());
            assert!(body.is_empty());
        }
        let (status, _, _) = get_with(&app, uri, header::IF_MODIFIED_SINCE, &modified).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{uri} by date");
        let (status, _, _) = get_with(&app, uri, header::IF_NONE_MATCH, "W/\"0000000000000000\"").await;
        assert_eq!(status, StatusCode::OK, "{uri}: another tag gets the whole answer");
    }
    // A change by raw SQL: the old tag no longer matches, within a second.
    let before = get(&app, "/api/v1/projects/datenplattform").await.headers[header::ETAG].to_str().unwrap().to_string();
    sqlx::query("UPDATE projects SET title = 'Datenplattform (neu)' WHERE slug = 'datenplattform'")
        .execute(&db)
        .await
        .unwrap();
    let started = Instant::now();
    loop {
        let (status, _, body) = get_with(&app, "/api/v1/projects/datenplattform", header::IF_NONE_MATCH, &before).await;
        if status == StatusCode::OK {
            assert_eq!(json(&String::from_utf8(body).unwrap())["data"]["title"], "Datenplattform (neu)");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(1), "still 304 a second after the change");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_project_record_has_everything_its_page_shows() {
    let (app, db) = demo_app().await;
    let (body, _) = ok_json(&app, "/api/v1/projects/datenplattform").await;
    let p = &body["data"];
    let (goals, measures, milestones): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM smart_goals g WHERE g.project_id = p.id), \
                (SELECT count(*) FROM measures m WHERE m.project_id = p.id), \
                (SELECT count(*) FROM milestones m WHERE m.project_id = p.id AND m.archived_at IS NULL) \
         FROM projects p WHERE slug = 'datenplattform'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(p["smart_goals"].as_array().unwrap().len() as i64, goals);
    assert_eq!(p["measures"].as_array().unwrap().len() as i64, measures);
    assert_eq!(p["milestones"].as_array().unwrap().len() as i64, milestones);
    assert!(milestones > 0, "the demo project has milestones");
    let positions: Vec<i64> =
        p["milestones"].as_array().unwrap().iter().map(|m| m["position"].as_i64().unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "milestones in order: {positions:?}");
    for key in [
        "description_md",
        "lead_role",
        "budget_eur_planned",
        "staff_fte_planned",
        "action_fields",
        "services",
        "source_ref",
    ] {
        assert!(p.get(key).is_some(), "{key} missing: {p}");
    }
    // The internal id is not published.
    assert!(p.get("id").is_none());
    // Illustrative flags agree with the database.
    let illustrative: bool = sqlx::query_scalar("SELECT illustrative FROM projects WHERE slug = 'datenplattform'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(p["illustrative"], illustrative);
}

#[tokio::test]
async fn the_inquiry_of_the_sources_is_published_question_by_question() {
    let (app, db) = demo_app().await;
    let (body, _) = ok_json(&app, "/api/v1/inquiries/0730-2023").await;
    let inquiry = &body["data"];
    assert_eq!(inquiry["number"], "0730/2023");
    assert_eq!(inquiry["answered_on"], "2023-05-12");
    let questions: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM inquiry_items q JOIN council_inquiries i ON i.id = q.inquiry_id WHERE i.slug = '0730-2023'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let items = inquiry["items"].as_array().unwrap();
    assert_eq!(items.len() as i64, questions);
    assert_eq!(inquiry["question_count"], questions);
    assert!(items.iter().all(|q| !q["question_md"].as_str().unwrap().is_empty()));
    // The services list: case numbers come along on the detail.
    let (services, _) = ok_json(&app, "/api/v1/services?status=online&pro_seite=100").await;
    let online: i64 =
        sqlx::query_scalar("SELECT count(*) FROM services WHERE status = 'online' AND archived_at IS NULL")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(services["pagination"]["total"], online);
    let with_cases = services["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["latest_cases"].is_number())
        .expect("a service with cases");
    let (detail, _) = ok_json(&app, &format!("/api/v1/services/{}", with_cases["slug"].as_str().unwrap())).await;
    let counts = detail["data"]["case_counts"].as_array().unwrap();
    assert_eq!(counts.last().unwrap()["cases"], with_cases["latest_cases"]);
}

#[tokio::test]
async fn the_openapi_document_names_every_route_and_this_citys_slugs() {
    let (app, db) = demo_app().await;
    let (doc, _) = ok_json(&app, "/api/v1/openapi.json").await;
    assert_eq!(doc["openapi"], "3.1.0");
    let paths: Vec<&str> = doc["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    for path in [
        "/api/v1/strategy",
        "/api/v1/action-fields",
        "/api/v1/units",
        "/api/v1/projects",
        "/api/v1/projects/{slug}",
        "/api/v1/milestones",
        "/api/v1/updates",
        "/api/v1/services",
        "/api/v1/services/{slug}",
        "/api/v1/reports",
        "/api/v1/reports/{year}",
        "/api/v1/inquiries",
        "/api/v1/inquiries/{slug}",
    ] {
        assert!(paths.contains(&path), "{path} is documented");
    }
    let fields: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM action_fields WHERE archived_at IS NULL ORDER BY position")
            .fetch_all(&db)
            .await
            .unwrap();
    let parameter = doc["paths"]["/api/v1/projects"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "handlungsfeld")
        .unwrap();
    let allowed: Vec<&str> =
        parameter["schema"]["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(allowed[0], "", "empty means all");
    assert_eq!(allowed[1..], fields.iter().map(String::as_str).collect::<Vec<_>>()[..]);
    // Every route of the document answers with its example values: records that exist.
    for path in paths {
        let mut uri = path.to_string();
        for p in doc["paths"][path]["get"]["parameters"].as_array().into_iter().flatten().filter(|p| p["in"] == "path")
        {
            let example = p["example"].to_string();
            uri = uri.replace(&format!("{{{}}}", p["name"].as_str().unwrap()), example.trim_matches('"'));
        }
        assert!(!uri.contains('{'), "{path} has examples for its path parameters");
        let status = get(&app, &uri).await.status;
        assert_eq!(status, StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn every_list_downloads_its_whole_filtered_view_as_csv_and_json() {
    let (app, db) = demo_app().await;
    // A title a spreadsheet would run as a formula.
    sqlx::query(
        "UPDATE projects SET title = '=HYPERLINK(\"http://example.org\")' \
         WHERE id = (SELECT min(id) FROM projects WHERE status = 'implementation' AND archived_at IS NULL)",
    )
    .execute(&db)
    .await
    .unwrap();
    let (doc, _) = ok_json(&app, "/api/v1/openapi.json").await;
    for (list, filter, schema, count_sql) in [
        (
            "/projekte",
            "?status=implementation",
            "ProjectRecord",
            "SELECT count(*) FROM projects WHERE status = 'implementation' AND archived_at IS NULL",
        ),
        (
            "/online-dienste",
            "?status=online",
            "ServiceRecord",
            "SELECT count(*) FROM services WHERE status = 'online' AND archived_at IS NULL",
        ),
        (
            "/meilensteine",
            "",
            "MilestoneRecord",
            "SELECT count(*) FROM milestones m JOIN projects p ON p.id = m.project_id WHERE m.archived_at IS NULL AND p.archived_at IS NULL AND m.status IN ('open', 'reached')",
        ),
        (
            "/aktuelles",
            "",
            "UpdateRecord",
            "SELECT count(*) FROM project_updates u JOIN projects p ON p.id = u.project_id WHERE NOT u.internal AND u.archived_at IS NULL AND p.archived_at IS NULL",
        ),
        ("/anfragen", "", "InquiryRecord", "SELECT count(*) FROM council_inquiries WHERE archived_at IS NULL"),
    ] {
        let expected: i64 = sqlx::query_scalar(count_sql).fetch_one(&db).await.unwrap();
        assert!(expected > 0, "{list}: the demo has rows");
        // The list page links both downloads with its filters.
        let page = common::html(&app, &format!("{list}{filter}")).await;
        let csv_href = format!("{list}.csv{filter}");
        assert!(page.contains(&format!("href=\"{}\"", csv_href.replace('&', "&amp;"))), "{list} links {csv_href}");
        let download = get(&app, &csv_href).await;
        assert_eq!(download.status, StatusCode::OK, "{csv_href}");
        assert_eq!(download.content_type, "text/csv; charset=utf-8");
        assert!(download.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment; filename="));
        let text = download.body.strip_prefix('\u{feff}').expect("a BOM for spreadsheet programs");
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        let documented: Vec<String> =
            doc["components"]["schemas"][schema]["properties"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(header, documented, "{list}: the columns are the documented fields");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len() as i64, expected, "{list}: every row of the view, not one page");
        let illustrative = header.iter().position(|c| c == "illustrative").unwrap();
        assert!(rows.iter().all(|r| ["true", "false"].contains(&&r[illustrative])));
        if list == "/projekte" {
            let title = header.iter().position(|c| c == "title").unwrap();
            let cell = rows
                .iter()
                .map(|r| r[title].to_string())
                .find(|t| t.contains("HYPERLINK"))
                .expect("the edited project");
            assert!(cell.starts_with("'="), "formula-safe: {cell}");
            assert_eq!(sachstand::ui::csv::value(&cell), "=HYPERLINK(\"http://example.org\")");
        }
        let (json_download, _) = ok_json(&app, &format!("{list}.json{filter}")).await;
        assert_eq!(json_download["total"], expected);
        assert_eq!(json_download["data"].as_array().unwrap().len() as i64, expected);
    }
    let bad = get(&app, "/projekte.csv?art=boot").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_sitemap_lists_every_public_page_with_its_date_and_robots_points_to_it() {
    let (app, db) = demo_app().await;
    let robots = get(&app, "/robots.txt").await;
    assert_eq!(robots.status, StatusCode::OK);
    assert!(robots.body.contains("Disallow: /admin"), "{}", robots.body);
    let sitemap_line = robots.body.lines().find(|l| l.starts_with("Sitemap: ")).expect("a Sitemap line");
    assert!(sitemap_line.ends_with("/sitemap.xml"));
    let sitemap = get(&app, "/sitemap.xml").await;
    assert_eq!(sitemap.status, StatusCode::OK);
    assert_eq!(sitemap.content_type, "application/xml; charset=utf-8");
    let locs: Vec<&str> = sitemap.body.split("<loc>").skip(1).map(|s| s.split("</loc>").next().unwrap()).collect();
    let count = |sql: &'static str| {
        let db = db.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&db).await.unwrap() }
    };
    let projects = count("SELECT count(*) FROM projects WHERE archived_at IS NULL").await;
    let services = count("SELECT count(*) FROM services WHERE archived_at IS NULL").await;
    let inquiries = count("SELECT count(*) FROM council_inquiries WHERE archived_at IS NULL").await;
    assert_eq!(locs.iter().filter(|l| l.contains("/projekte/")).count() as i64, projects);
    assert_eq!(locs.iter().filter(|l| l.contains("/online-dienste/")).count() as i64, services);
    assert_eq!(locs.iter().filter(|l| l.contains("/anfragen/")).count() as i64, inquiries);
    assert_eq!(sitemap.body.matches("<lastmod>").count(), locs.len(), "every address has its date");
    // Every listed address is a page that answers 200.
    for loc in &locs {
        let path = &loc[loc.find("://").map(|i| loc[i + 3..].find('/').unwrap() + i + 3).unwrap()..];
        assert_eq!(get(&app, path).await.status, StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn a_long_download_is_streamed_whole_in_order_and_still_answers_conditional_requests() {
    let db = demo_db().await;
    let state = sachstand::AppState::new(db.clone(), test_config()).await.unwrap();
    let app = sachstand::app(state.clone());
    while state.cache.generation() == 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before = state.cache.generation();
    // 2,500 more updates: past the length up to which a download is one stored answer.
    sqlx::query(
        "INSERT INTO project_updates (city_id, project_id, slug, published_on, title, body_md, illustrative) \
         SELECT p.city_id, p.id, 'viel-' || n, date '2020-01-01' + n, 'Meldung ' || n, 'Text ' || n, true \
         FROM projects p, generate_series(1, 2500) n WHERE p.slug = 'datenplattform'",
    )
    .execute(&db)
    .await
    .unwrap();
    let expected: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM project_updates u JOIN projects p ON p.id = u.project_id \
         WHERE NOT u.internal AND u.archived_at IS NULL AND p.archived_at IS NULL",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(expected > 2500);
    // The tag of a streamed answer follows the change clock: let the change arrive first.
    while state.cache.generation() == before {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let csv = get(&app, "/aktuelles.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.body.strip_prefix('\u{feff}').unwrap();
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let published = header.iter().position(|c| c == "published_on").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() as i64, expected, "every row, in chunks");
    let dates: Vec<&str> = rows.iter().map(|r| r.get(published).unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first across the chunks");
    let (json, headers) = ok_json(&app, "/aktuelles.json").await;
    assert_eq!(json["total"], expected);
    assert_eq!(json["data"].as_array().unwrap().len() as i64, expected);
    assert!(json["data"][0]["web_url"].as_str().unwrap().starts_with("http"), "absolute addresses");
    let etag = headers[header::ETAG].to_str().unwrap().to_string();
    let (status, _, body) = get_with(&app, "/aktuelles.json", header::IF_NONE_MATCH, &etag).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
}

#[tokio::test]
async fn the_dcat_catalogue_names_every_dataset_with_its_distributions_and_licence() {
    let (app, db) = demo_app().await;
    let licence: String =
        sqlx::query_scalar("SELECT data_licence FROM cities WHERE slug = 'mainz'").fetch_one(&db).await.unwrap();
    assert!(licence.starts_with("http://dcat-ap.de/def/licenses/"), "the demo states a licence: {licence}");
    let turtle = get(&app, "/daten/katalog.ttl").await;
    assert_eq!(turtle.status, StatusCode::OK);
    assert_eq!(turtle.content_type, "text/turtle; charset=utf-8");
    let dataset_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .";
    assert_eq!(turtle.body.matches(dataset_type).count(), 9, "one dcat:Dataset per dataset of /daten");
    let distributions = turtle.body.matches("<http://www.w3.org/ns/dcat#Distribution> .").count();
    assert!(distributions >= 9 + 2 * 5, "API plus CSV and JSON downloads: {distributions}");
    assert_eq!(
        turtle.body.matches(&format!("<http://purl.org/dc/terms/license> <{licence}> .")).count(),
        distributions
    );
    assert!(turtle.body.contains("<http://dcat-ap.de/def/dcatde/politicalGeocodingURI> <http://dcat-ap.de/def/politicalGeocoding/municipalityKey/07315000>"));
    assert!(turtle.body.contains(
        "<http://purl.org/dc/terms/format> <http://publications.europa.eu/resource/authority/file-type/CSV>"
    ));
    // The same statements as JSON-LD, also by negotiation on the catalogue's own address.
    let request =
        Request::get("/daten/katalog").header(header::ACCEPT, "application/ld+json").body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/ld+json");
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    let graph = doc["@graph"].as_array().unwrap();
    let datasets = graph
        .iter()
        .filter(|n| n["@type"].as_array().is_some_and(|t| t.iter().any(|t| t == "http://www.w3.org/ns/dcat#Dataset")))
        .count();
    assert_eq!(datasets, 9);
    // Every download the catalogue names answers.
    for url in
        turtle.body.split("<http://www.w3.org/ns/dcat#downloadURL> <").skip(1).map(|s| s.split('>').next().unwrap())
    {
        let path = &url[url.find("://").map(|i| url[i + 3..].find('/').unwrap() + i + 3).unwrap()..];
        assert_eq!(get(&app, path).await.status, StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn oparl_publishes_the_inquiries_as_papers_and_archived_ones_as_deleted() {
    // Without the page cache: the archived paper must show on the very next request.
    let db = demo_db().await;
    let app = common::app_with(db.clone(), |c| c.page_cache = false).await;
    let (system, _) = ok_json(&app, "/oparl/v1/system").await;
    assert_eq!(system["oparlVersion"], "https://schema.oparl.org/1.1/");
    assert_eq!(system["type"], "https://schema.oparl.org/1.1/System");
    let path = |url: &Value| {
        let url = url.as_str().unwrap();
        url[url.find("://").map(|i| url[i + 3..].find('/').unwrap() + i + 3).unwrap()..].to_string()
    };
    let (bodies, _) = ok_json(&app, &path(&system["body"])).await;
    let body = &bodies["data"][0];
    assert_eq!(body["name"], "Stadt Mainz");
    assert_eq!(body["ags"], "07315000");
    for list in [
        "organization",
        "person",
        "meeting",
        "paper",
        "agendaItem",
        "consultation",
        "file",
        "membership",
        "locationList",
        "legislativeTermList",
    ] {
        let (answer, _) = ok_json(&app, &path(&body[list])).await;
        assert!(answer["data"].is_array() && answer["pagination"]["totalElements"].is_number(), "{list}");
    }
    let (papers, _) = ok_json(&app, &path(&body["paper"])).await;
    let paper = papers["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["reference"] == "0730/2023")
        .expect("the inquiry of the sources");
    assert_eq!(paper["paperType"], "Beantwortung einer Anfrage");
    assert_eq!(paper["date"], "2023-05-12");
    assert!(paper["mainFile"]["accessUrl"].as_str().unwrap().ends_with("/anfragen/0730-2023"));
    let (faction, _) = ok_json(&app, &path(&paper["originatorOrganization"][0])).await;
    assert_eq!(faction["name"], "FDP-Stadtratsfraktion");
    assert_eq!(faction["organizationType"], "Fraktion");
    assert!(!serde_json::to_string(&papers).unwrap().contains("null"), "no null values");
    // Archived: gone from the list, but told as deleted to a client asking for changes.
    let before = papers["pagination"]["totalElements"].as_i64().unwrap();
    sqlx::query("UPDATE council_inquiries SET archived_at = now() WHERE slug = '0730-2023'")
        .execute(&db)
        .await
        .unwrap();
    let (now, _) = ok_json(&app, &format!("{}?limit=100", path(&body["paper"]))).await;
    assert_eq!(now["pagination"]["totalElements"].as_i64().unwrap(), before - 1);
    let (changes, _) = ok_json(&app, &format!("{}?modified_since=2000-01-01T00:00:00Z", path(&body["paper"]))).await;
    let deleted =
        changes["data"].as_array().unwrap().iter().find(|p| p["id"] == paper["id"]).expect("the archived paper");
    assert_eq!(deleted["deleted"], true);
    let bad = get(&app, &format!("{}?modified_since=gestern", path(&body["paper"]))).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.content_type, "application/problem+json");
}

/// The files of a ZIP archive by name.
fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP archive");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().to_string(), content)
        })
        .collect()
}

#[tokio::test]
async fn the_archive_holds_every_dataset_as_csv_and_json_and_is_rebuilt_when_the_data_changes() {
    let db = demo_db().await;
    let state = sachstand::AppState::new(db.clone(), test_config()).await.unwrap();
    let app = sachstand::app(state.clone());
    while state.cache.generation() == 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (status, headers, bytes) = get_with(&app, "/daten/sachstand.zip", header::ACCEPT_ENCODING, "br, gzip").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/zip");
    assert!(headers.get(header::CONTENT_ENCODING).is_none(), "a ZIP file is not compressed again");
    assert_eq!(headers[header::CONTENT_LENGTH], bytes.len().to_string().as_str());
    let today = sachstand::model::Date::today().iso();
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.contains(&format!("sachstand-mainz-{today}.zip")), "{disposition}");
    let files = unzip(&bytes);

    // Every list as CSV and JSON, with as many rows as the API counts.
    let readme = String::from_utf8(files["LIESMICH.txt"].clone()).unwrap();
    for (stem, api) in [
        ("projekte", "/api/v1/projects"),
        ("meilensteine", "/api/v1/milestones"),
        ("meldungen", "/api/v1/updates"),
        ("online-dienste", "/api/v1/services"),
        ("anfragen", "/api/v1/inquiries"),
        ("handlungsfelder", "/api/v1/action-fields"),
        ("organisation", "/api/v1/units"),
        ("berichte", "/api/v1/reports"),
    ] {
        let mut total = 0;
        // The milestone list shows one section at a time; the archive has all three.
        let views: &[&str] = if stem == "meilensteine" {
            &["?ansicht=ueberfaellig", "?ansicht=anstehend", "?ansicht=erreicht"]
        } else {
            &[""]
        };
        for view in views {
            let (listed, _) = ok_json(&app, &format!("{api}{view}")).await;
            total += listed["pagination"]["total"].as_u64().unwrap_or(listed["data"].as_array().unwrap().len() as u64);
        }
        assert!(total > 0, "{api} has records in the demo");
        let json_file = json(std::str::from_utf8(&files[&format!("{stem}.json")]).unwrap());
        assert_eq!(json_file["total"], total, "{stem}.json");
        assert_eq!(json_file["data"].as_array().unwrap().len() as u64, total, "{stem}.json");
        assert_eq!(json_file["stand"], today.as_str());
        let csv_bytes = &files[&format!("{stem}.csv")];
        assert!(csv_bytes.starts_with("\u{feff}".as_bytes()), "{stem}.csv has a BOM");
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(&csv_bytes[3..]);
        let header_row = reader.headers().unwrap().clone();
        assert!(header_row.iter().any(|h| h == "web_url"), "{stem}.csv: {header_row:?}");
        let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("well-formed CSV");
        assert_eq!(rows.len() as u64, total, "{stem}.csv");
        assert!(readme.contains(&format!("{stem}.csv, {stem}.json")), "the README names {stem}");
    }
    // The answer to inquiry 0730/2023, question by question, and the strategy whole.
    let answered = json(std::str::from_utf8(&files["anfragen-mit-antworten.json"]).unwrap());
    let inquiry = answered["data"].as_array().unwrap().iter().find(|i| i["number"] == "0730/2023").expect("0730/2023");
    assert!(inquiry["items"].as_array().unwrap().len() >= 7, "{inquiry}");
    let strategy = json(std::str::from_utf8(&files["strategie.json"]).unwrap());
    assert!(strategy["data"]["goals"].as_array().is_some_and(|g| !g.is_empty()));
    // The README dates the archive and explains every field; the licence comes from city.toml.
    assert!(readme.contains("Stand: "), "{readme}");
    assert!(readme.contains("- progress (ganze Zahl"), "fields explained: {readme}");
    let licence = String::from_utf8(files["LIZENZ.txt"].clone()).unwrap();
    assert!(licence.contains("dl-by-de/2.0") && licence.contains("Beispielangabe"), "{licence}");

    // Asked again, the same archive (same tag, 304); after a change by SQL, a new one with it.
    let etag = headers[header::ETAG].to_str().unwrap().to_string();
    let (status, _, _) = get_with(&app, "/daten/sachstand.zip", header::IF_NONE_MATCH, &etag).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    sqlx::query("UPDATE projects SET title = 'Datenplattform (neu)' WHERE slug = 'datenplattform'")
        .execute(&db)
        .await
        .unwrap();
    let started = Instant::now();
    loop {
        let (status, headers, bytes) = get_with(&app, "/daten/sachstand.zip", header::IF_NONE_MATCH, &etag).await;
        if status == StatusCode::OK {
            assert_ne!(headers[header::ETAG], etag.as_str());
            let projects = String::from_utf8(unzip(&bytes)["projekte.csv"].clone()).unwrap();
            assert!(projects.contains("Datenplattform (neu)"), "the rebuilt archive has the change");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(2), "still the old archive two seconds after the change");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
