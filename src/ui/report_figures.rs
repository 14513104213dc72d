//! The figures a report refers to (`model::figure_refs`), as the page and the
//! document show them: tables of labelled values and the charts over time.

use crate::domain::MaturityModel;
use crate::i18n::{t, t_arg, t_static};
use crate::markdown::SafeHtml;
use crate::model::figure_refs::{Figures, Reference, placeholder, with_placeholders};
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

/// All key figures of a report as rows, in the order shown (in the request's
/// language; the stored labels of a frozen report on German pages and in the PDF).
pub fn numbered(k: &KeyFigures) -> Vec<FigureRow> {
    let mut rows = vec![(t("charts-figure-projects-total"), false, k.projects_total)];
    rows.extend(k.projects_by_kind.iter().map(|c| (t_arg("charts-figure-kind", c.shown_label()), true, c.count)));
    rows.extend(k.projects_by_status.iter().map(|c| (t_arg("charts-figure-status", c.shown_label()), true, c.count)));
    rows.push((t("charts-figure-services-total"), false, k.services_total));
    rows.push((t("charts-figure-services-online-part"), true, k.services_online));
    rows.push((t("charts-figure-services-ozg"), true, k.services_ozg_level));
    rows.extend(
        k.online_by_maturity()
            .into_iter()
            .map(|(label, n)| (t_arg("charts-figure-services-online-with", label), true, n)),
    );
    rows.extend(milestone_rows(k));
    rows
}

fn milestone_rows(k: &KeyFigures) -> Vec<FigureRow> {
    let mut rows = vec![(t("charts-figure-milestones-reached"), false, k.milestones_reached_this_year)];
    if let Some(moved) = k.milestones_moved {
        rows.push((t("charts-figure-milestones-moved"), false, moved));
    }
    rows.push((t("charts-figure-milestones-overdue"), false, k.milestones_overdue));
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
        Reference::KeyFigures => Figure::Table { title: t_static("charts-figure-key-figures"), rows: numbered(k) },
        Reference::ProjectsByStatus => Figure::Table {
            title: t_static("charts-figure-projects-by-status"),
            rows: k.projects_by_status.iter().map(|c| (c.shown_label(), false, c.count)).collect(),
        },
        Reference::ProjectsByKind => Figure::Table {
            title: t_static("charts-figure-projects-by-kind"),
            rows: k.projects_by_kind.iter().map(|c| (c.shown_label(), false, c.count)).collect(),
        },
        Reference::ServicesByMaturity => Figure::Table {
            title: t_static("charts-figure-services-by-maturity"),
            rows: std::iter::once((t("charts-figure-services-online"), false, k.services_online))
                .chain(k.online_by_maturity().into_iter().map(|(label, n)| (label, true, n)))
                .collect(),
        },
        Reference::Milestones => Figure::Table { title: t_static("charts-figure-milestones"), rows: milestone_rows(k) },
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

/// One referenced figure as HTML, with the source line below a table.
#[derive(askama::Template)]
#[template(path = "reports/figure.html")]
struct FigureHtml<'a> {
    figure: Figure,
    source: &'a str,
}

/// The source line below a figure.
pub fn source_line(site: &crate::model::site::Site, figures: &Figures) -> String {
    let lang = crate::i18n::lang();
    match figures.frozen_on {
        Some(day) => lang.t_with(
            "charts-source-frozen",
            &[("portal", site.portal_name.clone().into()), ("day", day.to_string().into())],
        ),
        None => t_arg("charts-source-live", &site.portal_name),
    }
}

/// A section as HTML: its text rendered and sanitised in one piece (one outline,
/// headings from level `top`), each reference replaced by its table or charts,
/// whose element ids start with `prefix` (several reports on one page).
pub fn section_html(markdown: &str, figures: &Figures, top: u8, source: &str, prefix: &str) -> SafeHtml {
    use askama::Template;
    let (text, references) = with_placeholders(markdown);
    let mut html = crate::markdown::render_at(&text, top).as_str().to_string();
    for (i, reference) in references.into_iter().enumerate() {
        let mut figure = figure(reference, figures);
        if let Figure::Charts(charts) = &mut figure {
            for c in charts.iter_mut() {
                c.id = format!("{prefix}{}", c.id);
            }
        }
        // Askama escapes every value of the figure; the text around it is sanitised already.
        let rendered = FigureHtml { figure, source }.render().unwrap_or_default();
        html = html.replacen(&format!("<p>{}</p>", placeholder(i)), &rendered, 1);
    }
    SafeHtml::trusted(html)
}

/// A report's non-empty sections as HTML with their headings (none for the main
/// text): headings at `top` below a section heading, `top - 1` in the main text.
pub fn sections_html(
    site: &crate::model::site::Site,
    report: &crate::model::reports::Report,
    figures: &Figures,
    top: u8,
    prefix: &str,
) -> Vec<(Option<&'static str>, SafeHtml)> {
    let source = source_line(site, figures);
    report
        .sections()
        .into_iter()
        .map(|(heading, md)| {
            let level = if heading.is_some() { top } else { top - 1 };
            (heading, section_html(md, figures, level, &source, prefix))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_keeps_the_sections_outline_and_takes_its_placeholders_place() {
        let md = "## A\n\n### A1\n\n{{meilensteine}}\n\n### A2\n\nText <script>x</script>\n";
        let html = section_html(md, &Figures::default(), 2, "Quelle: Test", "p-").as_str().to_string();
        assert!(html.contains("A1</h3>") && html.contains("A2</h3>"), "A2 stays below A: {html}");
        assert!(html.contains("<caption>Meilensteine</caption>"), "{html}");
        assert!(!html.contains('\u{E000}') && !html.contains("<script>"), "{html}");
    }
}
