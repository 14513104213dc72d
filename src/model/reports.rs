//! Annual status reports. Only released reports are public.

use serde_json::{Value, json};
use sqlx::{PgConnection, PgExecutor};

use super::Date;
use super::figure_refs::{self, Figures, ReportSeries};
use super::overview::KeyFigures;
use super::write::{self, Patch, Writer};
use crate::domain::{ReleaseState, ReleaseStep};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Report {
    pub id: i64,
    pub version: i32,
    pub year: i32,
    pub title: String,
    pub foreword_md: String,
    /// The state of things (the report's main text; older reports have only this).
    pub body_md: String,
    pub action_fields_md: String,
    pub projects_md: String,
    pub services_md: String,
    pub outlook_md: String,
    pub released_on: Option<Date>,
    pub key_figures: Option<sqlx::types::Json<KeyFigures>>,
    pub frozen_series: Option<sqlx::types::Json<ReportSeries>>,
    pub illustrative: bool,
}

/// The columns of [`Report`] (after `SELECT`, from `annual_reports`).
pub const COLUMNS: &str = "id, version, year, title, foreword_md, body_md, action_fields_md, projects_md, services_md, \
    outlook_md, released_on, key_figures, frozen_series, illustrative";

const RELEASED: &str = "FROM annual_reports WHERE city_id = $1 AND release_state = 'released' AND archived_at IS NULL";

/// The sections of a report in the order they are read: the heading each gets
/// in German (none for the main text, which brings its own) and its Markdown.
/// Pages show the headings of [`Report::sections`], in their language.
pub const SECTIONS: [(&str, Option<&str>); 6] = [
    ("foreword_md", Some("Vorwort")),
    ("body_md", None),
    ("action_fields_md", Some("Handlungsfelder")),
    ("projects_md", Some("Projekte")),
    ("services_md", Some("Online-Dienste")),
    ("outlook_md", Some("Ausblick")),
];

/// A section's heading in the request's language (the German one for a field it does not know).
fn section_heading(field: &str, german: &'static str) -> &'static str {
    crate::i18n::t_static(match field {
        "foreword_md" => "domain-report-section-foreword",
        "action_fields_md" => "domain-report-section-action-fields",
        "projects_md" => "domain-report-section-projects",
        "services_md" => "domain-report-section-services",
        "outlook_md" => "domain-report-section-outlook",
        _ => return german,
    })
}

impl Report {
    /// The non-empty sections, with their headings in the request's language (see [`SECTIONS`]).
    pub fn sections(&self) -> Vec<(Option<&'static str>, &str)> {
        let texts = [
            &self.foreword_md,
            &self.body_md,
            &self.action_fields_md,
            &self.projects_md,
            &self.services_md,
            &self.outlook_md,
        ];
        SECTIONS
            .iter()
            .zip(texts)
            .filter(|(_, md)| !md.trim().is_empty())
            .map(|((field, heading), md)| (heading.map(|h| section_heading(field, h)), md.as_str()))
            .collect()
    }

    /// The figures its references show: the frozen ones (a report released
    /// before charts were frozen shows empty charts rather than today's).
    pub fn frozen_figures(&self) -> Figures {
        let key = self.key_figures.as_ref().map(|k| k.0.clone()).unwrap_or_default();
        Figures {
            frozen_on: key.as_of_date().or(self.released_on),
            key,
            series: self.frozen_series.as_ref().map(|s| s.0.clone()).unwrap_or_default(),
        }
    }
}

pub async fn released(db: impl PgExecutor<'_>, city_id: i64) -> Result<Vec<Report>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} {RELEASED} ORDER BY year DESC")).bind(city_id).fetch_all(db).await
}

pub async fn find(db: impl PgExecutor<'_>, city_id: i64, year: i32) -> Result<Option<Report>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} {RELEASED} AND year = $2"))
        .bind(city_id)
        .bind(year)
        .fetch_optional(db)
        .await
}

/// A report in any state (the admin area's drafts) and that state.
#[derive(sqlx::FromRow)]
pub struct Stated {
    #[sqlx(flatten)]
    pub report: Report,
    pub release_state: ReleaseState,
}

/// Any report of the city by its id, whatever its state.
pub async fn by_id(db: impl PgExecutor<'_>, city_id: i64, id: i64) -> Result<Option<Stated>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS}, release_state FROM annual_reports WHERE city_id = $1 AND id = $2 AND archived_at IS NULL"
    ))
    .bind(city_id)
    .bind(id)
    .fetch_optional(db)
    .await
}

/// The columns a release sets: today's date, no review comment, and — for an
/// annual report — the key figures of this moment, frozen from now on.
pub async fn release_columns(
    conn: &mut PgConnection,
    city_id: i64,
    annual: bool,
) -> Result<serde_json::Map<String, Value>, sqlx::Error> {
    let mut columns = serde_json::Map::new();
    columns.insert("released_on".into(), json!(Date::today().iso()));
    columns.insert("review_comment".into(), json!(""));
    if annual {
        let figures = super::overview::report_figures(conn, city_id).await?;
        columns.insert("key_figures".into(), serde_json::to_value(figures).unwrap_or(Value::Null));
        let series = figure_refs::series(conn, city_id).await?;
        columns.insert("frozen_series".into(), serde_json::to_value(series).unwrap_or(Value::Null));
    }
    Ok(columns)
}

/// A report loaded as released keeps the key figures of its release day, as
/// far as the recorded history reaches back (else of the moment it was first
/// loaded): freezes them unless they are frozen already. True if it froze them.
pub async fn freeze_key_figures_once(conn: &mut PgConnection, who: Writer<'_>, id: i64) -> Result<bool, sqlx::Error> {
    // A report frozen before the charts were frozen (migration 0016) gets its series, of the same day.
    let unfrozen: Option<(Option<Date>, bool, bool)> = sqlx::query_as(
        "SELECT released_on, key_figures IS NULL, frozen_series IS NULL FROM annual_reports \
         WHERE id = $1 AND release_state = 'released' AND (key_figures IS NULL OR frozen_series IS NULL)",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((released_on, no_figures, no_series)) = unfrozen else { return Ok(false) };
    let begins = crate::ui::stand::history_begins(&mut *conn, who.city_id).await?;
    let (figures, series) = match (released_on, begins) {
        (Some(day), Some(begins)) if day >= begins && day < Date::today() => {
            figures_as_of(conn, who.city_id, crate::ui::stand::Stand::of(day.0)).await?
        }
        _ => (
            super::overview::report_figures(&mut *conn, who.city_id).await?,
            figure_refs::series(conn, who.city_id).await?,
        ),
    };
    let mut columns = serde_json::Map::new();
    if no_figures {
        columns.insert("key_figures".into(), serde_json::to_value(figures).unwrap_or(Value::Null));
    }
    if no_series {
        columns.insert("frozen_series".into(), serde_json::to_value(series).unwrap_or(Value::Null));
    }
    let patch = Patch { columns, lists: Vec::new() };
    write::update(conn, write::shape_of("annual_reports"), who, id, None, "release", &patch).await?;
    Ok(true)
}

/// The report figures and charts' series as of a past day, read in the writing
/// transaction through the dated views (migration 0013); the transaction's
/// settings are restored after.
async fn figures_as_of(
    conn: &mut PgConnection,
    city_id: i64,
    stand: crate::ui::stand::Stand,
) -> Result<(KeyFigures, ReportSeries), sqlx::Error> {
    let path: String = sqlx::query_scalar("SELECT current_setting('search_path')").fetch_one(&mut *conn).await?;
    let moment = stand.moment.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    sqlx::query("SELECT set_config('search_path', 'asof, ' || $1, true), set_config('sachstand.as_of', $2, true)")
        .bind(&path)
        .bind(&moment)
        .execute(&mut *conn)
        .await?;
    let figures = super::overview::report_figures(&mut *conn, city_id).await;
    let series = figure_refs::series(&mut *conn, city_id).await;
    sqlx::query("SELECT set_config('search_path', $1, true)").bind(&path).execute(&mut *conn).await?;
    Ok((figures?, series?))
}

/// Which table a report of the release workflow lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    Final,
    Annual,
}

impl ReportKind {
    pub fn table(self) -> &'static str {
        match self {
            ReportKind::Final => "final_reports",
            ReportKind::Annual => "annual_reports",
        }
    }
}

/// What became of a step of the release workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moved {
    Yes,
    /// The report changed meanwhile or is not in a state that allows the step.
    Stale,
    /// Four eyes: whoever submitted or last edited a report cannot release or return it.
    OwnWork,
}

/// The accounts that submitted the report and that last edited it.
async fn authors(conn: &mut PgConnection, kind: ReportKind, id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT actor FROM ( \
           (SELECT actor FROM audit_log WHERE entity = $1 AND entity_id = $2 AND action = 'submit' ORDER BY id DESC LIMIT 1) \
           UNION ALL \
           (SELECT actor FROM audit_log WHERE entity = $1 AND entity_id = $2 AND action IN ('create', 'update') \
            ORDER BY id DESC LIMIT 1)) a",
    )
    .bind(kind.table())
    .bind(id)
    .fetch_all(conn)
    .await
}

/// Moves a report one step through the release workflow if it still has
/// `version` and the step is allowed from its state; `columns` are set with it
/// (comment, release date, frozen figures). A release or return by the report's
/// own author is refused (four-eyes rule).
pub async fn transition(
    conn: &mut PgConnection,
    who: Writer<'_>,
    kind: ReportKind,
    id: i64,
    version: i32,
    step: ReleaseStep,
    mut columns: serde_json::Map<String, Value>,
) -> Result<Moved, sqlx::Error> {
    let shape = write::shape_of(kind.table());
    let Some(current) = write::document(conn, shape, id).await? else { return Ok(Moved::Stale) };
    let from = current["release_state"].as_str().and_then(ReleaseState::from_code);
    let Some(to) = from.and_then(|s| step.apply(s)) else { return Ok(Moved::Stale) };
    if matches!(step, ReleaseStep::Release | ReleaseStep::Return)
        && authors(conn, kind, id).await?.iter().any(|a| a == who.actor)
    {
        return Ok(Moved::OwnWork);
    }
    columns.entry("released_on").or_insert(Value::Null);
    columns.insert("release_state".into(), json!(to.code()));
    let patch = Patch { columns, lists: Vec::new() };
    let outcome = write::update(conn, shape, who, id, Some(version), step.action(), &patch).await?;
    Ok(if matches!(outcome, write::Outcome::Saved { .. }) { Moved::Yes } else { Moved::Stale })
}
