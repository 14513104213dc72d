//! The content's dated past, written as versions before each record's first
//! recorded one (migration 0013), so that a dated page (`?stand=`) shows it.
//!
//! A load rewrites all of a city's content-derived versions (`from_content`)
//! in its transaction. What the content states with dates becomes a version
//! from that day until the next dated state or the record's first recorded
//! version:
//! - projects and services: their `[[history]]` entries; a service without
//!   entries but with `online_since` has been online since that day;
//! - the strategy, its goals, guidelines, themes, action fields, units and
//!   bodies: since the strategy's adoption (`adopted_on`);
//! - a project's milestones, links, goals and measures: since the project's
//!   first dated state, a milestone open until its `achieved` day;
//! - updates since their publication, final reports and annual reports since
//!   their release, inquiries since their answer; case numbers of a year from
//!   the 1st of January after it.
//!
//! Every other column is the record's first recorded state (what is not
//! dated is not known to have been different). A dated state's version is
//! illustrative when the entry or the record is.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{Value, json};
use sqlx::PgConnection;

use super::files::ContentSet;

/// Every versioned table, with the columns that identify a record and how its
/// rows belong to a city (a `WHERE` over the versions, `$1` is the city).
pub(crate) const TABLES: &[(&str, &str, &str)] = &[
    ("strategies", "id", "city_id = $1"),
    ("goals", "id", "city_id = $1"),
    ("guidelines", "id", "city_id = $1"),
    ("cross_cutting_themes", "id", "city_id = $1"),
    ("action_fields", "id", "city_id = $1"),
    ("org_units", "id", "city_id = $1"),
    ("bodies", "id", "city_id = $1"),
    ("services", "id", "city_id = $1"),
    ("service_case_counts", "service_id, year", SERVICE_OF_CITY),
    ("projects", "id", "city_id = $1"),
    ("project_action_fields", "project_id, action_field_id", PROJECT_OF_CITY),
    ("project_themes", "project_id, theme_id", PROJECT_OF_CITY),
    ("project_services", "project_id, service_id", PROJECT_OF_CITY),
    ("smart_goals", "id", PROJECT_OF_CITY),
    ("measures", "id", PROJECT_OF_CITY),
    ("milestones", "id", "city_id = $1"),
    ("final_reports", "id", PROJECT_OF_CITY),
    ("project_updates", "id", "city_id = $1"),
    ("annual_reports", "id", "city_id = $1"),
    ("council_inquiries", "id", "city_id = $1"),
    ("inquiry_items", "id", INQUIRY_OF_CITY),
    ("inquiry_projects", "inquiry_id, project_id", INQUIRY_OF_CITY),
    ("inquiry_services", "inquiry_id, service_id", INQUIRY_OF_CITY),
];

const PROJECT_OF_CITY: &str = "project_id IN (SELECT id FROM projects_versions WHERE city_id = $1)";
const SERVICE_OF_CITY: &str = "service_id IN (SELECT id FROM services_versions WHERE city_id = $1)";
const INQUIRY_OF_CITY: &str = "inquiry_id IN (SELECT id FROM council_inquiries_versions WHERE city_id = $1)";

/// Where a project's, service's or inquiry's dated past begins (joined by the child tables).
const PROJECT_START: &str = "(SELECT id, min(lower(valid)) AS start FROM projects_versions \
     WHERE from_content AND city_id = $1 GROUP BY id)";
const SERVICE_START: &str = "(SELECT id, min(lower(valid)) AS start FROM services_versions \
     WHERE from_content AND city_id = $1 GROUP BY id)";
const INQUIRY_START: &str = "(SELECT id, min(lower(valid)) AS start FROM council_inquiries_versions \
     WHERE from_content AND city_id = $1 GROUP BY id)";

/// Rewrites the city's content-derived past (see the module's documentation).
pub async fn write(conn: &mut PgConnection, city_id: i64, c: &ContentSet) -> Result<u64, sqlx::Error> {
    keep_entries(conn, city_id, c).await?;
    // The charts' stored months were counted from the past this load rewrites.
    sqlx::query("DELETE FROM trend_months WHERE city_id = $1").bind(city_id).execute(&mut *conn).await?;
    for (table, _, scope) in TABLES {
        sqlx::query(&format!("DELETE FROM {table}_versions WHERE from_content AND {scope}"))
            .bind(city_id)
            .execute(&mut *conn)
            .await?;
    }
    let mut written = 0;
    let adopted = Value::from(c.strategy.meta.adopted_on.map(|d| d.to_string()));
    for table in ["strategies", "goals", "guidelines", "cross_cutting_themes", "action_fields", "org_units", "bodies"] {
        written +=
            derive(conn, table, city_id, &adopted, "berlin_midnight(($2 #>> '{}')::date) AS start", "", &[]).await?;
    }

    written += derive(
        conn,
        "services",
        city_id,
        &service_entries(c),
        ENTRY_SPAN,
        &format!("JOIN {ENTRIES} ON h.slug = f.slug"),
        &[
            ("status", "d.h_status"),
            // An entry's own rating (with its model, rated that day), or the record's.
            ("maturity", "coalesce(d.h_maturity, d.maturity)::smallint"),
            (
                "maturity_model",
                "CASE WHEN d.h_maturity IS NULL THEN d.maturity_model ELSE coalesce(d.h_maturity_model, '1.1') END",
            ),
            ("maturity_rated_on", "CASE WHEN d.h_maturity IS NULL THEN d.maturity_rated_on ELSE d.h_on END"),
            ("online_since", "CASE WHEN d.online_since <= d.h_on THEN d.online_since END"),
            ("source_ref", "coalesce(nullif(d.h_source, ''), d.source_ref)"),
            ("illustrative", "d.illustrative OR d.h_illustrative"),
        ],
    )
    .await?;
    written += derive(
        conn,
        "service_case_counts",
        city_id,
        &Value::Null,
        "greatest(s.start, berlin_midnight(make_date(f.year + 1, 1, 1))) AS start",
        &format!("JOIN {SERVICE_START} s ON s.id = f.service_id"),
        &[],
    )
    .await?;

    written += derive(
        conn,
        "projects",
        city_id,
        &project_entries(c),
        &format!("{ENTRY_SPAN}, r.reached"),
        &format!(
            "JOIN {ENTRIES} ON h.slug = f.slug \
             CROSS JOIN LATERAL (SELECT count(*)::int AS reached FROM milestones m \
                 WHERE m.project_id = f.id AND m.status = 'reached' AND m.achieved_on <= h.on) r"
        ),
        &[
            ("status", "d.h_status"),
            ("progress_override", "d.h_progress::smallint"),
            ("milestones_reached", "d.reached"),
            (
                "progress",
                "coalesce(d.h_progress, CASE WHEN d.milestones_counted > 0 \
                     THEN (d.reached * 100 + d.milestones_counted / 2) / d.milestones_counted \
                     WHEN d.h_status = 'completed' THEN 100 END)::smallint",
            ),
            ("actual_start", "CASE WHEN d.actual_start <= d.h_on THEN d.actual_start END"),
            ("actual_end", "CASE WHEN d.actual_end <= d.h_on THEN d.actual_end END"),
            ("source_ref", "coalesce(nullif(d.h_source, ''), d.source_ref)"),
            ("illustrative", "d.illustrative OR d.h_illustrative"),
        ],
    )
    .await?;
    for table in ["project_action_fields", "project_themes", "project_services", "smart_goals", "measures"] {
        let join = format!("JOIN {PROJECT_START} p ON p.id = f.project_id");
        written += derive(conn, table, city_id, &Value::Null, "p.start", &join, &[]).await?;
    }
    // A milestone of a dated project: open from the project's first dated state, reached on its day.
    let join = format!("JOIN {PROJECT_START} p ON p.id = f.project_id");
    let reached_later = "f.status = 'reached' AND berlin_midnight(f.achieved_on) > p.start";
    written += derive(
        conn,
        "milestones",
        city_id,
        &Value::Null,
        &format!("p.start, CASE WHEN {reached_later} THEN berlin_midnight(f.achieved_on) END AS next_start"),
        &join,
        &[
            ("status", "CASE WHEN d.next_start IS NOT NULL THEN 'open' ELSE d.status END"),
            ("achieved_on", "CASE WHEN d.next_start IS NOT NULL THEN NULL ELSE d.achieved_on END"),
        ],
    )
    .await?;
    written += derive(
        conn,
        "milestones",
        city_id,
        &Value::Null,
        "berlin_midnight(f.achieved_on) AS start",
        &format!("{join} AND {reached_later}"),
        &[],
    )
    .await?;

    let join = format!("JOIN {PROJECT_START} p ON p.id = f.project_id");
    written += derive(
        conn,
        "project_updates",
        city_id,
        &Value::Null,
        "greatest(p.start, berlin_midnight(f.published_on)) AS start",
        &join,
        &[],
    )
    .await?;
    written += derive(
        conn,
        "final_reports",
        city_id,
        &Value::Null,
        "greatest(p.start, berlin_midnight(f.released_on)) AS start",
        &format!("{join} AND f.release_state = 'released'"),
        &[],
    )
    .await?;
    written += derive(
        conn,
        "annual_reports",
        city_id,
        &Value::Null,
        "berlin_midnight(f.released_on) AS start",
        "WHERE f.release_state = 'released'",
        &[],
    )
    .await?;
    written += derive(
        conn,
        "council_inquiries",
        city_id,
        &Value::Null,
        "berlin_midnight(coalesce(f.answered_on, f.asked_on)) AS start",
        "WHERE coalesce(f.answered_on, f.asked_on) IS NOT NULL",
        &[],
    )
    .await?;
    for table in ["inquiry_items", "inquiry_projects", "inquiry_services"] {
        let join = format!("JOIN {INQUIRY_START} q ON q.id = f.inquiry_id");
        written += derive(conn, table, city_id, &Value::Null, "q.start", &join, &[]).await?;
    }
    rebuild_tallies(conn, city_id).await?;
    Ok(written)
}

/// The dated key figures' tallies, counted again from the versions just
/// written (migration 0015): their triggers only see the live tables.
pub(crate) async fn rebuild_tallies(conn: &mut PgConnection, city_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT rebuild_tally_versions($1)").bind(city_id).execute(&mut *conn).await?;
    Ok(())
}

/// The dated entries of a table, one row per entry with the next entry's day (`$2`, JSON).
const ENTRIES: &str = "(SELECT e.*, lead(e.on) OVER (PARTITION BY e.slug ORDER BY e.on) AS next_on \
     FROM jsonb_to_recordset($2) AS e(slug text, \"on\" date, status text, progress int, maturity int, \
                                     maturity_model text, source text, illustrative boolean)) h";
/// An entry's version: from its day to the next entry's (or the first recorded version).
const ENTRY_SPAN: &str = "berlin_midnight(h.on) AS start, berlin_midnight(h.next_on) AS next_start, \
     h.on AS h_on, h.status AS h_status, h.progress AS h_progress, h.maturity AS h_maturity, \
     h.maturity_model AS h_maturity_model, h.source AS h_source, h.illustrative AS h_illustrative";

/// The columns of `table`, in order: its versions table has them first (migration 0013).
pub(crate) async fn columns(conn: &mut PgConnection, table: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await
}

/// Inserts content-derived versions of `table`: for each record's first
/// recorded version `f` (joined by `from`), a version with the `overrides`
/// from `start` (an expression in `select`) until the next entry's start or `f`.
async fn derive(
    conn: &mut PgConnection,
    table: &str,
    city_id: i64,
    arg: &Value,
    select: &str,
    from: &str,
    overrides: &[(&str, &str)],
) -> Result<u64, sqlx::Error> {
    let (_, key, scope) = TABLES.iter().find(|(t, _, _)| *t == table).copied().unwrap_or((table, "id", "city_id = $1"));
    let columns = columns(conn, table).await?;
    let values: Vec<String> = columns
        .iter()
        .map(|c| overrides.iter().find(|(o, _)| o == c).map_or_else(|| format!("d.{c}"), |(_, e)| e.to_string()))
        .collect();
    let columns = columns.join(", ");
    let sql = format!(
        "INSERT INTO {table}_versions ({columns}, from_content, valid) \
         SELECT {values}, true, tstzrange(d.start, least(coalesce(d.next_start, d.first_start), d.first_start)) \
         FROM (SELECT f.*, lower(f.valid) AS first_start, {select} {next} \
               FROM (SELECT DISTINCT ON ({key}) * FROM {table}_versions \
                     WHERE NOT from_content AND {scope} ORDER BY {key}, lower(valid)) f {from}) d \
         WHERE d.start IS NOT NULL AND d.start < least(coalesce(d.next_start, d.first_start), d.first_start)",
        values = values.join(", "),
        next = if select.contains("next_start") { "" } else { ", NULL::timestamptz AS next_start" },
    );
    Ok(sqlx::query(&sql).bind(city_id).bind(arg).execute(&mut *conn).await?.rows_affected())
}

/// Stores the `[[history]]` entries as written (table `content_history`), only when they differ.
async fn keep_entries(conn: &mut PgConnection, city_id: i64, c: &ContentSet) -> Result<(), sqlx::Error> {
    let entry = |on: NaiveDate, status: Value, level: (&str, Option<i64>), source: &str, illustrative: bool| json!({"on": on, "status": status, level.0: level.1, "source": source, "illustrative": illustrative});
    let mut wanted: Vec<(String, String, Value)> = Vec::new();
    for p in c.projects.iter().filter(|p| !p.meta.history.is_empty()) {
        let entries = p
            .meta
            .history
            .iter()
            .map(|h| entry(h.on, json!(h.status), ("progress", h.progress), &h.source, h.illustrative));
        wanted.push(("projects".into(), p.slug.clone(), Value::Array(entries.collect())));
    }
    for s in c.services.iter().filter(|s| !s.meta.history.is_empty()) {
        let entries = s.meta.history.iter().map(|h| {
            let mut e = entry(h.on, json!(h.status), ("maturity", h.maturity), &h.source, h.illustrative);
            if let Some(model) = &h.maturity_model {
                e["maturity_model"] = json!(model);
            }
            e
        });
        wanted.push(("services".into(), s.slug.clone(), Value::Array(entries.collect())));
    }
    wanted.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let stored: Vec<(String, String, Value)> = sqlx::query_as(
        "SELECT h.entity, coalesce(p.slug, s.slug), h.entries FROM content_history h \
         LEFT JOIN projects p ON h.entity = 'projects' AND p.id = h.record_id \
         LEFT JOIN services s ON h.entity = 'services' AND s.id = h.record_id \
         WHERE h.city_id = $1 ORDER BY 1, 2",
    )
    .bind(city_id)
    .fetch_all(&mut *conn)
    .await?;
    if stored == wanted {
        return Ok(());
    }
    sqlx::query("DELETE FROM content_history WHERE city_id = $1").bind(city_id).execute(&mut *conn).await?;
    let rows: Vec<Value> = wanted
        .into_iter()
        .map(|(entity, slug, entries)| json!({"entity": entity, "slug": slug, "entries": entries}))
        .collect();
    sqlx::query(
        "INSERT INTO content_history (city_id, entity, record_id, entries) \
         SELECT $1, r.entity, coalesce(p.id, s.id), r.entries \
         FROM jsonb_to_recordset($2) AS r(entity text, slug text, entries jsonb) \
         LEFT JOIN projects p ON r.entity = 'projects' AND p.city_id = $1 AND p.slug = r.slug \
         LEFT JOIN services s ON r.entity = 'services' AND s.city_id = $1 AND s.slug = r.slug",
    )
    .bind(city_id)
    .bind(Value::Array(rows))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn service_entries(c: &ContentSet) -> Value {
    let mut out = Vec::new();
    for s in &c.services {
        let m = &s.meta;
        if m.history.is_empty() {
            // "Online since" is a dated state as well.
            if let Some(since) = m.online_since {
                out.push(json!({"slug": s.slug, "on": since, "status": "online", "source": m.source,
                                "illustrative": m.illustrative}));
            }
        }
        for h in &m.history {
            out.push(json!({"slug": s.slug, "on": h.on, "status": h.status, "maturity": h.maturity,
                            "maturity_model": h.maturity_model, "source": h.source, "illustrative": h.illustrative}));
        }
    }
    Value::Array(out)
}

fn project_entries(c: &ContentSet) -> Value {
    let mut out = Vec::new();
    for p in &c.projects {
        for h in &p.meta.history {
            out.push(json!({"slug": p.slug, "on": h.on, "status": h.status, "progress": h.progress,
                            "source": h.source, "illustrative": h.illustrative}));
        }
    }
    Value::Array(out)
}

/// One `[[history]]` entry as the content wrote it, for the export.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct State {
    pub on: NaiveDate,
    pub status: String,
    /// Projects: progress; services: maturity.
    #[serde(alias = "progress", alias = "maturity")]
    pub level: Option<i64>,
    /// Services: the model of the rating, when the entry named one.
    #[serde(default)]
    pub maturity_model: Option<String>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub illustrative: bool,
}

/// The entries of a city's projects or services (`entity`), by record id, as loaded.
pub async fn states(
    conn: &mut PgConnection,
    city_id: i64,
    entity: &str,
) -> Result<HashMap<i64, Vec<State>>, sqlx::Error> {
    let rows: Vec<(i64, sqlx::types::Json<Vec<State>>)> =
        sqlx::query_as("SELECT record_id, entries FROM content_history WHERE city_id = $1 AND entity = $2")
            .bind(city_id)
            .bind(entity)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.into_iter().map(|(id, entries)| (id, entries.0)).collect())
}
