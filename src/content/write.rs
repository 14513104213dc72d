//! Writes a checked [`ContentSet`] in one transaction. Each record is upserted
//! by its natural key through the one write path (`model::write`), which touches
//! a record (version + 1, audit record with before and after) only when one of
//! its columns or lists really differs.

use std::collections::HashMap;

use serde_json::{Value, json};
use sqlx::{PgConnection, PgPool};

use super::files::{ContentSet, Doc, SectionMeta};
use crate::model::write::{self, Outcome, Patch, Writer};

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

/// Writes the content sets of one or several cities in one transaction (all of
/// them or none), with an advisory lock against concurrent loads; `progress`
/// receives one line per step.
pub async fn write_cities(
    pool: &PgPool,
    cities: &[ContentSet],
    progress: &mut dyn FnMut(&str),
) -> Result<LoadReport, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Two loaders at once would race on the natural keys; serialise them.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('sachstand-content-load'))").execute(&mut *tx).await?;
    let mut total = LoadReport::default();
    for c in cities {
        if cities.len() > 1 {
            progress(&format!("Stadt {} ({})", c.city.meta.name, c.city.meta.slug));
        }
        let report = write_city(&mut tx, c, progress).await?;
        total.created += report.created;
        total.updated += report.updated;
        total.unchanged += report.unchanged;
    }
    tx.commit().await?;
    Ok(total)
}

async fn write_city(
    tx: &mut PgConnection,
    c: &ContentSet,
    progress: &mut dyn FnMut(&str),
) -> Result<LoadReport, sqlx::Error> {
    let city_id = city(&mut *tx, c).await?;
    let mut w = Loader { conn: &mut *tx, city_id, report: LoadReport::default(), reports_to_freeze: Vec::new() };
    progress("Strategie, Ziele, Leitlinien, Themen, Handlungsfelder");
    w.strategy(c).await?;
    progress("Organisationseinheiten und Gremien");
    w.org_units_and_bodies(c).await?;
    progress(&format!("{} Online-Dienste", c.services.len()));
    w.services(c).await?;
    progress(&format!("{} Projekte mit Meilensteinen und Abschlussberichten", c.projects.len()));
    w.projects(c).await?;
    progress(&format!("{} Projektmeldungen", c.updates.len()));
    w.updates(c).await?;
    progress(&format!(
        "{} Sachstandsberichte, {} Anfragen, {} Seiten",
        c.reports.len(),
        c.inquiries.len(),
        c.pages.len()
    ));
    w.reports(c).await?;
    w.inquiries(c).await?;
    w.pages(c).await?;
    progress("Datierte Vorgeschichte (frühere Stände)");
    let mut past = super::history::write(w.conn, city_id, c).await?;
    // A released report keeps the figures of its release day (as far as the history knows it),
    // frozen when it is first loaded as released; then the history again, which copies them.
    let mut frozen = 0;
    for id in std::mem::take(&mut w.reports_to_freeze) {
        frozen += u32::from(crate::model::reports::freeze_key_figures_once(w.conn, w.writer(), id).await?);
    }
    if frozen > 0 {
        past = super::history::write(w.conn, city_id, c).await?;
    }
    progress(&format!("{past} frühere Stände, {frozen} Sachstandsberichte mit Kennzahlen ihres Freigabetags"));
    Ok(w.report)
}

fn section_row(d: &Doc<SectionMeta>) -> Value {
    json!({
        "slug": d.slug, "position": d.meta.position, "title": d.meta.title, "body_md": d.body,
        "source_ref": d.meta.source, "illustrative": d.meta.illustrative, "en": english(&d.meta.en),
    })
}

/// The `en` column: the English texts as one JSON object (empty when there are none).
fn english(en: &super::files::English) -> Value {
    serde_json::to_value(en).unwrap_or_else(|_| json!({}))
}

/// The city itself: found by its slug, created or updated like any record.
async fn city(conn: &mut PgConnection, c: &ContentSet) -> Result<i64, sqlx::Error> {
    let m = &c.city.meta;
    let patch = Patch::columns(json!({
        "slug": m.slug, "name": m.name, "portal_name": m.portal_name, "state": m.state,
        "ags": m.ags, "data_licence": m.data_licence, "data_licence_name": m.data_licence_name,
        "data_contact_email": m.data_contact_email, "open_data_illustrative": m.open_data_illustrative,
        "hosts": m.hosts.iter().map(|h| h.to_lowercase()).collect::<Vec<_>>(),
        "colour": m.colour.to_lowercase(), "logo_svg": c.logo_svg, "illustrative": m.illustrative,
    }));
    let shape = write::shape_of("cities");
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM cities WHERE slug = $1").bind(&m.slug).fetch_optional(&mut *conn).await?;
    match existing {
        Some(id) => {
            write::update(conn, shape, Writer { city_id: id, actor: ACTOR }, id, None, "update", &patch).await?;
            Ok(id)
        }
        None => write::create(conn, shape, Writer { city_id: 0, actor: ACTOR }, &patch).await,
    }
}

struct Loader<'c> {
    conn: &'c mut PgConnection,
    city_id: i64,
    report: LoadReport,
    /// Annual reports loaded as released: their figures are frozen once, after the dated history.
    reports_to_freeze: Vec<i64>,
}

impl Loader<'_> {
    fn writer(&self) -> Writer<'static> {
        Writer { city_id: self.city_id, actor: ACTOR }
    }

    /// Inserts or updates one record of `table`, found by its `key` columns
    /// (`city_id` is filled in for city-owned tables).
    async fn upsert(&mut self, table: &'static str, key: &[&str], patch: Patch) -> Result<i64, sqlx::Error> {
        let shape = write::shape_of(table);
        let mut probe = patch.columns.clone();
        if shape.owner == write::Owner::City {
            probe.insert("city_id".into(), json!(self.city_id));
        }
        let key_match = key.iter().map(|k| format!("t.{k} = r.{k}")).collect::<Vec<_>>().join(" AND ");
        let existing: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT t.id FROM {table} t, jsonb_populate_record(null::{table}, $1) r WHERE {key_match}"
        ))
        .bind(Value::Object(probe))
        .fetch_optional(&mut *self.conn)
        .await?;
        let who = self.writer();
        let Some(id) = existing else {
            self.report.created += 1;
            return write::create(self.conn, shape, who, &patch).await;
        };
        match write::update(self.conn, shape, who, id, None, "update", &patch).await? {
            Outcome::Saved { .. } => self.report.updated += 1,
            _ => self.report.unchanged += 1,
        }
        Ok(id)
    }

    /// Slug → id for a city-owned table.
    async fn slug_ids(&mut self, table: &'static str) -> Result<HashMap<String, i64>, sqlx::Error> {
        let rows: Vec<(String, i64)> = sqlx::query_as(&format!("SELECT slug, id FROM {table} WHERE city_id = $1"))
            .bind(self.city_id)
            .fetch_all(&mut *self.conn)
            .await?;
        Ok(rows.into_iter().collect())
    }

    async fn strategy(&mut self, c: &ContentSet) -> Result<(), sqlx::Error> {
        let s = &c.strategy.meta;
        let row = json!({
            "title": s.title, "document_title": s.document_title, "vision_md": c.strategy.body,
            "adopted_on": s.adopted_on, "adopted_by": s.adopted_by, "source_ref": s.source, "en": english(&s.en),
        });
        self.upsert("strategies", &["city_id"], Patch::columns(row)).await?;
        for (table, docs) in [
            ("goals", &c.goals),
            ("guidelines", &c.guidelines),
            ("cross_cutting_themes", &c.themes),
            ("action_fields", &c.action_fields),
        ] {
            for d in docs {
                self.upsert(table, &["city_id", "slug"], Patch::columns(section_row(d))).await?;
            }
        }
        Ok(())
    }

    async fn org_units_and_bodies(&mut self, c: &ContentSet) -> Result<(), sqlx::Error> {
        // Parents may be defined after their children: insert all, then link.
        for linked in [false, true] {
            let units = self.slug_ids("org_units").await?;
            for u in &c.org_units.meta.unit {
                let mut row = json!({
                    "slug": u.slug, "kind": u.kind, "number": u.number, "name": u.name, "illustrative": u.illustrative,
                });
                if linked {
                    row["parent_id"] = json!(u.parent.as_ref().map(|p| units[p]));
                }
                self.upsert("org_units", &["city_id", "slug"], Patch::columns(row)).await?;
            }
        }
        for b in &c.bodies {
            let row = json!({
                "slug": b.slug, "position": b.meta.position, "name": b.meta.name, "governance_level": b.meta.level,
                "chair": b.meta.chair, "body_md": b.body, "source_ref": b.meta.source, "illustrative": b.meta.illustrative,
            });
            self.upsert("bodies", &["city_id", "slug"], Patch::columns(row)).await?;
        }
        Ok(())
    }

    async fn services(&mut self, c: &ContentSet) -> Result<(), sqlx::Error> {
        let units = self.slug_ids("org_units").await?;
        for s in &c.services {
            let m = &s.meta;
            let row = json!({
                "slug": s.slug, "name": m.name, "leika_key": m.leika_key, "ozg_id": m.ozg_id, "topic_area": m.topic_area,
                "life_situation": m.life_situation, "addressee": m.addressee, "status": m.status, "maturity": m.maturity,
                "maturity_model": m.maturity_model.as_deref().unwrap_or("1.1"), "maturity_rated_on": m.maturity_rated_on,
                "responsible_unit_id": m.unit.as_ref().map(|u| units[u]), "efa": m.efa, "efa_lead_state": m.efa_lead_state,
                "online_since": m.online_since, "application_url": m.url, "description_md": s.body,
                "source_ref": m.source, "illustrative": m.illustrative,
            });
            let counts =
                m.case_counts.iter().map(|(year, cases)| json!([year.parse::<i32>().unwrap_or_default(), cases]));
            let patch = Patch::columns(row).with_list("case_counts", counts.collect());
            self.upsert("services", &["city_id", "slug"], patch).await?;
        }
        Ok(())
    }

    async fn projects(&mut self, c: &ContentSet) -> Result<(), sqlx::Error> {
        let units = self.slug_ids("org_units").await?;
        let action_fields = self.slug_ids("action_fields").await?;
        let themes = self.slug_ids("cross_cutting_themes").await?;
        let services = self.slug_ids("services").await?;
        let ids = |slugs: &[String], of: &HashMap<String, i64>| slugs.iter().map(|s| json!(of[s])).collect();
        let texts = |items: &[String]| items.iter().map(|t| json!(t)).collect();
        for p in &c.projects {
            let m = &p.meta;
            let r = m.resources.as_ref();
            let row = json!({
                "slug": p.slug, "title": m.title, "kind": m.kind, "status": m.status,
                "responsible_unit_id": m.unit.as_ref().map(|u| units[u]), "lead_role": m.lead_role, "team_roles": m.team_roles,
                "summary_md": m.summary, "description_md": p.body, "progress_override": m.progress,
                "staff_fte_planned": r.and_then(|r| r.staff_fte_planned), "staff_fte_approved": r.and_then(|r| r.staff_fte_approved),
                "budget_eur_planned": r.and_then(|r| r.budget_eur_planned), "budget_eur_approved": r.and_then(|r| r.budget_eur_approved),
                "planned_start": m.planned_start, "planned_end": m.planned_end, "actual_start": m.actual_start, "actual_end": m.actual_end,
                "source_ref": m.source, "illustrative": m.illustrative, "en": english(&m.en),
            });
            let patch = Patch::columns(row)
                .with_list("action_fields", ids(&m.action_fields, &action_fields))
                .with_list("themes", ids(&m.themes, &themes))
                .with_list("services", ids(&m.services, &services))
                .with_list("smart_goals", texts(&m.smart_goals))
                .with_list("measures", texts(&m.measures));
            let id = self.upsert("projects", &["city_id", "slug"], patch).await?;
            self.milestones(id, p).await?;
        }
        Ok(())
    }

    async fn milestones(&mut self, project: i64, p: &Doc<super::files::ProjectMeta>) -> Result<(), sqlx::Error> {
        let m = &p.meta;
        for (i, ms) in m.milestones.iter().enumerate() {
            let row = json!({
                "project_id": project, "position": i + 1, "title": ms.title, "planned_on": ms.planned, "forecast_on": ms.forecast,
                "forecast_reason": ms.forecast_reason, "achieved_on": ms.achieved, "status": ms.status(), "illustrative": ms.illustrative,
            });
            self.upsert("milestones", &["project_id", "position"], Patch::columns(row)).await?;
        }
        // Milestones whose position is no longer in the file are removed.
        let removed: Vec<i64> = sqlx::query_scalar("SELECT id FROM milestones WHERE project_id = $1 AND position > $2")
            .bind(project)
            .bind(m.milestones.len() as i32)
            .fetch_all(&mut *self.conn)
            .await?;
        for id in removed {
            write::delete(self.conn, write::shape_of("milestones"), self.writer(), id).await?;
        }
        if let Some(fr) = &m.final_report {
            let row = json!({
                "project_id": project, "summary_md": fr.summary, "lessons_learned_md": fr.lessons_learned,
                "release_state": fr.release_state, "released_on": fr.released_on, "illustrative": fr.illustrative,
            });
            self.upsert("final_reports", &["project_id"], Patch::columns(row)).await?;
        }
        Ok(())
    }

    async fn updates(&mut self, c: &ContentSet) -> Result<(), sqlx::Error> {
        let projects = self.slug_ids("projects").await?;
        for u in &c.updates {
            let m = &u.meta;
            let row = json!({
                "project_id": projects[&m.project], "slug": u.slug, "published_on": m.date, "title": m.title,
                "body_md": u.body, "internal": m.internal, "illustrative": m.illustrative,
            });
            self.upsert("project_updates", &["project_id", "slug"], Patch::columns(row)).await?;
        }
        Ok(())
    }

    async fn reports(&mut self, c: &ContentSet) -> Result<(), sqlx::Error> {
        for r in &c.reports {
            let m = &r.meta;
            let row = json!({
                "year": m.year, "title": m.title, "body_md": r.body, "release_state": m.release_state,
                "released_on": m.released_on, "illustrative": m.illustrative,
                "foreword_md": m.sections.foreword, "action_fields_md": m.sections.action_fields,
                "projects_md": m.sections.projects, "services_md": m.sections.services,
                "outlook_md": m.sections.outlook,
            });
            let id = self.upsert("annual_reports", &["city_id", "year"], Patch::columns(row)).await?;
            self.reports_to_freeze.push(id);
        }
        Ok(())
    }

    async fn inquiries(&mut self, c: &ContentSet) -> Result<(), sqlx::Error> {
        let projects = self.slug_ids("projects").await?;
        let services = self.slug_ids("services").await?;
        for i in &c.inquiries {
            let m = &i.meta;
            let row = json!({
                "slug": i.slug, "number": m.number, "faction": m.faction, "title": m.title, "asked_on": m.asked_on,
                "answered_on": m.answered_on, "answered_by": m.answered_by, "oparl_id": m.oparl_id, "source_ref": m.source,
                "body_md": i.body, "illustrative": m.illustrative,
            });
            let patch = Patch::columns(row)
                .with_list("items", m.items.iter().map(|it| json!([it.question, it.answer])).collect())
                .with_list("projects", m.projects.iter().map(|s| json!(projects[s])).collect())
                .with_list("services", m.services.iter().map(|s| json!(services[s])).collect());
            self.upsert("council_inquiries", &["city_id", "slug"], patch).await?;
        }
        Ok(())
    }

    async fn pages(&mut self, c: &ContentSet) -> Result<(), sqlx::Error> {
        for p in &c.pages {
            let row = json!({"slug": p.slug, "title": p.meta.title, "body_md": p.body, "illustrative": p.meta.illustrative, "en": english(&p.meta.en)});
            self.upsert("pages", &["city_id", "slug"], Patch::columns(row)).await?;
        }
        Ok(())
    }
}
