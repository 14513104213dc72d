//! `/`: key figures, projects per status and kind, milestones and latest updates.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::AppState;
use crate::error::Result;
use crate::i18n::{t, t_arg};
use crate::model::PageRequest;
use crate::model::overview::{KeyFigures, key_figures};
use crate::model::projects::{MilestoneRow, MilestoneView, milestones};
use crate::model::updates::{self, Update};
use crate::page_cache::{Shows, Topic};
use crate::ui::charts::Chart;
use crate::ui::{Layout, Nav};
use crate::web::trends;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(overview))
}

#[derive(Template, WebTemplate)]
#[template(path = "overview.html")]
struct OverviewPage {
    layout: Layout,
    figures: KeyFigures,
    overdue: Vec<MilestoneRow>,
    upcoming: Vec<MilestoneRow>,
    updates: Vec<Update>,
    projects_chart: Chart,
    milestones_chart: Chart,
    /// One per maturity model (see `trends::services_charts`).
    services_charts: Vec<Chart>,
}

impl OverviewPage {
    fn online_share(&self) -> i64 {
        if self.figures.services_total == 0 {
            0
        } else {
            self.figures.services_online * 100 / self.figures.services_total
        }
    }
}

async fn overview(State(state): State<AppState>) -> Result<(Shows, OverviewPage)> {
    let city = state.site.city_id;
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let figures = key_figures(&mut conn, city).await?;
    let overdue = milestones(&mut *conn, city, MilestoneView::Overdue, PageRequest { number: 1, size: 5 }).await?;
    let upcoming = milestones(&mut *conn, city, MilestoneView::Upcoming, PageRequest { number: 1, size: 5 }).await?;
    let updates = updates::newest(&mut *conn, city, PageRequest { number: 1, size: 5 }).await?;
    let projects_chart = trends::projects_chart(&mut conn, city).await?;
    let milestones_chart = trends::milestones_chart(&mut conn, city).await?;
    let services_charts = trends::services_charts(&mut conn, city).await?;
    // One connection per request: holding one while waiting for another could exhaust the pool.
    drop(conn);
    let mut layout = Layout::new(&state, t("overview-title"), Nav::Overview);
    layout.description = t_arg("overview-description", &state.site.name);
    layout.illustrative =
        overdue.iter().chain(&upcoming).any(|m| m.illustrative) || updates.iter().any(|u| u.illustrative);
    Ok((
        Shows::new().any(Topic::Project).any(Topic::Service),
        OverviewPage { layout, figures, overdue, upcoming, updates, projects_chart, milestones_chart, services_charts },
    ))
}
