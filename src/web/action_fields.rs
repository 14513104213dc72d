//! `/handlungsfelder` and `/handlungsfelder/{slug}`: the action fields with
//! their progress roll-up and projects.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;

use super::layout::{Layout, Nav};
use crate::AppState;
use crate::domain::PROGRESS_RULE;
use crate::error::{Error, Result};
use crate::markdown::{SafeHtml, render, render_at};
use crate::model::projects::{self, ProjectRow};
use crate::model::strategy::{self, Section, SectionKind};

pub fn router() -> Router<AppState> {
    Router::new().route("/handlungsfelder", get(list)).route("/handlungsfelder/{slug}", get(detail))
}

/// Average progress of the projects that state one, and how many do.
pub struct RollUp {
    pub percent: Option<u8>,
    pub with_progress: usize,
    pub projects: usize,
}

impl RollUp {
    pub fn of(projects: &[ProjectRow]) -> RollUp {
        let values: Vec<u32> = projects.iter().filter_map(|p| p.progress()).map(|p| u32::from(p.percent)).collect();
        let percent = (!values.is_empty())
            .then(|| ((values.iter().sum::<u32>() + values.len() as u32 / 2) / values.len() as u32) as u8);
        RollUp { percent, with_progress: values.len(), projects: projects.len() }
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

async fn list(State(state): State<AppState>) -> Result<ListPage> {
    let sections = strategy::sections(&state.db, state.site.city_id, SectionKind::ActionFields).await?;
    let mut fields = Vec::with_capacity(sections.len());
    for section in sections {
        let projects = projects::of_action_field(&state.db, section.id).await?;
        fields.push(FieldSummary { html: render_at(&section.body_md, 3), roll_up: RollUp::of(&projects), section });
    }
    let mut layout = Layout::new(&state, "Handlungsfelder", Nav::Strategy);
    layout.description = "Die Handlungsfelder der Digitalisierungsstrategie und wie weit ihre Projekte sind.".into();
    layout.illustrative = fields.iter().any(|f| f.section.illustrative);
    Ok(ListPage { layout, fields, rule: PROGRESS_RULE })
}

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

async fn detail(State(state): State<AppState>, Path(slug): Path<String>) -> Result<DetailPage> {
    let field = strategy::section(&state.db, state.site.city_id, SectionKind::ActionFields, &slug)
        .await?
        .ok_or(Error::NotFound)?;
    let projects = projects::of_action_field(&state.db, field.id).await?;
    let mut layout = Layout::new(&state, field.title.clone(), Nav::Strategy);
    layout.description = format!("Handlungsfeld {}: Projekte und Fortschritt.", field.title);
    layout.illustrative = field.illustrative || projects.iter().any(|p| p.illustrative);
    Ok(DetailPage {
        layout,
        html: render(&field.body_md),
        roll_up: RollUp::of(&projects),
        field,
        projects,
        rule: PROGRESS_RULE,
    })
}
