//! The filters and orders of the project and service lists, read from the
//! query the same way for the HTML pages, the JSON API and the downloads, so
//! that `?art=flagship` means the same everywhere and an unknown value gets
//! the same 400 message (in the page's language; German in the API). What a
//! parameter chooses is named by a message key (`params-what-…`, locales/*/params.ftl).

use crate::domain::Maturity;
use crate::error::Result;
use crate::i18n::t_static;
use crate::model::projects::{ProjectFilter, ProjectSort};
use crate::model::services::{ServiceFilter, ServiceSort, TopicArea};
use crate::model::strategy::ProjectFilterChoices;

use super::Params;

/// Filter and order of `/projekte`; slugs are checked against the city's choices.
pub fn projects(params: &Params, choices: &ProjectFilterChoices) -> Result<(ProjectFilter, ProjectSort)> {
    let slug_choice = |key: &str, what: &str, known: Vec<&str>| {
        params.choice(key, what, |v| known.contains(&v).then(|| v.to_string()), &known)
    };
    let filter = ProjectFilter {
        kind: params.code("art", "params-what-project-kind")?,
        status: params.code("status", "params-what-status")?,
        action_field: slug_choice(
            "handlungsfeld",
            "params-what-action-field",
            choices.action_fields.iter().map(|f| f.slug.as_str()).collect(),
        )?,
        theme: slug_choice("thema", "params-what-theme", choices.themes.iter().map(|t| t.slug.as_str()).collect())?,
        unit: slug_choice("einheit", "params-what-unit", choices.units.iter().map(|u| u.slug.as_str()).collect())?,
        text: params.text("q")?,
    };
    let sort = params.code("sortierung", "params-what-sort")?.unwrap_or_default();
    Ok((filter, sort))
}

/// The parameters that reproduce a project filter and order (empty: not set),
/// for the links to other pages of the same list.
pub fn project_keep(filter: &ProjectFilter, sort: ProjectSort) -> Vec<(&'static str, String)> {
    vec![
        ("art", filter.kind.map(|k| k.code().to_string()).unwrap_or_default()),
        ("status", filter.status.map(|s| s.code().to_string()).unwrap_or_default()),
        ("handlungsfeld", filter.action_field.clone().unwrap_or_default()),
        ("thema", filter.theme.clone().unwrap_or_default()),
        ("einheit", filter.unit.clone().unwrap_or_default()),
        ("q", filter.text.clone().unwrap_or_default()),
        ("sortierung", if sort == ProjectSort::default() { String::new() } else { sort.code().to_string() }),
    ]
}

/// Filter and order of `/online-dienste`.
pub fn services(params: &Params, topic_areas: &[TopicArea]) -> Result<(ServiceFilter, ServiceSort)> {
    let topic_codes: Vec<&str> = topic_areas.iter().map(|t| t.slug.as_str()).collect();
    let filter = ServiceFilter {
        topic_area: params.choice(
            "themenfeld",
            "params-what-topic-area",
            |v| topic_codes.contains(&v).then(|| v.to_string()),
            &topic_codes,
        )?,
        status: params.code("status", "params-what-status")?,
        maturity: params.choice(
            "reifegrad",
            "params-what-maturity",
            Maturity::from_code,
            &[t_static("params-allowed-maturity-v1"), t_static("params-allowed-maturity-v2")],
        )?,
        efa: params.choice(
            "efa",
            "params-what-efa",
            |v| match v {
                "ja" => Some(true),
                "nein" => Some(false),
                _ => None,
            },
            &["ja", "nein"],
        )?,
        addressee: params.code("zielgruppe", "params-what-addressee")?,
        text: params.text("q")?,
    };
    let sort = params.code("sortierung", "params-what-sort")?.unwrap_or_default();
    Ok((filter, sort))
}

pub fn service_keep(filter: &ServiceFilter, sort: ServiceSort) -> Vec<(&'static str, String)> {
    vec![
        ("themenfeld", filter.topic_area.clone().unwrap_or_default()),
        ("status", filter.status.map(|s| s.code().to_string()).unwrap_or_default()),
        ("reifegrad", filter.maturity.map(Maturity::code).unwrap_or_default()),
        ("efa", filter.efa.map(|e| if e { "ja" } else { "nein" }.to_string()).unwrap_or_default()),
        ("zielgruppe", filter.addressee.map(|a| a.code().to_string()).unwrap_or_default()),
        ("q", filter.text.clone().unwrap_or_default()),
        ("sortierung", if sort == ServiceSort::default() { String::new() } else { sort.code().to_string() }),
    ]
}
