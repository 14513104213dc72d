//! The one write path. Every change of a record — from the content loader, the
//! admin forms, the work screen, the release workflow, the CSV import and the
//! account screens — goes through [`create`], [`update`] or [`delete`] here:
//! lock the row, compare the version the writer saw, change only what differs,
//! write an audit record with the full before and after documents and notify
//! every portal instance, all in one transaction (a savepoint inside the
//! caller's), so that a failed audit leaves nothing behind.
//!
//! A record's *document* is its row (without search vectors; secrets reduced to
//! a fingerprint) plus its child lists ([`List`]), keyed by list name. The
//! documents are what the audit log keeps and what conflict pages compare.
//!
//! Table and column names come from the [`Shape`]s in this module and from the
//! writers' own literals, never from user input, so formatting them into SQL is
//! safe; values are always bound.

use serde_json::{Map, Value, json};
use sqlx::{Connection, PgConnection};

/// PostgreSQL channel on which the triggers of migration 0006 announce every change
/// of a public table, at commit (and `restore` announces itself).
pub const CHANNEL: &str = "sachstand_changes";

/// A list that belongs to a record but lives in its own table.
pub enum List {
    /// Many-to-many links; in the document: the sorted target ids.
    Links { name: &'static str, table: &'static str, owner_col: &'static str, target_col: &'static str },
    /// Ordered child rows of `cols`; in the document: one value per row (one
    /// column) or one array per row (several). `order` is `position`
    /// (numbered 1, 2, … in list order) or one of `cols`.
    Items {
        name: &'static str,
        table: &'static str,
        owner_col: &'static str,
        cols: &'static [&'static str],
        order: &'static str,
    },
}

impl List {
    fn name(&self) -> &'static str {
        match self {
            List::Links { name, .. } | List::Items { name, .. } => name,
        }
    }
}

/// Whose city a record belongs to (the audit log and notifications are per city).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The row has `city_id`.
    City,
    /// The row is the city.
    Itself,
    /// Through `project_id` (final reports).
    Project,
}

/// How the records of one table are stored and documented.
pub struct Shape {
    pub table: &'static str,
    pub owner: Owner,
    /// Columns shown in documents only as a fingerprint (so a change is visible, the value not).
    pub secrets: &'static [&'static str],
    pub lists: &'static [List],
}

const fn shape(table: &'static str) -> Shape {
    Shape { table, owner: Owner::City, secrets: &[], lists: &[] }
}

const fn links(name: &'static str, table: &'static str, owner_col: &'static str, target_col: &'static str) -> List {
    List::Links { name, table, owner_col, target_col }
}

const fn numbered(
    name: &'static str,
    table: &'static str,
    owner_col: &'static str,
    cols: &'static [&'static str],
) -> List {
    List::Items { name, table, owner_col, cols, order: "position" }
}

/// Every table written through this module.
pub static SHAPES: &[Shape] = &[
    Shape { owner: Owner::Itself, ..shape("cities") },
    Shape {
        lists: &[
            links("action_fields", "project_action_fields", "project_id", "action_field_id"),
            links("themes", "project_themes", "project_id", "theme_id"),
            links("services", "project_services", "project_id", "service_id"),
            numbered("smart_goals", "smart_goals", "project_id", &["body_md"]),
            numbered("measures", "measures", "project_id", &["body_md"]),
        ],
        ..shape("projects")
    },
    Shape {
        lists: &[List::Items {
            name: "case_counts",
            table: "service_case_counts",
            owner_col: "service_id",
            cols: &["year", "cases"],
            order: "year",
        }],
        ..shape("services")
    },
    Shape {
        lists: &[
            numbered("items", "inquiry_items", "inquiry_id", &["question_md", "answer_md"]),
            links("projects", "inquiry_projects", "inquiry_id", "project_id"),
            links("services", "inquiry_services", "inquiry_id", "service_id"),
        ],
        ..shape("council_inquiries")
    },
    Shape {
        secrets: &["password_hash", "totp_secret"],
        lists: &[
            links("action_fields", "user_action_fields", "user_id", "action_field_id"),
            links("projects", "user_projects", "user_id", "project_id"),
        ],
        ..shape("users")
    },
    Shape { owner: Owner::Project, ..shape("final_reports") },
    shape("milestones"),
    shape("project_updates"),
    shape("strategies"),
    shape("goals"),
    shape("guidelines"),
    shape("cross_cutting_themes"),
    shape("action_fields"),
    shape("org_units"),
    shape("bodies"),
    shape("annual_reports"),
    shape("pages"),
];

/// The shape of `table`. Panics for a table that is not written here: that is a
/// programming error, caught by the first test that writes it.
pub fn shape_of(table: &str) -> &'static Shape {
    SHAPES.iter().find(|s| s.table == table).unwrap_or_else(|| panic!("no write shape for table {table}"))
}

/// Who writes, for which city.
#[derive(Clone, Copy)]
pub struct Writer<'a> {
    pub city_id: i64,
    pub actor: &'a str,
}

/// What a write sets: columns of the row, and whole child lists by name.
/// A list that is not named stays as it is.
#[derive(Debug, Default, Clone)]
pub struct Patch {
    pub columns: Map<String, Value>,
    pub lists: Vec<(&'static str, Vec<Value>)>,
}

impl Patch {
    pub fn columns(columns: Value) -> Patch {
        Patch { columns: columns.as_object().cloned().unwrap_or_default(), lists: Vec::new() }
    }

    pub fn with_list(mut self, name: &'static str, items: Vec<Value>) -> Patch {
        self.lists.push((name, items));
        self
    }
}

/// What [`update`] did.
#[derive(Debug)]
pub enum Outcome {
    /// Changed; the documents before and after.
    Saved { before: Value, after: Value },
    /// Nothing differed from the stored record; nothing was written.
    Unchanged,
    /// Someone saved a newer version first; `current` is that version.
    Conflict { current: Value },
    /// There is no such record.
    Missing,
}

/// The version a writer saw, or none when the writer owns the record outright
/// (the content loader, a user's own password).
pub type Expected = Option<i32>;

/// The record as one JSON document, or `None` when it does not exist.
pub async fn document(conn: &mut PgConnection, shape: &Shape, id: i64) -> Result<Option<Value>, sqlx::Error> {
    let secrets: String = shape
        .secrets
        .iter()
        .map(|c| format!(" || jsonb_build_object('{c}', left(md5(coalesce(t.{c}, '')), 8))"))
        .collect();
    let row: Option<Value> = sqlx::query_scalar(&format!(
        "SELECT (to_jsonb(t) - 'search' - 'search_text' - 'project_archived'){secrets} FROM {} t WHERE t.id = $1",
        shape.table
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(mut doc) = row else { return Ok(None) };
    for list in shape.lists {
        doc[list.name()] = stored_list(conn, list, id).await?;
    }
    Ok(Some(doc))
}

/// SQL that turns rows of a list's table (alias `c`) into the document's JSON array.
fn list_json(list: &List) -> String {
    match list {
        List::Links { target_col, .. } => format!("coalesce(jsonb_agg(c.{target_col} ORDER BY c.{target_col}), '[]')"),
        List::Items { cols: [col], order, .. } => format!("coalesce(jsonb_agg(c.{col} ORDER BY c.{order}), '[]')"),
        List::Items { cols, order, .. } => format!(
            "coalesce(jsonb_agg(jsonb_build_array({}) ORDER BY c.{order}), '[]')",
            cols.iter().map(|c| format!("c.{c}")).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn list_table(list: &List) -> (&'static str, &'static str) {
    match list {
        List::Links { table, owner_col, .. } | List::Items { table, owner_col, .. } => (table, owner_col),
    }
}

async fn stored_list(conn: &mut PgConnection, list: &List, owner: i64) -> Result<Value, sqlx::Error> {
    let (table, owner_col) = list_table(list);
    sqlx::query_scalar(&format!("SELECT {} FROM {table} c WHERE c.{owner_col} = $1", list_json(list)))
        .bind(owner)
        .fetch_one(conn)
        .await
}

/// The child rows of a wanted list as JSON objects of the list table's columns.
fn list_rows(list: &List, owner: i64, items: &[Value]) -> Value {
    let rows = items.iter().enumerate().map(|(i, item)| {
        let mut row = Map::new();
        match list {
            List::Links { owner_col, target_col, .. } => {
                row.insert(owner_col.to_string(), json!(owner));
                row.insert(target_col.to_string(), item.clone());
            }
            List::Items { owner_col, cols, order, .. } => {
                row.insert(owner_col.to_string(), json!(owner));
                if *order == "position" {
                    row.insert("position".into(), json!(i + 1));
                }
                match (cols, item) {
                    ([col], value) => {
                        row.insert(col.to_string(), value.clone());
                    }
                    (cols, Value::Array(values)) => {
                        for (c, v) in cols.iter().zip(values) {
                            row.insert(c.to_string(), v.clone());
                        }
                    }
                    _ => {}
                }
            }
        }
        Value::Object(row)
    });
    let mut rows: Vec<Value> = rows.collect();
    // Links are a set: the same target twice is one link.
    if let List::Links { target_col, .. } = list {
        rows.sort_by_key(|r| r[*target_col].as_i64());
        rows.dedup();
    }
    Value::Array(rows)
}

/// The wanted list as its document JSON, normalised through the column types
/// (so that 1 and 1.0 compare equal), without writing anything.
async fn wanted_list(conn: &mut PgConnection, list: &List, rows: &Value) -> Result<Value, sqlx::Error> {
    let (table, _) = list_table(list);
    sqlx::query_scalar(&format!("SELECT {} FROM jsonb_populate_recordset(null::{table}, $1) c", list_json(list)))
        .bind(rows)
        .fetch_one(conn)
        .await
}

async fn replace_list(conn: &mut PgConnection, list: &List, owner: i64, rows: &Value) -> Result<(), sqlx::Error> {
    let (table, owner_col) = list_table(list);
    sqlx::query(&format!("DELETE FROM {table} WHERE {owner_col} = $1")).bind(owner).execute(&mut *conn).await?;
    let cols: Vec<String> =
        rows.get(0).and_then(Value::as_object).map(|r| r.keys().cloned().collect()).unwrap_or_default();
    if cols.is_empty() {
        return Ok(());
    }
    let (col_list, r_list) = column_lists(&cols);
    sqlx::query(&format!(
        "INSERT INTO {table} ({col_list}) SELECT {r_list} FROM jsonb_populate_recordset(null::{table}, $1) r"
    ))
    .bind(rows)
    .execute(conn)
    .await?;
    Ok(())
}

fn list_of(shape: &Shape, name: &str) -> &'static List {
    shape.lists.iter().find(|l| l.name() == name).unwrap_or_else(|| panic!("{} has no list {name}", shape.table))
}

/// `a, b` and `r.a, r.b` for the columns of a row.
fn column_lists(cols: &[String]) -> (String, String) {
    (cols.join(", "), cols.iter().map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", "))
}

/// Inserts a record with its lists; returns its id. Unique-key violations come
/// back as the database error (see [`violated_constraint`]).
pub async fn create(
    conn: &mut PgConnection,
    shape: &Shape,
    who: Writer<'_>,
    patch: &Patch,
) -> Result<i64, sqlx::Error> {
    let mut tx = conn.begin().await?;
    let mut row = patch.columns.clone();
    if shape.owner == Owner::City {
        row.insert("city_id".into(), json!(who.city_id));
    }
    let cols: Vec<String> = row.keys().cloned().collect();
    let (col_list, r_list) = column_lists(&cols);
    let id: i64 = sqlx::query_scalar(&format!(
        "INSERT INTO {table} ({col_list}) SELECT {r_list} FROM jsonb_populate_record(null::{table}, $1) r RETURNING id",
        table = shape.table
    ))
    .bind(Value::Object(row))
    .fetch_one(&mut *tx)
    .await?;
    for (name, items) in &patch.lists {
        let list = list_of(shape, name);
        replace_list(&mut tx, list, id, &list_rows(list, id, items)).await?;
    }
    let after = document(&mut tx, shape, id).await?;
    let city = if shape.owner == Owner::Itself { id } else { who.city_id };
    audit(&mut tx, Writer { city_id: city, ..who }, "create", shape.table, id, None, after.as_ref()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a record if it still has the `expected` version: only columns and
/// lists that differ are written; when nothing differs nothing is written and
/// the version stays. `action` names the change in the audit log ("update",
/// "archive", "release", …).
pub async fn update(
    conn: &mut PgConnection,
    shape: &Shape,
    who: Writer<'_>,
    id: i64,
    expected: Expected,
    action: &str,
    patch: &Patch,
) -> Result<Outcome, sqlx::Error> {
    let mut tx = conn.begin().await?;
    let version: Option<i32> =
        sqlx::query_scalar(&format!("SELECT version FROM {} WHERE id = $1 FOR UPDATE", shape.table))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let (Some(version), Some(before)) = (version, document(&mut tx, shape, id).await?) else {
        return Ok(Outcome::Missing);
    };
    if expected.is_some_and(|v| v != version) {
        return Ok(Outcome::Conflict { current: before });
    }
    let mut lists_changed = false;
    for (name, items) in &patch.lists {
        let list = list_of(shape, name);
        let rows = list_rows(list, id, items);
        if wanted_list(&mut tx, list, &rows).await? != before[list.name()] {
            replace_list(&mut tx, list, id, &rows).await?;
            lists_changed = true;
        }
    }
    let row_changed = bump(&mut tx, shape.table, id, &patch.columns, lists_changed).await?;
    if !row_changed {
        return Ok(Outcome::Unchanged);
    }
    let after = document(&mut tx, shape, id).await?.unwrap_or(Value::Null);
    audit(&mut tx, who, action, shape.table, id, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(Outcome::Saved { before, after })
}

/// The versioned UPDATE: sets `columns` where they differ and raises the
/// version; with `force`, raises the version even when no column differs
/// (a child list changed). Returns whether the row was changed.
async fn bump(
    conn: &mut PgConnection,
    table: &str,
    id: i64,
    columns: &Map<String, Value>,
    force: bool,
) -> Result<bool, sqlx::Error> {
    if columns.is_empty() && !force {
        return Ok(false);
    }
    let cols: Vec<String> = columns.keys().cloned().collect();
    let set: Vec<String> = cols
        .iter()
        .map(|c| format!("{c} = r.{c}"))
        .chain(["version = t.version + 1".into(), "updated_at = now()".into()])
        .collect();
    // Without `force`, only a row whose columns really differ is touched.
    let differs = if force {
        String::new()
    } else {
        let t_list = cols.iter().map(|c| format!("t.{c}")).collect::<Vec<_>>().join(", ");
        format!(" AND ROW({t_list}) IS DISTINCT FROM ROW({})", column_lists(&cols).1)
    };
    let changed = sqlx::query(&format!(
        "UPDATE {table} t SET {} FROM jsonb_populate_record(null::{table}, $1) r WHERE t.id = $2{differs}",
        set.join(", ")
    ))
    .bind(Value::Object(columns.clone()))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(changed.rows_affected() > 0)
}

/// Deletes a record (and, by cascade, its lists), with its last document in the audit log.
pub async fn delete(conn: &mut PgConnection, shape: &Shape, who: Writer<'_>, id: i64) -> Result<(), sqlx::Error> {
    let mut tx = conn.begin().await?;
    let Some(before) = document(&mut tx, shape, id).await? else { return Ok(()) };
    sqlx::query(&format!("DELETE FROM {} WHERE id = $1", shape.table)).bind(id).execute(&mut *tx).await?;
    audit(&mut tx, who, "delete", shape.table, id, Some(&before), None).await?;
    tx.commit().await
}

/// Writes one audit record and announces the change; delivered at commit.
/// Bulk writers that are not record changes (the synthetic dataset) call it
/// directly; everything else goes through [`create`], [`update`], [`delete`].
pub async fn audit(
    conn: &mut PgConnection,
    who: Writer<'_>,
    action: &str,
    table: &str,
    id: i64,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (city_id, actor, action, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(who.city_id)
    .bind(who.actor)
    .bind(action)
    .bind(table)
    .bind(id)
    .bind(before)
    .bind(after)
    .execute(&mut *conn)
    .await?;
    // No NOTIFY here: triggers on the public tables send it for every writer (migration 0006).
    Ok(())
}

/// The name of the unique or check constraint a failed write violated.
pub fn violated_constraint(err: &sqlx::Error) -> Option<&str> {
    err.as_database_error().and_then(|db| db.constraint())
}
