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

/// Creates an account; a taken e-mail address is the database's unique-key error.
pub async fn create(
    conn: &mut PgConnection,
    who: Writer<'_>,
    email: &str,
    name: &str,
    role: Role,
    password_hash: &str,
) -> Result<i64, sqlx::Error> {
    let patch =
        Patch::columns(json!({"email": email, "name": name, "role": role.code(), "password_hash": password_hash}));
    write::create(conn, shape(), who, &patch).await
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
