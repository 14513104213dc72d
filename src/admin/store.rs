//! The admin area's side of the one write path (`model::write`): a validated
//! form becomes a patch, and a violated unique key becomes an error next to
//! the field it concerns, found by the constraint's exact name.

use serde_json::{Value, json};
use sqlx::PgConnection;

use super::entities::Entity;
use crate::model::write::{self, Patch, Writer};

/// A record as one JSON document: its row plus its lists, keyed by field name.
pub async fn document(conn: &mut PgConnection, entity: &Entity, id: i64) -> Result<Option<Value>, sqlx::Error> {
    write::document(conn, write::shape_of(entity.table), id).await
}

/// Which city a record belongs to (through its project for final reports).
pub async fn city_of(conn: &mut PgConnection, entity: &Entity, id: i64) -> Result<Option<i64>, sqlx::Error> {
    let sql = if entity.has_city() {
        format!("SELECT city_id FROM {} WHERE id = $1", entity.table)
    } else {
        format!("SELECT p.city_id FROM {} t JOIN projects p ON p.id = t.project_id WHERE t.id = $1", entity.table)
    };
    sqlx::query_scalar(&sql).bind(id).fetch_optional(conn).await
}

pub enum Outcome {
    Saved {
        id: i64,
    },
    /// Nothing differed from the stored record.
    Unchanged {
        id: i64,
    },
    /// Someone saved a newer version; `current` is that version (null: the record is gone).
    Conflict {
        current: Value,
    },
    /// Rejected by a database rule (unique key): field and message.
    Invalid(Vec<(&'static str, String)>),
}

/// Unique keys other than `(city_id, slug)`, by their exact constraint names: field and message key.
const UNIQUE_KEYS: &[(&str, &str, &str)] = &[
    ("annual_reports_city_id_year_key", "year", "adminf-unique-year"),
    ("council_inquiries_city_id_number_key", "number", "adminf-unique-number"),
    ("milestones_project_id_position_key", "position", "adminf-unique-position"),
    ("users_city_id_email_key", "email", "adminf-unique-email"),
    ("project_updates_project_id_slug_key", "slug", "adminf-unique-slug"),
];

/// The form error for a violated unique key of `table`, if the error is one (in the request's language).
pub fn unique_violation(table: &str, err: &sqlx::Error) -> Option<(&'static str, String)> {
    if !err.as_database_error().is_some_and(|db| db.is_unique_violation()) {
        return None;
    }
    let constraint = write::violated_constraint(err)?;
    if constraint == format!("{table}_city_id_slug_key") {
        return Some(("slug", crate::i18n::t("adminf-unique-slug")));
    }
    UNIQUE_KEYS.iter().find(|(name, _, _)| *name == constraint).map(|(_, field, key)| (*field, crate::i18n::t(key)))
}

/// A database error as form errors of `entity`, or the error itself when it is not about a field.
fn as_invalid(entity: &Entity, err: sqlx::Error) -> Result<Outcome, sqlx::Error> {
    match unique_violation(entity.table, &err) {
        Some((field, message)) if entity.fields.iter().any(|f| f.name == field) => {
            Ok(Outcome::Invalid(vec![(field, message)]))
        }
        _ => Err(err),
    }
}

/// Inserts a new record (the patch may add columns the form does not show: project, release state).
pub async fn create(
    conn: &mut PgConnection,
    entity: &Entity,
    who: Writer<'_>,
    patch: Patch,
) -> Result<Outcome, sqlx::Error> {
    match write::create(conn, write::shape_of(entity.table), who, &patch).await {
        Ok(id) => Ok(Outcome::Saved { id }),
        Err(e) => as_invalid(entity, e),
    }
}

/// Updates a record if it still has `version`.
pub async fn update(
    conn: &mut PgConnection,
    entity: &Entity,
    who: Writer<'_>,
    id: i64,
    version: i32,
    patch: &Patch,
) -> Result<Outcome, sqlx::Error> {
    let shape = write::shape_of(entity.table);
    match write::update(conn, shape, who, id, Some(version), "update", patch).await {
        Ok(outcome) => Ok(from_write(outcome, id)),
        Err(e) => as_invalid(entity, e),
    }
}

fn from_write(outcome: write::Outcome, id: i64) -> Outcome {
    match outcome {
        write::Outcome::Saved { .. } => Outcome::Saved { id },
        write::Outcome::Unchanged => Outcome::Unchanged { id },
        write::Outcome::Conflict { current } => Outcome::Conflict { current },
        write::Outcome::Missing => Outcome::Conflict { current: Value::Null },
    }
}

/// Sets or clears `archived_at`, with version check and audit.
pub async fn set_archived(
    conn: &mut PgConnection,
    entity: &Entity,
    who: Writer<'_>,
    id: i64,
    version: i32,
    archived: bool,
) -> Result<Outcome, sqlx::Error> {
    let at = archived.then(|| chrono::Utc::now().to_rfc3339());
    let patch = Patch::columns(json!({ "archived_at": at }));
    let action = if archived { "archive" } else { "restore" };
    let outcome = write::update(conn, write::shape_of(entity.table), who, id, Some(version), action, &patch).await?;
    Ok(from_write(outcome, id))
}
