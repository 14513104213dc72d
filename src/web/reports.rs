//! `/berichte` (released annual status reports, with their frozen key figures
//! compared across years) and `/berichte/{year}`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use axum::routing::get;

use crate::AppState;
use crate::error::{Error, Result};
use crate::i18n::{t, t_arg, t_static};
use crate::markdown::SafeHtml;
use crate::model::figure_refs::Figures;
use crate::model::overview::KeyFigures;
use crate::model::reports::{self, Report};
use crate::page_cache::{Shows, Topic};
use crate::ui::extract::Path;
use crate::ui::report_figures::{self, numbered};
use crate::ui::{Layout, Nav, Params};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/berichte", get(list))
        .route("/berichte/vergleich", get(compare))
        .route("/berichte/{year}", get(detail))
}

/// One row of the year comparison: a label and the value per report (newest first).
pub struct CompareRow {
    pub label: &'static str,
    pub values: Vec<String>,
}

/// The rows of the page's key figures (the PDF has its own, `ui::report_figures::numbered`).
fn figure_rows(figures: &[Option<&KeyFigures>]) -> Vec<CompareRow> {
    type Pick = fn(&KeyFigures) -> String;
    // (key of the label, value)
    let rows: [(&'static str, Pick); 6] = [
        ("reports-row-projects", |k| k.projects_total.to_string()),
        ("reports-row-projects-completed", |k| {
            k.projects_by_status
                .iter()
                .filter(|c| c.code == "completed" || c.code == "final_report_drafted")
                .map(|c| c.count)
                .sum::<i64>()
                .to_string()
        }),
        ("reports-row-services-online", |k| {
            format!("{} {}", k.services_online, t_arg("reports-row-services-of", k.services_total))
        }),
        ("reports-row-services-ozg", |k| k.services_ozg_level.to_string()),
        ("reports-row-milestones-reached", |k| k.milestones_reached_this_year.to_string()),
        ("reports-row-milestones-overdue", |k| k.milestones_overdue.to_string()),
    ];
    rows.iter()
        .map(|&(key, pick)| CompareRow {
            label: t_static(key),
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
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let reports = reports::released(&mut *conn, state.site.city_id).await?;
    let figures: Vec<Option<&KeyFigures>> = reports.iter().map(|r| r.key_figures.as_ref().map(|j| &j.0)).collect();
    let compare = figure_rows(&figures);
    let mut layout = Layout::new(&state, t("reports-title"), Nav::Reports);
    layout.description = t("reports-description");
    layout.illustrative = reports.iter().any(|r| r.illustrative);
    Ok((Shows::new().any(Topic::Report), ListPage { layout, reports, compare }))
}

/// A section of the report page: its heading (none for the main text) and its HTML.
pub struct SectionView {
    pub heading: Option<&'static str>,
    pub html: SafeHtml,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/detail.html")]
struct DetailPage {
    layout: Layout,
    report: Report,
    sections: Vec<SectionView>,
    figures: Vec<CompareRow>,
    previous: Option<i32>,
    next: Option<i32>,
    /// The released PDF's checksum (lower-case hex SHA-256) and size in bytes.
    pdf: Option<(String, i64)>,
}

impl DetailPage {
    /// The PDF's size in kilobytes, rounded up, the German way.
    fn pdf_kb(&self, bytes: &i64) -> String {
        crate::model::de_number((bytes + 1023) / 1024)
    }
}

/// The sections of a report as HTML, their references shown with `figures`.
fn sections(site: &crate::model::site::Site, report: &Report, figures: &Figures) -> Vec<SectionView> {
    report_figures::sections_html(site, report, figures, 3, "")
        .into_iter()
        .map(|(heading, html)| SectionView { heading, html })
        .collect()
}

/// `/berichte/{year}` (the page) or `/berichte/{year}.pdf` (the document). A year
/// that is not a number is an address that does not exist (404), not a malformed filter.
async fn detail(State(state): State<AppState>, Path(segment): Path<String>) -> Result<(Shows, Response)> {
    let (year, pdf) = match segment.strip_suffix(".pdf") {
        Some(year) => (year, true),
        None => (segment.as_str(), false),
    };
    let year: i32 = year.parse().map_err(|_| Error::NotFound)?;
    if pdf {
        return document(state, year).await;
    }
    let (shows, page) = page(state, year).await?;
    Ok((shows, page.into_response()))
}

/// The released report as PDF/UA-1, from storage (typeset on the first request
/// for a report released before documents were stored).
async fn document(state: AppState, year: i32) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let report = reports::find(&mut *conn, state.site.city_id, year).await?.ok_or(Error::NotFound)?;
    drop(conn);
    // Storage is written outside the (possibly dated, read-only) reading transaction.
    let stored = crate::pdf::released::annual_report(&mut *state.db.acquire().await?, &state.site, &report).await?;
    let filename = format!("sachstandsbericht-{year}.pdf");
    Ok((Shows::new().any(Topic::Report), crate::ui::download::pdf(stored.bytes, &stored.sha256, &filename)))
}

async fn page(state: AppState, year: i32) -> Result<(Shows, DetailPage)> {
    // One connection for the whole page: one pool checkout (and its liveness ping), not one per statement.
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let all = reports::released(&mut *conn, state.site.city_id).await?;
    let report = reports::find(&mut *conn, state.site.city_id, year).await?.ok_or(Error::NotFound)?;
    let previous = all.iter().map(|r| r.year).filter(|y| *y < year).max();
    let next = all.iter().map(|r| r.year).filter(|y| *y > year).min();
    drop(conn);
    let figures = figure_rows(&[report.key_figures.as_ref().map(|j| &j.0)]);
    // The page stands without its document: a report that cannot be typeset is said, not a 500.
    let mut storage = state.db.acquire().await?;
    let pdf = match crate::pdf::released::annual_report_summary(&mut storage, &state.site, &report).await {
        Ok(summary) => Some(summary),
        Err(e) => {
            tracing::error!(error = %e, year, "the released report could not be typeset");
            None
        }
    };
    let mut layout = Layout::new(&state, report.title.clone(), Nav::Reports);
    layout.description = t_arg("reports-page-description", report.year);
    layout.illustrative = report.illustrative;
    let sections = sections(&state.site, &report, &report.frozen_figures());
    Ok((Shows::new().any(Topic::Report), DetailPage { layout, sections, report, figures, previous, next, pdf }))
}

/// One figure in two reports and how it changed.
pub struct ChangeRow {
    pub label: String,
    /// A part of the figure above (a status, a kind, "davon online").
    pub part: bool,
    pub from: String,
    pub to: String,
    /// "+3 (+12 %)", "−2", "±0", or "–" when a report has no such figure.
    pub change: String,
}

/// The change from `from` to `to`, signed, with the relative change where it means something.
fn change(from: i64, to: i64) -> String {
    let diff = to - from;
    let sign = match diff.signum() {
        1 => "+",
        -1 => "\u{2212}",
        _ => "±",
    };
    let mut out = format!("{sign}{}", crate::model::de_number(diff.abs()));
    if from > 0 && diff != 0 {
        let percent = (diff as f64 / from as f64 * 100.0).round().abs() as i64;
        out.push_str(&format!(" ({sign}{} %)", crate::model::de_number(percent)));
    }
    out
}

/// Both reports' figures side by side: every row of either, in the order of the later one.
fn change_rows(from: Option<&KeyFigures>, to: Option<&KeyFigures>) -> Vec<ChangeRow> {
    let (a, b) = (from.map(numbered).unwrap_or_default(), to.map(numbered).unwrap_or_default());
    let mut labels: Vec<(String, bool)> = b.iter().map(|(l, p, _)| (l.clone(), *p)).collect();
    for (label, part, _) in &a {
        if !labels.iter().any(|(l, _)| l == label) {
            labels.push((label.clone(), *part));
        }
    }
    let value = |rows: &[(String, bool, i64)], label: &str| rows.iter().find(|(l, _, _)| l == label).map(|r| r.2);
    labels
        .into_iter()
        .map(|(label, part)| {
            let (x, y) = (value(&a, &label), value(&b, &label));
            let show = |v: Option<i64>| v.map_or_else(|| "–".to_string(), crate::model::de_number);
            ChangeRow {
                from: show(x),
                to: show(y),
                change: match (x, y) {
                    (Some(x), Some(y)) => change(x, y),
                    _ => "–".into(),
                },
                label,
                part,
            }
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/compare.html")]
struct ComparePage {
    layout: Layout,
    /// Every released year, newest first (the choices of the form).
    years: Vec<i32>,
    /// The two reports compared; `None` while fewer than two are released.
    pair: Option<(Report, Report)>,
    rows: Vec<ChangeRow>,
}

impl ComparePage {
    /// The date a report's figures were taken, the German way.
    fn as_of(&self, report: &Report) -> String {
        match &report.key_figures {
            None => t("reports-compare-as-of-none"),
            Some(k) => k.0.as_of_date().map_or_else(|| k.0.as_of.clone(), |d| d.to_string()),
        }
    }
}

/// `/berichte/vergleich?von=2023&bis=2024`: two released years side by side.
/// Without a choice, the newest year against the one before.
async fn compare(State(state): State<AppState>, params: Params) -> Result<(Shows, ComparePage)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let reports = reports::released(&mut *conn, state.site.city_id).await?;
    let years: Vec<i32> = reports.iter().map(|r| r.year).collect();
    let codes: Vec<String> = years.iter().map(i32::to_string).collect();
    let allowed: Vec<&str> = codes.iter().map(String::as_str).collect();
    let year_of = |v: &str| v.parse::<i32>().ok().filter(|y| years.contains(y));
    let from = params.choice("von", "params-what-first-year", year_of, &allowed)?;
    let to = params.choice("bis", "params-what-second-year", year_of, &allowed)?;
    let find = |year: i32| reports.iter().find(|r| r.year == year).cloned();
    let to = to.or_else(|| years.first().copied());
    let from = from.or_else(|| years.iter().copied().find(|y| Some(*y) < to).or(years.get(1).copied()));
    let pair = match (from.and_then(find), to.and_then(find)) {
        (Some(a), Some(b)) if reports.len() >= 2 => Some((a, b)),
        _ => None,
    };
    let rows = pair.as_ref().map_or_else(Vec::new, |(a, b)| {
        change_rows(a.key_figures.as_ref().map(|j| &j.0), b.key_figures.as_ref().map(|j| &j.0))
    });
    let title = match &pair {
        Some((a, b)) => {
            format!("{} {}", t_arg("reports-compare-title-from", a.year), t_arg("reports-compare-title-to", b.year))
        }
        None => t("reports-compare-title"),
    };
    let mut layout = Layout::new(&state, title, Nav::Reports);
    layout.description = t("reports-compare-description");
    layout.illustrative = pair.as_ref().is_some_and(|(a, b)| a.illustrative || b.illustrative);
    Ok((Shows::new().any(Topic::Report), ComparePage { layout, years, pair, rows }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_signed_with_their_share() {
        assert_eq!(change(10, 13), "+3 (+30 %)");
        assert_eq!(change(4, 3), "\u{2212}1 (\u{2212}25 %)");
        assert_eq!(change(5, 5), "±0");
        assert_eq!(change(0, 7), "+7", "no share of nothing");
        assert_eq!(change(1000, 23600), "+22.600 (+2.260 %)");
    }

    #[test]
    fn rows_of_either_report_are_kept_and_a_missing_figure_has_no_change() {
        let older = KeyFigures { projects_total: 10, services_total: 40, ..Default::default() };
        let newer = KeyFigures { projects_total: 12, services_total: 40, ..Default::default() };
        let rows = change_rows(Some(&older), Some(&newer));
        let total = rows.iter().find(|r| r.label == "Projekte insgesamt").unwrap();
        assert_eq!((total.from.as_str(), total.to.as_str(), total.change.as_str()), ("10", "12", "+2 (+20 %)"));
        assert_eq!(rows.iter().find(|r| r.label == "Online-Dienste im Katalog").unwrap().change, "±0");
        let unfrozen = change_rows(None, Some(&newer));
        assert!(unfrozen.iter().all(|r| r.from == "–" && r.change == "–"));
    }
}
