//! Accounts: `sachstand create-user` and the admin screens to create users,
//! set role and scope, and deactivate them.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde_json::json;
use sqlx::PgPool;

use super::auth::{self, CurrentUser};
use super::forms::Input;
use super::layout::AdminLayout;
use super::roles::Role;
use crate::AppState;
use crate::audit;
use crate::error::{Error, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/benutzer", get(list))
        .route("/admin/benutzer/neu", get(new_form).post(create))
        .route("/admin/benutzer/{id}", get(edit_form).post(update))
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

fn check_email(email: &str) -> Option<&'static str> {
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    (!valid).then_some("Bitte eine gültige E-Mail-Adresse angeben, z. B. name@mainz.de.")
}

/// Creates an account (used by the CLI and the admin screen); the password is checked against the policy.
pub async fn create_user(
    db: &PgPool,
    city_id: i64,
    actor: &str,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> Result<i64, CreateUserError> {
    let email = email.trim().to_lowercase();
    if let Some(problem) = check_email(&email) {
        return Err(CreateUserError::Invalid(problem.into()));
    }
    if name.trim().is_empty() {
        return Err(CreateUserError::Invalid("Bitte einen Namen angeben.".into()));
    }
    if let Some(problem) = auth::password_problem(password, &[&email, name]) {
        return Err(CreateUserError::Invalid(problem));
    }
    let hash = auth::hash_password(password);
    let mut tx = db.begin().await?;
    let id: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO users (city_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(city_id)
    .bind(&email)
    .bind(name.trim())
    .bind(role)
    .bind(hash)
    .fetch_one(&mut *tx)
    .await;
    let id = match id {
        Ok(id) => id,
        Err(e) if e.as_database_error().is_some_and(|d| d.is_unique_violation()) => {
            return Err(CreateUserError::Invalid("Diese E-Mail-Adresse ist schon vergeben.".into()));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &mut tx,
        city_id,
        actor,
        "create",
        "users",
        id,
        None,
        Some(&json!({"email": email, "name": name.trim(), "role": role.code(), "active": true})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
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

async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<ListPage> {
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
    Ok(ListPage { layout: AdminLayout::new(&state, "Benutzer", &user, "/admin/benutzer"), users })
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
            if id.is_some() { "Benutzer bearbeiten" } else { "Benutzer anlegen" },
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
        errors,
    })
}

fn ids(input: &Input, name: &str) -> Vec<i64> {
    input.all(name).iter().filter_map(|v| v.parse().ok()).collect()
}

async fn new_form(State(state): State<AppState>, user: CurrentUser) -> Result<UserForm> {
    admin_only(&user)?;
    let mut input = Input::default();
    input.set("role", "editor");
    input.set("active", "on");
    form(&state, &user, None, 0, &input, &[], &[], Vec::new()).await
}

async fn create(State(state): State<AppState>, user: CurrentUser, body: Bytes) -> Result<Response> {
    admin_only(&user)?;
    let input = Input::parse(&body);
    let role = Role::from_code(input.get("role"));
    let mut errors = Vec::new();
    if role.is_none() {
        errors.push(("role".to_string(), "Bitte eine Rolle wählen.".to_string()));
    }
    if input.get("password") != input.get("repeat") {
        errors.push(("password".to_string(), "Die beiden Passwörter stimmen nicht überein.".to_string()));
    }
    if errors.is_empty() {
        match create_user(
            &state.db,
            state.site.city_id,
            &user.email,
            input.get("email"),
            input.get("name"),
            role.expect("checked"),
            input.get("password"),
        )
        .await
        {
            Ok(id) => {
                set_scope(&state, &user, id, &ids(&input, "action_fields"), &ids(&input, "projects")).await?;
                return Ok(Redirect::to(&format!("/admin/benutzer/{id}?ok=angelegt")).into_response());
            }
            Err(CreateUserError::Invalid(message)) => {
                let field = if message.contains("Passwort") {
                    "password"
                } else if message.contains("Namen") {
                    "name"
                } else {
                    "email"
                };
                errors.push((field.to_string(), message));
            }
            Err(CreateUserError::Database(e)) => return Err(e.into()),
        }
    }
    let page =
        form(&state, &user, None, 0, &input, &ids(&input, "action_fields"), &ids(&input, "projects"), errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn set_scope(state: &AppState, actor: &CurrentUser, id: i64, fields: &[i64], projects: &[i64]) -> Result<()> {
    let mut tx = state.db.begin().await?;
    sqlx::query("DELETE FROM user_action_fields WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO user_action_fields (user_id, action_field_id) SELECT $1, f.id FROM action_fields f WHERE f.city_id = $3 AND f.id = ANY($2)")
        .bind(id)
        .bind(fields)
        .bind(state.site.city_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM user_projects WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO user_projects (user_id, project_id) SELECT $1, p.id FROM projects p WHERE p.city_id = $3 AND p.id = ANY($2)")
        .bind(id)
        .bind(projects)
        .bind(state.site.city_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        state.site.city_id,
        &actor.email,
        "update",
        "users",
        id,
        None,
        Some(&json!({"action_fields": fields, "projects": projects})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn edit_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<UserForm> {
    admin_only(&user)?;
    let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    let row: Option<(String, String, Role, bool, i32)> =
        sqlx::query_as("SELECT email, name, role, active, version FROM users WHERE id = $1 AND city_id = $2")
            .bind(id)
            .bind(state.site.city_id)
            .fetch_optional(&state.db)
            .await?;
    let (email, name, role, active, version) = row.ok_or(Error::NotFound)?;
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
    page.layout.notice = match Input::parse(query.unwrap_or_default().as_bytes()).get("ok") {
        "angelegt" => Some("Das Konto ist angelegt.".into()),
        "gespeichert" => Some("Gespeichert.".into()),
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

async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response> {
    admin_only(&user)?;
    let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    let input = Input::parse(&body);
    let version: i32 =
        input.get("version").parse().map_err(|_| Error::BadRequest("Dem Formular fehlt die Versionsnummer.".into()))?;
    let Some(role) = Role::from_code(input.get("role")) else {
        return refuse(
            &state,
            &user,
            id,
            version,
            &input,
            StatusCode::UNPROCESSABLE_ENTITY,
            "role",
            "Bitte eine Rolle wählen.",
        )
        .await;
    };
    let name = input.get("name").trim();
    if name.is_empty() {
        return refuse(
            &state,
            &user,
            id,
            version,
            &input,
            StatusCode::UNPROCESSABLE_ENTITY,
            "name",
            "Bitte einen Namen angeben.",
        )
        .await;
    }
    let active = !input.get("active").is_empty();
    if id == user.id && (!active || role != Role::Admin) {
        let message = "Sie können sich nicht selbst die Administration entziehen oder deaktivieren.";
        return refuse(&state, &user, id, version, &input, StatusCode::UNPROCESSABLE_ENTITY, "role", message).await;
    }
    let mut tx = state.db.begin().await?;
    let before: Option<serde_json::Value> = sqlx::query_scalar(
        "SELECT to_jsonb(u) - 'password_hash' - 'totp_secret' FROM users u WHERE id = $1 AND city_id = $2 FOR UPDATE",
    )
    .bind(id)
    .bind(state.site.city_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(before) = before else {
        return Err(Error::NotFound);
    };
    let after: Option<serde_json::Value> = sqlx::query_scalar(
        "UPDATE users u SET name = $3, role = $4, active = $5, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 \
         RETURNING to_jsonb(u) - 'password_hash' - 'totp_secret'",
    )
    .bind(id)
    .bind(version)
    .bind(name)
    .bind(role)
    .bind(active)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(after) = after else {
        // Return the connection before rendering, which needs one.
        drop(tx);
        let message = "Jemand hat dieses Konto inzwischen geändert. Bitte laden Sie die Seite neu; Ihre Eingaben stehen noch im Formular.";
        return refuse(&state, &user, id, version, &input, StatusCode::CONFLICT, "name", message).await;
    };
    if !active {
        // A deactivated account loses its sessions at once.
        auth::end_all_sessions_of(&mut *tx, id).await?;
    }
    audit::record(&mut tx, state.site.city_id, &user.email, "update", "users", id, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    set_scope(&state, &user, id, &ids(&input, "action_fields"), &ids(&input, "projects")).await?;
    Ok(Redirect::to(&format!("/admin/benutzer/{id}?ok=gespeichert")).into_response())
}
