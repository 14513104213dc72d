//! The figures a report refers to (`model::figure_refs`), as the page and the
//! document show them: tables of labelled values and the charts over time.

use crate::domain::MaturityModel;
use crate::markdown::SafeHtml;
use crate::model::figure_refs::{Figures, Part, Reference, parts};
use crate::model::overview::KeyFigures;
use crate::ui::charts::{self, Chart};

/// A row of a figure table: label, part of the row above, value.
pub type FigureRow = (String, bool, i64);

/// A referenced figure, ready to show.
pub enum Figure {
    Table {
        title: &'static str,
        rows: Vec<FigureRow>,
    },
    /// One chart per maturity model for the services (the scales do not add up).
    Charts(Vec<Chart>),
}

/// All key figures of a report as rows, in the order shown.
pub fn numbered(k: &KeyFigures) -> Vec<FigureRow> {
    let mut rows = vec![("Projekte insgesamt".to_string(), false, k.projects_total)];
    rows.extend(k.projects_by_kind.iter().map(|c| (format!("Projektart: {}", c.label), true, c.count)));
    rows.extend(k.projects_by_status.iter().map(|c| (format!("Status: {}", c.label), true, c.count)));
    rows.push(("Online-Dienste im Katalog".into(), false, k.services_total));
    rows.push(("davon online".into(), true, k.services_online));
    rows.push((
        "davon online ab Reifegrad 3 (OZG-konform nach Reifegradmodell 1.1)".into(),
        true,
        k.services_ozg_level,
    ));
    rows.extend(k.online_by_maturity().into_iter().map(|(label, n)| (format!("davon online mit {label}"), true, n)));
    rows.extend(milestone_rows(k));
    rows
}

fn milestone_rows(k: &KeyFigures) -> Vec<FigureRow> {
    let mut rows = vec![("Meilensteine im Berichtsjahr erreicht".into(), false, k.milestones_reached_this_year)];
    if let Some(moved) = k.milestones_moved {
        rows.push(("Meilensteine verschoben (Prognose nach dem geplanten Termin)".into(), false, moved));
    }
    rows.push(("Meilensteine überfällig".into(), false, k.milestones_overdue));
    rows
}

/// Where a frozen chart's series can be downloaded: as of the day it was frozen.
fn csv_href(path: &str, figures: &Figures) -> String {
    match figures.frozen_on {
        Some(day) => format!("{path}?stand={}", day.iso()),
        None => path.to_string(),
    }
}

/// What `reference` shows with `figures`.
pub fn figure(reference: Reference, figures: &Figures) -> Figure {
    let k = &figures.key;
    let s = &figures.series;
    match reference {
        Reference::KeyFigures => Figure::Table { title: "Kennzahlen", rows: numbered(k) },
        Reference::ProjectsByStatus => Figure::Table {
            title: "Projekte nach Status",
            rows: k.projects_by_status.iter().map(|c| (c.label.clone(), false, c.count)).collect(),
        },
        Reference::ProjectsByKind => Figure::Table {
            title: "Projekte nach Projektart",
            rows: k.projects_by_kind.iter().map(|c| (c.label.clone(), false, c.count)).collect(),
        },
        Reference::ServicesByMaturity => Figure::Table {
            title: "Online-Dienste nach Reifegrad",
            rows: std::iter::once(("Online-Dienste online".to_string(), false, k.services_online))
                .chain(k.online_by_maturity().into_iter().map(|(label, n)| (label, true, n)))
                .collect(),
        },
        Reference::Milestones => Figure::Table { title: "Meilensteine", rows: milestone_rows(k) },
        Reference::ProjectsChart => Figure::Charts(vec![
            charts::projects(s.projects.clone()).with_csv(csv_href("/verlauf/projekte.csv", figures)),
        ]),
        Reference::MilestonesChart => Figure::Charts(vec![
            charts::milestones(s.milestones.clone()).with_csv(csv_href("/verlauf/meilensteine.csv", figures)),
        ]),
        Reference::ServicesChart => Figure::Charts(
            MaturityModel::ALL
                .into_iter()
                .map(|model| {
                    let path = charts::services_csv_href(model);
                    charts::services(model, s.series_of(model).clone()).with_csv(csv_href(path, figures))
                })
                .filter(|c| !c.is_empty())
                .collect(),
        ),
    }
}

/// A piece of a section as the page shows it.
pub enum PartView {
    Text(SafeHtml),
    Table { title: &'static str, rows: Vec<FigureRow>, source: String },
    Charts(Vec<Chart>),
}

/// A section's Markdown and figures as HTML, its headings from level `top`.
#[derive(askama::Template)]
#[template(path = "reports/parts.html")]
struct PartsHtml {
    parts: Vec<PartView>,
}

/// The source line below a figure.
pub fn source_line(site: &crate::model::site::Site, figures: &Figures) -> String {
    match figures.frozen_on {
        Some(day) => format!("Quelle: Datenbestand des Portals {}, festgeschrieben zum Stand {day}.", site.portal_name),
        None => format!("Quelle: Datenbestand des Portals {}, live berechnet (Entwurf).", site.portal_name),
    }
}

/// A section as HTML: its text rendered and sanitised, its references as tables and
/// charts, whose element ids start with `prefix` (several reports on one page).
pub fn section_html(markdown: &str, figures: &Figures, top: u8, source: &str, prefix: &str) -> SafeHtml {
    use askama::Template;
    let parts = parts(markdown)
        .into_iter()
        .map(|part| match part {
            Part::Text(md) => PartView::Text(crate::markdown::render_at(md, top)),
            Part::Figure(reference) => match figure(reference, figures) {
                Figure::Table { title, rows } => PartView::Table { title, rows, source: source.to_string() },
                Figure::Charts(charts) => PartView::Charts(
                    charts
                        .into_iter()
                        .map(|mut c| {
                            c.id = format!("{prefix}{}", c.id);
                            c
                        })
                        .collect(),
                ),
            },
        })
        .collect();
    // Askama escapes every value, and the text parts are sanitised already.
    SafeHtml::trusted(PartsHtml { parts }.render().unwrap_or_default())
}
