//! `/meilensteine`: overdue, upcoming and reached milestones of all projects.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::AppState;
use crate::error::Result;
use crate::model::projects::{MilestoneRow, MilestoneView, milestones};
use crate::page_cache::{Shows, Topic};
use crate::ui::{Layout, Nav};

pub fn router() -> Router<AppState> {
    Router::new().route("/meilensteine", get(page))
}

/// Each section shows at most this many; the overview of a city rarely has more.
const SECTION_LIMIT: i64 = 100;

#[derive(Template, WebTemplate)]
#[template(path = "milestones.html")]
struct MilestonesPage {
    layout: Layout,
    overdue: Vec<MilestoneRow>,
    upcoming: Vec<MilestoneRow>,
    reached: Vec<MilestoneRow>,
    limit: i64,
}

async fn page(State(state): State<AppState>) -> Result<(Shows, MilestonesPage)> {
    // One connection for the whole page: one pool checkout (and its liveness ping), not one per statement.
    let mut conn = state.db.acquire().await?;
    let city = state.site.city_id;
    let overdue = milestones(&mut *conn, city, MilestoneView::Overdue, SECTION_LIMIT).await?;
    let upcoming = milestones(&mut *conn, city, MilestoneView::Upcoming, SECTION_LIMIT).await?;
    let reached = milestones(&mut *conn, city, MilestoneView::Reached, SECTION_LIMIT).await?;
    let mut layout = Layout::new(&state, "Meilensteine", Nav::Milestones);
    layout.description = "Überfällige, anstehende und erreichte Meilensteine aller Projekte.".into();
    layout.illustrative = overdue.iter().chain(&upcoming).chain(&reached).any(|m| m.illustrative);
    Ok((Shows::new().any(Topic::Project), MilestonesPage { layout, overdue, upcoming, reached, limit: SECTION_LIMIT }))
}
