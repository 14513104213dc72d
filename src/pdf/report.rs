//! The annual status report as a document for the council: cover with the city
//! and the "Stand", table of contents, the key figures as a table with their
//! definitions and source, the report's sections with the figures they refer
//! to (tables, and charts drawn as vectors with alternative text), the charts'
//! data in an appendix, page numbers in the footer.

use super::markup::{markdown, string, text};
use crate::model::figure_refs::{Figures, placeholder, with_placeholders};
use crate::model::reports::Report;
use crate::model::site::Site;
use crate::ui::charts::{Chart, month_label};
use crate::ui::report_figures::{Figure, FigureRow, figure, numbered};

/// What each key figure means (shown below the table, as on the web page's facts).
const DEFINITIONS: [(&str, &str); 6] = [
    (
        "Projekte insgesamt",
        "alle Projekte der Strategie (Schnellboote, Leuchttürme, strategische Projekte) ohne archivierte, je Projektart und Status.",
    ),
    ("Online-Dienste online", "Dienste des Katalogs mit dem Status „Online“ oder „Online, in Überarbeitung“."),
    (
        "OZG-konform",
        "online mit Reifegrad 3 oder höher nach Reifegradmodell 1.1; Bewertungen nach Reifegradmodell 2.0 zählen hier nicht mit und werden je Stufe für sich genannt.",
    ),
    ("Meilensteine im Berichtsjahr erreicht", "Meilensteine, die im Kalenderjahr des Stands erreicht wurden."),
    ("Meilensteine verschoben", "offene Meilensteine, deren Prognose nach dem geplanten Termin liegt."),
    ("Meilensteine überfällig", "offene Meilensteine, deren Termin zum Stand verstrichen ist."),
];

/// The Typst source of a report with the figures its references show (the
/// frozen ones of a released report, the live ones of a draft); `draft` puts an
/// "Entwurf" watermark on every page. The "Stand" is the day the figures were
/// taken, else the release day, else (a draft) today.
pub fn source(site: &Site, report: &Report, figures: &Figures, draft: bool) -> String {
    let title = format!("{} – {}", report.title, site.name);
    let stand = figures.frozen_on.unwrap_or_else(crate::model::Date::today).to_string();
    let source_line = crate::ui::report_figures::source_line(site, figures);
    let mut out = String::new();
    preamble(&mut out, site, &title, draft);
    cover(&mut out, site, report, &stand, draft);
    out.push_str("#outline(title: [Inhalt])\n#pagebreak()\n");

    key_figures(&mut out, &numbered(&figures.key), figures.key.as_of.is_empty(), &source_line, draft);
    let mut charts: Vec<Chart> = Vec::new();
    for (heading, md) in report.sections() {
        // Text before the main text's first heading gets a chapter of its own, so it is not read as part of the definitions.
        let top = match heading {
            Some(h) => {
                out.push_str(&format!("\n= {}\n\n", text(h)));
                2
            }
            None if !md.trim_start().starts_with('#') => {
                out.push_str("\n= Vorbemerkung\n\n");
                2
            }
            None => 1,
        };
        // One piece per section (one outline across its figures); each figure then takes its placeholder's place.
        let (text_md, references) = with_placeholders(md);
        let mut typst = markdown(&text_md, top);
        for (i, reference) in references.into_iter().enumerate() {
            let mut code = String::new();
            match figure(reference, figures) {
                Figure::Table { title, rows } => figure_table(&mut code, title, &rows, &source_line),
                Figure::Charts(list) => {
                    for chart in list {
                        chart_figure(&mut code, &chart, &source_line);
                        charts.push(chart);
                    }
                }
            }
            typst = typst.replacen(&text(&placeholder(i)), &code, 1);
        }
        out.push_str(&typst);
    }
    if !charts.is_empty() {
        appendix(&mut out, &charts);
    }
    out
}

fn preamble(out: &mut String, site: &Site, title: &str, draft: bool) {
    out.push_str(&format!("#set document(title: {}, author: {})\n", string(title), string(&site.portal_name)));
    out.push_str(&format!(
        "#set text(font: {}, lang: \"de\", region: \"DE\", size: 11pt)\n",
        string(super::FONT_FAMILY)
    ));
    out.push_str("#set par(justify: false, leading: 0.7em)\n#set heading(numbering: \"1.1\")\n");
    out.push_str("#show heading.where(level: 1): it => { v(0.6em); text(size: 17pt, it); v(0.3em) }\n");
    out.push_str("#show figure.caption: set text(size: 10pt)\n");
    let watermark = if draft {
        // Behind the text (a foreground breaks the tagging of tables across pages), and a header line
        // that is read and printed on every page.
        "background: place(center + horizon, rotate(-40deg, text(size: 90pt, fill: luma(85%), weight: \"bold\")[ENTWURF])), \
         header: align(right, text(size: 10pt, weight: \"bold\", fill: rgb(\"#b00020\"))[ENTWURF – nicht freigegeben]), "
    } else {
        ""
    };
    out.push_str(&format!(
        "#set page(paper: \"a4\", margin: (x: 2.4cm, top: 2.4cm, bottom: 2.8cm), {watermark}\
         footer: context [#set text(size: 9pt); {} #h(1fr) Seite #counter(page).display() von #counter(page).final().first()])\n",
        text(&if draft { format!("{title} (Entwurf)") } else { title.to_string() })
    ));
}

fn cover(out: &mut String, site: &Site, report: &Report, stand: &str, draft: bool) {
    out.push_str("#page(footer: none)[\n#v(3cm)\n");
    out.push_str(&format!("#text(size: 14pt)[{}]\n\n", text(&format!("{} · {}", site.name, site.portal_name))));
    out.push_str(&format!("#text(size: 30pt, weight: \"bold\")[{}]\n\n", text(&report.title)));
    out.push_str(&format!("#text(size: 13pt)[{}]\n\n", text(&format!("Stand: {stand}"))));
    if draft {
        out.push_str("#text(size: 13pt, weight: \"bold\")[Entwurf – nicht freigegeben, Zahlen live]\n\n");
    }
    if report.illustrative {
        out.push_str(&format!(
            "#v(1cm)\n#block(stroke: 1pt, inset: 10pt)[{}]\n",
            text("Beispielinhalt: Dieser Bericht enthält Angaben, die nicht aus den Quellen der Stadt stammen und als Beispiel gekennzeichnet sind.")
        ));
    }
    out.push_str("]\n");
}

/// The chapter of all key figures, their definitions and source.
fn key_figures(out: &mut String, rows: &[FigureRow], none: bool, source_line: &str, draft: bool) {
    out.push_str(if draft {
        "\n= Kennzahlen zum heutigen Stand (Entwurf)\n\n"
    } else {
        "\n= Kennzahlen zum Zeitpunkt der Freigabe\n\n"
    });
    if none {
        out.push_str(&text("Für diesen Bericht wurden keine Kennzahlen festgeschrieben."));
        out.push_str("\n\n");
        return;
    }
    table(out, rows);
    out.push_str(&format!("{}\n\n", text(source_line)));
    out.push_str("== Definitionen\n\n");
    for (term, meaning) in DEFINITIONS {
        out.push_str(&format!("/ {}: {}\n", text(term), text(meaning)));
    }
    out.push('\n');
}

/// Labelled values as a table with a header row; parts of the row above indented.
fn table(out: &mut String, rows: &[FigureRow]) {
    out.push_str("#table(columns: (1fr, auto), align: (left, right), stroke: 0.5pt + luma(60%), inset: 5pt,\n");
    out.push_str("  table.header[*Kennzahl*][*Wert*],\n");
    // Totals are bold where parts of them follow; a flat list stays plain.
    let nested = rows.iter().any(|(_, part, _)| *part);
    for (label, part, value) in rows {
        let label = match (nested, *part) {
            (true, true) => format!("#h(1em){}", text(label)),
            (true, false) => format!("#strong[{}]", text(label)),
            (false, _) => text(label),
        };
        out.push_str(&format!("  [{label}], [{}],\n", text(&crate::model::de_number(*value))));
    }
    out.push_str(")\n");
}

/// A referenced table as a numbered figure ("Tabelle 1: …") with its source.
fn figure_table(out: &mut String, title: &str, rows: &[FigureRow], source_line: &str) {
    out.push_str("\n#figure(kind: table, caption: figure.caption(position: top)[");
    out.push_str(&text(title));
    out.push_str("])[\n");
    table(out, rows);
    out.push_str("]\n");
    out.push_str(&format!("#text(size: 9pt)[{}]\n\n", text(source_line)));
}

/// A chart drawn as vectors: stacked bars per month on a value axis, a legend,
/// the chart's description as its alternative text; its numbers in the appendix.
fn chart_figure(out: &mut String, chart: &Chart, source_line: &str) {
    const WIDTH_CM: f64 = 15.0;
    const HEIGHT_CM: f64 = 5.0;
    let top = chart.axis_top() as f64;
    let n = chart.months.len().max(1) as f64;
    let step = WIDTH_CM / n;
    let bar = (step * 0.8).max(0.02);
    let alt = format!("{} {}", chart.title, chart.description.replace("unter dem Diagramm", "im Anhang"));
    out.push_str(&format!("\n#figure(alt: {}, caption: [{}])[\n", string(&alt), text(&chart.title)));
    out.push_str(&format!(
        "#block(width: {WIDTH_CM}cm, height: {HEIGHT_CM}cm, stroke: (left: 0.5pt, bottom: 0.5pt))[\n"
    ));
    for fraction in [0.5, 1.0] {
        let dy = HEIGHT_CM * fraction;
        out.push_str(&format!(
            "#place(bottom + left, dy: -{dy:.3}cm, line(length: {WIDTH_CM}cm, stroke: 0.3pt + luma(70%)))\n\
             #place(bottom + left, dx: -1.2cm, dy: -{:.3}cm, box(width: 1.1cm, align(right, text(size: 7pt)[{}])))\n",
            dy - 0.12,
            text(&crate::model::de_number((top * fraction).round() as i64))
        ));
    }
    for month in 0..chart.months.len() {
        let mut below = 0.0;
        for (k, (_, values)) in chart.series.iter().enumerate() {
            let value = values[month] as f64;
            if value <= 0.0 {
                continue;
            }
            let height = value / top * HEIGHT_CM;
            out.push_str(&format!(
                "#place(bottom + left, dx: {:.3}cm, dy: -{below:.3}cm, rect(width: {bar:.3}cm, height: {height:.3}cm, \
                 fill: rgb({}), stroke: 0.2pt + rgb(\"#1f2937\")))\n",
                month as f64 * step + (step - bar) / 2.0,
                string(chart.colour(k))
            ));
            below += height;
        }
    }
    out.push_str("]\n");
    let first = chart.months.first().map(|m| month_label(*m)).unwrap_or_default();
    let last = chart.months.last().map(|m| month_label(*m)).unwrap_or_default();
    out.push_str(&format!("#block(width: {WIDTH_CM}cm, text(size: 7pt)[{} #h(1fr) {}])\n", text(&first), text(&last)));
    out.push_str("#text(size: 8pt)[");
    for (k, (label, _)) in chart.series.iter().enumerate() {
        out.push_str(&format!(
            "#box[#box(rect(width: 0.3cm, height: 0.3cm, fill: rgb({}), stroke: 0.2pt)) {}] #h(0.6em) ",
            string(chart.colour(k)),
            text(label)
        ));
    }
    out.push_str("]\n]\n");
    out.push_str(&format!(
        "#text(size: 9pt)[{}]\n\n",
        text(&format!("{source_line} Die Zahlen je Monat stehen im Anhang „Daten der Diagramme“."))
    ));
}

/// Every chart's numbers, month by month, as a table with header cells.
fn appendix(out: &mut String, charts: &[Chart]) {
    out.push_str("\n#pagebreak()\n= Anhang: Daten der Diagramme\n\n");
    for chart in charts {
        out.push_str(&format!("\n== {}\n\n", text(&chart.title)));
        out.push_str(&format!("{}\n\n", text(&format!("{} {}, je Monat.", chart.unit, chart.counted))));
        let columns = chart.series.len() + 1 + usize::from(chart.series.len() > 1);
        out.push_str(&format!(
            "#table(columns: {columns}, align: (x, y) => if x == 0 {{ left }} else {{ right }}, \
             stroke: 0.5pt + luma(60%), inset: 4pt,\n  table.header([*Monat*], "
        ));
        for (label, _) in &chart.series {
            out.push_str(&format!("[*{}*], ", text(label)));
        }
        if chart.series.len() > 1 {
            out.push_str("[*Summe*], ");
        }
        out.push_str("),\n");
        for (month, values, total) in chart.rows() {
            out.push_str(&format!("  [{}], ", text(&month)));
            for v in values {
                out.push_str(&format!("[{}], ", text(&crate::model::de_number(v))));
            }
            if chart.series.len() > 1 {
                out.push_str(&format!("[{}], ", text(&crate::model::de_number(total))));
            }
            out.push('\n');
        }
        out.push_str(")\n");
    }
}
