//! `/handlungsfelder` and `/handlungsfelder/{slug}`: the action fields with
//! their progress roll-up and projects.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::error::{Error, Result};
use crate::i18n::{t, t_arg, t_static};
use crate::markdown::{SafeHtml, render, render_at};
use crate::model::projects::{self, ProjectRow};
use crate::model::strategy::{self, Section, SectionKind};
use crate::page_cache::{Shows, Topic};
use crate::ui::extract::Path;
use crate::ui::{Layout, Nav};

pub fn router() -> Router<AppState> {
    Router::new().route("/handlungsfelder", get(list)).route("/handlungsfelder/{slug}", get(page_or_feed))
}

/// Average progress of the projects that state one, and how many do.
pub struct RollUp {
    pub percent: Option<u8>,
    pub with_progress: i64,
    pub projects: i64,
}

impl RollUp {
    fn of(roll_ups: &[(i64, i64, i64, Option<i32>)], field_id: i64) -> RollUp {
        roll_ups.iter().find(|r| r.0 == field_id).map_or(RollUp { percent: None, with_progress: 0, projects: 0 }, |r| {
            RollUp { percent: r.3.map(|p| p.clamp(0, 100) as u8), with_progress: r.2, projects: r.1 }
        })
    }
}

pub struct FieldSummary {
    pub section: Section,
    pub html: SafeHtml,
    pub roll_up: RollUp,
}

#[derive(Template, WebTemplate)]
#[template(path = "strategy/action_fields.html")]
struct ListPage {
    layout: Layout,
    fields: Vec<FieldSummary>,
    rule: &'static str,
}

async fn list(State(state): State<AppState>) -> Result<(Shows, ListPage)> {
    // One connection for the whole page: one pool checkout (and its liveness ping), not one per statement.
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let sections = strategy::sections(&mut *conn, state.site.city_id, SectionKind::ActionFields).await?;
    let roll_ups = projects::roll_ups(&mut *conn, state.site.city_id).await?;
    let fields: Vec<FieldSummary> = sections
        .into_iter()
        .map(|section| FieldSummary {
            html: crate::ui::localised::body(crate::i18n::lang(), &section.body_md, &section.en, |md| render_at(md, 3)),
            roll_up: RollUp::of(&roll_ups, section.id),
            section,
        })
        .collect();
    let mut layout = Layout::new(&state, t("strategy-action-fields"), Nav::Strategy);
    layout.description = t("strategy-action-fields-description");
    layout.illustrative = fields.iter().any(|f| f.section.illustrative);
    Ok((Shows::new().any(Topic::Project), ListPage { layout, fields, rule: progress_rule() }))
}

/// [`crate::domain::PROGRESS_RULE`] in the page's language.
fn progress_rule() -> &'static str {
    t_static("strategy-progress-rule")
}

/// The field page shows this many projects; the project list shows all of them.
const PROJECTS_SHOWN: i64 = 24;

#[derive(Template, WebTemplate)]
#[template(path = "strategy/action_field.html")]
struct DetailPage {
    layout: Layout,
    field: Section,
    html: SafeHtml,
    roll_up: RollUp,
    projects: Vec<ProjectRow>,
    rule: &'static str,
}

/// The page, or its Atom feed when the address ends in `.atom` (see `feeds`).
async fn page_or_feed(State(state): State<AppState>, Path(slug): Path<String>) -> Result<(Shows, Response)> {
    match slug.strip_suffix(".atom") {
        Some(slug) => super::feeds::action_field(state, slug).await,
        None => detail(State(state), Path(slug)).await.map(|(shows, page)| (shows, page.into_response())),
    }
}

async fn detail(State(state): State<AppState>, Path(slug): Path<String>) -> Result<(Shows, DetailPage)> {
    // One connection for the whole page: one pool checkout (and its liveness ping), not one per statement.
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let field = strategy::section(&mut *conn, state.site.city_id, SectionKind::ActionFields, &slug)
        .await?
        .ok_or(Error::NotFound)?;
    let projects = projects::of_action_field(&mut *conn, state.site.city_id, field.id, PROJECTS_SHOWN).await?;
    let roll_ups = projects::roll_ups(&mut *conn, state.site.city_id).await?;
    let mut layout = Layout::new(&state, field.title.clone(), Nav::Strategy);
    layout.description = t_arg("strategy-field-description", &field.title);
    layout.feed =
        Some((t_arg("strategy-field-feed-title", &field.title), format!("/handlungsfelder/{}.atom", field.slug)));
    layout.illustrative = field.illustrative || projects.iter().any(|p| p.illustrative);
    Ok((
        Shows::new().any(Topic::Project),
        DetailPage {
            layout,
            html: crate::ui::localised::body(crate::i18n::lang(), &field.body_md, &field.en, render),
            roll_up: RollUp::of(&roll_ups, field.id),
            field,
            projects,
            rule: progress_rule(),
        },
    ))
}
