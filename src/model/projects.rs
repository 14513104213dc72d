//! Projects: the filtered, sorted, paged list and everything on a project page.

use sqlx::{PgExecutor, Postgres, QueryBuilder};

use super::{Date, PageRequest};
use crate::domain::{MilestoneStatus, Progress, ProjectKind, ProjectStatus, ReleaseState};

/// Filters of `/projekte`; `None` means "all".
#[derive(Clone, Debug, Default)]
pub struct ProjectFilter {
    pub kind: Option<ProjectKind>,
    pub status: Option<ProjectStatus>,
    pub action_field: Option<String>,
    pub unit: Option<String>,
    pub theme: Option<String>,
    pub text: Option<String>,
}

crate::domain::text_enum!(
    /// The orders a list can be shown in; the code is the `sortierung` parameter.
    #[derive(Default)]
    ProjectSort {
        #[default]
        Title = "titel" => "Titel (A–Z)" @ "domain-project-sort-title",
        Status = "status" => "Status" @ "domain-project-sort-status",
        Progress = "fortschritt" => "Fortschritt (höchster zuerst)" @ "domain-project-sort-progress",
        Updated = "aktualisiert" => "Zuletzt aktualisiert" @ "domain-project-sort-updated",
    }
);

impl ProjectSort {
    pub(crate) fn order_by(self) -> &'static str {
        match self {
            ProjectSort::Title => "p.title, p.id",
            // Lifecycle order, not alphabetical order of the codes.
            ProjectSort::Status => {
                "array_position(ARRAY['idea','clarification','concretisation','implementation','final_report_drafted','completed','paused','stopped'], p.status), p.title, p.id"
            }
            ProjectSort::Progress => "p.progress DESC NULLS LAST, p.title, p.id",
            ProjectSort::Updated => "p.updated_at DESC, p.id",
        }
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ProjectRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub kind: ProjectKind,
    pub status: ProjectStatus,
    pub summary_md: String,
    pub unit_name: Option<String>,
    pub progress_override: Option<i16>,
    pub milestones_reached: i64,
    pub milestones_counted: i64,
    pub illustrative: bool,
    pub en: super::En,
}

impl ProjectRow {
    pub fn progress(&self) -> Option<Progress> {
        Progress::derive(self.progress_override, self.status, self.milestones_reached, self.milestones_counted)
    }
}

/// Columns shared by every project list; `progress` is the stored result of
/// the rule of [`Progress::derive`] (see migration 0003), so lists can sort by it.
const LIST_SELECT: &str = "SELECT p.id, p.slug, p.title, p.kind, p.status, p.summary_md, u.name AS unit_name, \
        p.progress_override, p.milestones_reached::bigint AS milestones_reached, p.milestones_counted::bigint AS milestones_counted, \
        p.illustrative, p.en \
    FROM projects p \
    LEFT JOIN org_units u ON u.id = p.responsible_unit_id";

/// Adds the filter's conditions; only active filters become SQL, so that each
/// combination gets a plan that uses its index.
pub(crate) fn push_filter<'a>(q: &mut QueryBuilder<'a, Postgres>, city_id: i64, f: &'a ProjectFilter) {
    q.push(" WHERE p.city_id = ").push_bind(city_id).push(" AND p.archived_at IS NULL");
    if let Some(kind) = f.kind {
        q.push(" AND p.kind = ").push_bind(kind.code());
    }
    if let Some(status) = f.status {
        q.push(" AND p.status = ").push_bind(status.code());
    }
    if let Some(field) = &f.action_field {
        q.push(" AND EXISTS (SELECT 1 FROM project_action_fields paf JOIN action_fields af ON af.id = paf.action_field_id WHERE paf.project_id = p.id AND af.city_id = ")
            .push_bind(city_id)
            .push(" AND af.slug = ")
            .push_bind(field)
            .push(")");
    }
    if let Some(theme) = &f.theme {
        q.push(" AND EXISTS (SELECT 1 FROM project_themes pt JOIN cross_cutting_themes t ON t.id = pt.theme_id WHERE pt.project_id = p.id AND t.city_id = ")
            .push_bind(city_id)
            .push(" AND t.slug = ")
            .push_bind(theme)
            .push(")");
    }
    if let Some(unit) = &f.unit {
        q.push(" AND p.responsible_unit_id = (SELECT id FROM org_units WHERE city_id = ")
            .push_bind(city_id)
            .push(" AND slug = ")
            .push_bind(unit)
            .push(")");
    }
    if let Some(text) = &f.text {
        push_text_match(q, "p.search", text);
    }
}

/// Full-text match: the words as typed (websearch syntax) or as prefixes, so
/// that "LoRa" finds "LoRaWAN-Netz".
pub fn push_text_match<'a>(q: &mut QueryBuilder<'a, Postgres>, column: &str, text: &'a str) {
    q.push(format!(" AND {column} @@ (websearch_to_tsquery('german', ")).push_bind(text);
    match prefix_query(text) {
        Some(prefix) => q.push(") || to_tsquery('german', ").push_bind(prefix).push("))"),
        None => q.push("))"),
    };
}

/// "Lora Netz" → "lora:* & netz:*"; None when no word is left.
pub fn prefix_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| format!("{}:*", w.to_lowercase()))
        .collect();
    (!words.is_empty()).then(|| words.join(" & "))
}

pub async fn list(
    conn: &mut sqlx::PgConnection,
    city_id: i64,
    f: &ProjectFilter,
    sort: ProjectSort,
    page: PageRequest,
) -> Result<(Vec<ProjectRow>, i64), sqlx::Error> {
    // Kind and status alone are counted by the tallies (kept by triggers, migration 0007).
    let tallied = f.action_field.is_none() && f.unit.is_none() && f.theme.is_none() && f.text.is_none();
    let known_total = if tallied {
        let total: i64 = sqlx::query_scalar(
            "SELECT coalesce(sum(n), 0)::int8 FROM project_tallies \
             WHERE city_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR kind = $3)",
        )
        .bind(city_id)
        .bind(f.status.map(|s| s.code()))
        .bind(f.kind.map(|k| k.code()))
        .fetch_one(&mut *conn)
        .await?;
        Some(total)
    } else {
        None
    };
    super::paged(conn, ("projects p", LIST_SELECT), |q| push_filter(q, city_id, f), sort.order_by(), page, known_total)
        .await
}

/// Projects of one action field, by title, at most `limit`.
pub async fn of_action_field(
    db: impl PgExecutor<'_>,
    city_id: i64,
    action_field_id: i64,
    limit: i64,
) -> Result<Vec<ProjectRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{LIST_SELECT} WHERE p.city_id = $1 AND p.archived_at IS NULL \
         AND EXISTS (SELECT 1 FROM project_action_fields paf WHERE paf.project_id = p.id AND paf.action_field_id = $2) \
         ORDER BY p.title, p.id LIMIT $3"
    ))
    .bind(city_id)
    .bind(action_field_id)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Progress roll-up per action field: (field id, projects, projects with progress, average).
/// One index lookup per field (a city has a handful of fields).
pub async fn roll_ups(db: impl PgExecutor<'_>, city_id: i64) -> Result<Vec<(i64, i64, i64, Option<i32>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT f.id, x.projects, x.with_progress, x.average FROM action_fields f \
         CROSS JOIN LATERAL (SELECT count(*) AS projects, count(p.progress) AS with_progress, round(avg(p.progress))::int AS average \
                             FROM project_action_fields paf JOIN projects p ON p.id = paf.project_id \
                             WHERE paf.action_field_id = f.id AND p.archived_at IS NULL) x \
         WHERE f.city_id = $1",
    )
    .bind(city_id)
    .fetch_all(db)
    .await
}

/// Projects linked to a service or an inquiry (`link` names the link table).
pub async fn linked(db: impl PgExecutor<'_>, link: Link, owner_id: i64) -> Result<Vec<ProjectRow>, sqlx::Error> {
    let (table, col) = match link {
        Link::Service => ("project_services", "service_id"),
        Link::Inquiry => ("inquiry_projects", "inquiry_id"),
    };
    sqlx::query_as(&format!(
        "{LIST_SELECT} JOIN {table} l ON l.project_id = p.id WHERE l.{col} = $1 AND p.archived_at IS NULL ORDER BY p.title"
    ))
    .bind(owner_id)
    .fetch_all(db)
    .await
}

#[derive(Clone, Copy, Debug)]
pub enum Link {
    Service,
    Inquiry,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ProjectDetail {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub kind: ProjectKind,
    pub status: ProjectStatus,
    pub unit_name: Option<String>,
    pub unit_number: Option<String>,
    pub lead_role: String,
    pub team_roles: String,
    pub summary_md: String,
    pub description_md: String,
    pub progress_override: Option<i16>,
    pub staff_fte_planned: Option<f64>,
    pub staff_fte_approved: Option<f64>,
    pub budget_eur_planned: Option<f64>,
    pub budget_eur_approved: Option<f64>,
    pub planned_start: Option<Date>,
    pub planned_end: Option<Date>,
    pub actual_start: Option<Date>,
    pub actual_end: Option<Date>,
    pub source_ref: String,
    pub illustrative: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub en: super::En,
}

pub async fn find(db: impl PgExecutor<'_>, city_id: i64, slug: &str) -> Result<Option<ProjectDetail>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.slug, p.title, p.kind, p.status, u.name AS unit_name, u.number AS unit_number, p.lead_role, p.team_roles, \
                p.summary_md, p.description_md, p.progress_override, \
                p.staff_fte_planned::float8 AS staff_fte_planned, p.staff_fte_approved::float8 AS staff_fte_approved, \
                p.budget_eur_planned::float8 AS budget_eur_planned, p.budget_eur_approved::float8 AS budget_eur_approved, \
                p.planned_start, p.planned_end, p.actual_start, p.actual_end, p.source_ref, p.illustrative, p.updated_at, p.en \
         FROM projects p LEFT JOIN org_units u ON u.id = p.responsible_unit_id \
         WHERE p.city_id = $1 AND p.slug = $2 AND p.archived_at IS NULL",
    )
    .bind(city_id)
    .bind(slug)
    .fetch_optional(db)
    .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MilestoneRow {
    pub title: String,
    pub planned_on: Date,
    pub forecast_on: Option<Date>,
    pub forecast_reason: String,
    pub achieved_on: Option<Date>,
    pub status: MilestoneStatus,
    pub illustrative: bool,
    pub project_slug: String,
    pub project_title: String,
}

impl MilestoneRow {
    /// The date the milestone is currently expected: the forecast if moved, else the plan.
    pub fn due(&self) -> Date {
        self.forecast_on.unwrap_or(self.planned_on)
    }

    /// Derived, never stored: open and its expected date has passed.
    pub fn is_overdue(&self, today: &Date) -> bool {
        self.status == MilestoneStatus::Open && self.due() < *today
    }

    /// The status as the page names it, "überfällig" when open and overdue.
    pub fn state_label(&self, today: &Date) -> &'static str {
        match self.status {
            MilestoneStatus::Open if self.is_overdue(today) => crate::i18n::t_static("domain-milestone-overdue"),
            status => status.label(),
        }
    }

    pub fn tone(&self, today: &Date) -> &'static str {
        match self.status {
            MilestoneStatus::Reached => "success",
            MilestoneStatus::Dropped => "neutral",
            MilestoneStatus::Open if self.is_overdue(today) => "danger",
            MilestoneStatus::Open => "info",
        }
    }
}

const MILESTONE_SELECT: &str = "SELECT m.title, m.planned_on, m.forecast_on, m.forecast_reason, m.achieved_on, m.status, \
        m.illustrative, p.slug AS project_slug, p.title AS project_title \
    FROM milestones m JOIN projects p ON p.id = m.project_id";

pub async fn milestones_of(db: impl PgExecutor<'_>, project_id: i64) -> Result<Vec<MilestoneRow>, sqlx::Error> {
    sqlx::query_as(&format!("{MILESTONE_SELECT} WHERE m.project_id = $1 AND m.archived_at IS NULL ORDER BY m.position"))
        .bind(project_id)
        .fetch_all(db)
        .await
}

/// Which milestones `/meilensteine` lists in one section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MilestoneView {
    Overdue,
    Upcoming,
    Reached,
}

impl MilestoneView {
    pub const ALL: [MilestoneView; 3] = [MilestoneView::Overdue, MilestoneView::Upcoming, MilestoneView::Reached];

    /// The value of the `ansicht` parameter.
    pub fn code(self) -> &'static str {
        match self {
            MilestoneView::Overdue => "ueberfaellig",
            MilestoneView::Upcoming => "anstehend",
            MilestoneView::Reached => "erreicht",
        }
    }

    pub fn from_code(code: &str) -> Option<MilestoneView> {
        MilestoneView::ALL.into_iter().find(|v| v.code() == code)
    }
}

/// One page of a section of `/meilensteine`, in the section's order.
pub async fn milestones(
    db: impl PgExecutor<'_>,
    city_id: i64,
    view: MilestoneView,
    page: PageRequest,
) -> Result<Vec<MilestoneRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{MILESTONE_SELECT} WHERE m.city_id = $1 AND p.archived_at IS NULL AND m.archived_at IS NULL AND {}, m.id \
         {}",
        milestone_condition(view),
        page.limit_clause()
    ))
    .bind(city_id)
    .fetch_all(db)
    .await
}

/// The condition and order of a section of `/meilensteine` (the order ends
/// with `m.id` added by the caller, for a stable order).
pub(crate) fn milestone_condition(view: MilestoneView) -> &'static str {
    match view {
        MilestoneView::Overdue => {
            "m.status = 'open' AND coalesce(m.forecast_on, m.planned_on) < stand_date() ORDER BY coalesce(m.forecast_on, m.planned_on)"
        }
        MilestoneView::Upcoming => {
            "m.status = 'open' AND coalesce(m.forecast_on, m.planned_on) >= stand_date() ORDER BY coalesce(m.forecast_on, m.planned_on)"
        }
        MilestoneView::Reached => "m.status = 'reached' ORDER BY m.achieved_on DESC",
    }
}

/// How many milestones each section has (overdue, upcoming, reached), from the
/// summary row kept by triggers (migration 0010): the same rows the sections list.
pub async fn milestone_counts(db: impl PgExecutor<'_>, city_id: i64) -> Result<(i64, i64, i64), sqlx::Error> {
    sqlx::query_as("SELECT overdue, upcoming, reached FROM current_milestone_summary($1)")
        .bind(city_id)
        .fetch_one(db)
        .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NamedLink {
    pub id: i64,
    pub slug: String,
    pub title: String,
}

/// A project's id, slug and title by its slug (for pages that name it).
pub async fn link_by_slug(db: impl PgExecutor<'_>, city_id: i64, slug: &str) -> Result<Option<NamedLink>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug, title FROM projects WHERE city_id = $1 AND slug = $2 AND archived_at IS NULL")
        .bind(city_id)
        .bind(slug)
        .fetch_optional(db)
        .await
}

/// Id, slug and title of every public project of an action field (its feed).
pub async fn links_of_action_field(db: impl PgExecutor<'_>, field_id: i64) -> Result<Vec<NamedLink>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.slug, p.title FROM project_action_fields l JOIN projects p ON p.id = l.project_id \
         WHERE l.action_field_id = $1 AND p.archived_at IS NULL ORDER BY p.title",
    )
    .bind(field_id)
    .fetch_all(db)
    .await
}

/// What a project page links to: its action fields, cross-cutting themes,
/// online services and the council inquiries that mention it.
#[derive(Clone, Debug, Default)]
pub struct ProjectLinks {
    pub action_fields: Vec<NamedLink>,
    pub themes: Vec<NamedLink>,
    pub services: Vec<NamedLink>,
    pub inquiries: Vec<NamedLink>,
}

/// All four kinds of [`ProjectLinks`] in one statement (one round trip instead
/// of four), each kind in its own order.
pub async fn links_of(db: impl PgExecutor<'_>, project_id: i64) -> Result<ProjectLinks, sqlx::Error> {
    let rows: Vec<(i16, i64, String, String)> = sqlx::query_as(
        "SELECT kind, id, slug, title FROM ( \
           SELECT 1::int2 AS kind, af.id, af.slug, af.title, row_number() OVER (ORDER BY af.position) AS ord \
           FROM action_fields af JOIN project_action_fields l ON l.action_field_id = af.id WHERE l.project_id = $1 \
           UNION ALL \
           SELECT 2::int2, t.id, t.slug, t.title, row_number() OVER (ORDER BY t.position) \
           FROM cross_cutting_themes t JOIN project_themes l ON l.theme_id = t.id WHERE l.project_id = $1 \
           UNION ALL \
           SELECT 3::int2, s.id, s.slug, s.name, row_number() OVER (ORDER BY s.name) \
           FROM services s JOIN project_services l ON l.service_id = s.id \
           WHERE l.project_id = $1 AND s.archived_at IS NULL \
           UNION ALL \
           SELECT 4::int2, i.id, i.slug, 'Anfrage ' || i.number || ': ' || i.title, \
                  row_number() OVER (ORDER BY i.answered_on DESC NULLS LAST) \
           FROM council_inquiries i JOIN inquiry_projects l ON l.inquiry_id = i.id WHERE l.project_id = $1 \
         ) links ORDER BY kind, ord",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let mut links = ProjectLinks::default();
    for (kind, id, slug, title) in rows {
        let list = match kind {
            1 => &mut links.action_fields,
            2 => &mut links.themes,
            3 => &mut links.services,
            _ => &mut links.inquiries,
        };
        list.push(NamedLink { id, slug, title });
    }
    Ok(links)
}

/// A project's numbered Markdown items: its SMART goals and its measures, each
/// in order, read in one statement.
pub async fn goals_and_measures(
    db: impl PgExecutor<'_>,
    project_id: i64,
) -> Result<(Vec<String>, Vec<String>), sqlx::Error> {
    let rows: Vec<(bool, String)> = sqlx::query_as(
        "SELECT goal, body_md FROM ( \
           SELECT true AS goal, position, body_md FROM smart_goals WHERE project_id = $1 \
           UNION ALL SELECT false, position, body_md FROM measures WHERE project_id = $1 \
         ) items ORDER BY goal DESC, position",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let (goals, measures): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(goal, _)| *goal);
    Ok((goals.into_iter().map(|(_, md)| md).collect(), measures.into_iter().map(|(_, md)| md).collect()))
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FinalReport {
    pub summary_md: String,
    pub lessons_learned_md: String,
    pub release_state: ReleaseState,
    pub released_on: Option<Date>,
    pub illustrative: bool,
}

pub async fn final_report(db: impl PgExecutor<'_>, project_id: i64) -> Result<Option<FinalReport>, sqlx::Error> {
    sqlx::query_as(
        "SELECT summary_md, lessons_learned_md, release_state, released_on, illustrative FROM final_reports WHERE project_id = $1",
    )
    .bind(project_id)
    .fetch_optional(db)
    .await
}
