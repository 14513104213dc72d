//! Several cities on one installation (issue 14, first slice): the request's host
//! chooses the city; no page, API list, search result or feed of one city shows a
//! record of the other, with two cities loaded in one database.

use std::path::Path;

use crate::common::{demo_db, test_config};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A copy of the demo content as a second city: other slug, name and host, and a
/// project whose title no page of Mainz has.
fn second_city(dir: &Path) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    copy_dir(&source, dir);
    std::fs::write(
        dir.join("city.toml"),
        "slug = \"musterstadt\"\nname = \"Musterstadt\"\nportal_name = \"musterDIGITAL\"\nstate = \"Beispielland\"\n\
         hosts = [\"musterstadt.localhost\"]\n",
    )
    .unwrap();
    let project = dir.join("projects/datenplattform.md");
    let text = std::fs::read_to_string(&project).unwrap().replacen(
        "title = \"Datenplattform\"",
        "title = \"Zebra-Datenplattform\"",
        1,
    );
    std::fs::write(project, text).unwrap();
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
    let dir = tempfile::tempdir().unwrap();
    second_city(dir.path());
    sachstand::content::load(&db, dir.path(), &mut |_| {}).await.expect("the second city loads");
    // A title only Mainz has (the second city is a copy of its content otherwise).
    sqlx::query(
        "UPDATE projects SET title = 'Kolibri-Datenplattform' \
         WHERE slug = 'datenplattform' AND city_id = (SELECT id FROM cities WHERE slug = 'mainz')",
    )
    .execute(&db)
    .await
    .unwrap();
    let app = sachstand::all_cities(db.clone(), test_config()).await.unwrap();

    for uri in ["/projekte", "/api/v1/projects", "/suche?q=Datenplattform", "/aktuelles.atom", "/"] {
        let (status, muster) = body_at(&app, "musterstadt.localhost:3000", uri).await;
        assert_eq!(status, StatusCode::OK, "{uri} for Musterstadt");
        let (status, mainz) = body_at(&app, "localhost:3000", uri).await;
        assert_eq!(status, StatusCode::OK, "{uri} for Mainz (the default)");
        if uri != "/aktuelles.atom" {
            assert!(muster.contains("Zebra-Datenplattform"), "{uri}: Musterstadt shows its project");
            assert!(mainz.contains("Kolibri-Datenplattform"), "{uri}: Mainz shows its project");
        }
        assert!(!mainz.contains("Zebra-Datenplattform"), "{uri}: Mainz shows no record of Musterstadt");
        assert!(!mainz.contains("Musterstadt") && !mainz.contains("musterDIGITAL"), "{uri}: nor its name");
        assert!(!muster.contains("Kolibri-Datenplattform"), "{uri}: Musterstadt shows no record of Mainz");
    }

    // A host belongs to one city: a third city claiming Musterstadt's is refused as a whole.
    let third = tempfile::tempdir().unwrap();
    second_city(third.path());
    std::fs::write(
        third.path().join("city.toml"),
        "slug = \"drittstadt\"\nname = \"Drittstadt\"\nportal_name = \"drittDIGITAL\"\nstate = \"Beispielland\"\n\
         hosts = [\"Musterstadt.localhost\"]\n",
    )
    .unwrap();
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
