//! Figures that a report's text refers to instead of copying numbers: a line
//! `{{projekte-nach-status}}` in any section stands for a table or chart the
//! portal computes. Until release the figures are live; at release the key
//! figures and the charts' series are frozen in the report's row, so the page
//! and the document show the numbers of that day for ever.

use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use super::overview::KeyFigures;
use super::trends::{self, Series};
use crate::domain::MaturityModel;

/// What a reference line may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference {
    KeyFigures,
    ProjectsByStatus,
    ProjectsByKind,
    ServicesByMaturity,
    Milestones,
    ProjectsChart,
    MilestonesChart,
    ServicesChart,
}

impl Reference {
    pub const ALL: [Reference; 8] = [
        Reference::KeyFigures,
        Reference::ProjectsByStatus,
        Reference::ProjectsByKind,
        Reference::ServicesByMaturity,
        Reference::Milestones,
        Reference::ProjectsChart,
        Reference::MilestonesChart,
        Reference::ServicesChart,
    ];

    /// The name written between the braces.
    pub fn code(self) -> &'static str {
        match self {
            Reference::KeyFigures => "kennzahlen",
            Reference::ProjectsByStatus => "projekte-nach-status",
            Reference::ProjectsByKind => "projekte-nach-art",
            Reference::ServicesByMaturity => "dienste-nach-reifegrad",
            Reference::Milestones => "meilensteine",
            Reference::ProjectsChart => "verlauf-projekte",
            Reference::MilestonesChart => "verlauf-meilensteine",
            Reference::ServicesChart => "verlauf-dienste",
        }
    }

    /// What the editor's help says it inserts, in the request's language.
    pub fn label(self) -> &'static str {
        crate::i18n::t_static(match self {
            Reference::KeyFigures => "domain-figure-key-figures",
            Reference::ProjectsByStatus => "domain-figure-projects-by-status",
            Reference::ProjectsByKind => "domain-figure-projects-by-kind",
            Reference::ServicesByMaturity => "domain-figure-services-by-maturity",
            Reference::Milestones => "domain-figure-milestones",
            Reference::ProjectsChart => "domain-figure-projects-chart",
            Reference::MilestonesChart => "domain-figure-milestones-chart",
            Reference::ServicesChart => "domain-figure-services-chart",
        })
    }

    pub fn from_code(code: &str) -> Option<Reference> {
        Reference::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn is_chart(self) -> bool {
        matches!(self, Reference::ProjectsChart | Reference::MilestonesChart | Reference::ServicesChart)
    }
}

/// A piece of a section: Markdown text, or a reference on a line of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part<'a> {
    Text(&'a str),
    Figure(Reference),
}

/// The name of a reference line (`{{name}}`, spaces around allowed), if the line is one.
fn reference_name(line: &str) -> Option<&str> {
    line.trim().strip_prefix("{{")?.strip_suffix("}}").map(str::trim)
}

/// Splits a section at its reference lines. A line that looks like a reference
/// but names none stays text (the editor refuses it before it is saved).
pub fn parts(markdown: &str) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in markdown.split_inclusive('\n') {
        if let Some(reference) = reference_name(line).and_then(Reference::from_code) {
            if start < offset {
                out.push(Part::Text(&markdown[start..offset]));
            }
            out.push(Part::Figure(reference));
            start = offset + line.len();
        }
        offset += line.len();
    }
    if start < markdown.len() {
        out.push(Part::Text(&markdown[start..]));
    }
    out
}

/// The section with each reference line replaced by a paragraph of its own
/// holding a [`placeholder`], and the references in their order: rendered as one
/// piece, the section keeps one outline (heading levels continue across figures),
/// and the renderer then puts each figure in its placeholder's place.
pub fn with_placeholders(markdown: &str) -> (String, Vec<Reference>) {
    let mut text = String::with_capacity(markdown.len());
    let mut references = Vec::new();
    for part in parts(markdown) {
        match part {
            Part::Text(t) => text.push_str(t),
            Part::Figure(r) => {
                text.push_str(&format!("\n\n{}\n\n", placeholder(references.len())));
                references.push(r);
            }
        }
    }
    (text, references)
}

/// The mark of the `index`th figure in rendered text: characters of Unicode's
/// private use area, which no author types and every renderer passes through.
pub fn placeholder(index: usize) -> String {
    format!("\u{E000}{index}\u{E001}")
}

/// The problems of a report's sections (field name, text): unknown references,
/// and a chart referred to twice (a chart is one element of the page, with its
/// own ids). The admin form and the content check both use it.
pub fn check_sections<'a>(sections: impl IntoIterator<Item = (&'static str, &'a str)>) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    let mut charts = Vec::new();
    for (name, text) in sections {
        if let Some(message) = unknown(text) {
            errors.push((name, message));
            continue;
        }
        for part in parts(text) {
            if let Part::Figure(r) = part
                && r.is_chart()
            {
                if charts.contains(&r) {
                    errors.push((
                        name,
                        format!(
                            "Das Diagramm {{{{{}}}}} steht schon an anderer Stelle im Bericht; ein Diagramm kann nur einmal eingefügt werden.",
                            r.code()
                        ),
                    ));
                }
                charts.push(r);
            }
        }
    }
    errors
}

/// The German message for every reference line of `markdown` that names no
/// figure, with the names that exist.
pub fn unknown(markdown: &str) -> Option<String> {
    let wrong: Vec<&str> =
        markdown.lines().filter_map(reference_name).filter(|name| Reference::from_code(name).is_none()).collect();
    if wrong.is_empty() {
        return None;
    }
    let known: Vec<String> = Reference::ALL.iter().map(|r| format!("{{{{{}}}}}", r.code())).collect();
    Some(format!(
        "Unbekannter Verweis {}. Möglich sind: {}.",
        wrong.iter().map(|w| format!("„{{{{{w}}}}}“")).collect::<Vec<_>>().join(", "),
        known.join(", ")
    ))
}

/// The series behind the charts a report may show, frozen at release.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSeries {
    pub projects: Series,
    pub milestones: Series,
    pub services_v1: Series,
    pub services_v2: Series,
}

impl ReportSeries {
    pub fn series_of(&self, model: MaturityModel) -> &Series {
        match model {
            MaturityModel::V1 => &self.services_v1,
            MaturityModel::V2 => &self.services_v2,
        }
    }
}

/// The charts' series at this moment (or the transaction's dated moment).
pub async fn series(conn: &mut PgConnection, city_id: i64) -> Result<ReportSeries, sqlx::Error> {
    Ok(ReportSeries {
        projects: trends::projects_by_status(conn, city_id).await?,
        milestones: trends::milestones_reached(conn, city_id).await?,
        services_v1: trends::services_by_maturity(conn, city_id, MaturityModel::V1).await?,
        services_v2: trends::services_by_maturity(conn, city_id, MaturityModel::V2).await?,
    })
}

/// Everything a report's references are drawn from.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    pub key: KeyFigures,
    pub series: ReportSeries,
    /// The day they were taken (for the sources and the CSV links of frozen charts).
    pub frozen_on: Option<super::Date>,
}

/// The live figures of a draft.
pub async fn live(conn: &mut PgConnection, city_id: i64) -> Result<Figures, sqlx::Error> {
    Ok(Figures {
        key: super::overview::report_figures(&mut *conn, city_id).await?,
        series: series(conn, city_id).await?,
        frozen_on: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_lines_split_a_section_and_others_stay_text() {
        let md = "Vorweg.\n\n{{kennzahlen}}\nDanach {{meilensteine}} im Satz.\n  {{ verlauf-projekte }}  \n";
        assert_eq!(
            parts(md),
            vec![
                Part::Text("Vorweg.\n\n"),
                Part::Figure(Reference::KeyFigures),
                Part::Text("Danach {{meilensteine}} im Satz.\n"),
                Part::Figure(Reference::ProjectsChart),
            ]
        );
        assert_eq!(parts("{{kennzahlen}}"), vec![Part::Figure(Reference::KeyFigures)]);
        assert_eq!(parts(""), Vec::<Part>::new());
    }

    #[test]
    fn unknown_references_are_named_with_the_known_ones() {
        assert_eq!(unknown("{{kennzahlen}}\n\nText {{x}} im Satz"), None);
        let message = unknown("{{kennzahl}}\n{{ projekte }}").expect("refused");
        assert!(message.starts_with("Unbekannter Verweis „{{kennzahl}}“, „{{projekte}}“."), "{message}");
        assert!(message.contains("{{verlauf-dienste}}"), "{message}");
    }

    #[test]
    fn placeholders_stand_in_their_own_paragraphs() {
        let (text, refs) = with_placeholders("## A\n\n### A1\n{{kennzahlen}}\n### A2\n");
        assert_eq!(refs, vec![Reference::KeyFigures]);
        assert_eq!(text, format!("## A\n\n### A1\n\n\n{}\n\n### A2\n", placeholder(0)));
    }

    #[test]
    fn a_chart_once_and_known_names_only() {
        let errors = check_sections([
            ("a", "{{verlauf-projekte}}"),
            ("b", "{{kennzahlen}}\n{{verlauf-projekte}}"),
            ("c", "{{x}}"),
        ]);
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["b", "c"]);
        assert!(errors[0].1.contains("nur einmal"));
    }

    #[test]
    fn every_code_reads_back() {
        for r in Reference::ALL {
            assert_eq!(Reference::from_code(r.code()), Some(r));
        }
    }
}
