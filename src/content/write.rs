//! Writes a checked [`ContentSet`] in one transaction. Each record is upserted
//! by its natural key; a record is only touched (version + 1, audit record with
//! before and after) when one of its columns really differs.

use std::collections::HashMap;

use serde_json::{Value, json};
use sqlx::{PgConnection, PgPool};

use super::files::{ContentSet, Doc, SectionMeta};
use crate::audit;
use crate::domain::MilestoneStatus;

const ACTOR: &str = "content-loader";

/// What a load did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LoadReport {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
}

impl std::fmt::Display for LoadReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} neu, {} geändert, {} unverändert", self.created, self.updated, self.unchanged)
    }
}

struct Writer<'c> {
    conn: &'c mut PgConnection,
    city_id: i64,
    report: LoadReport,
}

pub async fn write_all(
    pool: &PgPool,
    c: &ContentSet,
    progress: &mut dyn FnMut(&str),
) -> Result<LoadReport, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Two loaders at once would race on the natural keys; serialise them.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('sachstand-content-load'))").execute(&mut *tx).await?;
    let city = &c.city.meta;
    let city_row = json!({"slug": city.slug, "name": city.name, "portal_name": city.portal_name, "state": city.state});
    let city_id = city_upsert(&mut tx, &city_row).await?;
    let mut w = Writer { conn: &mut tx, city_id, report: LoadReport::default() };

    progress("Strategie, Ziele, Leitlinien, Themen, Handlungsfelder");
    let s = &c.strategy.meta;
    w.upsert(
        "strategies",
        &["city_id"],
        json!({
            "title": s.title, "document_title": s.document_title, "vision_md": c.strategy.body,
            "adopted_on": s.adopted_on, "adopted_by": s.adopted_by, "source_ref": s.source,
        }),
    )
    .await?;
    for (table, docs) in [
        ("goals", &c.goals),
        ("guidelines", &c.guidelines),
        ("cross_cutting_themes", &c.themes),
        ("action_fields", &c.action_fields),
    ] {
        for d in docs {
            w.upsert(table, &["city_id", "slug"], section_row(d)).await?;
        }
    }
    let action_fields = w.slug_ids("action_fields").await?;
    let themes = w.slug_ids("cross_cutting_themes").await?;

    progress("Organisationseinheiten und Gremien");
    // Parents may be defined after their children: insert all, then link.
    for u in &c.org_units.meta.unit {
        w.upsert(
            "org_units",
            &["city_id", "slug"],
            json!({
                "slug": u.slug, "kind": u.kind, "number": u.number, "name": u.name, "illustrative": u.illustrative,
            }),
        )
        .await?;
    }
    let units = w.slug_ids("org_units").await?;
    for u in &c.org_units.meta.unit {
        w.upsert(
            "org_units",
            &["city_id", "slug"],
            json!({
                "slug": u.slug, "kind": u.kind, "number": u.number, "name": u.name, "illustrative": u.illustrative,
                "parent_id": u.parent.as_ref().map(|p| units[p]),
            }),
        )
        .await?;
    }
    for b in &c.bodies {
        w.upsert("bodies", &["city_id", "slug"], json!({
            "slug": b.slug, "position": b.meta.position, "name": b.meta.name, "governance_level": b.meta.level,
            "chair": b.meta.chair, "body_md": b.body, "source_ref": b.meta.source, "illustrative": b.meta.illustrative,
        })).await?;
    }

    progress(&format!("{} Online-Dienste", c.services.len()));
    for s in &c.services {
        let m = &s.meta;
        let (id, _) = w.upsert("services", &["city_id", "slug"], json!({
            "slug": s.slug, "name": m.name, "leika_key": m.leika_key, "ozg_id": m.ozg_id, "topic_area": m.topic_area,
            "life_situation": m.life_situation, "addressee": m.addressee, "status": m.status, "maturity": m.maturity,
            "responsible_unit_id": m.unit.as_ref().map(|u| units[u]), "efa": m.efa, "efa_lead_state": m.efa_lead_state,
            "online_since": m.online_since, "application_url": m.url, "description_md": s.body,
            "source_ref": m.source, "illustrative": m.illustrative,
        })).await?;
        let counts: Vec<Value> = m
            .case_counts
            .iter()
            .map(|(y, n)| json!({"year": y.parse::<i32>().unwrap_or_default(), "cases": n}))
            .collect();
        w.replace_children("service_case_counts", "service_id", id, "year", &["year", "cases"], counts).await?;
    }
    let services = w.slug_ids("services").await?;

    progress(&format!("{} Projekte mit Meilensteinen und Abschlussberichten", c.projects.len()));
    for p in &c.projects {
        let m = &p.meta;
        let r = m.resources.as_ref();
        let (id, _) = w.upsert("projects", &["city_id", "slug"], json!({
            "slug": p.slug, "title": m.title, "kind": m.kind, "status": m.status,
            "responsible_unit_id": m.unit.as_ref().map(|u| units[u]), "lead_role": m.lead_role, "team_roles": m.team_roles,
            "summary_md": m.summary, "description_md": p.body, "progress_override": m.progress,
            "staff_fte_planned": r.and_then(|r| r.staff_fte_planned), "staff_fte_approved": r.and_then(|r| r.staff_fte_approved),
            "budget_eur_planned": r.and_then(|r| r.budget_eur_planned), "budget_eur_approved": r.and_then(|r| r.budget_eur_approved),
            "planned_start": m.planned_start, "planned_end": m.planned_end, "actual_start": m.actual_start, "actual_end": m.actual_end,
            "source_ref": m.source, "illustrative": m.illustrative,
        })).await?;
        w.replace_links(
            "project_action_fields",
            "project_id",
            id,
            "action_field_id",
            m.action_fields.iter().map(|s| action_fields[s]).collect(),
        )
        .await?;
        w.replace_links("project_themes", "project_id", id, "theme_id", m.themes.iter().map(|s| themes[s]).collect())
            .await?;
        w.replace_links(
            "project_services",
            "project_id",
            id,
            "service_id",
            m.services.iter().map(|s| services[s]).collect(),
        )
        .await?;
        let numbered = |items: &[String]| {
            items.iter().enumerate().map(|(i, t)| json!({"position": i + 1, "body_md": t})).collect()
        };
        w.replace_children(
            "smart_goals",
            "project_id",
            id,
            "position",
            &["position", "body_md"],
            numbered(&m.smart_goals),
        )
        .await?;
        w.replace_children("measures", "project_id", id, "position", &["position", "body_md"], numbered(&m.measures))
            .await?;
        for (i, ms) in m.milestones.iter().enumerate() {
            let status = match ms.status.as_deref().and_then(MilestoneStatus::from_code) {
                Some(s) => s,
                None if ms.achieved.is_some() => MilestoneStatus::Reached,
                None => MilestoneStatus::Open,
            };
            w.upsert("milestones", &["project_id", "position"], json!({
                "project_id": id, "position": i + 1, "title": ms.title, "planned_on": ms.planned, "forecast_on": ms.forecast,
                "forecast_reason": ms.forecast_reason, "achieved_on": ms.achieved, "status": status.code(), "illustrative": ms.illustrative,
            })).await?;
        }
        w.delete_beyond("milestones", id, m.milestones.len()).await?;
        if let Some(fr) = &m.final_report {
            w.upsert(
                "final_reports",
                &["project_id"],
                json!({
                    "project_id": id, "summary_md": fr.summary, "lessons_learned_md": fr.lessons_learned,
                    "release_state": fr.release_state, "released_on": fr.released_on, "illustrative": fr.illustrative,
                }),
            )
            .await?;
        }
    }
    let projects = w.slug_ids("projects").await?;

    progress(&format!("{} Projektmeldungen", c.updates.len()));
    for u in &c.updates {
        let m = &u.meta;
        w.upsert(
            "project_updates",
            &["project_id", "slug"],
            json!({
                "project_id": projects[&m.project], "slug": u.slug, "published_on": m.date, "title": m.title,
                "body_md": u.body, "internal": m.internal, "illustrative": m.illustrative,
            }),
        )
        .await?;
    }

    progress(&format!(
        "{} Sachstandsberichte, {} Anfragen, {} Seiten",
        c.reports.len(),
        c.inquiries.len(),
        c.pages.len()
    ));
    for r in &c.reports {
        let m = &r.meta;
        let (id, _) = w
            .upsert(
                "annual_reports",
                &["city_id", "year"],
                json!({
                    "year": m.year, "title": m.title, "body_md": r.body, "release_state": m.release_state,
                    "released_on": m.released_on, "illustrative": m.illustrative,
                }),
            )
            .await?;
        w.freeze_key_figures(id).await?;
    }
    for i in &c.inquiries {
        let m = &i.meta;
        let search_text =
            m.items.iter().map(|it| format!("{}\n{}", it.question, it.answer)).collect::<Vec<_>>().join("\n");
        let (id, _) = w.upsert("council_inquiries", &["city_id", "slug"], json!({
            "slug": i.slug, "number": m.number, "faction": m.faction, "title": m.title, "asked_on": m.asked_on,
            "answered_on": m.answered_on, "answered_by": m.answered_by, "oparl_id": m.oparl_id, "source_ref": m.source,
            "search_text": format!("{}\n{}", i.body, search_text), "illustrative": m.illustrative,
        })).await?;
        let items = m
            .items
            .iter()
            .enumerate()
            .map(|(n, it)| json!({"position": n + 1, "question_md": it.question, "answer_md": it.answer}))
            .collect();
        w.replace_children(
            "inquiry_items",
            "inquiry_id",
            id,
            "position",
            &["position", "question_md", "answer_md"],
            items,
        )
        .await?;
        w.replace_links(
            "inquiry_projects",
            "inquiry_id",
            id,
            "project_id",
            m.projects.iter().map(|s| projects[s]).collect(),
        )
        .await?;
        w.replace_links(
            "inquiry_services",
            "inquiry_id",
            id,
            "service_id",
            m.services.iter().map(|s| services[s]).collect(),
        )
        .await?;
    }
    for p in &c.pages {
        w.upsert(
            "pages",
            &["city_id", "slug"],
            json!({
                "slug": p.slug, "title": p.meta.title, "body_md": p.body, "illustrative": p.meta.illustrative,
            }),
        )
        .await?;
    }
    let report = w.report;
    tx.commit().await?;
    Ok(report)
}

fn section_row(d: &Doc<SectionMeta>) -> Value {
    json!({
        "slug": d.slug, "position": d.meta.position, "title": d.meta.title, "body_md": d.body,
        "source_ref": d.meta.source, "illustrative": d.meta.illustrative,
    })
}

async fn city_upsert(conn: &mut PgConnection, row: &Value) -> Result<i64, sqlx::Error> {
    let existing: Option<(i64, Value)> = sqlx::query_as("SELECT id, to_jsonb(c) FROM cities c WHERE slug = $1")
        .bind(row["slug"].as_str())
        .fetch_optional(&mut *conn)
        .await?;
    let (id, before) = match existing {
        Some((id, before)) => (id, before),
        None => {
            let (id, after): (i64, Value) = sqlx::query_as(
                "INSERT INTO cities (slug, name, portal_name, state) SELECT r.slug, r.name, r.portal_name, r.state \
                 FROM jsonb_populate_record(null::cities, $1) r RETURNING id, to_jsonb(cities)",
            )
            .bind(row)
            .fetch_one(&mut *conn)
            .await?;
            audit::record(&mut *conn, id, ACTOR, "create", "cities", id, None, Some(&after)).await?;
            return Ok(id);
        }
    };
    let after: Option<Value> = sqlx::query_scalar(
        "UPDATE cities c SET (name, portal_name, state) = ROW(r.name, r.portal_name, r.state), version = c.version + 1, updated_at = now() \
         FROM jsonb_populate_record(null::cities, $1) r \
         WHERE c.id = $2 AND ROW(c.name, c.portal_name, c.state) IS DISTINCT FROM ROW(r.name, r.portal_name, r.state) RETURNING to_jsonb(c)",
    )
    .bind(row)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(after) = after {
        audit::record(&mut *conn, id, ACTOR, "update", "cities", id, Some(&before), Some(&after)).await?;
    }
    Ok(id)
}

#[derive(Debug, PartialEq, Eq)]
enum Change {
    Created,
    Updated,
    Unchanged,
}

impl Writer<'_> {
    /// Inserts or updates one row of `table`, found by `key` columns. Tables with a
    /// `city_id` column get it filled in. Column names come from the `row` literals
    /// in this module, never from content, so formatting them into SQL is safe.
    async fn upsert(
        &mut self,
        table: &'static str,
        key: &[&str],
        mut row: Value,
    ) -> Result<(i64, Change), sqlx::Error> {
        // Every table the loader upserts is city-owned except final reports (owned via their project).
        if table != "final_reports" {
            row["city_id"] = json!(self.city_id);
        }
        let cols: Vec<&str> = row.as_object().expect("row literal").keys().map(String::as_str).collect();
        let col_list = cols.join(", ");
        let r_list = cols.iter().map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", ");
        let t_list = cols.iter().map(|c| format!("t.{c}")).collect::<Vec<_>>().join(", ");
        let key_match = key.iter().map(|k| format!("t.{k} = r.{k}")).collect::<Vec<_>>().join(" AND ");
        let doc = "to_jsonb(t) - 'search' - 'search_text'";

        let existing: Option<(i64, Value)> = sqlx::query_as(&format!(
            "SELECT t.id, {doc} FROM {table} t, jsonb_populate_record(null::{table}, $1) r WHERE {key_match}"
        ))
        .bind(&row)
        .fetch_optional(&mut *self.conn)
        .await?;
        match existing {
            None => {
                let (id, after): (i64, Value) = sqlx::query_as(&format!(
                    "WITH ins AS (INSERT INTO {table} ({col_list}) SELECT {r_list} FROM jsonb_populate_record(null::{table}, $1) r RETURNING *) \
                     SELECT t.id, {doc} FROM ins t"
                ))
                .bind(&row)
                .fetch_one(&mut *self.conn)
                .await?;
                audit::record(&mut *self.conn, self.city_id, ACTOR, "create", table, id, None, Some(&after)).await?;
                self.report.created += 1;
                Ok((id, Change::Created))
            }
            Some((id, before)) => {
                let after: Option<Value> = sqlx::query_scalar(&format!(
                    "WITH upd AS (UPDATE {table} t SET ({col_list}) = ROW({r_list}), version = t.version + 1, updated_at = now() \
                     FROM jsonb_populate_record(null::{table}, $1) r \
                     WHERE t.id = $2 AND ROW({t_list}) IS DISTINCT FROM ROW({r_list}) RETURNING t.*) \
                     SELECT {doc} FROM upd t"
                ))
                .bind(&row)
                .bind(id)
                .fetch_optional(&mut *self.conn)
                .await?;
                match after {
                    Some(after) => {
                        audit::record(
                            &mut *self.conn,
                            self.city_id,
                            ACTOR,
                            "update",
                            table,
                            id,
                            Some(&before),
                            Some(&after),
                        )
                        .await?;
                        self.report.updated += 1;
                        Ok((id, Change::Updated))
                    }
                    None => {
                        self.report.unchanged += 1;
                        Ok((id, Change::Unchanged))
                    }
                }
            }
        }
    }

    /// Slug → id for a city-owned table.
    async fn slug_ids(&mut self, table: &'static str) -> Result<HashMap<String, i64>, sqlx::Error> {
        let rows: Vec<(String, i64)> = sqlx::query_as(&format!("SELECT slug, id FROM {table} WHERE city_id = $1"))
            .bind(self.city_id)
            .fetch_all(&mut *self.conn)
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// Makes the link table hold exactly `ids` for `owner`; audited as one change of the owner.
    async fn replace_links(
        &mut self,
        table: &'static str,
        owner_col: &str,
        owner: i64,
        target_col: &str,
        mut ids: Vec<i64>,
    ) -> Result<(), sqlx::Error> {
        ids.sort_unstable();
        ids.dedup();
        let current: Vec<i64> =
            sqlx::query_scalar(&format!("SELECT {target_col} FROM {table} WHERE {owner_col} = $1 ORDER BY 1"))
                .bind(owner)
                .fetch_all(&mut *self.conn)
                .await?;
        if current == ids {
            return Ok(());
        }
        sqlx::query(&format!("DELETE FROM {table} WHERE {owner_col} = $1"))
            .bind(owner)
            .execute(&mut *self.conn)
            .await?;
        sqlx::query(&format!("INSERT INTO {table} ({owner_col}, {target_col}) SELECT $1, unnest($2::bigint[])"))
            .bind(owner)
            .bind(&ids)
            .execute(&mut *self.conn)
            .await?;
        audit::record(
            &mut *self.conn,
            self.city_id,
            ACTOR,
            "update",
            table,
            owner,
            Some(&json!(current)),
            Some(&json!(ids)),
        )
        .await?;
        Ok(())
    }

    /// Makes the child table hold exactly `rows` (ordered by `order_col`) for `owner`.
    async fn replace_children(
        &mut self,
        table: &'static str,
        owner_col: &str,
        owner: i64,
        order_col: &str,
        cols: &[&str],
        rows: Vec<Value>,
    ) -> Result<(), sqlx::Error> {
        let col_list = cols.join(", ");
        let current: Value = sqlx::query_scalar(&format!(
            "SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY {order_col}), '[]') FROM (SELECT {col_list} FROM {table} WHERE {owner_col} = $1) c"
        ))
        .bind(owner)
        .fetch_one(&mut *self.conn)
        .await?;
        // Compare after a round trip through the column types, so 1.0 and 1 are equal.
        let wanted: Value = sqlx::query_scalar(&format!(
            "SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY {order_col}), '[]') FROM (SELECT {col_list} FROM jsonb_populate_recordset(null::{table}, $1)) c"
        ))
        .bind(Value::Array(rows.clone()))
        .fetch_one(&mut *self.conn)
        .await?;
        if current == wanted {
            return Ok(());
        }
        sqlx::query(&format!("DELETE FROM {table} WHERE {owner_col} = $1"))
            .bind(owner)
            .execute(&mut *self.conn)
            .await?;
        sqlx::query(&format!(
            "INSERT INTO {table} ({owner_col}, {col_list}) SELECT $1, {col_list} FROM jsonb_populate_recordset(null::{table}, $2)"
        ))
        .bind(owner)
        .bind(Value::Array(rows))
        .execute(&mut *self.conn)
        .await?;
        audit::record(&mut *self.conn, self.city_id, ACTOR, "update", table, owner, Some(&current), Some(&wanted))
            .await?;
        Ok(())
    }

    /// Removes milestones whose position is no longer in the file.
    async fn delete_beyond(&mut self, table: &'static str, project_id: i64, keep: usize) -> Result<(), sqlx::Error> {
        let removed: Vec<(i64, Value)> = sqlx::query_as(&format!(
            "DELETE FROM {table} t WHERE project_id = $1 AND position > $2 RETURNING t.id, to_jsonb(t)"
        ))
        .bind(project_id)
        .bind(keep as i32)
        .fetch_all(&mut *self.conn)
        .await?;
        for (id, before) in removed {
            audit::record(&mut *self.conn, self.city_id, ACTOR, "delete", table, id, Some(&before), None).await?;
        }
        Ok(())
    }

    /// A released report keeps the figures of the moment it was first loaded as released.
    async fn freeze_key_figures(&mut self, report_id: i64) -> Result<(), sqlx::Error> {
        let figures = crate::model::overview::key_figures(&mut *self.conn, self.city_id).await?;
        let changed: Option<Value> = sqlx::query_scalar(
            "UPDATE annual_reports t SET key_figures = $2 WHERE id = $1 AND release_state = 'released' AND key_figures IS NULL \
             RETURNING to_jsonb(t) - 'search'",
        )
        .bind(report_id)
        .bind(serde_json::to_value(&figures).unwrap_or_default())
        .fetch_optional(&mut *self.conn)
        .await?;
        if let Some(after) = changed {
            audit::record(
                &mut *self.conn,
                self.city_id,
                ACTOR,
                "release",
                "annual_reports",
                report_id,
                None,
                Some(&after),
            )
            .await?;
        }
        Ok(())
    }
}
