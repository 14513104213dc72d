//! Accounts: `sachstand create-user` and the admin screens to create users,
//! set role and scope, and deactivate them.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use sqlx::{PgConnection, PgPool};

use super::auth::{self, CurrentUser, Screen};
use super::forms::Input;
use super::layout::AdminLayout;
use super::roles::Role;
use crate::AppState;
use crate::error::{Error, Result};
use crate::i18n::{t, t_arg, t_static};
use crate::model::users::{AccountChange, NewAccount};
use crate::model::{self, write::Outcome, write::Writer};
use crate::ui::extract::{Done, Path, Query};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/benutzer", get(list))
        .route("/admin/benutzer/neu", get(new_form).post(create))
        .route("/admin/benutzer/{id}", get(edit_form).post(update))
        .route("/admin/benutzer/{id}/zweiter-faktor", axum::routing::post(reset_second_factor))
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    /// A value is refused: the form field and the message (in the request's language; German on the command line).
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

fn check_email(email: &str) -> Option<&'static str> {
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    (!valid).then(|| t_static("adminf-user-error-email"))
}

/// Creates an account without a scope (the command line); the password is checked against the policy.
pub async fn create_user(
    db: &PgPool,
    city_id: i64,
    actor: &str,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> Result<i64, CreateUserError> {
    create_user_in(&mut *db.acquire().await?, city_id, actor, email, name, role, password).await
}

/// [`create_user`] on a connection, e.g. inside the transaction that creates its city.
pub async fn create_user_in(
    conn: &mut PgConnection,
    city_id: i64,
    actor: &str,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> Result<i64, CreateUserError> {
    let who = Writer { city_id, actor };
    create_with_scope(conn, who, (email, name, role), password, (&[], &[])).await
}

/// Creates an account with its scope (action fields, projects) in one write.
async fn create_with_scope(
    conn: &mut PgConnection,
    who: Writer<'_>,
    (email, name, role): (&str, &str, Role),
    password: &str,
    (action_fields, projects): (&[i64], &[i64]),
) -> Result<i64, CreateUserError> {
    let email = email.trim().to_lowercase();
    if let Some(problem) = check_email(&email) {
        return Err(CreateUserError::Invalid { field: "email", message: problem.into() });
    }
    if name.trim().is_empty() {
        return Err(CreateUserError::Invalid { field: "name", message: t("adminf-user-error-name") });
    }
    if let Some(problem) = auth::password_problem(password, &[&email, name]) {
        return Err(CreateUserError::Invalid { field: "password", message: problem });
    }
    let hash = auth::hash_password_bounded(password.to_string())
        .await
        .map_err(|e| CreateUserError::Invalid { field: "password", message: t_arg("adminf-user-error-hash", e) })?;
    let account = NewAccount { email: &email, name: name.trim(), role, password_hash: &hash, action_fields, projects };
    match model::users::create(conn, who, &account).await {
        Ok(id) => Ok(id),
        Err(e) => match super::store::unique_violation("users", &e) {
            Some((field, message)) => Err(CreateUserError::Invalid { field, message }),
            None => Err(e.into()),
        },
    }
}

pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub totp_enabled: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
struct ListPage {
    layout: AdminLayout,
    users: Vec<UserRow>,
}

fn admin_only(user: &CurrentUser) -> Result<()> {
    if user.is_admin() { Ok(()) } else { Err(Error::Forbidden) }
}

async fn list(Screen { state, user }: Screen) -> Result<ListPage> {
    admin_only(&user)?;
    let rows: Vec<(i64, String, String, Role, bool, bool)> = sqlx::query_as(
        "SELECT id, email, name, role, active, totp_enabled FROM users WHERE city_id = $1 ORDER BY active DESC, name",
    )
    .bind(state.site.city_id)
    .fetch_all(&state.db)
    .await?;
    let users = rows
        .into_iter()
        .map(|(id, email, name, role, active, totp_enabled)| UserRow { id, email, name, role, active, totp_enabled })
        .collect();
    Ok(ListPage { layout: AdminLayout::new(&state, t("adminf-users-title"), &user, "/admin/benutzer"), users })
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/user_form.html")]
struct UserForm {
    layout: AdminLayout,
    id: Option<i64>,
    version: i32,
    email: String,
    name: String,
    role: String,
    active: bool,
    /// (id, title, checked)
    action_fields: Vec<(i64, String, bool)>,
    projects: Vec<(i64, String, bool)>,
    errors: Vec<(String, String)>,
    /// The account has a second factor that an admin may reset.
    totp_enabled: bool,
}

impl UserForm {
    fn roles(&self) -> &'static [Role] {
        Role::ALL
    }
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }
}

async fn choices(state: &AppState, table: &str, label: &str, chosen: &[i64]) -> Result<Vec<(i64, String, bool)>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
        "SELECT id, {label} FROM {table} WHERE city_id = $1 AND archived_at IS NULL ORDER BY 2"
    ))
    .bind(state.site.city_id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(|(id, l)| (id, l, chosen.contains(&id))).collect())
}

#[allow(clippy::too_many_arguments)]
async fn form(
    state: &AppState,
    user: &CurrentUser,
    id: Option<i64>,
    version: i32,
    input: &Input,
    fields: &[i64],
    projects: &[i64],
    errors: Vec<(String, String)>,
) -> Result<UserForm> {
    Ok(UserForm {
        layout: AdminLayout::new(
            state,
            t(if id.is_some() { "adminf-user-edit" } else { "adminf-user-create" }),
            user,
            "/admin/benutzer",
        ),
        id,
        version,
        email: input.get("email").to_string(),
        name: input.get("name").to_string(),
        role: input.get("role").to_string(),
        active: !input.get("active").is_empty(),
        action_fields: choices(state, "action_fields", "title", fields).await?,
        projects: choices(state, "projects", "title", projects).await?,
        totp_enabled: false,
        errors,
    })
}

fn ids(input: &Input, name: &str) -> Vec<i64> {
    input.all(name).iter().filter_map(|v| v.parse().ok()).collect()
}

async fn new_form(Screen { state, user }: Screen) -> Result<UserForm> {
    admin_only(&user)?;
    let mut input = Input::default();
    input.set("role", "editor");
    input.set("active", "on");
    form(&state, &user, None, 0, &input, &[], &[], Vec::new()).await
}

async fn create(Screen { state, user }: Screen, input: Input) -> Result<Response> {
    admin_only(&user)?;
    let role = Role::from_code(input.get("role"));
    let mut errors = Vec::new();
    if role.is_none() {
        errors.push(("role".to_string(), t("adminf-user-error-role")));
    }
    if input.get("password") != input.get("repeat") {
        errors.push(("password".to_string(), t("adminf-user-error-mismatch")));
    }
    if let (true, Some(role)) = (errors.is_empty(), role) {
        let (fields, projects) = (ids(&input, "action_fields"), ids(&input, "projects"));
        let person = (input.get("email"), input.get("name"), role);
        let who = user.writer(state.site.city_id);
        match create_with_scope(
            &mut *state.db.acquire().await?,
            who,
            person,
            input.get("password"),
            (&fields, &projects),
        )
        .await
        {
            Ok(id) => return Ok(Redirect::to(&format!("/admin/benutzer/{id}?ok=angelegt")).into_response()),
            Err(CreateUserError::Invalid { field, message }) => errors.push((field.to_string(), message)),
            Err(CreateUserError::Database(e)) => return Err(e.into()),
        }
    }
    let page =
        form(&state, &user, None, 0, &input, &ids(&input, "action_fields"), &ids(&input, "projects"), errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn edit_form(Screen { state, user }: Screen, Path(id): Path<i64>, Query(done): Query<Done>) -> Result<UserForm> {
    admin_only(&user)?;
    let row: Option<(String, String, Role, bool, i32, bool)> = sqlx::query_as(
        "SELECT email, name, role, active, version, totp_enabled FROM users WHERE id = $1 AND city_id = $2",
    )
    .bind(id)
    .bind(state.site.city_id)
    .fetch_optional(&state.db)
    .await?;
    let (email, name, role, active, version, totp_enabled) = row.ok_or(Error::NotFound)?;
    let fields: Vec<i64> = sqlx::query_scalar("SELECT action_field_id FROM user_action_fields WHERE user_id = $1")
        .bind(id)
        .fetch_all(&state.db)
        .await?;
    let projects: Vec<i64> = sqlx::query_scalar("SELECT project_id FROM user_projects WHERE user_id = $1")
        .bind(id)
        .fetch_all(&state.db)
        .await?;
    let mut input = Input::default();
    input.set("email", email);
    input.set("name", name);
    input.set("role", role.code());
    input.set("active", if active { "on" } else { "" });
    let mut page = form(&state, &user, Some(id), version, &input, &fields, &projects, Vec::new()).await?;
    page.totp_enabled = totp_enabled;
    page.layout.notice = match done.ok.as_str() {
        "angelegt" => Some(t("adminf-user-notice-created")),
        "gespeichert" => Some(t("adminf-user-notice-saved")),
        "zweiter-faktor" => Some(t("adminf-user-notice-second-factor")),
        _ => None,
    };
    Ok(page)
}

/// The edit form again, with the input kept and one message next to `field`.
#[allow(clippy::too_many_arguments)]
async fn refuse(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    version: i32,
    input: &Input,
    status: StatusCode,
    field: &str,
    message: &str,
) -> Result<Response> {
    let errors = vec![(field.to_string(), message.to_string())];
    let page =
        form(state, user, Some(id), version, input, &ids(input, "action_fields"), &ids(input, "projects"), errors)
            .await?;
    Ok((status, page).into_response())
}

async fn update(Screen { state, user }: Screen, Path(id): Path<i64>, input: Input) -> Result<Response> {
    admin_only(&user)?;
    let version = input.version()?;
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let Some(role) = Role::from_code(input.get("role")) else {
        return refuse(&state, &user, id, version, &input, status, "role", &t("adminf-user-error-role")).await;
    };
    let name = input.get("name").trim();
    if name.is_empty() {
        return refuse(&state, &user, id, version, &input, status, "name", &t("adminf-user-error-name")).await;
    }
    let active = !input.get("active").is_empty();
    if id == user.id && (!active || role != Role::Admin) {
        let message = t("adminf-user-error-self");
        return refuse(&state, &user, id, version, &input, status, "role", &message).await;
    }
    let (fields, projects) = (ids(&input, "action_fields"), ids(&input, "projects"));
    let change = AccountChange { name, role, active, action_fields: &fields, projects: &projects };
    let who = user.writer(state.site.city_id);
    let outcome = model::users::change(&mut *state.db.acquire().await?, who, id, version, &change).await?;
    match outcome {
        Outcome::Missing => return Err(Error::NotFound),
        Outcome::Conflict { .. } => {
            let message = t("adminf-user-error-conflict");
            return refuse(&state, &user, id, version, &input, StatusCode::CONFLICT, "name", &message).await;
        }
        Outcome::Saved { .. } | Outcome::Unchanged => {}
    }
    Ok(Redirect::to(&format!("/admin/benutzer/{id}?ok=gespeichert")).into_response())
}

/// An admin resets a user's second factor (a lost phone): audited, and the
/// account's sessions end, so that it signs in and enrols again.
async fn reset_second_factor(Screen { state, user }: Screen, Path(id): Path<i64>) -> Result<Response> {
    admin_only(&user)?;
    let owner: Option<i64> =
        sqlx::query_scalar("SELECT city_id FROM users WHERE id = $1").bind(id).fetch_optional(&state.db).await?;
    if owner != Some(state.site.city_id) {
        return Err(Error::NotFound);
    }
    model::users::reset_totp(&mut *state.db.acquire().await?, user.writer(state.site.city_id), id).await?;
    tracing::info!(target: "security", event = "totp_reset", account = %user.email, user_id = id, "second factor reset");
    Ok(Redirect::to(&format!("/admin/benutzer/{id}?ok=zweiter-faktor")).into_response())
}
