//! `/projekte` (filters, sorting, pagination) and `/projekte/{slug}`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::domain::{Progress, ProjectKind, ProjectStatus, progress_rule};
use crate::error::{Error, Result};
use crate::i18n::{Lang, t, t_arg};
use crate::markdown::{SafeHtml, render, render_at};
use crate::model::history::Dated;
use crate::model::projects::{
    self, FinalReport, MilestoneRow, NamedLink, ProjectDetail, ProjectFilter, ProjectLinks, ProjectRow, ProjectSort,
};
use crate::model::strategy::{self, Choice};
use crate::model::updates::{self, Update};
use crate::model::{Date, PageRequest, de_number};
use crate::page_cache::{Shows, Topic};
use crate::ui::extract::Path;
use crate::ui::{Layout, Nav};
use crate::ui::{Pagination, Params, filters};

pub fn router() -> Router<AppState> {
    Router::new().route("/projekte", get(list)).route("/projekte/{slug}", get(page_or_feed))
}

#[derive(Template, WebTemplate)]
#[template(path = "projects/list.html")]
struct ListPage {
    layout: Layout,
    projects: Vec<ProjectRow>,
    pagination: Pagination,
    filter: ProjectFilter,
    sort: ProjectSort,
    action_fields: Vec<Choice>,
    themes: Vec<Choice>,
    units: Vec<Choice>,
    filtered: bool,
}

impl ListPage {
    fn kinds(&self) -> &'static [ProjectKind] {
        ProjectKind::ALL
    }
    fn statuses(&self) -> &'static [ProjectStatus] {
        ProjectStatus::ALL
    }
    fn sorts(&self) -> &'static [ProjectSort] {
        ProjectSort::ALL
    }
    fn text(&self) -> &str {
        self.filter.text.as_deref().unwrap_or("")
    }
    fn is_kind(&self, k: &ProjectKind) -> bool {
        self.filter.kind == Some(*k)
    }
    fn is_status(&self, s: &ProjectStatus) -> bool {
        self.filter.status == Some(*s)
    }
    fn is_field(&self, slug: &str) -> bool {
        self.filter.action_field.as_deref() == Some(slug)
    }
    fn is_theme(&self, slug: &str) -> bool {
        self.filter.theme.as_deref() == Some(slug)
    }
    fn is_unit(&self, slug: &str) -> bool {
        self.filter.unit.as_deref() == Some(slug)
    }
}

async fn list(State(state): State<AppState>, params: Params) -> Result<(Shows, ListPage)> {
    // One connection for the whole page: one pool checkout (and its liveness ping), not one per statement.
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let city = state.site.city_id;
    let choices = strategy::project_filter_choices(&mut *conn, city).await?;
    let (filter, sort) = filters::projects(&params, &choices)?;
    let page = params.page()?;
    let (projects, total) = projects::list(&mut conn, city, &filter, sort, page).await?;
    let keep = filters::project_keep(&filter, sort);
    let pagination = Pagination::new("/projekte", &keep, page, total)?;
    let filtered = keep[..6].iter().any(|(_, v)| !v.is_empty());
    let mut layout = Layout::new(&state, t("projects-title"), Nav::Projects);
    layout.description = t("projects-description");
    layout.illustrative = projects.iter().any(|p| p.illustrative);
    Ok((
        Shows::new().any(Topic::Project),
        ListPage {
            layout,
            projects,
            pagination,
            filter,
            sort,
            action_fields: choices.action_fields,
            themes: choices.themes,
            units: choices.units,
            filtered,
        },
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "projects/detail.html")]
struct DetailPage {
    layout: Layout,
    p: ProjectDetail,
    progress: Option<Progress>,
    summary: SafeHtml,
    description: SafeHtml,
    smart_goals: Vec<SafeHtml>,
    measures: Vec<SafeHtml>,
    milestones: Vec<MilestoneRow>,
    action_fields: Vec<NamedLink>,
    themes: Vec<NamedLink>,
    services: Vec<NamedLink>,
    inquiries: Vec<NamedLink>,
    /// The newest [`UPDATES_SHOWN`] updates; all of them are on `/aktuelles?projekt=…`.
    updates: Vec<(Update, SafeHtml)>,
    updates_total: i64,
    final_report: Option<(FinalReport, SafeHtml, SafeHtml)>,
    changes: Vec<crate::model::history::Revision>,
    /// Days on which public fields changed, newest first (links to the page as of each).
    state_dates: Vec<crate::model::Date>,
    rule: &'static str,
}

impl DetailPage {
    /// "1,5 VZÄ" / "1.5 FTE": the decimal separator follows the page's language.
    fn fte(&self, v: &Option<f64>) -> String {
        v.map_or_else(
            || t("projects-not-stated"),
            |v| {
                let number = format!("{v:.2}").trim_end_matches('0').trim_end_matches('.').to_string();
                let number = if self.layout.lang == Lang::De { number.replace('.', ",") } else { number };
                t_arg("projects-fte", number)
            },
        )
    }
    fn eur(&self, v: &Option<f64>) -> String {
        v.map_or_else(|| t("projects-not-stated"), |v| t_arg("projects-eur", de_number(v.round() as i64)))
    }
    fn has_resources(&self) -> bool {
        [self.p.staff_fte_planned, self.p.staff_fte_approved, self.p.budget_eur_planned, self.p.budget_eur_approved]
            .iter()
            .any(Option::is_some)
    }
    fn date_or_dash(&self, d: &Option<Date>) -> String {
        d.map_or_else(|| "–".into(), |d| d.to_string())
    }
}

/// How many of its updates a project page shows (a project may have dozens).
const UPDATES_SHOWN: i64 = 5;
/// How many earlier states a project or service page links to.
pub(crate) const STATE_DATES_SHOWN: i64 = 12;

/// The page, or its Atom feed when the address ends in `.atom` (see `feeds`).
async fn page_or_feed(State(state): State<AppState>, Path(slug): Path<String>) -> Result<(Shows, Response)> {
    match slug.strip_suffix(".atom") {
        Some(slug) => super::feeds::project(state, slug).await,
        None => detail(State(state), Path(slug)).await.map(|(shows, page)| (shows, page.into_response())),
    }
}

async fn detail(State(state): State<AppState>, Path(slug): Path<String>) -> Result<(Shows, DetailPage)> {
    // One connection for the whole page: one pool checkout (and its liveness ping), not one per statement.
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let p = projects::find(&mut *conn, state.site.city_id, &slug).await?.ok_or(Error::NotFound)?;
    let milestones = projects::milestones_of(&mut *conn, p.id).await?;
    let reached = milestones.iter().filter(|m| m.status == crate::domain::MilestoneStatus::Reached).count() as i64;
    let counted = milestones.iter().filter(|m| m.status != crate::domain::MilestoneStatus::Dropped).count() as i64;
    let progress = Progress::derive(p.progress_override, p.status, reached, counted);
    let (smart_goals, measures) = projects::goals_and_measures(&mut *conn, p.id).await?;
    let smart_goals = smart_goals.iter().map(|s| render(s)).collect();
    let measures = measures.iter().map(|s| render(s)).collect();
    let ProjectLinks { action_fields, themes, services, inquiries } = projects::links_of(&mut *conn, p.id).await?;
    let (updates, updates_total) =
        updates::of_project(&mut conn, p.id, PageRequest { number: 1, size: UPDATES_SHOWN }).await?;
    let updates: Vec<(Update, SafeHtml)> = updates
        .into_iter()
        .map(|u| {
            let html = render_at(&u.body_md, 4);
            (u, html)
        })
        .collect();
    let final_report = projects::final_report(&mut *conn, p.id).await?.map(|r| {
        let (summary, lessons) = (render_at(&r.summary_md, 3), render_at(&r.lessons_learned_md, 4));
        (r, summary, lessons)
    });
    let changes = crate::model::history::public_changes(&mut *conn, p.id, &state.site.portal_name).await?;
    let state_dates = crate::model::history::state_dates(&mut *conn, Dated::Project, p.id, STATE_DATES_SHOWN).await?;
    let mut layout = Layout::new(&state, p.title.clone(), Nav::Projects);
    layout.description = crate::markdown::plain_text(&p.summary_md);
    layout.feed = Some((t_arg("projects-feed-title", &p.title), format!("/projekte/{}.atom", p.slug)));
    layout.illustrative = p.illustrative
        || milestones.iter().any(|m| m.illustrative)
        || updates.iter().any(|(u, _)| u.illustrative)
        || final_report.as_ref().is_some_and(|(r, _, _)| r.illustrative);
    let shows = Shows::new()
        .one(Topic::Project, p.id)
        .each(Topic::Service, services.iter().map(|s| s.id))
        .each(Topic::Inquiry, inquiries.iter().map(|i| i.id));
    // The summary's English is the record's `summary`, shown like a body.
    let lang = crate::i18n::lang();
    let summary_en = crate::model::English { body: p.en.summary.clone(), ..crate::model::English::default() };
    let page = DetailPage {
        layout,
        progress,
        summary: crate::ui::localised::body(lang, &p.summary_md, &summary_en, render),
        description: crate::ui::localised::body(lang, &p.description_md, &p.en, |md| render_at(md, 3)),
        smart_goals,
        measures,
        milestones,
        action_fields,
        themes,
        services,
        inquiries,
        updates,
        updates_total,
        final_report,
        changes,
        state_dates,
        rule: progress_rule(),
        p,
    };
    Ok((shows, page))
}
