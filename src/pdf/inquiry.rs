//! The city's answer to a council inquiry, laid out like the city's own answer:
//! number, faction and subject on top, the preliminary remark, each question
//! numbered with its answer below, place, date and signature line ("gez. …").

use super::markup::{markdown, string, text};
use crate::model::inquiries::{Inquiry, Item};
use crate::model::site::Site;

pub fn source(site: &Site, inquiry: &Inquiry, items: &[Item]) -> String {
    let title = format!("Anfrage {}: {}", inquiry.number, inquiry.title);
    let mut out = String::new();
    out.push_str(&format!("#set document(title: {}, author: {})\n", string(&title), string(&site.name)));
    out.push_str(&format!(
        "#set text(font: {}, lang: \"de\", region: \"DE\", size: 11pt)\n",
        string(super::FONT_FAMILY)
    ));
    out.push_str(&format!(
        "#set page(paper: \"a4\", margin: (x: 2.4cm, top: 2.4cm, bottom: 2.8cm), \
         footer: context [#set text(size: 9pt); {} #h(1fr) Seite #counter(page).display() von #counter(page).final().first()])\n",
        text(&format!("Anfrage {}", inquiry.number))
    ));
    out.push_str(&format!("{}\n\n", text(&format!("{} · Antwort der Verwaltung", site.name))));
    out.push_str(&format!("= {}\n\n", text(&title)));
    let mut facts = vec![format!("Anfrage Nr. {} der {}", inquiry.number, inquiry.faction)];
    if let Some(d) = inquiry.asked_on {
        facts.push(format!("gestellt am {d}"));
    }
    if let Some(d) = inquiry.answered_on {
        facts.push(format!("beantwortet am {d}"));
    }
    out.push_str(&format!("{}\n\n", text(&facts.join(", "))));
    if inquiry.illustrative {
        out.push_str(&format!(
            "#block(stroke: 1pt, inset: 8pt)[{}]\n\n",
            text("Beispielinhalt: Diese Antwort enthält Angaben, die nicht aus den Quellen der Stadt stammen und als Beispiel gekennzeichnet sind.")
        ));
    }
    if !inquiry.source_ref.is_empty() {
        out.push_str(&format!("{}\n\n", text(&format!("Quelle: {}", inquiry.source_ref))));
    }
    out.push_str(&markdown(&inquiry.body_md, 2));
    for item in items {
        out.push_str(&format!("\n\n== {}\n\n", text(&format!("Frage {}", item.position))));
        out.push_str(&format!("#strong[{}]\n\n", markdown(&item.question_md, 3).trim()));
        out.push_str(&markdown(&item.answer_md, 3));
    }
    out.push_str("\n\n#v(1.5em)\n");
    let place_day = match inquiry.answered_on {
        Some(d) => format!("{}, {d}", site.name),
        None => format!("{} (noch nicht beantwortet)", site.name),
    };
    out.push_str(&format!("{}\n\n", text(&place_day)));
    if !inquiry.answered_by.is_empty() {
        out.push_str(&format!("{}\n", text(&format!("gez. {}", inquiry.answered_by))));
    }
    out
}
