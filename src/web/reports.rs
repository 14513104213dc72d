//! `/berichte` (released annual status reports, with their frozen key figures
//! compared across years) and `/berichte/{year}`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;

use axum::routing::get;

use crate::AppState;
use crate::error::{Error, Result};
use crate::markdown::{SafeHtml, render};
use crate::model::overview::KeyFigures;
use crate::model::reports::{self, Report};
use crate::page_cache::{Shows, Topic};
use crate::ui::extract::Path;
use crate::ui::{Layout, Nav};

pub fn router() -> Router<AppState> {
    Router::new().route("/berichte", get(list)).route("/berichte/{year}", get(detail))
}

/// One row of the year comparison: a label and the value per report (newest first).
pub struct CompareRow {
    pub label: &'static str,
    pub values: Vec<String>,
}

fn figure_rows(figures: &[Option<&KeyFigures>]) -> Vec<CompareRow> {
    type Pick = fn(&KeyFigures) -> String;
    let rows: [(&str, Pick); 6] = [
        ("Projekte insgesamt", |k| k.projects_total.to_string()),
        ("davon abgeschlossen oder mit Abschlussbericht", |k| {
            k.projects_by_status
                .iter()
                .filter(|c| c.code == "completed" || c.code == "final_report_drafted")
                .map(|c| c.count)
                .sum::<i64>()
                .to_string()
        }),
        ("Online-Dienste online", |k| format!("{} von {}", k.services_online, k.services_total)),
        ("davon ab Reifegrad 3 (OZG-konform)", |k| k.services_ozg_level.to_string()),
        ("Meilensteine im Berichtsjahr erreicht", |k| k.milestones_reached_this_year.to_string()),
        ("Meilensteine überfällig", |k| k.milestones_overdue.to_string()),
    ];
    rows.iter()
        .map(|(label, pick)| CompareRow {
            label,
            values: figures.iter().map(|f| f.map_or_else(|| "–".into(), pick)).collect(),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/list.html")]
struct ListPage {
    layout: Layout,
    reports: Vec<Report>,
    compare: Vec<CompareRow>,
}

async fn list(State(state): State<AppState>) -> Result<(Shows, ListPage)> {
    let reports = reports::released(&state.db, state.site.city_id).await?;
    let figures: Vec<Option<&KeyFigures>> = reports.iter().map(|r| r.key_figures.as_ref().map(|j| &j.0)).collect();
    let compare = figure_rows(&figures);
    let mut layout = Layout::new(&state, "Sachstandsberichte", Nav::Reports);
    layout.description = "Die jährlichen Sachstandsberichte zur Digitalisierungsstrategie im Vergleich.".into();
    layout.illustrative = reports.iter().any(|r| r.illustrative);
    Ok((Shows::new().any(Topic::Report), ListPage { layout, reports, compare }))
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/detail.html")]
struct DetailPage {
    layout: Layout,
    report: Report,
    body: SafeHtml,
    figures: Vec<CompareRow>,
    previous: Option<i32>,
    next: Option<i32>,
}

/// A year that is not a number is an address that does not exist (404), not a malformed filter.
async fn detail(State(state): State<AppState>, Path(year): Path<i32>) -> Result<(Shows, DetailPage)> {
    // One connection for the whole page: one pool checkout (and its liveness ping), not one per statement.
    let mut conn = state.db.acquire().await?;
    let all = reports::released(&mut *conn, state.site.city_id).await?;
    let report = reports::find(&mut *conn, state.site.city_id, year).await?.ok_or(Error::NotFound)?;
    let previous = all.iter().map(|r| r.year).filter(|y| *y < year).max();
    let next = all.iter().map(|r| r.year).filter(|y| *y > year).min();
    let figures = figure_rows(&[report.key_figures.as_ref().map(|j| &j.0)]);
    let mut layout = Layout::new(&state, report.title.clone(), Nav::Reports);
    layout.description = format!("Sachstandsbericht {} zur Digitalisierungsstrategie.", report.year);
    layout.illustrative = report.illustrative;
    Ok((
        Shows::new().any(Topic::Report),
        DetailPage { layout, body: render(&report.body_md), report, figures, previous, next },
    ))
}
