//! Writing records from the admin area: one transaction per change, an
//! optimistic-lock check on `version`, and an audit record with the full
//! before and after documents (row plus its links and child lists).

use serde_json::{Map, Value, json};
use sqlx::PgConnection;

use super::entities::Entity;
use super::forms::{Kind, Parsed};
use crate::audit;

/// A record as one JSON document: its row (without search vectors) plus the ids
/// of its links and the items of its child lists, keyed by field name.
pub async fn document(conn: &mut PgConnection, entity: &Entity, id: i64) -> Result<Option<Value>, sqlx::Error> {
    let row: Option<Value> = sqlx::query_scalar(&format!(
        "SELECT to_jsonb(t) - 'search' - 'search_text' FROM {} t WHERE t.id = $1",
        entity.table
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(mut doc) = row else { return Ok(None) };
    for f in entity.fields {
        match f.kind {
            Kind::Links { link_table, owner_col, target_col, .. } => {
                let ids: Vec<i64> = sqlx::query_scalar(&format!(
                    "SELECT {target_col} FROM {link_table} WHERE {owner_col} = $1 ORDER BY 1"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                doc[f.name] = json!(ids);
            }
            Kind::Pairs { child_table, owner_col, first, second } => {
                let pairs: Vec<Value> = sqlx::query_scalar(&format!(
                    "SELECT jsonb_build_array({first}, {second}) FROM {child_table} WHERE {owner_col} = $1 ORDER BY position"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                doc[f.name] = json!(pairs);
            }
            Kind::Lines { child_table } => {
                let items: Vec<String> = sqlx::query_scalar(&format!(
                    "SELECT body_md FROM {child_table} WHERE project_id = $1 ORDER BY position"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                doc[f.name] = json!(items);
            }
            _ => {}
        }
    }
    Ok(Some(doc))
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
    /// Someone saved a newer version; `current` is that version.
    Conflict {
        current: Value,
    },
    /// Rejected by a database rule (unique key): field and message.
    Invalid(Vec<(&'static str, String)>),
}

/// Columns the form does not set but the table has: kept on update, defaulted on insert.
fn column_names(parsed: &Parsed) -> Vec<String> {
    parsed.row.keys().cloned().collect()
}

fn unique_violation(entity: &Entity, err: &sqlx::Error) -> Option<Vec<(&'static str, String)>> {
    let db = err.as_database_error()?;
    if !db.is_unique_violation() {
        return None;
    }
    let constraint = db.constraint().unwrap_or("");
    let (field, message) = if constraint.contains("year") {
        ("year", "Für dieses Jahr gibt es schon einen Eintrag.")
    } else if constraint.contains("number") {
        ("number", "Diese Nummer ist schon vergeben.")
    } else if constraint.contains("position") {
        ("position", "Diese Position ist in diesem Projekt schon vergeben.")
    } else if constraint.contains("email") {
        ("email", "Diese E-Mail-Adresse ist schon vergeben.")
    } else {
        ("slug", "Dieser Kurzname ist schon vergeben; er muss eindeutig sein.")
    };
    entity.fields.iter().any(|f| f.name == field).then(|| vec![(field, message.to_string())])
}

/// Inserts a new record; `extra` adds columns the form does not show (city, project).
pub async fn create(
    conn: &mut PgConnection,
    entity: &Entity,
    city_id: i64,
    actor: &str,
    parsed: &Parsed,
    extra: Map<String, Value>,
) -> Result<Outcome, sqlx::Error> {
    let mut row = parsed.row.clone();
    if entity.has_city() {
        row.insert("city_id".into(), json!(city_id));
    }
    row.extend(extra);
    let cols: Vec<String> = row.keys().cloned().collect();
    let col_list = cols.join(", ");
    let r_list = cols.iter().map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", ");
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(&format!(
        "INSERT INTO {table} ({col_list}) SELECT {r_list} FROM jsonb_populate_record(null::{table}, $1) r RETURNING id",
        table = entity.table
    ))
    .bind(Value::Object(row))
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) => {
            return match unique_violation(entity, &e) {
                Some(errors) => Ok(Outcome::Invalid(errors)),
                None => Err(e),
            };
        }
    };
    write_children(&mut tx, parsed, id).await?;
    let after = document(&mut tx, entity, id).await?;
    audit::record(&mut tx, city_id, actor, "create", entity.table, id, None, after.as_ref()).await?;
    tx.commit().await?;
    Ok(Outcome::Saved { id })
}

/// Updates a record if it still has `version`.
pub async fn update(
    conn: &mut PgConnection,
    entity: &Entity,
    city_id: i64,
    actor: &str,
    id: i64,
    version: i32,
    parsed: &Parsed,
) -> Result<Outcome, sqlx::Error> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let current_version: Option<i32> =
        sqlx::query_scalar(&format!("SELECT version FROM {} WHERE id = $1 FOR UPDATE", entity.table))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let before = document(&mut tx, entity, id).await?;
    let (Some(current_version), Some(before)) = (current_version, before) else {
        return Ok(Outcome::Conflict { current: Value::Null });
    };
    if current_version != version {
        return Ok(Outcome::Conflict { current: before });
    }
    let cols = column_names(parsed);
    if !cols.is_empty() {
        let col_list = cols.join(", ");
        let r_list = cols.iter().map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", ");
        let updated = sqlx::query(&format!(
            "UPDATE {table} t SET ({col_list}) = ROW({r_list}), version = t.version + 1, updated_at = now() \
             FROM jsonb_populate_record(null::{table}, $1) r WHERE t.id = $2",
            table = entity.table
        ))
        .bind(Value::Object(parsed.row.clone()))
        .bind(id)
        .execute(&mut *tx)
        .await;
        if let Err(e) = updated {
            return match unique_violation(entity, &e) {
                Some(errors) => Ok(Outcome::Invalid(errors)),
                None => Err(e),
            };
        }
    }
    write_children(&mut tx, parsed, id).await?;
    let after = document(&mut tx, entity, id).await?.unwrap_or(Value::Null);
    if strip_meta(&before) == strip_meta(&after) {
        tx.rollback().await?;
        return Ok(Outcome::Unchanged { id });
    }
    if cols.is_empty() {
        // Only links or lists changed: the record still gets a new version.
        sqlx::query(&format!("UPDATE {} SET version = version + 1, updated_at = now() WHERE id = $1", entity.table))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let after = document(&mut tx, entity, id).await?;
    audit::record(&mut tx, city_id, actor, "update", entity.table, id, Some(&before), after.as_ref()).await?;
    tx.commit().await?;
    Ok(Outcome::Saved { id })
}

/// A document without the columns every write changes.
pub fn strip_meta(doc: &Value) -> Value {
    let mut doc = doc.clone();
    if let Some(map) = doc.as_object_mut() {
        map.remove("version");
        map.remove("updated_at");
    }
    doc
}

async fn write_children(tx: &mut PgConnection, parsed: &Parsed, id: i64) -> Result<(), sqlx::Error> {
    for (f, ids) in &parsed.links {
        if let Kind::Links { link_table, owner_col, target_col, .. } = f.kind {
            sqlx::query(&format!("DELETE FROM {link_table} WHERE {owner_col} = $1")).bind(id).execute(&mut *tx).await?;
            sqlx::query(&format!(
                "INSERT INTO {link_table} ({owner_col}, {target_col}) SELECT $1, unnest($2::bigint[])"
            ))
            .bind(id)
            .bind(ids)
            .execute(&mut *tx)
            .await?;
        }
    }
    for (f, pairs) in &parsed.pairs {
        if let Kind::Pairs { child_table, owner_col, first, second } = f.kind {
            let (a, b): (Vec<String>, Vec<String>) = pairs.iter().cloned().unzip();
            sqlx::query(&format!("DELETE FROM {child_table} WHERE {owner_col} = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(&format!(
                "INSERT INTO {child_table} ({owner_col}, position, {first}, {second}) \
                 SELECT $1, n, a, b FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS x(a, b, n)"
            ))
            .bind(id)
            .bind(&a)
            .bind(&b)
            .execute(&mut *tx)
            .await?;
            if child_table == "inquiry_items" {
                // Questions and answers are searchable through the inquiry's own text.
                sqlx::query(
                    "UPDATE council_inquiries SET search_text = coalesce((SELECT string_agg(question_md || E'\\n' || answer_md, E'\\n' \
                     ORDER BY position) FROM inquiry_items WHERE inquiry_id = $1), '') WHERE id = $1",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    for (f, items) in &parsed.lines {
        if let Kind::Lines { child_table } = f.kind {
            sqlx::query(&format!("DELETE FROM {child_table} WHERE project_id = $1")).bind(id).execute(&mut *tx).await?;
            sqlx::query(&format!(
                "INSERT INTO {child_table} (project_id, position, body_md) SELECT $1, n, item FROM unnest($2::text[]) WITH ORDINALITY AS x(item, n)"
            ))
            .bind(id)
            .bind(items)
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}

/// Sets or clears `archived_at`, with version check and audit.
pub async fn set_archived(
    conn: &mut PgConnection,
    entity: &Entity,
    city_id: i64,
    actor: &str,
    id: i64,
    version: i32,
    archived: bool,
) -> Result<Outcome, sqlx::Error> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let before = document(&mut tx, entity, id).await?;
    let Some(before) = before else {
        return Ok(Outcome::Conflict { current: Value::Null });
    };
    let changed = sqlx::query(&format!(
        "UPDATE {} SET archived_at = CASE WHEN $3 THEN now() END, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2",
        entity.table
    ))
    .bind(id)
    .bind(version)
    .bind(archived)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Ok(Outcome::Conflict { current: before });
    }
    let after = document(&mut tx, entity, id).await?;
    audit::record(
        &mut tx,
        city_id,
        actor,
        if archived { "archive" } else { "restore" },
        entity.table,
        id,
        Some(&before),
        after.as_ref(),
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::Saved { id })
}
