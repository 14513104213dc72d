//! Login (password, then TOTP when enrolled), logout, the start page and the
//! user's own account (password change, TOTP enrolment).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use serde::Deserialize;

use super::auth::{self, CurrentUser, Screen, SessionState};
use super::layout::AdminLayout;
use super::roles::Role;
use super::throttle::{self, Attempt};
use crate::AppState;
use crate::error::{Error, Result};
use crate::i18n::{t, t_arg};
use crate::ui::client::ClientIp;
use crate::ui::extract::{Done, Form, Query};

pub fn public_router() -> Router<AppState> {
    Router::new()
        .route("/admin/anmelden", get(login_form).post(login))
        .route("/admin/anmelden/zweiter-faktor", get(totp_form).post(totp_login))
}

pub fn protected_router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard))
        .route("/admin/abmelden", post(logout))
        .route("/admin/konto", get(account))
        .route("/admin/konto/passwort", post(change_password))
        .route("/admin/konto/totp", post(enrol_totp))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/login.html")]
struct LoginPage {
    layout: AdminLayout,
    email: String,
    next: String,
    error: Option<String>,
    notice: Option<String>,
}

fn next_target(raw: &str) -> String {
    // Only paths inside the admin area: no open redirect, and nothing that is not a plain path.
    let plain = !raw.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    if plain && crate::i18n::split(raw).1.starts_with("/admin") && !raw.starts_with("//") && !raw.contains("://") {
        raw.to_string()
    } else {
        "/admin".to_string()
    }
}

async fn anonymous_layout(state: &AppState, title: &str) -> Result<AdminLayout> {
    let key = auth::csrf_key(&state.db).await?;
    Ok(AdminLayout::anonymous(state, title, auth::anonymous_csrf(&key)))
}

/// `/admin/anmelden?weiter=…&abgemeldet=1`
#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginQuery {
    weiter: String,
    abgemeldet: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginForm {
    email: String,
    password: String,
    weiter: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CodeForm {
    code: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    current: String,
    new: String,
    repeat: String,
}

async fn login_form(State(state): State<AppState>, Query(query): Query<LoginQuery>) -> Result<LoginPage> {
    let notice = (query.abgemeldet == "1").then(|| t("admin-login-logged-out"));
    Ok(LoginPage {
        layout: anonymous_layout(&state, &t("admin-login-title")).await?,
        email: String::new(),
        next: next_target(&query.weiter),
        error: None,
        notice,
    })
}

/// The message key of a refused login (the same for a wrong password and an unknown account).
const LOGIN_FAILED: &str = "admin-login-failed";

/// 429 when the visitor must wait first, 422 for a wrong password or code.
fn refusal_status(wait: Option<i64>) -> axum::http::StatusCode {
    if wait.is_some() {
        axum::http::StatusCode::TOO_MANY_REQUESTS
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    }
}

fn retry_after(wait: Option<i64>) -> axum::response::AppendHeaders<Option<(header::HeaderName, String)>> {
    axum::response::AppendHeaders(wait.map(|seconds| (header::RETRY_AFTER, seconds.to_string())))
}

#[derive(sqlx::FromRow)]
struct Credentials {
    id: i64,
    password_hash: String,
    totp_enabled: bool,
}

// Long because: the throttled login (count the attempt, verify, second factor, new session,
// security log) must happen in exactly this order, which is easiest to check in one place.
async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(client): ClientIp,
    Form(form): Form<LoginForm>,
) -> Result<Response> {
    let client = client.to_string();
    let email = form.email.trim().to_lowercase();
    let password = form.password.as_str();
    let next = next_target(&form.weiter);
    let fail = |message: &str, wait: Option<i64>| {
        let message = message.to_string();
        let email = email.clone();
        let next = next.clone();
        let state = state.clone();
        async move {
            Ok::<_, Error>(
                (
                    refusal_status(wait),
                    retry_after(wait),
                    LoginPage {
                        layout: anonymous_layout(&state, &t("admin-login-title")).await?,
                        email,
                        next,
                        error: Some(message),
                        notice: None,
                    },
                )
                    .into_response(),
            )
        }
    };
    let attempt = match throttle::begin(&state.db, &email, &client).await? {
        Attempt::Go(attempt) => attempt,
        Attempt::Wait(seconds) => {
            tracing::warn!(target: "security", event = "login_throttled", account = %email, %client, seconds, "login must wait");
            return fail(&throttle::wait_message(seconds), Some(seconds)).await;
        }
    };
    let user: Option<Credentials> = sqlx::query_as(
        "SELECT id, password_hash, totp_enabled FROM users WHERE city_id = $1 AND email = $2 AND active",
    )
    .bind(state.site.city_id)
    .bind(&email)
    .fetch_optional(&state.db)
    .await?;
    // Verified in a blocking thread: argon2 takes tens of milliseconds on purpose.
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let ok = auth::verify_password_bounded(password.to_string(), hash).await;
    let Some(user) = user.filter(|_| ok) else {
        // The attempt was counted before the check; it stays as a failure.
        tracing::warn!(target: "security", event = "login_failed", account = %email, %client, "wrong e-mail or password");
        return fail(&t(LOGIN_FAILED), None).await;
    };
    throttle::succeeded(&state.db, attempt).await?;
    let previous = auth::token_from_headers(&state, &headers);
    let token = auth::start_session(&state.db, user.id, user.totp_enabled, previous.as_deref(), &client).await?;
    let target = if user.totp_enabled {
        tracing::info!(target: "security", event = "password_ok", account = %email, %client, "second factor required");
        "/admin/anmelden/zweiter-faktor".to_string()
    } else {
        throttle::clear(&state.db, &email).await?;
        tracing::info!(target: "security", event = "login", account = %email, %client, "logged in");
        next
    };
    Ok(([(header::SET_COOKIE, auth::session_cookie(&state, &token))], Redirect::to(&target)).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/totp_login.html")]
struct TotpPage {
    layout: AdminLayout,
    error: Option<String>,
}

async fn pending_user(state: &AppState, headers: &HeaderMap) -> Result<Option<(String, i64)>> {
    let Some(token) = auth::token_from_headers(state, headers) else {
        return Ok(None);
    };
    Ok(match auth::session(&state.db, state.site.city_id, &token).await? {
        SessionState::PendingTotp { user_id } => Some((token, user_id)),
        _ => None,
    })
}

async fn totp_form(State(state): State<AppState>, headers: HeaderMap) -> Result<Response> {
    if pending_user(&state, &headers).await?.is_none() {
        return Ok(Redirect::to("/admin/anmelden").into_response());
    }
    Ok(TotpPage { layout: anonymous_layout(&state, &t("admin-totp-title")).await?, error: None }.into_response())
}

async fn totp_login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(client): ClientIp,
    Form(CodeForm { code }): Form<CodeForm>,
) -> Result<Response> {
    let client = client.to_string();
    let Some((token, user_id)) = pending_user(&state, &headers).await? else {
        return Ok(Redirect::to("/admin/anmelden").into_response());
    };
    let (email, secret): (String, Option<String>) =
        sqlx::query_as("SELECT email, totp_secret FROM users WHERE id = $1").bind(user_id).fetch_one(&state.db).await?;
    let refuse = |message: String, wait: Option<i64>| {
        let state = state.clone();
        async move {
            Ok::<_, Error>(
                (
                    refusal_status(wait),
                    retry_after(wait),
                    TotpPage { layout: anonymous_layout(&state, &t("admin-totp-title")).await?, error: Some(message) },
                )
                    .into_response(),
            )
        }
    };
    let attempt = match throttle::begin(&state.db, &email, &client).await? {
        Attempt::Go(attempt) => attempt,
        Attempt::Wait(seconds) => {
            tracing::warn!(target: "security", event = "login_throttled", account = %email, %client, seconds, "second factor must wait");
            return refuse(throttle::wait_message(seconds), Some(seconds)).await;
        }
    };
    let valid = match &secret {
        Some(secret) => auth::use_totp(&state.db, user_id, secret, &code).await?,
        None => false,
    };
    if !valid {
        // The attempt was counted before the check; it stays as a failure.
        tracing::warn!(target: "security", event = "totp_failed", account = %email, %client, "wrong code");
        return refuse(t("admin-totp-failed"), None).await;
    }
    throttle::succeeded(&state.db, attempt).await?;
    throttle::clear(&state.db, &email).await?;
    let new_token = auth::start_session(&state.db, user_id, false, Some(&token), &client).await?;
    tracing::info!(target: "security", event = "login", account = %email, %client, "logged in with second factor");
    Ok(([(header::SET_COOKIE, auth::session_cookie(&state, &new_token))], Redirect::to("/admin")).into_response())
}

async fn logout(Screen { state, user }: Screen, headers: HeaderMap, ClientIp(client): ClientIp) -> Result<Response> {
    if let Some(token) = auth::token_from_headers(&state, &headers) {
        auth::end_session(&state.db, &token).await?;
    }
    tracing::info!(target: "security", event = "logout", account = %user.email, %client, "logged out");
    Ok(([(header::SET_COOKIE, auth::clear_cookie(&state))], Redirect::to("/admin/anmelden?abgemeldet=1"))
        .into_response())
}

pub struct Tile {
    pub href: String,
    pub title: String,
    pub text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    layout: AdminLayout,
    tiles: Vec<Tile>,
    submitted: i64,
}

async fn dashboard(Screen { state, user }: Screen) -> Result<DashboardPage> {
    let mut tiles = Vec::new();
    let scope = user.project_scope(&state.db).await?;
    if user.role != Role::Approver {
        let count = scope
            .as_ref()
            .map_or_else(|| t("admin-tile-projects-all"), |s| t_arg("admin-tile-projects-scope", s.len()));
        tiles.push(Tile {
            href: "/admin/projekte".into(),
            title: t("admin-nav-projects"),
            text: t_arg("admin-tile-projects-text", count),
        });
        tiles.push(Tile { href: "/admin/board".into(), title: t("admin-nav-board"), text: t("admin-tile-board-text") });
    }
    if user.can_release() {
        tiles.push(Tile {
            href: "/admin/freigaben".into(),
            title: t("admin-nav-releases"),
            text: t("admin-tile-releases-text"),
        });
    }
    if user.is_admin() {
        tiles.push(Tile {
            href: "/admin/online-dienste".into(),
            title: t("admin-nav-services"),
            text: t("admin-tile-services-text"),
        });
        tiles.push(Tile {
            href: "/admin/inhalte".into(),
            title: t("admin-nav-content"),
            text: t("admin-tile-content-text"),
        });
        tiles.push(Tile {
            href: "/admin/benutzer".into(),
            title: t("admin-nav-users"),
            text: t("admin-tile-users-text"),
        });
    }
    let submitted: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM final_reports f JOIN projects p ON p.id = f.project_id WHERE p.city_id = $1 AND f.release_state = 'submitted') \
              + (SELECT count(*) FROM annual_reports WHERE city_id = $1 AND release_state = 'submitted')",
    )
    .bind(state.site.city_id)
    .fetch_one(&state.db)
    .await?;
    Ok(DashboardPage {
        layout: AdminLayout::new(&state, t("admin-dashboard-title"), &user, "/admin"),
        tiles,
        submitted,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/account.html")]
struct AccountPage {
    layout: AdminLayout,
    password_error: Option<String>,
    totp_error: Option<String>,
    /// Secret and its QR code while enrolling.
    enrolment: Option<(String, String)>,
}

async fn account_page(
    state: &AppState,
    user: &CurrentUser,
    password_error: Option<String>,
    totp_error: Option<String>,
    notice: Option<String>,
) -> Result<AccountPage> {
    let mut layout = AdminLayout::new(state, t("admin-account-title"), user, "/admin/konto");
    layout.notice = notice;
    let enrolment = if user.totp_enabled {
        None
    } else {
        // A secret is prepared on first view and kept until the code confirms it.
        let who = user.writer(state.site.city_id);
        let new = auth::new_totp_secret();
        let secret =
            crate::model::users::prepare_totp_secret(&mut *state.db.acquire().await?, who, user.id, &new).await?;
        let uri = format!(
            "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period=30",
            urlencode(&state.site.portal_name),
            urlencode(&user.email),
            urlencode(&state.site.portal_name)
        );
        let svg = qrcode::QrCode::new(uri.as_bytes())
            .map(|code| code.render::<qrcode::render::svg::Color>().min_dimensions(180, 180).build())
            .unwrap_or_default();
        // Inline SVG in HTML must not carry the XML declaration.
        let svg = svg.find("<svg").map_or(String::new(), |start| svg[start..].to_string());
        Some((secret, svg))
    };
    Ok(AccountPage { layout, password_error, totp_error, enrolment })
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap_or_default().trim_start_matches("x=").replace('+', "%20")
}

async fn account(Screen { state, user }: Screen, Query(done): Query<Done>) -> Result<AccountPage> {
    let notice = match done.ok.as_str() {
        "passwort" => Some(t("admin-account-password-changed")),
        "totp" => Some(t("admin-account-totp-done")),
        _ => None,
    };
    account_page(&state, &user, None, None, notice).await
}

async fn change_password(Screen { state, user }: Screen, Form(form): Form<PasswordForm>) -> Result<Response> {
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1").bind(user.id).fetch_one(&state.db).await?;
    let current = form.current.clone();
    let ok = auth::verify_password_bounded(current, Some(hash)).await;
    let new = form.new.as_str();
    let problem = if !ok {
        Some(t("admin-account-current-wrong"))
    } else if new != form.repeat {
        Some(t("admin-account-mismatch"))
    } else {
        auth::password_problem(new, &[&user.email, &user.name])
    };
    if let Some(problem) = problem {
        return Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            account_page(&state, &user, Some(problem), None, None).await?,
        )
            .into_response());
    }
    let new = new.to_string();
    let hash = auth::hash_password_bounded(new).await.map_err(|e| Error::Other(e.into()))?;
    let mut tx = state.db.begin().await?;
    crate::model::users::set_password(&mut tx, user.writer(state.site.city_id), user.id, &hash).await?;
    // Other sessions of this account end: a changed password locks out whoever knew the old one.
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND csrf_token <> $2")
        .bind(user.id)
        .bind(&user.csrf_token)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(target: "security", event = "password_changed", account = %user.email, "password changed");
    Ok(Redirect::to("/admin/konto?ok=passwort").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EnrolForm {
    code: String,
    /// The current password: enrolling a second factor is re-authenticated (ASVS 3.7.1).
    current: String,
}

async fn enrol_totp(Screen { state, user }: Screen, Form(form): Form<EnrolForm>) -> Result<Response> {
    let (secret, hash): (Option<String>, String) =
        sqlx::query_as("SELECT totp_secret, password_hash FROM users WHERE id = $1")
            .bind(user.id)
            .fetch_one(&state.db)
            .await?;
    if user.totp_enabled {
        return Ok(Redirect::to("/admin/konto").into_response());
    }
    if !auth::verify_password_bounded(form.current, Some(hash)).await {
        let error = t("admin-account-totp-password-wrong");
        let page = account_page(&state, &user, None, Some(error), None).await?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let code = form.code;
    if !secret.is_some_and(|s| auth::check_totp(&s, &code)) {
        let page = account_page(&state, &user, None, Some(t("admin-account-totp-code-wrong")), None).await?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    crate::model::users::enable_totp(&mut *state.db.acquire().await?, user.writer(state.site.city_id), user.id).await?;
    tracing::info!(target: "security", event = "totp_enrolled", account = %user.email, "second factor enrolled");
    Ok(Redirect::to("/admin/konto?ok=totp").into_response())
}
