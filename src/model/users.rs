//! Accounts of the admin area as records of the one write path: created,
//! changed (name, role, active, scope) with version check, new password,
//! second factor enrolled. Password policy and hashing stay with the admin area.

use serde_json::{Value, json};
use sqlx::PgConnection;

use super::write::{self, Outcome, Patch, Writer};
use crate::domain::Role;

fn shape() -> &'static write::Shape {
    write::shape_of("users")
}

/// A new account: who it is, its role, its scope.
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
    pub action_fields: &'a [i64],
    pub projects: &'a [i64],
}

/// Creates an account with its scope in one write; a taken e-mail address is the
/// database's unique-key error.
pub async fn create(conn: &mut PgConnection, who: Writer<'_>, account: &NewAccount<'_>) -> Result<i64, sqlx::Error> {
    let action_fields = own_ids(conn, "action_fields", who.city_id, account.action_fields).await?;
    let projects = own_ids(conn, "projects", who.city_id, account.projects).await?;
    let columns = json!({
        "email": account.email, "name": account.name, "role": account.role.code(), "password_hash": account.password_hash,
    });
    let patch = Patch::columns(columns).with_list("action_fields", action_fields).with_list("projects", projects);
    write::create(conn, shape(), who, &patch).await
}

/// The account's second-factor secret, prepared on first view of the account
/// page (an audited change) and kept until a code confirms it.
pub async fn prepare_totp_secret(
    conn: &mut PgConnection,
    who: Writer<'_>,
    id: i64,
    new_secret: &str,
) -> Result<String, sqlx::Error> {
    let current: Option<String> =
        sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
    if let Some(secret) = current {
        return Ok(secret);
    }
    let patch = Patch::columns(json!({ "totp_secret": new_secret }));
    write::update(conn, shape(), who, id, None, "update", &patch).await?;
    Ok(new_secret.to_string())
}

/// What the account form sets.
pub struct AccountChange<'a> {
    pub name: &'a str,
    pub role: Role,
    pub active: bool,
    pub action_fields: &'a [i64],
    pub projects: &'a [i64],
}

/// Only ids of the writer's city count; anything else in a form is ignored.
async fn own_ids(conn: &mut PgConnection, table: &str, city_id: i64, ids: &[i64]) -> Result<Vec<Value>, sqlx::Error> {
    let ids: Vec<i64> =
        sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE city_id = $1 AND id = ANY($2) ORDER BY id"))
            .bind(city_id)
            .bind(ids)
            .fetch_all(conn)
            .await?;
    Ok(ids.into_iter().map(|id| json!(id)).collect())
}

/// Changes an account if it still has `version`; a deactivated account loses its sessions.
pub async fn change(
    conn: &mut PgConnection,
    who: Writer<'_>,
    id: i64,
    version: i32,
    change: &AccountChange<'_>,
) -> Result<Outcome, sqlx::Error> {
    let action_fields = own_ids(conn, "action_fields", who.city_id, change.action_fields).await?;
    let projects = own_ids(conn, "projects", who.city_id, change.projects).await?;
    let patch = Patch::columns(json!({"name": change.name, "role": change.role.code(), "active": change.active}))
        .with_list("action_fields", action_fields)
        .with_list("projects", projects);
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let outcome = write::update(&mut tx, shape(), who, id, Some(version), "update", &patch).await?;
    if !change.active && matches!(outcome, Outcome::Saved { .. } | Outcome::Unchanged) {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

/// Stores a new password hash (the account's own change: no version to compare).
pub async fn set_password(conn: &mut PgConnection, who: Writer<'_>, id: i64, hash: &str) -> Result<(), sqlx::Error> {
    let patch = Patch::columns(json!({ "password_hash": hash }));
    write::update(conn, shape(), who, id, None, "update", &patch).await?;
    Ok(())
}

/// Marks the second factor as enrolled.
pub async fn enable_totp(conn: &mut PgConnection, who: Writer<'_>, id: i64) -> Result<(), sqlx::Error> {
    write::update(conn, shape(), who, id, None, "update", &Patch::columns(json!({ "totp_enabled": true }))).await?;
    Ok(())
}

/// Removes an account's second factor (reset by an admin) and ends its sessions.
pub async fn reset_totp(conn: &mut PgConnection, who: Writer<'_>, id: i64) -> Result<(), sqlx::Error> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let patch = Patch::columns(json!({ "totp_enabled": false, "totp_secret": null, "totp_last_step": null }));
    write::update(&mut tx, shape(), who, id, None, "update", &patch).await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await
}
