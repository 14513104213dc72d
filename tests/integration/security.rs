//! Findings of the security review (issue 9), each with the test that failed
//! before its fix.

use axum::http::StatusCode;
use sachstand::admin::roles::Role;

use crate::admin::{form_fields, post_fields, with};
use crate::common::{self, Client, PASSWORD, demo_app, user};

#[tokio::test]
async fn text_parameters_with_control_characters_are_a_clear_400_not_a_500() {
    let (app, _db) = demo_app().await;
    for uri in ["/projekte?q=abc%00", "/online-dienste?q=abc%00", "/suche?q=abc%00", "/projekte?q=a%0Ab"] {
        let page = common::get(&app, uri).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "GET {uri}");
        assert!(page.body.contains("Steuerzeichen"), "GET {uri} explains why");
    }
}

#[tokio::test]
async fn a_path_segment_with_a_control_character_is_a_404_not_a_500() {
    // Found by `fuzz::no_public_address_answers_with_a_server_error`.
    let (app, _db) = demo_app().await;
    for uri in
        ["/projekte/%00", "/online-dienste/a%00b", "/handlungsfelder/%0A", "/anfragen/%1F", "/admin/projekte/%00"]
    {
        let status = common::get(&app, uri).await.status;
        assert!(matches!(status, StatusCode::NOT_FOUND | StatusCode::SEE_OTHER), "GET {uri}: {status}");
    }
}

#[tokio::test]
async fn a_form_field_with_a_nul_byte_is_refused_and_changes_nothing() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let (id, version): (i64, i32) =
        sqlx::query_as("SELECT id, version FROM projects WHERE slug = 'datenplattform'").fetch_one(&db).await.unwrap();
    let page = client.get(&format!("/admin/projekte/{id}")).await;
    let fields = with(&form_fields(&page.body), &[("title", "Daten\0plattform")]);
    let reply = post_fields(&mut client, &format!("/admin/projekte/{id}"), &fields).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", common::excerpt(&reply.body));
    assert!(reply.body.contains("Steuerzeichen"));
    let now: i32 =
        sqlx::query_scalar("SELECT version FROM projects WHERE id = $1").bind(id).fetch_one(&db).await.unwrap();
    assert_eq!(now, version);
}

#[tokio::test]
async fn a_content_file_with_a_nul_byte_is_reported_with_its_line_and_nothing_is_written() {
    let dir = common::content_copy();
    let path = dir.path().join("projects/datenplattform.md");
    let text = std::fs::read_to_string(&path).unwrap().replacen("title = \"", "title = \"\\u0000", 1);
    std::fs::write(&path, text).unwrap();
    let db = common::fresh_db().await;
    let err = sachstand::content::load(&db, dir.path(), &mut |_| {}).await.unwrap_err().to_string();
    assert!(err.contains("projects/datenplattform.md:") && err.contains("Steuerzeichen"), "{err}");
    let cities: i64 = sqlx::query_scalar("SELECT count(*) FROM cities").fetch_one(&db).await.unwrap();
    assert_eq!(cities, 0);
}

#[tokio::test]
async fn a_csv_cell_with_a_nul_byte_is_a_line_numbered_import_error_and_nothing_is_imported() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let export = client.get("/admin/online-dienste/export.csv").await;
    let mut lines: Vec<String> = export.body.lines().map(str::to_string).collect();
    lines[1] = lines[1].replacen(';', ";\0", 1);
    let csrf = client.token().await;
    let audit_before: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log").fetch_one(&db).await.unwrap();
    let upload = format!("/admin/online-dienste/import?csrf={csrf}");
    let reply = client.post_multipart(&upload, "datei", "nul.csv", lines.join("\n").as_bytes()).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", common::excerpt(&reply.body));
    assert!(reply.body.contains("Steuerzeichen"), "{}", common::excerpt(&reply.body));
    let audit_after: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log").fetch_one(&db).await.unwrap();
    assert_eq!(audit_after, audit_before, "nothing imported");
}

/// The `Content-Encoding` of a GET with the given `Accept-Encoding`.
async fn encoding_of(app: &sachstand::App, uri: &str, accept: Option<&str>) -> Option<String> {
    use tower::ServiceExt;
    let mut request = axum::http::Request::get(uri);
    if let Some(accept) = accept {
        request = request.header("accept-encoding", accept);
    }
    let response = app.clone().oneshot(request.body(axum::body::Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "GET {uri}");
    response.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_lowercase())
}

#[tokio::test]
async fn a_cached_page_is_served_only_in_an_encoding_the_client_accepts() {
    let (app, _db) = demo_app().await;
    // An upper-case request first must not make a client that asks for nothing receive gzip.
    encoding_of(&app, "/projekte", Some("GZIP")).await;
    assert_eq!(encoding_of(&app, "/projekte", None).await, None);
    // A low-weighted gzip beside brotli must not make a gzip-only client receive brotli.
    encoding_of(&app, "/online-dienste", Some("gzip;q=0.1, BR")).await;
    assert_ne!(encoding_of(&app, "/online-dienste", Some("gzip")).await.as_deref(), Some("br"));
    // A refused encoding is never served.
    encoding_of(&app, "/meilensteine", Some("br")).await;
    assert_ne!(encoding_of(&app, "/meilensteine", Some("br;q=0, gzip")).await.as_deref(), Some("br"));
    assert_eq!(encoding_of(&app, "/meilensteine", Some("identity")).await, None);
}

#[tokio::test]
async fn neither_anonymous_posts_nor_unknown_parameters_empty_or_flood_the_page_cache() {
    let db = common::demo_db().await;
    let state = sachstand::AppState::new(db.clone(), common::test_config()).await.unwrap();
    let app = sachstand::app(state.clone());
    // The listener clears the cache once when it has subscribed; let it.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    common::html(&app, "/projekte").await;
    common::html(&app, "/").await;
    let cached = state.cache.len();
    assert!(cached >= 2);
    // Posts without a session or a valid token change nothing, so they clear nothing.
    let mut anonymous = Client::new(&app);
    let refused = anonymous.post("/admin/projekte/1", &[("title", "x")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let form = anonymous.get("/admin/anmelden").await;
    let wrong = [("csrf", form.csrf()), ("email", "nobody@example.org".into()), ("password", "falsch".into())];
    let wrong: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
    anonymous.post("/admin/anmelden", &wrong).await;
    assert_eq!(state.cache.len(), cached, "the cache keeps its pages");
    // Tracking parameters do not make new copies of a page.
    for i in 0..50 {
        common::html(&app, &format!("/projekte?utm_source=x{i}")).await;
    }
    assert_eq!(state.cache.len(), cached, "no copy per unknown parameter");
    // A signed-in admin's accepted save does clear it.
    user(&db, "admin@example.org", Role::Admin).await;
    let mut admin = Client::new(&app);
    admin.login("admin@example.org", PASSWORD).await;
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM projects WHERE slug = 'datenplattform'").fetch_one(&db).await.unwrap();
    let page = admin.get(&format!("/admin/projekte/{id}")).await;
    let fields = with(&form_fields(&page.body), &[("title", "Datenplattform (neu)")]);
    assert_eq!(post_fields(&mut admin, &format!("/admin/projekte/{id}"), &fields).await.status, StatusCode::SEE_OTHER);
    assert!(common::html(&app, "/projekte").await.contains("Datenplattform (neu)"));
}

#[tokio::test]
async fn a_session_of_one_city_is_no_session_on_another_citys_instance() {
    let db = common::demo_db().await;
    let dir = common::content_copy();
    let city = dir.path().join("city.toml");
    let text = std::fs::read_to_string(&city).unwrap().replacen("slug = \"mainz\"", "slug = \"musterstadt\"", 1);
    std::fs::write(&city, text).unwrap();
    sachstand::content::load(&db, dir.path(), &mut |_| {}).await.unwrap();
    let other: i64 =
        sqlx::query_scalar("SELECT id FROM cities WHERE slug = 'musterstadt'").fetch_one(&db).await.unwrap();
    sachstand::admin::users::create_user(&db, other, "test", "b@example.org", "Admin B", Role::Admin, PASSWORD)
        .await
        .unwrap();
    let config_b = sachstand::config::Config::from_lookup(|k| (k == "SACHSTAND_CITY").then(|| "musterstadt".into()));
    let app_b = sachstand::app(sachstand::AppState::new(db.clone(), config_b.unwrap()).await.unwrap());
    let app_a = sachstand::app(sachstand::AppState::new(db.clone(), common::test_config()).await.unwrap());
    let mut on_b = Client::new(&app_b);
    on_b.login("b@example.org", PASSWORD).await;
    assert_eq!(on_b.get("/admin/benutzer").await.status, StatusCode::OK, "valid on its own city's instance");
    let mut on_a = Client::new(&app_a);
    on_a.cookie = on_b.cookie.clone();
    let reply = on_a.get("/admin/benutzer").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&reply.body));
    assert!(reply.location.unwrap_or_default().starts_with("/admin/anmelden"));
}

/// An editor `totp@example.org` with an enrolled second factor; returns its secret.
async fn totp_user(db: &sqlx::PgPool) -> String {
    let id = user(db, "totp@example.org", Role::Editor).await;
    let secret = sachstand::admin::auth::new_totp_secret();
    sqlx::query("UPDATE users SET totp_secret = $2, totp_enabled = true WHERE id = $1")
        .bind(id)
        .bind(&secret)
        .execute(db)
        .await
        .unwrap();
    secret
}

/// Logs in with password and second factor; returns the status of the code step.
async fn login_with_code(app: &sachstand::App, code: &str) -> StatusCode {
    let mut client = Client::new(app);
    let csrf = client.get("/admin/anmelden").await.csrf();
    let step1 =
        client.post("/admin/anmelden", &[("csrf", &csrf), ("email", "totp@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(step1.location.as_deref(), Some("/admin/anmelden/zweiter-faktor"));
    let page = client.get("/admin/anmelden/zweiter-faktor").await;
    client.post("/admin/anmelden/zweiter-faktor", &[("csrf", &page.csrf()), ("code", code)]).await.status
}

#[tokio::test]
async fn a_second_factor_code_is_accepted_only_once() {
    let (app, db) = demo_app().await;
    let secret = totp_user(&db).await;
    let code = sachstand::admin::auth::totp(&secret).unwrap().generate_current().unwrap();
    assert_eq!(login_with_code(&app, &code).await, StatusCode::SEE_OTHER, "the first use logs in");
    assert_eq!(login_with_code(&app, &code).await, StatusCode::UNPROCESSABLE_ENTITY, "the same code again is refused");
}

#[tokio::test]
async fn csv_cells_that_look_like_formulas_are_neutralised_and_read_back_unchanged() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let formula = "=HYPERLINK(\"https://example.org\";\"Hier klicken\")";
    sqlx::query("UPDATE services SET name = $1 WHERE slug = (SELECT min(slug) FROM services)")
        .bind(formula)
        .execute(&db)
        .await
        .unwrap();
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let export = client.get("/admin/online-dienste/export.csv").await;
    let mut reader =
        csv::ReaderBuilder::new().delimiter(b';').from_reader(export.body.trim_start_matches('\u{feff}').as_bytes());
    let cells: Vec<String> =
        reader.records().flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>()).collect();
    assert!(cells.iter().any(|c| c == &format!("'{formula}")), "the formula cell is neutralised");
    assert!(!cells.iter().any(|c| c.starts_with(['=', '+', '@'])), "no cell starts like a formula");
    let csrf = client.token().await;
    let upload = format!("/admin/online-dienste/import?csrf={csrf}");
    let r = client.post_multipart(&upload, "datei", "export.csv", export.body.as_bytes()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&r.body));
    let name: String = sqlx::query_scalar("SELECT name FROM services WHERE slug = (SELECT min(slug) FROM services)")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(name, formula, "the import reads the value back without the apostrophe");
}

#[tokio::test]
async fn whoever_wrote_or_submitted_a_report_cannot_release_it() {
    let (app, db) = demo_app().await;
    user(&db, "autorin@example.org", Role::Admin).await;
    user(&db, "pruefer@example.org", Role::Admin).await;
    let mut author = Client::new(&app);
    author.login("autorin@example.org", PASSWORD).await;
    let project: i64 =
        sqlx::query_scalar("SELECT id FROM projects WHERE slug = 'datenplattform'").fetch_one(&db).await.unwrap();
    let page = author.get(&format!("/admin/projekte/{project}/abschlussbericht")).await;
    let fields = with(&form_fields(&page.body), &[("summary_md", "Ergebnis."), ("lessons_learned_md", "Gelernt.")]);
    let saved = post_fields(&mut author, &format!("/admin/projekte/{project}/abschlussbericht"), &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let (report, version): (i64, i32) = sqlx::query_as("SELECT id, version FROM final_reports WHERE project_id = $1")
        .bind(project)
        .fetch_one(&db)
        .await
        .unwrap();
    let csrf = author.token().await;
    let submit = format!("/admin/projekte/{project}/abschlussbericht/vorlegen");
    assert_eq!(
        author.post(&submit, &[("csrf", &csrf), ("version", &version.to_string())]).await.status,
        StatusCode::SEE_OTHER
    );
    let release = format!("/admin/freigaben/abschlussbericht/{report}/freigeben");
    let next = (version + 1).to_string();
    let own = author.post(&release, &[("csrf", &csrf), ("version", &next)]).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    assert!(own.body.contains("Vier-Augen-Prinzip"));
    let giving_back = format!("/admin/freigaben/abschlussbericht/{report}/zurueckgeben");
    let own_return = author.post(&giving_back, &[("csrf", &csrf), ("version", &next), ("comment", "selbst")]).await;
    assert_eq!(own_return.status, StatusCode::FORBIDDEN);
    let state: String = sqlx::query_scalar("SELECT release_state FROM final_reports WHERE id = $1")
        .bind(report)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(state, "submitted");
    let mut reviewer = Client::new(&app);
    reviewer.login("pruefer@example.org", PASSWORD).await;
    let csrf = reviewer.token().await;
    assert_eq!(reviewer.post(&release, &[("csrf", &csrf), ("version", &next)]).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_return_address_with_line_breaks_is_ignored_not_a_500() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    let form = client.get("/admin/anmelden?weiter=%2Fadmin%0D%0ASet-Cookie%3A%20x%3D1").await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = form.csrf();
    let weiter = "/admin\r\nSet-Cookie: x=1";
    let form = [("csrf", csrf.as_str()), ("email", "admin@example.org"), ("password", PASSWORD), ("weiter", weiter)];
    let reply = client.post("/admin/anmelden", &form).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&reply.body));
    assert_eq!(reply.location.as_deref(), Some("/admin"));
}

#[tokio::test]
async fn preparing_a_second_factor_is_an_audited_change() {
    let (app, db) = demo_app().await;
    let id = user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let audited = |db: sqlx::PgPool| async move {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM audit_log WHERE entity = 'users' AND entity_id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap()
    };
    let before = audited(db.clone()).await;
    assert_eq!(client.get("/admin/konto").await.status, StatusCode::OK);
    assert_eq!(audited(db.clone()).await, before + 1, "the new secret is recorded (as a fingerprint)");
    client.get("/admin/konto").await;
    assert_eq!(audited(db.clone()).await, before + 1, "viewing again changes nothing");
    let secret: String =
        sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = $1").bind(id).fetch_one(&db).await.unwrap();
    let logged: String = sqlx::query_scalar(
        "SELECT after::text FROM audit_log WHERE entity = 'users' AND entity_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(!logged.contains(&secret), "the audit log never holds the secret itself");
}

#[tokio::test]
async fn a_new_account_and_its_scope_are_one_audited_write() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let project: i64 =
        sqlx::query_scalar("SELECT id FROM projects WHERE slug = 'datenplattform'").fetch_one(&db).await.unwrap();
    let csrf = client.get("/admin/benutzer/neu").await.csrf();
    let project = project.to_string();
    let form = [
        ("csrf", csrf.as_str()),
        ("email", "neu@example.org"),
        ("name", "Neue Person"),
        ("role", "editor"),
        ("password", "Mainzer Rad Brücke Tinte"),
        ("repeat", "Mainzer Rad Brücke Tinte"),
        ("projects", project.as_str()),
    ];
    let reply = client.post("/admin/benutzer/neu", &form).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&reply.body));
    let records: Vec<(String, serde_json::Value)> = sqlx::query_as(
        "SELECT a.action, a.after FROM audit_log a JOIN users u ON u.id = a.entity_id \
         WHERE a.entity = 'users' AND u.email = 'neu@example.org' ORDER BY a.id",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(records.len(), 1, "one write: {records:?}");
    assert_eq!(records[0].0, "create");
    assert_eq!(records[0].1["projects"], serde_json::json!([project.parse::<i64>().unwrap()]));
}

#[tokio::test]
async fn the_board_shows_every_project_beyond_ten_thousand() {
    let db = common::fresh_db().await;
    let sizes = sachstand::generate::Sizes {
        projects: 10_001,
        services: 10,
        milestones: 0,
        updates: 0,
        reports: 1,
        inquiries: 1,
        seed: 1,
    };
    sachstand::generate::generate(&db, sizes, &mut |_| {}).await.unwrap();
    let city: i64 =
        sqlx::query_scalar("SELECT id FROM cities WHERE slug = 'synthetisch'").fetch_one(&db).await.unwrap();
    sachstand::admin::users::create_user(&db, city, "test", "admin@example.org", "Admin", Role::Admin, PASSWORD)
        .await
        .unwrap();
    let config = sachstand::config::Config::from_lookup(|k| (k == "SACHSTAND_CITY").then(|| "synthetisch".into()));
    let app = sachstand::app(sachstand::AppState::new(db.clone(), config.unwrap()).await.unwrap());
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let board = client.get("/admin/board").await;
    assert_eq!(board.status, StatusCode::OK);
    assert_eq!(common::texts(&board.body, ".board__cards > li").len(), 10_001);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_passwords_are_counted_before_they_are_checked() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let csrf = Client::new(&app).get("/admin/anmelden").await.csrf();
    let attempts: Vec<_> = (0..40)
        .map(|i| {
            let (app, csrf) = (app.clone(), csrf.clone());
            tokio::spawn(async move {
                // Different client addresses: only the account's limit (10) applies.
                let mut client = Client::from_address(&app, &format!("203.0.113.{}:5000", i + 1));
                let form = [("csrf", csrf.as_str()), ("email", "admin@example.org"), ("password", "falsch falsch")];
                client.post("/admin/anmelden", &form).await.body
            })
        })
        .collect();
    let mut checked = 0;
    for attempt in attempts {
        if attempt.await.unwrap().contains("E-Mail-Adresse oder Passwort ist falsch") {
            checked += 1;
        }
    }
    // Three free guesses; a fourth needs a 1 s pause after the third, a fifth 2 s more.
    assert!(checked <= sachstand::admin::throttle::FREE_FAILURES_PER_ACCOUNT + 2, "{checked} passwords were checked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_codes_are_counted_before_they_are_checked() {
    let (app, db) = demo_app().await;
    let secret = totp_user(&db).await;
    let mut pending = Client::new(&app);
    let csrf = pending.get("/admin/anmelden").await.csrf();
    pending.post("/admin/anmelden", &[("csrf", &csrf), ("email", "totp@example.org"), ("password", PASSWORD)]).await;
    let csrf = pending.get("/admin/anmelden/zweiter-faktor").await.csrf();
    let right = sachstand::admin::auth::totp(&secret).unwrap().generate_current().unwrap();
    let wrong = if right == "123456" { "654321" } else { "123456" };
    let attempts: Vec<_> = (0..40)
        .map(|i| {
            let (app, csrf, cookie) = (app.clone(), csrf.clone(), pending.cookie.clone());
            tokio::spawn(async move {
                let mut client = Client::from_address(&app, &format!("198.51.100.{}:5000", i + 1));
                client.cookie = cookie;
                client.post("/admin/anmelden/zweiter-faktor", &[("csrf", csrf.as_str()), ("code", wrong)]).await.body
            })
        })
        .collect();
    let mut checked = 0;
    for attempt in attempts {
        if attempt.await.unwrap().contains("Der Code ist falsch") {
            checked += 1;
        }
    }
    assert!(checked <= sachstand::admin::throttle::FREE_FAILURES_PER_ACCOUNT + 2, "{checked} codes were checked");
}

#[tokio::test]
async fn enrolling_a_second_factor_needs_the_password_and_an_admin_can_reset_it() {
    let (app, db) = demo_app().await;
    let id = user(&db, "person@example.org", Role::Editor).await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut person = Client::new(&app);
    person.login("person@example.org", PASSWORD).await;
    let account = person.get("/admin/konto").await;
    let secret: String =
        sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = $1").bind(id).fetch_one(&db).await.unwrap();
    let code = sachstand::admin::auth::totp(&secret).unwrap().generate_current().unwrap();
    let enabled = |db: sqlx::PgPool| async move {
        sqlx::query_scalar::<_, bool>("SELECT totp_enabled FROM users WHERE id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap()
    };
    let without = person.post("/admin/konto/totp", &[("csrf", &account.csrf()), ("code", &code)]).await;
    assert_eq!(without.status, StatusCode::UNPROCESSABLE_ENTITY, "no password, no second factor");
    assert!(!enabled(db.clone()).await);
    let with =
        person.post("/admin/konto/totp", &[("csrf", &account.csrf()), ("code", &code), ("current", PASSWORD)]).await;
    assert_eq!(with.status, StatusCode::SEE_OTHER);
    assert!(enabled(db.clone()).await);
    // The admin resets it: audited, and the person's sessions end.
    let mut admin = Client::new(&app);
    admin.login("admin@example.org", PASSWORD).await;
    let page = admin.get(&format!("/admin/benutzer/{id}")).await;
    assert!(page.body.contains("Zweiten Faktor zurücksetzen"));
    let audits =
        "SELECT count(*) FROM audit_log WHERE entity = 'users' AND entity_id = $1 AND actor = 'admin@example.org'";
    let reset = admin.post(&format!("/admin/benutzer/{id}/zweiter-faktor"), &[("csrf", &page.csrf())]).await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    assert!(!enabled(db.clone()).await);
    assert_eq!(sqlx::query_scalar::<_, i64>(audits).bind(id).fetch_one(&db).await.unwrap(), 1);
    assert_eq!(person.get("/admin").await.status, StatusCode::SEE_OTHER, "signed out");
}

/// A login POST with a valid anonymous token and the given browser headers; returns its status.
async fn login_post_with(app: &sachstand::App, headers: &[(&str, &str)]) -> StatusCode {
    use tower::ServiceExt;
    let csrf = Client::new(app).get("/admin/anmelden").await.csrf();
    let body =
        serde_urlencoded::to_string([("csrf", csrf.as_str()), ("email", "x@example.org"), ("password", "y")]).unwrap();
    let mut request = axum::http::Request::post("/admin/anmelden")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "127.0.0.1:3000");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app.clone().oneshot(request.body(axum::body::Body::from(body)).unwrap()).await.unwrap().status()
}

#[tokio::test]
async fn forms_posted_from_another_site_are_refused_the_login_form_included() {
    let (app, _db) = demo_app().await;
    assert_eq!(login_post_with(&app, &[("sec-fetch-site", "cross-site")]).await, StatusCode::FORBIDDEN);
    assert_eq!(login_post_with(&app, &[("origin", "https://evil.example")]).await, StatusCode::FORBIDDEN);
    assert_eq!(login_post_with(&app, &[("origin", "null")]).await, StatusCode::FORBIDDEN);
    // The portal's own forms pass (the wrong password is then refused with 422).
    let own = [("sec-fetch-site", "same-origin"), ("origin", "http://127.0.0.1:3000")];
    assert_eq!(login_post_with(&app, &own).await, StatusCode::UNPROCESSABLE_ENTITY);
}

/// Peak resident memory (VmHWM, KiB) of process `pid`.
fn peak_memory_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A raw HTTP/1.1 request; returns the whole response as text.
async fn raw_request(port: u16, request: String) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_hundred_parallel_wrong_logins_do_not_blow_up_the_portals_memory() {
    let db = common::demo_db().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // The real binary, as installed: its memory is what an operator sees.
    let mut portal = tokio::process::Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .arg("serve")
        .env("DATABASE_URL", common::database_url(&db))
        .env("SACHSTAND_BIND", format!("127.0.0.1:{port}"))
        // Each request claims another visitor behind a trusted proxy, and each guesses another
        // account: neither the route limit nor the pauses apply, every password is checked.
        .env("SACHSTAND_TRUSTED_PROXIES", "127.0.0.1")
        .env("RUST_LOG", "error")
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let pid = portal.id().unwrap();
    let form = loop {
        let request = "GET /admin/anmelden HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".to_string();
        let attempt = tokio::time::timeout(std::time::Duration::from_secs(1), async {
            match tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
                Ok(_) => Some(raw_request(port, request).await),
                Err(_) => None,
            }
        });
        match attempt.await {
            Ok(Some(page)) if page.starts_with("HTTP/1.1 200") => break page,
            _ => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
        assert!(portal.try_wait().unwrap().is_none(), "the portal exited");
    };
    let csrf = common::hidden(&form, "csrf").expect("the login form carries a token");
    let post = |i: usize| {
        let body = serde_urlencoded::to_string([
            ("csrf", csrf.as_str()),
            ("email", &format!("flut{i}@example.org")),
            ("password", "falsches Passwort"),
        ])
        .unwrap();
        format!(
            "POST /admin/anmelden HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Forwarded-For: 198.18.{}.{}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            i / 250,
            i % 250 + 1,
            body.len()
        )
    };
    // One check first, so the baseline includes the portal's own working set.
    assert!(raw_request(port, post(999)).await.contains("E-Mail-Adresse oder Passwort ist falsch"));
    let before = peak_memory_kib(pid);
    let attempts: Vec<_> = (0..300).map(|i| tokio::spawn(raw_request(port, post(i)))).collect();
    let mut checked = 0;
    let mut statuses = std::collections::BTreeMap::new();
    for attempt in attempts {
        let reply = attempt.await.unwrap();
        *statuses.entry(reply.lines().next().unwrap_or_default().to_string()).or_insert(0) += 1;
        if reply.contains("E-Mail-Adresse oder Passwort ist falsch") {
            checked += 1;
        }
    }
    let after = peak_memory_kib(pid);
    // And the memory is given back afterwards, not kept by the allocator.
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let resident: u64 =
        status.lines().find(|l| l.starts_with("VmRSS:")).unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    portal.kill().await.unwrap();
    println!(
        "300 parallel wrong logins: peak memory {} MiB before, {} MiB after, {} MiB resident at the end; {statuses:?}",
        before / 1024,
        after / 1024,
        resident / 1024
    );
    // What the render slots cannot take at once is refused quickly (503), never queued for long.
    assert!(checked > 0, "{statuses:?}");
    assert_eq!(checked + statuses.get("HTTP/1.1 503 Service Unavailable").copied().unwrap_or(0), 300, "{statuses:?}");
    // Unbounded, 300 argon2 checks of ~19 MiB each took 1.3 GB; bounded, a few run at once, and
    // their memory goes back to the system instead of staying with the allocator.
    assert!(after.saturating_sub(before) < 200 * 1024, "peak memory grew from {before} KiB to {after} KiB");
    assert!(resident < before + 100 * 1024, "{resident} KiB still resident");
}
