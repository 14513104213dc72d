//! The annual status report as a document for the council: cover with the city
//! and the "Stand", table of contents, the frozen key figures as a table with
//! their definitions and source, the report's text, page numbers in the footer.

use super::markup::{markdown, string, text};
use crate::model::reports::Report;
use crate::model::site::Site;

/// A row of the key-figure table: label, part of the row above, value.
pub type FigureRow = (String, bool, i64);

/// What each key figure means (shown below the table, as on the web page's facts).
const DEFINITIONS: [(&str, &str); 5] = [
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
    ("Meilensteine überfällig", "offene Meilensteine, deren Termin zum Stand verstrichen ist."),
];

/// The Typst source of a report. `figures` are its frozen key figures as rows
/// (empty: none frozen); `draft` puts an "Entwurf" watermark on every page.
/// The "Stand" is the day the figures were taken, else the release day.
pub fn source(site: &Site, report: &Report, figures: &[FigureRow], draft: bool) -> String {
    let as_of = report.key_figures.as_ref().and_then(|k| k.0.as_of_date());
    let title = format!("{} – {}", report.title, site.name);
    let stand = as_of.or(report.released_on).map(|d| d.to_string()).unwrap_or_else(|| "nicht festgelegt".into());
    let mut out = String::new();
    out.push_str(&format!("#set document(title: {}, author: {})\n", string(&title), string(&site.portal_name)));
    out.push_str(&format!(
        "#set text(font: {}, lang: \"de\", region: \"DE\", size: 11pt)\n",
        string(super::FONT_FAMILY)
    ));
    out.push_str("#set par(justify: false, leading: 0.7em)\n#set heading(numbering: \"1.1\")\n");
    out.push_str("#show heading.where(level: 1): it => { v(0.6em); text(size: 17pt, it); v(0.3em) }\n");
    let watermark = if draft {
        "background: rotate(-40deg, text(size: 90pt, fill: luma(88%), weight: \"bold\")[ENTWURF]), "
    } else {
        ""
    };
    out.push_str(&format!(
        "#set page(paper: \"a4\", margin: (x: 2.4cm, top: 2.4cm, bottom: 2.8cm), {watermark}\
         footer: context [#set text(size: 9pt); {} #h(1fr) Seite #counter(page).display() von #counter(page).final().first()])\n",
        text(&title)
    ));
    // Cover.
    out.push_str("#page(footer: none)[\n#v(3cm)\n");
    out.push_str(&format!("#text(size: 14pt)[{}]\n\n", text(&format!("{} · {}", site.name, site.portal_name))));
    out.push_str(&format!("#text(size: 30pt, weight: \"bold\")[{}]\n\n", text(&report.title)));
    out.push_str(&format!("#text(size: 13pt)[{}]\n\n", text(&format!("Stand: {stand}"))));
    if draft {
        out.push_str("#text(size: 13pt, weight: \"bold\")[Entwurf – nicht freigegeben]\n\n");
    }
    if report.illustrative {
        out.push_str(&format!(
            "#v(1cm)\n#block(stroke: 1pt, inset: 10pt)[{}]\n",
            text("Beispielinhalt: Dieser Bericht enthält Angaben, die nicht aus den Quellen der Stadt stammen und als Beispiel gekennzeichnet sind.")
        ));
    }
    out.push_str("]\n");
    out.push_str("#outline(title: [Inhalt])\n#pagebreak()\n");

    // The key figures.
    out.push_str("\n= Kennzahlen zum Zeitpunkt der Freigabe\n\n");
    if figures.is_empty() {
        out.push_str(&text("Für diesen Bericht wurden keine Kennzahlen festgeschrieben."));
        out.push_str("\n\n");
    } else {
        out.push_str("#table(columns: (1fr, auto), align: (left, right), stroke: 0.5pt + luma(60%), inset: 5pt,\n");
        out.push_str("  table.header[*Kennzahl*][*Wert*],\n");
        for (label, part, value) in figures {
            let label = if *part { format!("#h(1em){}", text(label)) } else { format!("#strong[{}]", text(label)) };
            out.push_str(&format!("  [{label}], [{}],\n", text(&crate::model::de_number(*value))));
        }
        out.push_str(")\n\n");
        out.push_str(&format!(
            "{}\n\n",
            text(&format!(
                "Quelle: Datenbestand des Portals {} ({}), festgeschrieben zum Stand {stand}.",
                site.portal_name, site.name
            ))
        ));
        out.push_str("== Definitionen\n\n");
        for (term, meaning) in DEFINITIONS {
            out.push_str(&format!("/ {}: {}\n", text(term), text(meaning)));
        }
        out.push('\n');
    }
    // Text before the body's first heading gets a chapter of its own, so it is not read as part of the definitions.
    if !report.body_md.trim_start().starts_with('#') {
        out.push_str("\n= Vorbemerkung\n\n");
    }
    out.push_str(&markdown(&report.body_md, 1));
    out
}
