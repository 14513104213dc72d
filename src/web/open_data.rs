//! `/daten`: what the portal publishes as open data, and the meaning of every
//! field. The field tables are made from the OpenAPI document, so they say
//! what the API really sends; the licence and how to cite come from the
//! city's content (the content page `daten`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde_json::Value;

use crate::AppState;
use crate::error::Result;
use crate::i18n::{Lang, t};
use crate::markdown::{SafeHtml, render};
use crate::model::site;
use crate::page_cache::Shows;
use crate::ui::{Layout, Nav};

pub fn router() -> Router<AppState> {
    Router::new().route("/daten", get(page))
}

/// A dataset: its name, the API address of its list, the HTML page and the
/// schemas of its records (the first is the list's record).
pub(crate) struct Dataset {
    pub id: &'static str,
    pub title: &'static str,
    pub about: &'static str,
    pub api: &'static str,
    detail: Option<&'static str>,
    pub page: &'static str,
    /// The list page whose downloads (`.csv`, `.json`) hold the whole dataset.
    pub download: Option<&'static str>,
    pub schemas: &'static [&'static str],
}

pub(crate) const DATASETS: &[Dataset] = &[
    Dataset {
        id: "strategie",
        title: "Strategie",
        about: "Die Digitalisierungsstrategie mit Leitbild, Zielen, Leitlinien und Querschnittsthemen.",
        api: "/api/v1/strategy",
        detail: None,
        page: "/strategie",
        download: None,
        schemas: &["StrategyRecord", "SectionRecord"],
    },
    Dataset {
        id: "handlungsfelder",
        title: "Handlungsfelder",
        about: "Die Handlungsfelder der Strategie, in ihrer Reihenfolge.",
        api: "/api/v1/action-fields",
        detail: None,
        page: "/handlungsfelder",
        download: None,
        schemas: &["SectionRecord"],
    },
    Dataset {
        id: "projekte",
        title: "Projekte",
        about: "Alle Projekte mit Status und Fortschritt; einzeln mit SMART-Zielen, Maßnahmen, Meilensteinen, Ressourcen und freigegebenem Abschlussbericht.",
        api: "/api/v1/projects",
        detail: Some("/api/v1/projects/{slug}"),
        page: "/projekte",
        download: Some("/projekte"),
        schemas: &["ProjectRecord", "ProjectDetailRecord", "ProjectMilestone", "FinalReportRecord"],
    },
    Dataset {
        id: "meilensteine",
        title: "Meilensteine",
        about: "Die Meilensteine aller Projekte, in drei Abschnitten: überfällig, anstehend, erreicht.",
        api: "/api/v1/milestones",
        detail: None,
        page: "/meilensteine",
        download: Some("/meilensteine"),
        schemas: &["MilestoneRecord"],
    },
    Dataset {
        id: "meldungen",
        title: "Meldungen",
        about: "Öffentliche Meldungen zu den Projekten, neueste zuerst.",
        api: "/api/v1/updates",
        detail: None,
        page: "/aktuelles",
        download: Some("/aktuelles"),
        schemas: &["UpdateRecord"],
    },
    Dataset {
        id: "online-dienste",
        title: "Online-Dienste",
        about: "Die Verwaltungsleistungen nach dem Onlinezugangsgesetz (OZG) mit Status, Reifegrad, EfA und Fallzahlen.",
        api: "/api/v1/services",
        detail: Some("/api/v1/services/{slug}"),
        page: "/online-dienste",
        download: Some("/online-dienste"),
        schemas: &["ServiceRecord", "ServiceDetailRecord", "CaseCount"],
    },
    Dataset {
        id: "berichte",
        title: "Sachstandsberichte",
        about: "Die freigegebenen jährlichen Sachstandsberichte mit ihren bei der Freigabe eingefrorenen Kennzahlen.",
        api: "/api/v1/reports",
        detail: Some("/api/v1/reports/{year}"),
        page: "/berichte",
        download: None,
        schemas: &["ReportRecord", "KeyFigures", "Count"],
    },
    Dataset {
        id: "anfragen",
        title: "Anfragen aus dem Stadtrat",
        about: "Die Antworten der Stadt auf Anfragen, Frage für Frage.",
        api: "/api/v1/inquiries",
        detail: Some("/api/v1/inquiries/{slug}"),
        page: "/anfragen",
        download: Some("/anfragen"),
        schemas: &["InquiryRecord", "InquiryDetailRecord", "QuestionAndAnswer"],
    },
    Dataset {
        id: "organisation",
        title: "Organisationseinheiten",
        about: "Ämter, Dezernate und städtische Gesellschaften, die Projekte und Dienste verantworten.",
        api: "/api/v1/units",
        detail: None,
        page: "/organisation",
        download: None,
        schemas: &["UnitRecord"],
    },
];

pub(crate) struct Field {
    pub name: String,
    pub kind: String,
    /// "immer" or "kann leer sein".
    pub presence: String,
    pub about: String,
}

pub(crate) struct Schema {
    pub name: String,
    pub about: String,
    /// For a detail record: the record whose fields it has as well.
    pub extends: Option<String>,
    pub fields: Vec<Field>,
}

struct DatasetView {
    set: &'static Dataset,
    schemas: Vec<Schema>,
}

impl DatasetView {
    /// The dataset's name in the page's language ([`DATASETS`] keeps the German
    /// one, which the archive and the catalogue use).
    fn title(&self) -> String {
        t(&format!("opendata-set-{}-title", self.set.id))
    }

    /// What the dataset holds, in the page's language.
    fn about(&self) -> String {
        t(&format!("opendata-set-{}-about", self.set.id))
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "open_data.html")]
struct DataPage {
    layout: Layout,
    /// The city's licence and how to cite (content page `daten`), if it has written it.
    terms: Option<SafeHtml>,
    terms_illustrative: bool,
    datasets: Vec<DatasetView>,
    base_url: String,
}

/// A JSON Schema type, in `lang` (the archive's description is German).
fn kind_of(schema: &Value, lang: Lang) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        return format!("{} {}", lang.t("opendata-kind-object"), reference.rsplit('/').next().unwrap_or(reference));
    }
    if let Some(options) = schema["oneOf"].as_array() {
        let or = format!(" {} ", lang.t("opendata-kind-or"));
        let kinds: Vec<String> = options.iter().filter(|o| o["type"] != "null").map(|o| kind_of(o, lang)).collect();
        return kinds.join(or.as_str());
    }
    if let Some(values) = schema["enum"].as_array() {
        let codes: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        return format!("{} {}", lang.t("opendata-kind-code"), codes.join(", "));
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect(),
        _ => vec![],
    };
    match (types.first().copied(), schema["format"].as_str()) {
        (Some("string"), Some("date")) => lang.t("opendata-kind-date"),
        (Some("string"), Some("date-time")) => lang.t("opendata-kind-date-time"),
        (Some("string"), _) => lang.t("opendata-kind-text"),
        (Some("integer"), _) => lang.t("opendata-kind-integer"),
        (Some("number"), _) => lang.t("opendata-kind-number"),
        (Some("boolean"), _) => lang.t("opendata-kind-boolean"),
        (Some("array"), _) => format!("{} {}", lang.t("opendata-kind-list"), kind_of(&schema["items"], lang)),
        _ => lang.t("opendata-kind-value"),
    }
}

fn may_be_null(schema: &Value) -> bool {
    schema["type"].as_array().is_some_and(|ts| ts.iter().any(|t| t == "null"))
        || schema["oneOf"].as_array().is_some_and(|os| os.iter().any(|o| o["type"] == "null"))
}

/// The fields of a schema from the OpenAPI document (the own part of an `allOf`),
/// their types in German (the archive's description reads them).
pub(crate) fn schema_view(doc: &Value, name: &str) -> Schema {
    schema_view_in(doc, name, Lang::De)
}

/// [`schema_view`] with the types and presence in `lang` (the page's language).
fn schema_view_in(doc: &Value, name: &str, lang: Lang) -> Schema {
    let schema = &doc["components"]["schemas"][name];
    let (extends, own) = match schema["allOf"].as_array() {
        Some(parts) => (
            parts.iter().find_map(|p| p["$ref"].as_str()).map(|r| r.rsplit('/').next().unwrap_or(r).to_string()),
            parts.iter().find(|p| p.get("properties").is_some()).unwrap_or(&Value::Null),
        ),
        None => (None, schema),
    };
    let required: Vec<&str> = own["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let mut fields: Vec<Field> = own["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(field, s)| Field {
            name: field.clone(),
            kind: kind_of(s, lang),
            presence: match required.contains(&field.as_str()) && !may_be_null(s) {
                true => lang.t("opendata-presence-always"),
                false => lang.t("opendata-presence-optional"),
            },
            about: s["description"]
                .as_str()
                .or_else(|| s["oneOf"].as_array().and_then(|os| os.iter().find_map(|o| o["description"].as_str())))
                .unwrap_or("")
                .replace('\n', " "),
        })
        .collect();
    fields.sort_by(|a, b| a.name.cmp(&b.name));
    Schema {
        name: name.to_string(),
        about: schema["description"].as_str().unwrap_or("").replace('\n', " "),
        extends,
        fields,
    }
}

async fn page(State(state): State<AppState>) -> Result<(Shows, DataPage)> {
    let terms = site::page(&state.db, state.site.city_id, "daten").await?;
    let doc = crate::api::document();
    let datasets = DATASETS
        .iter()
        .map(|set| DatasetView {
            set,
            schemas: set.schemas.iter().map(|name| schema_view_in(doc, name, crate::i18n::lang())).collect(),
        })
        .collect();
    let mut layout = Layout::new(&state, t("opendata-title"), Nav::None);
    layout.description = t("opendata-description");
    let terms_illustrative = terms.as_ref().is_some_and(|t| t.illustrative);
    layout.illustrative = terms_illustrative;
    Ok((
        // The terms are a content page; the field tables come from the code.
        Shows::new(),
        DataPage {
            layout,
            terms: terms.map(|t| render(&t.body_md)),
            terms_illustrative,
            datasets,
            base_url: state.config.base_url.trim_end_matches('/').to_string(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dataset_names_schemas_of_the_openapi_document_and_every_field_is_described() {
        let doc = crate::api::document();
        let mut undescribed = Vec::new();
        for set in DATASETS {
            for name in set.schemas {
                let view = schema_view(doc, name);
                assert!(!view.fields.is_empty(), "{name} has fields in the document");
                // Nested objects are described in their own table.
                let nested = |f: &Field| f.kind.starts_with("Objekt") || f.kind.starts_with("Liste: Objekt");
                undescribed.extend(
                    view.fields
                        .iter()
                        .filter(|f| f.about.is_empty() && !nested(f))
                        .map(|f| format!("{name}.{}", f.name)),
                );
            }
        }
        assert!(undescribed.is_empty(), "fields without a description: {undescribed:?}");
    }
}
