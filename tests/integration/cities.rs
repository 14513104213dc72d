//! Several cities on one installation (issue 14): the request's host chooses the
//! city; no page, API list, search result, feed, sitemap, OParl object or dated page
//! of one city shows a record of the other, with two cities loaded in one database.

use std::path::Path;

use crate::common::{demo_db, test_config};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The demo's second city, Musterstadt (`content/musterstadt`, invented throughout).
fn musterstadt() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content").join("musterstadt")
}

/// A copy of Mainz's content as a third city with the given `city.toml`.
fn copy_of_mainz(dir: &Path, city_toml: &str) {
    copy_dir(&crate::common::content_dir(), dir);
    std::fs::write(dir.join("city.toml"), city_toml).unwrap();
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

async fn body_at(app: &sachstand::App, host: &str, uri: &str) -> (StatusCode, String) {
    let request = Request::get(uri).header(header::HOST, host).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn each_host_sees_its_own_city_only() {
    let db = demo_db().await;
    sachstand::content::load(&db, &musterstadt(), &mut |_| {}).await.expect("Musterstadt loads");
    // A title only Mainz has; Musterstadt's own marker is its "Kolibri" project.
    sqlx::query(
        "UPDATE projects SET title = 'Zebra-Datenplattform' \
         WHERE slug = 'datenplattform' AND city_id = (SELECT id FROM cities WHERE slug = 'mainz')",
    )
    .execute(&db)
    .await
    .unwrap();
    let app = sachstand::all_cities(db.clone(), test_config()).await.unwrap();
    let kolibri = "Kolibri";
    let zebra = "Zebra-Datenplattform";

    // Pages, lists, feeds, sitemaps, open data and OParl: each shows its own city's records only.
    let everywhere = [
        "/",
        "/projekte",
        "/projekte?stand=2026-11-01",
        "/api/v1/projects",
        "/projekte.csv",
        "/aktuelles.atom",
        "/sitemap.xml",
        "/daten/katalog.jsonld",
        "/oparl/v1/body",
        "/oparl/v1/body/papers",
        "/online-dienste.json",
        "/berichte",
    ];
    for uri in everywhere {
        let (status, muster) = body_at(&app, "musterstadt.localhost:3000", uri).await;
        assert_eq!(status, StatusCode::OK, "{uri} for Musterstadt");
        let (status, mainz) = body_at(&app, "localhost:3000", uri).await;
        assert_eq!(status, StatusCode::OK, "{uri} for Mainz (the default)");
        assert!(!mainz.contains(kolibri), "{uri}: Mainz shows no record of Musterstadt");
        assert!(!mainz.contains("Musterstadt") && !mainz.contains("musterDIGITAL"), "{uri}: nor its name");
        assert!(!muster.contains(zebra), "{uri}: Musterstadt shows no record of Mainz");
        assert!(!muster.contains("mainzDIGITAL"), "{uri}: nor Mainz's portal name");
    }
    for uri in ["/projekte", "/api/v1/projects", "/projekte.csv", "/sitemap.xml", "/oparl/v1/body"] {
        let (_, muster) = body_at(&app, "musterstadt.localhost", uri).await;
        let (_, mainz) = body_at(&app, "localhost", uri).await;
        // The sitemap names pages by slug: its marker is lower case.
        let own =
            |body: &str, marker: &str| body.to_lowercase().contains(&marker.to_lowercase()) || uri == "/oparl/v1/body";
        assert!(own(&muster, kolibri) && muster.contains("usterstadt"), "{uri}: Musterstadt shows its own");
        assert!(own(&mainz, zebra) || uri == "/sitemap.xml", "{uri}: Mainz shows its own");
        if uri == "/sitemap.xml" || uri == "/oparl/v1/body" {
            assert!(muster.contains("http://musterstadt.localhost"), "{uri}: Musterstadt's addresses name its host");
            assert!(!mainz.contains("musterstadt.localhost"), "{uri}: Mainz's do not");
        }
    }
    // Every page of the invented city says so; Mainz's pages do not.
    for uri in ["/", "/berichte", "/impressum", "/en/projekte"] {
        let (_, muster) = body_at(&app, "musterstadt.localhost", uri).await;
        let note = if uri.starts_with("/en") {
            "Musterstadt is an invented example city"
        } else {
            "Musterstadt ist eine erfundene Beispielstadt"
        };
        assert!(muster.contains(note), "{uri}: Musterstadt is marked invented");
        let (_, mainz) = body_at(&app, "localhost", uri).await;
        assert!(!mainz.contains("erfundene Beispielstadt") && !mainz.contains("invented example city"), "{uri}");
    }
    // Search finds each city's record on its own host only.
    let (_, found) = body_at(&app, "musterstadt.localhost", "/suche?q=Kolibri").await;
    assert!(found.contains(kolibri), "Musterstadt's search finds its project");
    let (_, not_found) = body_at(&app, "localhost", "/suche?q=Kolibri").await;
    assert!(!not_found.contains("Kolibri-"), "Mainz's search does not find it");
    let (_, not_found) = body_at(&app, "musterstadt.localhost", "/suche?q=Zebra").await;
    assert!(!not_found.contains(zebra), "Musterstadt's search does not find Mainz's project");
    // A detail address of the other city is a 404, not a leak.
    let (status, _) = body_at(&app, "musterstadt.localhost", "/projekte/datenplattform").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "Mainz's project is not found under Musterstadt's host");

    // A host belongs to one city: a third city claiming Musterstadt's is refused as a whole.
    let third = tempfile::tempdir().unwrap();
    copy_of_mainz(
        third.path(),
        "slug = \"drittstadt\"\nname = \"Drittstadt\"\nportal_name = \"drittDIGITAL\"\nstate = \"Beispielland\"\n\
         hosts = [\"Musterstadt.localhost\"]\n",
    );
    let refused = sachstand::content::load(&db, third.path(), &mut |_| {}).await;
    let message = format!("{:#}", refused.expect_err("a taken host is refused"));
    assert!(message.contains("Der Hostname musterstadt.localhost gehört schon zu einer anderen Stadt"), "{message}");
    let cities: i64 = sqlx::query_scalar("SELECT count(*) FROM cities").fetch_one(&db).await.unwrap();
    assert_eq!(cities, 2, "nothing of the refused city was written");

    // Without a default city, a host no city names gets a 404 that names none.
    let cities: Vec<(Vec<String>, sachstand::page_cache::App)> = vec![(
        vec!["musterstadt.localhost".into()],
        sachstand::city_app(
            sachstand::AppState::new(
                db.clone(),
                sachstand::config::Config { city: "musterstadt".into(), ..test_config() },
            )
            .await
            .unwrap(),
        ),
    )];
    let only = sachstand::App::cities(cities, None);
    let (status, page) = body_at(&only, "elsewhere.example", "/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("Adresse unbekannt") && !page.contains("Musterstadt"), "{page}");
}

/// Runs `sachstand create-city …` on `db` with `password` on standard input.
fn create_city(db: &sqlx::PgPool, args: &[&str], password: &str) -> std::process::Output {
    use std::io::Write;
    let url = sqlx::ConnectOptions::to_url_lossy(&*db.connect_options());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .arg("create-city")
        .args(args)
        .env("DATABASE_URL", url.to_string())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn an_installation_admin_creates_a_city_with_its_first_admin() {
    let db = demo_db().await;
    let args = [
        "--slug",
        "drittstadt",
        "--name",
        "Drittstadt",
        "--portal-name",
        "drittDIGITAL",
        "--state",
        "Beispielland",
        "--host",
        "drittstadt.localhost",
        "--admin-email",
        "Leitung@Drittstadt.example",
        "--admin-name",
        "Leitung Digitales",
    ];
    let out = create_city(&db, &args, crate::common::PASSWORD);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.contains("Stadt 'Drittstadt'") && said.contains("load-content"), "says what comes next: {said}");
    let (city_id, hosts): (i64, Vec<String>) =
        sqlx::query_as("SELECT id, hosts FROM cities WHERE slug = 'drittstadt'").fetch_one(&db).await.unwrap();
    assert_eq!(hosts, ["drittstadt.localhost"]);
    let (role, email): (String, String) =
        sqlx::query_as("SELECT role, email FROM users WHERE city_id = $1").bind(city_id).fetch_one(&db).await.unwrap();
    assert_eq!(
        (role.as_str(), email.as_str()),
        ("admin", "leitung@drittstadt.example"),
        "the first admin, of that city"
    );
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE actor = 'create-city'").fetch_one(&db).await.unwrap();
    assert!(audited >= 2, "the city and the account are in the audit log");

    // The new city answers on its host before it has content: its pages say so, they do not fail.
    let app = sachstand::all_cities(db.clone(), test_config()).await.unwrap();
    for uri in ["/", "/projekte", "/online-dienste", "/strategie", "/admin/anmelden"] {
        let (status, page) = body_at(&app, "drittstadt.localhost", uri).await;
        assert!(status == StatusCode::OK || status == StatusCode::NOT_FOUND, "{uri}: {status}");
        assert!(!page.contains("mainzDIGITAL") && !page.contains("Datenplattform"), "{uri} shows nothing of Mainz");
    }

    // A taken host, a taken slug, a bad host or a weak password: refused, and nothing is written.
    let cities = |db: sqlx::PgPool| async move {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM cities").fetch_one(&db).await.unwrap()
    };
    let before = cities(db.clone()).await;
    let taken_host = ["--slug", "viertstadt", "--host", "drittstadt.localhost"];
    let taken_slug = ["--slug", "drittstadt", "--host", "viertstadt.localhost"];
    let bad_host = ["--slug", "viertstadt", "--host", "http://viertstadt.example:3000"];
    for (changed, password, message) in [
        (&taken_host, crate::common::PASSWORD, "gehört schon zu einer anderen Stadt"),
        (&taken_slug, crate::common::PASSWORD, "gibt es schon"),
        (&bad_host, crate::common::PASSWORD, "ist kein Hostname"),
        (&["--slug", "viertstadt", "--host", "viertstadt.localhost"], "123456789012", "zu leicht zu erraten"),
    ] {
        let mut args: Vec<&str> = changed.to_vec();
        args.extend(["--name", "Viertstadt", "--portal-name", "viertDIGITAL", "--admin-email", "a@viertstadt.example"]);
        args.extend(["--admin-name", "Leitung"]);
        let out = create_city(&db, &args, password);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(message), "{args:?}: {err}");
        assert_eq!(cities(db.clone()).await, before, "{args:?} wrote nothing");
    }
}

#[tokio::test]
async fn a_city_colour_that_fails_contrast_is_refused_and_a_good_one_styles_the_pages() {
    let db = demo_db().await;
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&musterstadt(), dir.path());
    let toml = std::fs::read_to_string(dir.path().join("city.toml")).unwrap();
    std::fs::write(dir.path().join("city.toml"), toml.replace("colour = \"#0b6e4f\"", "colour = \"#7fb2e5\"")).unwrap();
    let err = sachstand::content::load(&db, dir.path(), &mut |_| {}).await.expect_err("a pale colour is refused");
    let message = err.to_string();
    assert!(message.contains("colour: #7fb2e5 hat auf Weiß nur einen Kontrast von 2,23:1"), "{message}");
    assert!(message.contains("city.toml:"), "names the file and line: {message}");
    let cities: i64 = sqlx::query_scalar("SELECT count(*) FROM cities").fetch_one(&db).await.unwrap();
    assert_eq!(cities, 1, "nothing of Musterstadt was written");

    // A logo with a script is refused as well.
    std::fs::write(dir.path().join("city.toml"), &toml).unwrap();
    std::fs::write(dir.path().join("logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>")
        .unwrap();
    let err = sachstand::content::load(&db, dir.path(), &mut |_| {}).await.expect_err("a scripted logo is refused");
    assert!(err.to_string().contains("logo: die Datei logo.svg enthält Skripte"), "{err}");

    // The real Musterstadt: its colour and logo on its pages, Mainz's pages unchanged.
    sachstand::content::load(&db, &musterstadt(), &mut |_| {}).await.unwrap();
    let app = sachstand::all_cities(db.clone(), test_config()).await.unwrap();
    let (_, muster) = body_at(&app, "musterstadt.localhost", "/").await;
    let (_, mainz) = body_at(&app, "localhost", "/").await;
    let theme = muster.split("href=\"/stadt.css?v=").nth(1).expect("Musterstadt's stylesheet is linked");
    let theme = format!("/stadt.css?v={}", &theme[..theme.find('"').unwrap()]);
    assert!(muster.contains("src=\"/stadt/logo.svg?v="), "and its logo");
    assert!(!mainz.contains("/stadt.css") && !mainz.contains("/stadt/logo.svg"), "Mainz keeps the portal's look");
    let request = Request::get(&theme).header(header::HOST, "musterstadt.localhost").body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[header::CACHE_CONTROL].to_str().unwrap().contains("immutable"));
    let css = String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(css.contains("--kern-color-action-default: #0b6e4f"), "{css}");
    let request =
        Request::get("/stadt/logo.svg").header(header::HOST, "musterstadt.localhost").body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
    assert!(response.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("sandbox"));
    let (status, _) = body_at(&app, "localhost", "/stadt.css").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a city without a colour has no stylesheet of its own");
}

#[tokio::test]
async fn the_demo_folder_loads_both_cities_in_one_transaction() {
    let db = crate::common::fresh_db().await;
    let all = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    // A broken second city: nothing of either is written.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&all, dir.path());
    std::fs::write(dir.path().join("musterstadt/projects/kaputt.md"), "+++\ntitle = \n+++\n").unwrap();
    let err = sachstand::content::load(&db, dir.path(), &mut |_| {}).await.expect_err("refused");
    assert!(err.to_string().contains("kaputt.md"), "{err}");
    let cities: i64 = sqlx::query_scalar("SELECT count(*) FROM cities").fetch_one(&db).await.unwrap();
    assert_eq!(cities, 0, "nothing was written, not even the valid city");
    // The demo folder: both cities, each with its content; loading it again changes nothing.
    let mut steps = Vec::new();
    sachstand::content::load(&db, &all, &mut |s| steps.push(s.to_string())).await.unwrap();
    assert!(steps.iter().any(|s| s.contains("Stadt Musterstadt")), "progress names each city: {steps:?}");
    let slugs: Vec<String> = sqlx::query_scalar("SELECT slug FROM cities ORDER BY slug").fetch_all(&db).await.unwrap();
    assert_eq!(slugs, ["mainz", "musterstadt"]);
    let again = sachstand::content::load(&db, &all, &mut |_| {}).await.unwrap();
    assert_eq!((again.created, again.updated), (0, 0), "a second load changes nothing: {again}");
}
