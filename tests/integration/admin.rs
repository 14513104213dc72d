//! The admin area against a real PostgreSQL: accounts and sessions, throttling,
//! TOTP, CSRF, roles and per-record scope, validation, optimistic locking,
//! audit records, releases, CSV round trip, headers.

use crate::common::{self, Client, PASSWORD, demo_app, hidden, user};
use axum::http::StatusCode;
use sachstand::admin::roles::Role;
use scraper::{ElementRef, Html};
use sqlx::PgPool;

async fn scalar<T>(db: &PgPool, sql: &str) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> + Send + Unpin,
{
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

async fn project_id(db: &PgPool, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM projects WHERE slug = $1").bind(slug).fetch_one(db).await.unwrap()
}

/// Every form field of an edit page, as the browser would send it back.
pub(crate) fn form_fields(html: &str) -> Vec<(String, String)> {
    let page = Html::parse_document(html);
    // The main form of a page is the one with `novalidate` (not the logout form in the header).
    let form = page.select(&common::selector("form[novalidate]")).next().expect("a form");
    fields_of(form)
}

/// The fields of the first main form after the `<h2>` headed `heading`.
fn form_fields_after(html: &str, heading: &str) -> Vec<(String, String)> {
    let page = Html::parse_document(html);
    let mut seen = false;
    for element in page.root_element().descendants().filter_map(ElementRef::wrap) {
        if !seen {
            seen = element.value().name() == "h2" && element.text().collect::<String>() == heading;
        } else if element.value().name() == "form" && element.value().attr("novalidate").is_some() {
            return fields_of(element);
        }
    }
    panic!("no form after the heading {heading:?}");
}

/// The name and value of every input (checkboxes only when checked), textarea
/// and select of `form`, in document order; buttons are left out.
fn fields_of(form: ElementRef) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for control in form.select(&common::selector("input[name], textarea, select")) {
        let element = control.value();
        let name = element.attr("name").expect("a named control").to_string();
        match element.name() {
            "input" if element.attr("type") == Some("checkbox") => {
                if element.attr("checked").is_some() {
                    out.push((name, element.attr("value").unwrap_or("on").to_string()));
                }
            }
            "input" => out.push((name, element.attr("value").unwrap_or_default().to_string())),
            "textarea" => out.push((name, control.text().collect())),
            _ => {
                let selected = control.select(&common::selector("option[selected]")).next();
                let value = selected.map(|o| o.value().attr("value").expect("an option value").to_string());
                out.push((name, value.unwrap_or_default()));
            }
        }
    }
    out
}

pub(crate) fn with(fields: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        fields.iter().filter(|(k, _)| !changes.iter().any(|(c, _)| c == k)).cloned().collect();
    out.extend(changes.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    out
}

/// Follows an import to its end (large files run in the background).
async fn finished_job(client: &mut Client, location: &str) -> String {
    for _ in 0..100 {
        let page = client.get(location).await;
        if !page.body.contains("Import läuft") {
            return page.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import did not finish");
}

pub(crate) async fn post_fields(client: &mut Client, uri: &str, fields: &[(String, String)]) -> common::Reply {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    client.post(uri, &refs).await
}

#[tokio::test]
async fn login_sets_a_strict_http_only_session_cookie_that_logout_deletes_server_side() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    let form = client.get("/admin/anmelden").await;
    assert!(form.set_cookie.is_none(), "the login page sets no cookie");
    let reply = client
        .post("/admin/anmelden", &[("csrf", &form.csrf()), ("email", "Admin@Example.org"), ("password", PASSWORD)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let cookie = reply.set_cookie.unwrap();
    assert!(
        cookie.starts_with("sachstand_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert_eq!(client.get("/admin").await.status, StatusCode::OK);
    assert_eq!(scalar::<i64>(&db, "SELECT count(*) FROM sessions").await, 1);

    let token = client.token().await;
    let out = client.post("/admin/abmelden", &[("csrf", &token)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.set_cookie.unwrap().contains("Max-Age=0"));
    assert_eq!(scalar::<i64>(&db, "SELECT count(*) FROM sessions").await, 0, "logout deletes the session");
    assert_eq!(client.get("/admin").await.status, StatusCode::SEE_OTHER, "logged out");
}

#[tokio::test]
async fn each_login_issues_a_new_session_id_and_invalidates_the_old_one() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let first = client.cookie.clone().unwrap();
    client.login("admin@example.org", PASSWORD).await;
    let second = client.cookie.clone().unwrap();
    assert_ne!(first, second);
    let mut old = Client::new(&app);
    old.cookie = Some(first);
    assert_eq!(old.get("/admin").await.status, StatusCode::SEE_OTHER, "the old id no longer works");
    assert_eq!(scalar::<i64>(&db, "SELECT count(*) FROM sessions").await, 1);
}

#[tokio::test]
async fn idle_and_absolute_timeouts_end_sessions() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    sqlx::query("UPDATE sessions SET last_seen_at = now() - interval '31 minutes'").execute(&db).await.unwrap();
    assert_eq!(client.get("/admin").await.status, StatusCode::SEE_OTHER, "idle for 31 minutes");
    client.login("admin@example.org", PASSWORD).await;
    sqlx::query("UPDATE sessions SET created_at = now() - interval '12 hours 1 minute'").execute(&db).await.unwrap();
    assert_eq!(client.get("/admin").await.status, StatusCode::SEE_OTHER, "older than 12 hours");
}

#[tokio::test]
async fn login_answers_the_same_whether_or_not_the_account_exists() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    let csrf = client.get("/admin/anmelden").await.csrf();
    let wrong_password = client
        .post(
            "/admin/anmelden",
            &[("csrf", &csrf), ("email", "admin@example.org"), ("password", "falsch falsch falsch")],
        )
        .await;
    let unknown = client
        .post(
            "/admin/anmelden",
            &[("csrf", &csrf), ("email", "niemand@example.org"), ("password", "falsch falsch falsch")],
        )
        .await;
    assert_eq!(wrong_password.status, unknown.status);
    assert!(wrong_password.body.contains("E-Mail-Adresse oder Passwort ist falsch."));
    assert!(unknown.body.contains("E-Mail-Adresse oder Passwort ist falsch."));
    assert!(wrong_password.set_cookie.is_none() && unknown.set_cookie.is_none());
}

#[tokio::test]
async fn failed_logins_slow_an_account_down_but_never_lock_it() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    for i in 0..10 {
        // An attacker from many addresses: only the account's count applies.
        let mut client = Client::from_address(&app, &format!("198.51.100.{i}:4000"));
        let csrf = client.get("/admin/anmelden").await.csrf();
        client
            .post("/admin/anmelden", &[("csrf", &csrf), ("email", "admin@example.org"), ("password", "falsch")])
            .await;
        // Time passes between the guesses, as it must for the pauses to be served.
        sqlx::query("UPDATE login_failures SET at = at - interval '61 seconds'").execute(&db).await.unwrap();
    }
    let mut attacker = Client::from_address(&app, "198.51.100.50:4000");
    let csrf = attacker.get("/admin/anmelden").await.csrf();
    attacker.post("/admin/anmelden", &[("csrf", &csrf), ("email", "admin@example.org"), ("password", "falsch")]).await;
    // Right after a failure the owner has to wait a moment, and is told for how long…
    let mut owner = Client::from_address(&app, "198.51.100.99:4000");
    let csrf = owner.get("/admin/anmelden").await.csrf();
    let reply =
        owner.post("/admin/anmelden", &[("csrf", &csrf), ("email", "admin@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(reply.body.contains("Bitte warten Sie noch 60 Sekunden"), "{}", reply.body);
    assert!(reply.body.contains("Ihr Konto ist nicht gesperrt"));
    assert_eq!(reply.headers.get("retry-after").unwrap(), "60");
    assert_eq!(scalar::<i64>(&db, "SELECT count(*) FROM login_failures").await, 11, "a refused wait is no attempt");
    // …but once the pause is over, the right password works, however many guesses came before.
    sqlx::query("UPDATE login_failures SET at = at - interval '61 seconds'").execute(&db).await.unwrap();
    owner.login("admin@example.org", PASSWORD).await;
}

#[tokio::test]
async fn the_pause_grows_with_each_failure() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    let csrf = client.get("/admin/anmelden").await.csrf();
    let form = [("csrf", csrf.as_str()), ("email", "admin@example.org"), ("password", "falsch")];
    let mut waits = Vec::new();
    for _ in 0..5 {
        let reply = client.post("/admin/anmelden", &form).await;
        waits.push(reply.headers.get("retry-after").map(|v| v.to_str().unwrap().to_string()));
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            // Serve the pause, then guess again.
            sqlx::query("UPDATE login_failures SET at = at - interval '1 minute'").execute(&db).await.unwrap();
            assert_eq!(client.post("/admin/anmelden", &form).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
    }
    let pauses = waits.iter().map(|w| w.as_deref().unwrap_or("-")).collect::<Vec<_>>();
    // Three free guesses, then 1 s, then 2 s (each measured right after the last failure).
    assert_eq!(pauses, ["-", "-", "-", "1", "2"]);
}

#[tokio::test]
async fn failed_logins_from_one_address_slow_that_address_down() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::from_address(&app, "192.0.2.1:4000");
    let csrf = client.get("/admin/anmelden").await.csrf();
    for i in 0..30 {
        let email = format!("rate{i}@example.org");
        client.post("/admin/anmelden", &[("csrf", &csrf), ("email", &email), ("password", "falsch")]).await;
    }
    let reply = client
        .post("/admin/anmelden", &[("csrf", &csrf), ("email", "admin@example.org"), ("password", PASSWORD)])
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(reply.body.contains("Zu viele fehlgeschlagene Anmeldeversuche"));
    let mut other = Client::from_address(&app, "192.0.2.2:4000");
    other.login("admin@example.org", PASSWORD).await;
    sqlx::query("UPDATE login_failures SET at = at - interval '2 seconds'").execute(&db).await.unwrap();
    client.login("admin@example.org", PASSWORD).await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_visitors_address_is_counted_not_the_proxys() {
    let db = common::demo_db().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let app = common::app_with(db.clone(), |c| c.trusted_proxies = vec!["10.0.0.0/8".parse().unwrap()]).await;
    let mut client = Client::from_address(&app, "10.0.0.2:4000");
    let csrf = client.get("/admin/anmelden").await.csrf();
    let form = [("csrf", csrf.as_str()), ("email", "admin@example.org"), ("password", "falsch")];
    client.post_with("/admin/anmelden", &form, &[("x-forwarded-for", "1.2.3.4, 203.0.113.77")]).await;
    let clients: Vec<String> = sqlx::query_scalar("SELECT client FROM login_failures").fetch_all(&db).await.unwrap();
    assert_eq!(clients, ["203.0.113.77"], "the proxy's entry, not the proxy and not what the visitor claimed");
    // A peer that is not a trusted proxy cannot claim an address.
    let mut direct = Client::from_address(&app, "192.0.2.9:4000");
    direct.post_with("/admin/anmelden", &form, &[("x-forwarded-for", "203.0.113.1")]).await;
    let last: String =
        sqlx::query_scalar("SELECT client FROM login_failures ORDER BY id DESC LIMIT 1").fetch_one(&db).await.unwrap();
    assert_eq!(last, "192.0.2.9");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_login_posts_from_one_address_is_cut_off_before_the_database() {
    let (app, db) = demo_app().await;
    let csrf = Client::new(&app).get("/admin/anmelden").await.csrf();
    let started = std::time::Instant::now();
    let posts: Vec<_> = (0..300)
        .map(|i| {
            let (app, csrf) = (app.clone(), csrf.clone());
            tokio::spawn(async move {
                let mut client = Client::from_address(&app, "192.0.2.33:4000");
                let email = format!("flood{i}@example.org");
                client.post("/admin/anmelden", &[("csrf", csrf.as_str()), ("email", &email), ("password", "x")]).await
            })
        })
        .collect();
    let (mut limited, mut busy) = (0, 0);
    for post in posts {
        let reply = post.await.unwrap();
        match reply.status {
            StatusCode::TOO_MANY_REQUESTS if reply.headers.contains_key("retry-after") => limited += 1,
            // Under load some find no render slot first: refused as quickly, and also not counted.
            StatusCode::SERVICE_UNAVAILABLE if reply.headers.contains_key("retry-after") => busy += 1,
            _ => {}
        }
    }
    let counted = scalar::<i64>(&db, "SELECT count(*) FROM login_failures").await;
    let budget = sachstand::admin::throttle::ROUTE_BURST as i64;
    // The route's budget (40) plus what refills while the test runs (one every 3 s).
    let refilled = started.elapsed().as_secs() as i64 / 3 + 1;
    assert!(counted <= budget + refilled, "{counted} attempts reached the database");
    assert!(limited > 0, "the route limit answered");
    assert_eq!(limited + busy + counted, 300, "every post was counted or refused: {limited} limited, {busy} busy");
}

#[tokio::test]
async fn an_enrolled_second_factor_is_required_at_login() {
    let (app, db) = demo_app().await;
    let id = user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let account = client.get("/admin/konto").await;
    assert!(account.body.contains("<svg"), "QR code shown");
    let secret: String =
        sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = $1").bind(id).fetch_one(&db).await.unwrap();
    assert!(account.body.contains(&secret));
    let code = sachstand::admin::auth::totp(&secret).unwrap().generate_current().unwrap();
    let wrong =
        client.post("/admin/konto/totp", &[("csrf", &account.csrf()), ("code", "000000"), ("current", PASSWORD)]).await;
    if code != "000000" {
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let enrolled =
        client.post("/admin/konto/totp", &[("csrf", &account.csrf()), ("code", &code), ("current", PASSWORD)]).await;
    assert_eq!(enrolled.status, StatusCode::SEE_OTHER);
    assert!(scalar::<bool>(&db, "SELECT totp_enabled FROM users").await);

    let mut fresh = Client::new(&app);
    let csrf = fresh.get("/admin/anmelden").await.csrf();
    let step1 =
        fresh.post("/admin/anmelden", &[("csrf", &csrf), ("email", "admin@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(step1.location.as_deref(), Some("/admin/anmelden/zweiter-faktor"));
    assert_eq!(
        fresh.get("/admin").await.location.as_deref(),
        Some("/admin/anmelden/zweiter-faktor"),
        "no access before the code"
    );
    let page = fresh.get("/admin/anmelden/zweiter-faktor").await;
    let bad = fresh
        .post(
            "/admin/anmelden/zweiter-faktor",
            &[("csrf", &page.csrf()), ("code", if code == "111111" { "222222" } else { "111111" })],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let pending_cookie = fresh.cookie.clone();
    let ok = fresh.post("/admin/anmelden/zweiter-faktor", &[("csrf", &page.csrf()), ("code", &code)]).await;
    assert_eq!(ok.location.as_deref(), Some("/admin"));
    assert_ne!(fresh.cookie, pending_cookie, "a new session id after the second factor");
    assert_eq!(fresh.get("/admin").await.status, StatusCode::OK);
}

#[tokio::test]
async fn state_changing_requests_without_a_valid_csrf_token_are_refused_and_change_nothing() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let id = project_id(&db, "datenplattform").await;
    let before: String = scalar(&db, "SELECT status FROM projects WHERE slug = 'datenplattform'").await;
    let version: i32 = scalar(&db, "SELECT version FROM projects WHERE slug = 'datenplattform'").await;
    let uri = format!("/admin/projekte/{id}/status");
    for token in [None, Some("falsch"), Some("")] {
        let mut form = vec![("version", version.to_string()), ("status", "completed".to_string())];
        if let Some(t) = token {
            form.push(("csrf", t.to_string()));
        }
        let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = client.post(&uri, &refs).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "token {token:?}");
        assert!(reply.body.contains("Es wurde nichts geändert"));
    }
    assert_eq!(scalar::<String>(&db, "SELECT status FROM projects WHERE slug = 'datenplattform'").await, before);
    // A token of another session does not count either.
    let mut other = Client::new(&app);
    other.login("admin@example.org", PASSWORD).await;
    let foreign = other.token().await;
    let reply =
        client.post(&uri, &[("csrf", &foreign), ("version", &version.to_string()), ("status", "completed")]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // Logging in needs a token too.
    let mut anonymous = Client::new(&app);
    let reply = anonymous.post("/admin/anmelden", &[("email", "admin@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(anonymous.cookie.is_none());
}

/// The coordinator's action field in these tests.
const COORDINATED: &str = "digitale-verwaltung";

/// Logged-in clients for every role, with scopes: the coordinator has the
/// action field [`COORDINATED`], the editor the project "Datenplattform".
async fn clients(app: &sachstand::App, db: &PgPool) -> Vec<(&'static str, Client)> {
    let mut out = Vec::new();
    for (name, role) in [
        ("admin", Role::Admin),
        ("coordinator", Role::Coordinator),
        ("editor", Role::Editor),
        ("approver", Role::Approver),
    ] {
        let email = format!("{name}@example.org");
        let id = user(db, &email, role).await;
        if role == Role::Coordinator {
            sqlx::query(&format!(
                "INSERT INTO user_action_fields SELECT $1, id FROM action_fields WHERE slug = '{COORDINATED}'"
            ))
            .bind(id)
            .execute(db)
            .await
            .unwrap();
        }
        if role == Role::Editor {
            sqlx::query("INSERT INTO user_projects SELECT $1, id FROM projects WHERE slug = 'datenplattform'")
                .bind(id)
                .execute(db)
                .await
                .unwrap();
        }
        let mut client = Client::new(app);
        client.login(&email, PASSWORD).await;
        out.push((name, client));
    }
    out.push(("anonymous", Client::new(app)));
    out
}

#[tokio::test]
async fn every_admin_route_allows_exactly_the_roles_it_should() {
    let (app, db) = demo_app().await;
    let mut clients = clients(&app, &db).await;
    // A project in the coordinator's field that the editor does not have, and the editor's project.
    let in_field: i64 = scalar(&db, &format!("SELECT p.id FROM projects p JOIN project_action_fields l ON l.project_id = p.id JOIN action_fields a ON a.id = l.action_field_id WHERE a.slug = '{COORDINATED}' AND p.slug <> 'datenplattform' ORDER BY p.id LIMIT 1")).await;
    let editors = project_id(&db, "datenplattform").await;
    let outside: i64 = scalar(&db, &format!("SELECT p.id FROM projects p WHERE p.slug <> 'datenplattform' AND NOT EXISTS (SELECT 1 FROM project_action_fields l JOIN action_fields a ON a.id = l.action_field_id WHERE l.project_id = p.id AND a.slug = '{COORDINATED}') AND EXISTS (SELECT 1 FROM milestones WHERE project_id = p.id) ORDER BY p.id LIMIT 1")).await;
    let milestone_of = |p: i64| format!("SELECT id FROM milestones WHERE project_id = {p} ORDER BY position LIMIT 1");
    let ms_editor: i64 = scalar(&db, &milestone_of(editors)).await;
    let ms_outside: i64 = scalar(&db, &milestone_of(outside)).await;
    let service: i64 = scalar(&db, "SELECT id FROM services ORDER BY id LIMIT 1").await;
    let field: i64 = scalar(&db, "SELECT id FROM action_fields ORDER BY id LIMIT 1").await;
    let report: i64 = scalar(&db, "SELECT id FROM annual_reports ORDER BY id LIMIT 1").await;
    let user_id: i64 = scalar(&db, "SELECT id FROM users WHERE email = 'editor@example.org'").await;

    // (method, path, roles allowed). Anonymous is never allowed.
    let all = &["admin", "coordinator", "editor", "approver"][..];
    let workers = &["admin", "coordinator", "editor"][..];
    let admin = &["admin"][..];
    let releasers = &["admin", "approver"][..];
    // Whether the editor's project is also in the coordinator's field decides who may edit it.
    let editors_in_field: bool = scalar(&db, &format!("SELECT EXISTS (SELECT 1 FROM project_action_fields l JOIN action_fields a ON a.id = l.action_field_id JOIN projects p ON p.id = l.project_id WHERE p.slug = 'datenplattform' AND a.slug = '{COORDINATED}')")).await;
    let editors_project_editors: &[&str] = if editors_in_field { &["admin", "coordinator"] } else { admin };
    let editors_project_workers: &[&str] = if editors_in_field { workers } else { &["admin", "editor"] };
    let routes: Vec<(&str, String, &[&str])> = vec![
        ("GET", "/admin".into(), all),
        ("GET", "/admin/konto".into(), all),
        ("GET", "/admin/projekte".into(), workers),
        ("GET", "/admin/board".into(), workers),
        ("GET", format!("/admin/projekte/{in_field}"), &["admin", "coordinator"]),
        ("GET", format!("/admin/projekte/{editors}"), editors_project_editors),
        ("GET", format!("/admin/projekte/{outside}"), admin),
        ("GET", format!("/admin/projekte/{editors}/arbeit"), editors_project_workers),
        ("GET", format!("/admin/projekte/{in_field}/arbeit"), &["admin", "coordinator"]),
        ("GET", format!("/admin/projekte/{outside}/arbeit"), admin),
        ("GET", format!("/admin/projekte/{outside}/verlauf"), admin),
        ("GET", format!("/admin/projekte/{editors}/abschlussbericht"), editors_project_workers),
        ("GET", "/admin/projekte/neu".into(), admin),
        ("GET", format!("/admin/meilensteine/{ms_editor}"), editors_project_workers),
        ("GET", format!("/admin/meilensteine/{ms_outside}"), admin),
        ("GET", "/admin/online-dienste".into(), admin),
        ("GET", format!("/admin/online-dienste/{service}"), admin),
        ("GET", "/admin/online-dienste/export.csv".into(), admin),
        ("GET", "/admin/online-dienste/import".into(), admin),
        ("GET", "/admin/inhalte".into(), admin),
        ("GET", format!("/admin/handlungsfelder/{field}"), admin),
        ("GET", format!("/admin/berichte/{report}"), admin),
        ("GET", "/admin/benutzer".into(), admin),
        ("GET", format!("/admin/benutzer/{user_id}"), admin),
        ("GET", "/admin/freigaben".into(), releasers),
        ("POST", format!("/admin/projekte/{editors}/status"), editors_project_workers),
        ("POST", format!("/admin/projekte/{in_field}/status"), &["admin", "coordinator"]),
        ("POST", format!("/admin/projekte/{outside}/status"), admin),
        ("POST", format!("/admin/projekte/{outside}/meldung"), admin),
        ("POST", format!("/admin/meilensteine/{ms_editor}/prognose"), editors_project_workers),
        ("POST", format!("/admin/meilensteine/{ms_outside}/erreicht"), admin),
        ("POST", format!("/admin/projekte/{outside}"), admin),
        ("POST", format!("/admin/projekte/{outside}/archivieren"), admin),
        ("POST", format!("/admin/projekte/{editors}/archivieren"), admin),
        ("POST", format!("/admin/online-dienste/{service}"), admin),
        ("POST", "/admin/benutzer/neu".into(), admin),
        ("POST", format!("/admin/berichte/{report}/vorlegen"), admin),
        ("POST", format!("/admin/freigaben/bericht/{report}/zurueckgeben"), releasers),
    ];
    for (role, client) in clients.iter_mut() {
        let csrf = if *role == "anonymous" { String::new() } else { client.token().await };
        for (method, path, allowed) in &routes {
            let reply = if *method == "GET" {
                client.get(path).await
            } else {
                // An invalid version: an allowed request gets past authorisation and fails later (409/400/422).
                client
                    .post(
                        path,
                        &[("csrf", &csrf), ("version", "-1"), ("status", "implementation"), ("date", "01.01.2020")],
                    )
                    .await
            };
            let is_allowed = allowed.contains(role);
            if *role == "anonymous" {
                assert!(
                    reply.status == StatusCode::SEE_OTHER
                        && reply.location.as_deref().is_some_and(|l| l.starts_with("/admin/anmelden"))
                        || reply.status == StatusCode::FORBIDDEN,
                    "anonymous {method} {path}: {}",
                    reply.status
                );
            } else if is_allowed {
                assert_ne!(reply.status, StatusCode::FORBIDDEN, "{role} {method} {path} should be allowed");
                assert!(!reply.status.is_server_error(), "{role} {method} {path}: {}", reply.status);
            } else {
                assert_eq!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{role} {method} {path} should be denied: {}",
                    common::excerpt(&reply.body)
                );
            }
        }
    }
}

#[tokio::test]
async fn an_id_changed_in_the_address_never_reaches_a_record_outside_ones_scope() {
    let (app, db) = demo_app().await;
    let mut clients = clients(&app, &db).await;
    let editor = &mut clients[2].1;
    let outside = project_id(&db, "ausbau-lorawan-netz").await;
    let ms: (i64, i32) =
        sqlx::query_as("SELECT id, version FROM milestones WHERE project_id = $1 AND status = 'open' LIMIT 1")
            .bind(outside)
            .fetch_one(&db)
            .await
            .unwrap();
    let csrf = editor.token().await;
    let reply = editor
        .post(
            &format!("/admin/meilensteine/{}/erreicht", ms.0),
            &[("csrf", &csrf), ("version", &ms.1.to_string()), ("date", "01.01.2024")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(scalar::<String>(&db, &format!("SELECT status FROM milestones WHERE id = {}", ms.0)).await, "open");
    // Moving an own milestone into someone else's project is refused as well.
    let own: (i64, i32) = sqlx::query_as("SELECT m.id, m.version FROM milestones m JOIN projects p ON p.id = m.project_id WHERE p.slug = 'datenplattform' LIMIT 1").fetch_one(&db).await.unwrap();
    let page = editor.get(&format!("/admin/meilensteine/{}", own.0)).await;
    let fields = with(&form_fields(&page.body), &[("project_id", &outside.to_string())]);
    let reply = post_fields(editor, &format!("/admin/meilensteine/{}", own.0), &fields).await;
    // Refused either by the scope check (403) or because the project is not among the choices (422).
    assert!(matches!(reply.status, StatusCode::FORBIDDEN | StatusCode::UNPROCESSABLE_ENTITY), "{}", reply.status);
    let project_now: i64 = scalar(&db, &format!("SELECT project_id FROM milestones WHERE id = {}", own.0)).await;
    assert_ne!(project_now, outside);
    // A record of another city does not exist for this installation.
    assert_eq!(clients[0].1.get("/admin/projekte/999999").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invalid_input_gets_german_messages_next_to_the_fields_and_is_kept() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let id = project_id(&db, "datenplattform").await;
    let page = client.get(&format!("/admin/projekte/{id}")).await;
    let fields = with(
        &form_fields(&page.body),
        &[
            ("title", ""),
            ("planned_start", "01.06.2024"),
            ("planned_end", "01.01.2024"),
            ("progress_override", "150"),
            ("team_roles", "Mein Team bleibt stehen"),
        ],
    );
    let reply = post_fields(&mut client, &format!("/admin/projekte/{id}"), &fields).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}\n{}", reply.body);
    for message in [
        "Es gibt ein Problem",
        "Bitte geben Sie „Titel“ an.",
        "Das geplante Ende liegt vor dem geplanten Start.",
        "Bitte eine ganze Zahl von 0 bis 100 angeben.",
        "<span class=\"visually-hidden\">Fehler:</span>",
    ] {
        assert!(reply.body.contains(message), "{message}");
    }
    assert!(reply.body.contains("href=\"#f-title\""), "the summary links to the field");
    assert!(reply.body.contains("aria-invalid=\"true\""));
    assert_eq!(hidden(&reply.body, "team_roles").as_deref(), Some("Mein Team bleibt stehen"), "input kept");
    assert_eq!(hidden(&reply.body, "planned_start").as_deref(), Some("01.06.2024"));
    assert_eq!(
        scalar::<String>(&db, "SELECT title FROM projects WHERE slug = 'datenplattform'").await,
        "Datenplattform",
        "nothing saved"
    );
}

#[tokio::test]
async fn saving_over_a_newer_version_shows_both_versions_and_loses_neither() {
    let (app, db) = demo_app().await;
    user(&db, "a@example.org", Role::Admin).await;
    user(&db, "b@example.org", Role::Admin).await;
    let (mut a, mut b) = (Client::new(&app), Client::new(&app));
    a.login("a@example.org", PASSWORD).await;
    b.login("b@example.org", PASSWORD).await;
    let id = project_id(&db, "datenplattform").await;
    let uri = format!("/admin/projekte/{id}");
    let form_a = form_fields(&a.get(&uri).await.body);
    let form_b = form_fields(&b.get(&uri).await.body);
    let saved = post_fields(&mut a, &uri, &with(&form_a, &[("title", "Datenplattform (Fassung A)")])).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let conflict = post_fields(&mut b, &uri, &with(&form_b, &[("title", "Datenplattform (Fassung B)")])).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert!(conflict.body.contains("Bearbeitungskonflikt"));
    assert!(conflict.body.contains("Datenplattform (Fassung A)"), "the stored version is shown");
    assert_eq!(
        hidden(&conflict.body, "title").as_deref(),
        Some("Datenplattform (Fassung B)"),
        "B's input is kept in the form"
    );
    assert_eq!(
        scalar::<String>(&db, "SELECT title FROM projects WHERE slug = 'datenplattform'").await,
        "Datenplattform (Fassung A)"
    );
    // B decides to keep their version: the conflict form carries the new version number.
    let again = post_fields(&mut b, &uri, &form_fields_after(&conflict.body, "Ihre Fassung")).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        scalar::<String>(&db, "SELECT title FROM projects WHERE slug = 'datenplattform'").await,
        "Datenplattform (Fassung B)"
    );
    let history = a.get(&format!("/admin/projekte/{id}/verlauf")).await;
    assert!(
        history.body.contains("Datenplattform (Fassung A)") && history.body.contains("Datenplattform (Fassung B)"),
        "both versions stay in the history"
    );
}

#[tokio::test]
async fn every_kind_of_change_writes_an_audit_record_in_the_same_transaction() {
    let (app, db) = demo_app().await;
    let admin_id = user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let audits = |action: &'static str, entity: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT count(*) FROM audit_log WHERE actor = 'admin@example.org' AND action = $1 AND entity = $2",
            )
            .bind(action)
            .bind(entity)
            .fetch_one(&db)
            .await
            .unwrap()
        }
    };
    let csrf = client.token().await;
    let id = project_id(&db, "datenplattform").await;
    let version: i32 = scalar(&db, "SELECT version FROM projects WHERE slug = 'datenplattform'").await;
    // Status change on the work screen: the project and the published update.
    let r = client
        .post(
            &format!("/admin/projekte/{id}/status"),
            &[("csrf", &csrf), ("version", &version.to_string()), ("status", "completed"), ("progress", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&r.body));
    assert_eq!(r.location.as_deref(), Some(format!("/admin/projekte/{id}/arbeit?ok=status").as_str()));
    let all: Vec<(String, String, String)> =
        sqlx::query_as("SELECT actor, action, entity FROM audit_log WHERE actor <> 'content-loader'")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(audits("update", "projects").await, 1, "{all:?}");
    assert_eq!(audits("create", "project_updates").await, 1);
    // Milestone reached and forecast moved.
    let (ms, mv): (i64, i32) =
        sqlx::query_as("SELECT id, version FROM milestones WHERE status = 'open' ORDER BY id LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
    let r = client
        .post(
            &format!("/admin/meilensteine/{ms}/prognose"),
            &[("csrf", &csrf), ("version", &mv.to_string()), ("date", "01.12.2027"), ("reason", "Lieferverzug")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = client
        .post(
            &format!("/admin/meilensteine/{ms}/erreicht"),
            &[("csrf", &csrf), ("version", &(mv + 1).to_string()), ("date", "01.01.2024")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(audits("update", "milestones").await, 2);
    // Create, update, archive and restore through the generic screens.
    let page = client.get("/admin/ziele/neu").await;
    let created = client
        .post(
            "/admin/ziele/neu",
            &[
                ("csrf", &page.csrf()),
                ("version", "0"),
                ("slug", "testziel"),
                ("title", "Testziel"),
                ("position", "99"),
                ("body_md", "Text"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&created.body));
    assert_eq!(audits("create", "goals").await, 1);
    let goal: i64 = scalar(&db, "SELECT id FROM goals WHERE slug = 'testziel'").await;
    let form = form_fields(&client.get(&format!("/admin/ziele/{goal}")).await.body);
    post_fields(&mut client, &format!("/admin/ziele/{goal}"), &with(&form, &[("title", "Testziel geändert")])).await;
    assert_eq!(audits("update", "goals").await, 1);
    client
        .post(&format!("/admin/ziele/{goal}/archivieren"), &[("csrf", &csrf), ("version", "2"), ("archivieren", "1")])
        .await;
    assert_eq!(audits("archive", "goals").await, 1);
    assert!(!common::html(&app, "/strategie").await.contains("Testziel geändert"), "archived records are not public");
    client
        .post(&format!("/admin/ziele/{goal}/archivieren"), &[("csrf", &csrf), ("version", "3"), ("archivieren", "0")])
        .await;
    assert_eq!(audits("restore", "goals").await, 1);
    // Users.
    let form = client.get("/admin/benutzer/neu").await;
    let r = client
        .post(
            "/admin/benutzer/neu",
            &[
                ("csrf", &form.csrf()),
                ("email", "neu@example.org"),
                ("name", "Neue Person"),
                ("role", "editor"),
                ("password", PASSWORD),
                ("repeat", PASSWORD),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&r.body));
    assert_eq!(audits("create", "users").await, 1);
    // Every audit record of an update has both images.
    let incomplete: i64 = scalar(&db, "SELECT count(*) FROM audit_log WHERE action = 'update' AND entity IN ('projects', 'milestones', 'goals') AND (before IS NULL OR after IS NULL)").await;
    assert_eq!(incomplete, 0);
    let _ = admin_id;
}

#[tokio::test]
async fn release_states_decide_what_the_public_sees() {
    let (app, db) = demo_app().await;
    let mut clients = clients(&app, &db).await;
    let id = project_id(&db, "datenplattform").await;
    let public = format!("/projekte/{}", "datenplattform");
    // The editor drafts and submits the final report.
    let editor = &mut clients[2].1;
    let page = editor.get(&format!("/admin/projekte/{id}/abschlussbericht")).await;
    let fields = with(
        &form_fields(&page.body),
        &[("summary_md", "Ergebnis: Plattform läuft."), ("lessons_learned_md", "Früh mit den Ämtern sprechen.")],
    );
    let r = post_fields(editor, &format!("/admin/projekte/{id}/abschlussbericht"), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&r.body));
    assert!(!common::html(&app, &public).await.contains("Früh mit den Ämtern sprechen."), "a draft is not public");
    let version: i32 = scalar(
        &db,
        "SELECT f.version FROM final_reports f JOIN projects p ON p.id = f.project_id WHERE p.slug = 'datenplattform'",
    )
    .await;
    let csrf = editor.token().await;
    let r = editor
        .post(
            &format!("/admin/projekte/{id}/abschlussbericht/vorlegen"),
            &[("csrf", &csrf), ("version", &version.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!common::html(&app, &public).await.contains("Früh mit den Ämtern sprechen."), "submitted is not public");
    // The approver returns it with a comment, then (after resubmission) releases it.
    let report: i64 = scalar(
        &db,
        "SELECT f.id FROM final_reports f JOIN projects p ON p.id = f.project_id WHERE p.slug = 'datenplattform'",
    )
    .await;
    let approver = &mut clients[3].1;
    let csrf = approver.token().await;
    let missing_comment = approver
        .post(
            &format!("/admin/freigaben/abschlussbericht/{report}/zurueckgeben"),
            &[("csrf", &csrf), ("version", &(version + 1).to_string())],
        )
        .await;
    assert_eq!(missing_comment.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = approver
        .post(
            &format!("/admin/freigaben/abschlussbericht/{report}/zurueckgeben"),
            &[("csrf", &csrf), ("version", &(version + 1).to_string()), ("comment", "Bitte Kosten ergänzen.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let editor = &mut clients[2].1;
    assert!(
        editor.get(&format!("/admin/projekte/{id}/abschlussbericht")).await.body.contains("Bitte Kosten ergänzen.")
    );
    let csrf = editor.token().await;
    editor
        .post(
            &format!("/admin/projekte/{id}/abschlussbericht/vorlegen"),
            &[("csrf", &csrf), ("version", &(version + 2).to_string())],
        )
        .await;
    let approver = &mut clients[3].1;
    let csrf = approver.token().await;
    let r = approver
        .post(
            &format!("/admin/freigaben/abschlussbericht/{report}/freigeben"),
            &[("csrf", &csrf), ("version", &(version + 3).to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&r.body));
    let body = common::html(&app, &public).await;
    assert!(body.contains("Früh mit den Ämtern sprechen.") && body.contains("Lessons Learned"), "released is public");
    // Editors cannot release.
    let editor = &mut clients[2].1;
    let csrf = editor.token().await;
    assert_eq!(
        editor
            .post(
                &format!("/admin/freigaben/abschlussbericht/{report}/freigeben"),
                &[("csrf", &csrf), ("version", "1")]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Annual report 2025 (submitted in the demo): released by the approver, its figures frozen.
    assert_eq!(common::get(&app, "/berichte/2025").await.status, StatusCode::NOT_FOUND);
    let (annual, v): (i64, i32) =
        sqlx::query_as("SELECT id, version FROM annual_reports WHERE year = 2025").fetch_one(&db).await.unwrap();
    let approver = &mut clients[3].1;
    let csrf = approver.token().await;
    let r = approver
        .post(&format!("/admin/freigaben/bericht/{annual}/freigeben"), &[("csrf", &csrf), ("version", &v.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let frozen: serde_json::Value = scalar(&db, "SELECT key_figures FROM annual_reports WHERE year = 2025").await;
    assert!(frozen["projects_total"].as_i64().unwrap() > 0);
    assert!(common::html(&app, "/berichte/2025").await.contains("Kennzahlen zum Zeitpunkt der Freigabe"));
    // A released report is frozen: the edit form refuses changes.
    let admin = &mut clients[0].1;
    let form = form_fields(&admin.get(&format!("/admin/berichte/{annual}")).await.body);
    let r = post_fields(admin, &format!("/admin/berichte/{annual}"), &with(&form, &[("title", "Geändert")])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Figures stay frozen when projects change later.
    sqlx::query("UPDATE projects SET archived_at = now() WHERE slug = 'digitalpakete'").execute(&db).await.unwrap();
    let still: serde_json::Value = scalar(&db, "SELECT key_figures FROM annual_reports WHERE year = 2025").await;
    assert_eq!(still, frozen);
}

#[tokio::test]
async fn an_admins_save_is_visible_on_the_public_page_at_the_next_request() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let id: i64 = scalar(&db, "SELECT id FROM services WHERE slug = 'efa-wohngeld'").await;
    let form = form_fields(&client.get(&format!("/admin/online-dienste/{id}")).await.body);
    post_fields(
        &mut client,
        &format!("/admin/online-dienste/{id}"),
        &with(&form, &[("name", "Wohngeld digital beantragen")]),
    )
    .await;
    assert!(common::html(&app, "/online-dienste/efa-wohngeld").await.contains("Wohngeld digital beantragen"));
}

/// A rating stays on its model's scale, and model 2.0 rates only from July 2025:
/// said next to the field, nothing saved; a valid re-rating keeps the old one in the past.
#[tokio::test]
async fn a_rating_is_checked_against_its_maturity_model() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let id: i64 = scalar(&db, "SELECT id FROM services WHERE slug = 'sperrmuell-anmelden'").await;
    let uri = format!("/admin/online-dienste/{id}");
    let form = form_fields(&client.get(&uri).await.body);
    let too_high = post_fields(&mut client, &uri, &with(&form, &[("maturity_model", "1.1"), ("maturity", "6")])).await;
    assert_eq!(too_high.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_high.body.contains("id=\"f-maturity-error\""), "{}", common::excerpt(&too_high.body));
    assert!(too_high.body.contains("Das Reifegradmodell 1.1 kennt die Stufen 0 bis 4"));
    let too_early = post_fields(
        &mut client,
        &uri,
        &with(&form, &[("maturity_model", "2.0"), ("maturity", "6"), ("maturity_rated_on", "2024-03-01")]),
    )
    .await;
    assert_eq!(too_early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_early.body.contains("Das Reifegradmodell 2.0 gilt erst seit dem 01.07.2025."));
    assert_eq!(scalar::<String>(&db, &format!("SELECT maturity_model FROM services WHERE id = {id}")).await, "1.1");

    let saved = post_fields(
        &mut client,
        &uri,
        &with(&form, &[("maturity_model", "2.0"), ("maturity", "6"), ("maturity_rated_on", "2025-10-01")]),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&saved.body));
    let page = common::html(&app, "/online-dienste/sperrmuell-anmelden").await;
    assert!(page.contains("6 – Prozessorientierung und Datenzentrierung, nach dem"), "{}", common::excerpt(&page));
    let versions: Vec<(String, i16)> = sqlx::query_as(&format!(
        "SELECT maturity_model, maturity FROM services_versions WHERE id = {id} ORDER BY lower(valid)"
    ))
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(versions.last().unwrap(), &("2.0".to_string(), 6));
    assert!(versions[..versions.len() - 1].iter().all(|(m, _)| m == "1.1"), "{versions:?}");
}

#[tokio::test]
async fn the_service_csv_round_trips_and_a_file_with_bad_rows_imports_nothing() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let export = client.get("/admin/online-dienste/export.csv").await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(export.body.starts_with('\u{feff}'));
    let records = csv::ReaderBuilder::new().delimiter(b';').from_reader(export.body.as_bytes()).records().count();
    assert_eq!(records as i64, scalar::<i64>(&db, "SELECT count(*) FROM services").await);
    let csrf = client.token().await;
    let upload = format!("/admin/online-dienste/import?csrf={csrf}");
    let audit_before: i64 = scalar(&db, "SELECT count(*) FROM audit_log").await;

    // The unchanged file changes nothing.
    let r = client.post_multipart(&upload, "datei", "export.csv", export.body.as_bytes()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&r.body));
    let job = finished_job(&mut client, r.location.as_deref().unwrap()).await;
    assert!(job.contains("0 neu, 0 geändert"), "{}", common::excerpt(&job));
    assert_eq!(scalar::<i64>(&db, "SELECT count(*) FROM audit_log").await, audit_before);

    // One changed row and two bad rows: nothing is imported, each bad row is named by its line.
    let mut reader =
        csv::ReaderBuilder::new().delimiter(b';').from_reader(export.body.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let mut records: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    records[0][col("name")] = format!("GEÄNDERT {}", records[0][col("name")]);
    records[1][col("status")] = "unterwegs".into();
    records[4][col("maturity")] = "9".into();
    let write = |records: &[Vec<String>], delimiter: u8| {
        let mut writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
        writer.write_record(&header).unwrap();
        for r in records {
            writer.write_record(r).unwrap();
        }
        String::from_utf8(writer.into_inner().unwrap()).unwrap()
    };
    let bad = write(&records, b';');
    // The file lines on which the two bad records start.
    let lines: Vec<u64> = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(bad.as_bytes())
        .records()
        .map(|r| r.unwrap().position().unwrap().line())
        .collect();
    let r = client.post_multipart(&upload, "datei", "bad.csv", bad.as_bytes()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(&format!("<td>{}</td>", lines[1])) && r.body.contains(&format!("<td>{}</td>", lines[4])),
        "{}",
        common::excerpt(&r.body)
    );
    assert!(r.body.contains("Status:") && r.body.contains("Reifegrad:"));
    assert!(r.body.contains("es wurde nichts importiert") || r.body.contains("Es wurde nichts importiert"));
    assert_eq!(scalar::<i64>(&db, "SELECT count(*) FROM services WHERE name LIKE 'GEÄNDERT%'").await, 0);

    // Fixed, in Windows-1252 with commas: read, said, and imported.
    records[1] = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(export.body.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .nth(1)
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    records[4] = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(export.body.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .nth(4)
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    records[0][col("name")] = records[0][col("name")].replace("GEÄNDERT", "Geändert");
    let utf8 = write(&records, b',');
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&utf8);
    assert!(!unmappable);
    let r = client.post_multipart(&upload, "datei", "ansi.csv", &cp1252).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&r.body));
    let job = finished_job(&mut client, r.location.as_deref().unwrap()).await;
    assert!(job.contains("Windows-1252") && job.contains("0 neu, 1 geändert"), "{}", common::excerpt(&job));
    assert_eq!(scalar::<i64>(&db, "SELECT count(*) FROM services WHERE name LIKE 'Geändert %'").await, 1);
}

#[tokio::test]
async fn admin_responses_are_never_cached_and_carry_the_security_headers() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    let login = client.get("/admin/anmelden").await;
    assert_eq!(login.headers["cache-control"], "no-store");
    client.login("admin@example.org", PASSWORD).await;
    for uri in ["/admin", "/admin/projekte", "/admin/benutzer"] {
        let r = client.get(uri).await;
        assert_eq!(r.headers["cache-control"], "no-store", "{uri}");
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"));
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
        assert_eq!(r.headers["x-frame-options"], "DENY", "found missing by the wapiti scan");
        assert!(r.headers.contains_key("referrer-policy"));
    }
    let public = common::get(&app, "/").await;
    assert_eq!(public.headers["x-frame-options"], "DENY");
    assert!(public.headers.get("set-cookie").is_none());
    assert_ne!(public.headers.get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"));
}

#[tokio::test]
async fn passwords_must_follow_the_policy() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let csrf = client.token().await;
    for (new, message) in [("kurz", "mindestens 12"), ("passwort1234", "häufig verwendeter")] {
        let r = client
            .post("/admin/konto/passwort", &[("csrf", &csrf), ("current", PASSWORD), ("new", new), ("repeat", new)])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains(message), "{message}");
    }
    let r = client
        .post(
            "/admin/konto/passwort",
            &[
                ("csrf", &csrf),
                ("current", PASSWORD),
                ("new", "Neues Passwort Mainzer Dom"),
                ("repeat", "Neues Passwort Mainzer Dom"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let hash: String = scalar(&db, "SELECT password_hash FROM users").await;
    assert!(hash.starts_with("$argon2id$"), "stored with argon2id");
}

#[tokio::test]
async fn the_create_user_command_reads_the_password_from_standard_input() {
    let (_app, db) = demo_app().await;
    let url = sqlx::ConnectOptions::to_url_lossy(&*db.connect_options());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .args(["create-user", "--email", "cli@example.org", "--name", "Kommandozeile", "--role", "approver"])
        .env("DATABASE_URL", url.to_string())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(scalar::<String>(&db, "SELECT role FROM users WHERE email = 'cli@example.org'").await, "approver");
    // A weak password is refused with the policy's message.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .args(["create-user", "--email", "weak@example.org", "--name", "Schwach", "--role", "editor"])
        .env("DATABASE_URL", url.to_string())
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"123456789012\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("zu leicht zu erraten"));
}

#[tokio::test]
async fn the_public_project_page_shows_its_public_change_history() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let id = project_id(&db, "datenplattform").await;
    let version: i32 = scalar(&db, "SELECT version FROM projects WHERE slug = 'datenplattform'").await;
    let csrf = client.token().await;
    client
        .post(
            &format!("/admin/projekte/{id}/status"),
            &[("csrf", &csrf), ("version", &version.to_string()), ("status", "completed"), ("progress", "")],
        )
        .await;
    let body = common::html(&app, "/projekte/datenplattform").await;
    let history = common::outer_html(&body, "section[aria-labelledby=\"aenderungen\"]").expect("a change history");
    assert!(history.contains("Abgeschlossen") || history.contains("completed"), "{}", common::excerpt(&history));
    assert!(!history.contains("admin@example.org"), "people are not named publicly");
}

#[tokio::test]
async fn inquiry_questions_and_answers_are_edited_as_ordered_pairs() {
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let id: i64 = scalar(&db, "SELECT id FROM council_inquiries WHERE number = '0730/2023'").await;
    let page = client.get(&format!("/admin/anfragen/{id}")).await;
    assert_eq!(
        hidden(&page.body, "items_10_a").map(|q| q.contains("Oberbürgermeister")),
        Some(true),
        "the tenth question is in the form"
    );
    let fields = form_fields(&page.body);
    // A half-filled pair is refused with a message; nothing changes.
    let half = with(&fields, &[("items_11_a", "Eine elfte Frage?"), ("items_11_b", "")]);
    let r = post_fields(&mut client, &format!("/admin/anfragen/{id}"), &half).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Paar 11"));
    let full = with(&fields, &[("items_11_a", "Eine elfte Frage?"), ("items_11_b", "Eine Zebrastreifen-Antwort.")]);
    let r = post_fields(&mut client, &format!("/admin/anfragen/{id}"), &full).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", common::excerpt(&r.body));
    assert_eq!(scalar::<i64>(&db, &format!("SELECT count(*) FROM inquiry_items WHERE inquiry_id = {id}")).await, 11);
    assert!(common::html(&app, "/anfragen/0730-2023").await.contains("Eine Zebrastreifen-Antwort."));
    assert!(
        common::html(&app, "/suche?q=Zebrastreifen").await.contains("/anfragen/0730-2023"),
        "the new answer is searchable"
    );
}
