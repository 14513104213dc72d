//! `/daten/katalog`: the open data as a DCAT-AP.de 2.0 catalogue, in Turtle
//! (`/daten/katalog.ttl`) and JSON-LD (`/daten/katalog.jsonld`; `/daten/katalog`
//! answers either, as the client's `Accept` asks), so that GovData's harvester
//! can take it. One `dcat:Dataset` per dataset of `/daten`, one
//! `dcat:Distribution` per format, the licence from the city's content.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value, json};

use crate::AppState;
use crate::error::Result;
use crate::page_cache::Shows;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/daten/katalog", get(negotiated))
        .route("/daten/katalog.ttl", get(|s| answer(s, Syntax::Turtle)))
        .route("/daten/katalog.jsonld", get(|s| answer(s, Syntax::JsonLd)))
}

#[derive(Clone, Copy)]
enum Syntax {
    Turtle,
    JsonLd,
}

async fn negotiated(state: State<AppState>, headers: HeaderMap) -> Result<(Shows, Response)> {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let syntax = if accept.contains("application/ld+json") { Syntax::JsonLd } else { Syntax::Turtle };
    let (shows, mut response) = answer(state, syntax).await?;
    response.headers_mut().insert(header::VARY, header::HeaderValue::from_static("accept"));
    Ok((shows, response))
}

const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCT: &str = "http://purl.org/dc/terms/";
const DCATDE: &str = "http://dcat-ap.de/def/dcatde/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const VCARD: &str = "http://www.w3.org/2006/vcard/ns#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const XSD_DATE: &str = "http://www.w3.org/2001/XMLSchema#date";
const XSD_DATE_TIME: &str = "http://www.w3.org/2001/XMLSchema#dateTime";
const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
/// The EU data theme "Government and public sector".
const THEME: &str = "http://publications.europa.eu/resource/authority/data-theme/GOVE";
const GERMAN: &str = "http://publications.europa.eu/resource/authority/language/DEU";

/// The object of a statement.
enum Term {
    Iri(String),
    Blank(String),
    German(String),
    Typed(String, &'static str),
}

/// The statements of the catalogue, in order.
#[derive(Default)]
struct Graph(Vec<(String, String, Term)>);

impl Graph {
    fn add(&mut self, subject: &str, predicate: String, object: Term) {
        self.0.push((subject.to_string(), predicate, object));
    }

    fn node(subject: &str) -> String {
        if subject.starts_with("_:") { subject.to_string() } else { format!("<{subject}>") }
    }

    fn turtle(&self) -> String {
        let escape = |s: &str| {
            s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('\r', "\\r").replace('\t', "\\t")
        };
        let mut out = String::new();
        for (s, p, o) in &self.0 {
            let object = match o {
                Term::Iri(iri) => format!("<{iri}>"),
                Term::Blank(id) => id.clone(),
                Term::German(text) => format!("\"{}\"@de", escape(text)),
                Term::Typed(text, datatype) => format!("\"{}\"^^<{datatype}>", escape(text)),
            };
            out.push_str(&format!("{} <{p}> {object} .\n", Graph::node(s)));
        }
        out
    }

    /// JSON-LD with full IRIs (no context to resolve): one node per subject.
    fn json_ld(&self) -> Value {
        let mut nodes: Vec<(String, Map<String, Value>)> = Vec::new();
        for (s, p, o) in &self.0 {
            let index = match nodes.iter().position(|(id, _)| id == s) {
                Some(i) => i,
                None => {
                    let mut node = Map::new();
                    node.insert("@id".into(), json!(s));
                    nodes.push((s.clone(), node));
                    nodes.len() - 1
                }
            };
            let value = match o {
                Term::Iri(iri) if p == RDF_TYPE => {
                    let types = nodes[index].1.entry("@type").or_insert_with(|| json!([]));
                    if let Value::Array(list) = types {
                        list.push(json!(iri));
                    }
                    continue;
                }
                Term::Iri(iri) | Term::Blank(iri) => json!({ "@id": iri }),
                Term::German(text) => json!({ "@value": text, "@language": "de" }),
                Term::Typed(text, datatype) => json!({ "@value": text, "@type": datatype }),
            };
            let values = nodes[index].1.entry(p.clone()).or_insert_with(|| json!([]));
            if let Value::Array(list) = values {
                list.push(value);
            }
        }
        json!({ "@graph": nodes.into_iter().map(|(_, node)| Value::Object(node)).collect::<Vec<_>>() })
    }
}

fn date(d: NaiveDate) -> Term {
    Term::Typed(d.format("%Y-%m-%d").to_string(), XSD_DATE)
}

fn date_time(t: DateTime<Utc>) -> Term {
    Term::Typed(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), XSD_DATE_TIME)
}

async fn answer(State(state): State<AppState>, syntax: Syntax) -> Result<(Shows, Response)> {
    let site = &state.site;
    let base = state.config.base_url.trim_end_matches('/').to_string();
    // When each dataset last changed, and the earliest date the data speaks of.
    let modified: Vec<(String, Option<DateTime<Utc>>)> = sqlx::query_as(
        "SELECT 'strategie', (SELECT max(updated_at) FROM strategies WHERE city_id = $1) \
         UNION ALL SELECT 'handlungsfelder', (SELECT max(updated_at) FROM action_fields WHERE city_id = $1) \
         UNION ALL SELECT 'projekte', (SELECT max(updated_at) FROM projects WHERE city_id = $1) \
         UNION ALL SELECT 'meilensteine', (SELECT max(updated_at) FROM milestones WHERE city_id = $1) \
         UNION ALL SELECT 'meldungen', (SELECT max(updated_at) FROM project_updates WHERE city_id = $1) \
         UNION ALL SELECT 'online-dienste', (SELECT max(updated_at) FROM services WHERE city_id = $1) \
         UNION ALL SELECT 'berichte', (SELECT max(updated_at) FROM annual_reports WHERE city_id = $1) \
         UNION ALL SELECT 'anfragen', (SELECT max(updated_at) FROM council_inquiries WHERE city_id = $1) \
         UNION ALL SELECT 'organisation', (SELECT max(updated_at) FROM org_units WHERE city_id = $1)",
    )
    .bind(site.city_id)
    .fetch_all(&state.db)
    .await?;
    let earliest: Option<NaiveDate> = sqlx::query_scalar(
        "SELECT least((SELECT adopted_on FROM strategies WHERE city_id = $1), \
                      (SELECT min(answered_on) FROM council_inquiries WHERE city_id = $1 AND archived_at IS NULL), \
                      (SELECT min(planned_start) FROM projects WHERE city_id = $1 AND archived_at IS NULL))",
    )
    .bind(site.city_id)
    .fetch_one(&state.db)
    .await?;
    let catalog = format!("{base}/daten/katalog");
    let publisher = format!("{base}/daten/katalog#herausgeber");
    let place = (!site.ags.is_empty())
        .then(|| format!("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{}", site.ags));
    let mut g = Graph::default();
    g.add(&catalog, RDF_TYPE.into(), Term::Iri(format!("{DCAT}Catalog")));
    g.add(&catalog, format!("{DCT}title"), Term::German(format!("{}: offene Daten", site.portal_name)));
    g.add(
        &catalog,
        format!("{DCT}description"),
        Term::German(format!(
            "Der Sachstand der Digitalisierungsstrategie der Stadt {}: Strategie, Projekte, Meilensteine, Online-Dienste, Berichte und Anfragen als offene Daten.",
            site.name
        )),
    );
    g.add(&catalog, format!("{DCT}publisher"), Term::Iri(publisher.clone()));
    g.add(&catalog, format!("{DCT}language"), Term::Iri(GERMAN.into()));
    g.add(&catalog, format!("{FOAF}homepage"), Term::Iri(format!("{base}/daten")));
    if let Some(latest) = modified.iter().filter_map(|(_, m)| *m).max() {
        g.add(&catalog, format!("{DCT}modified"), date_time(latest));
    }
    g.add(&publisher, RDF_TYPE.into(), Term::Iri(format!("{FOAF}Organization")));
    g.add(&publisher, format!("{FOAF}name"), Term::German(format!("Stadt {}", site.name)));
    for (i, set) in super::open_data::DATASETS.iter().enumerate() {
        let dataset = format!("{catalog}#{}", set.id);
        g.add(&catalog, format!("{DCAT}dataset"), Term::Iri(dataset.clone()));
        g.add(&dataset, RDF_TYPE.into(), Term::Iri(format!("{DCAT}Dataset")));
        g.add(&dataset, format!("{DCT}identifier"), Term::Typed(dataset.clone(), XSD_STRING));
        g.add(&dataset, format!("{DCT}title"), Term::German(format!("{}: {}", site.portal_name, set.title)));
        g.add(&dataset, format!("{DCT}description"), Term::German(set.about.to_string()));
        for keyword in ["Digitalisierung", "Digitalisierungsstrategie", set.title] {
            g.add(&dataset, format!("{DCAT}keyword"), Term::German(keyword.to_string()));
        }
        g.add(&dataset, format!("{DCAT}theme"), Term::Iri(THEME.into()));
        g.add(&dataset, format!("{DCT}publisher"), Term::Iri(publisher.clone()));
        g.add(&dataset, format!("{DCAT}landingPage"), Term::Iri(format!("{base}{}", set.page)));
        let contact = format!("_:kontakt{i}");
        g.add(&dataset, format!("{DCAT}contactPoint"), Term::Blank(contact.clone()));
        g.add(&contact, RDF_TYPE.into(), Term::Iri(format!("{VCARD}Organization")));
        g.add(&contact, format!("{VCARD}fn"), Term::German(site.portal_name.clone()));
        if !site.data_contact_email.is_empty() {
            g.add(&contact, format!("{VCARD}hasEmail"), Term::Iri(format!("mailto:{}", site.data_contact_email)));
        }
        if let Some(place) = &place {
            g.add(&dataset, format!("{DCATDE}politicalGeocodingURI"), Term::Iri(place.clone()));
            g.add(
                &dataset,
                format!("{DCATDE}politicalGeocodingLevelURI"),
                Term::Iri("http://dcat-ap.de/def/politicalGeocoding/Level/municipality".into()),
            );
            g.add(&dataset, format!("{DCT}spatial"), Term::Iri(place.clone()));
        }
        if let Some(start) = earliest {
            let period = format!("_:zeitraum{i}");
            g.add(&dataset, format!("{DCT}temporal"), Term::Blank(period.clone()));
            g.add(&period, RDF_TYPE.into(), Term::Iri(format!("{DCT}PeriodOfTime")));
            g.add(&period, format!("{DCAT}startDate"), date(start));
            g.add(&period, format!("{DCAT}endDate"), date(crate::model::Date::today().0));
        }
        if let Some(Some(changed)) = modified.iter().find(|(id, _)| id == set.id).map(|(_, m)| *m) {
            g.add(&dataset, format!("{DCT}modified"), date_time(changed));
        }
        let mut formats = vec![("JSON", "application/json", format!("{base}{}", set.api), "Schnittstelle (JSON)")];
        if let Some(list) = set.download {
            formats.push(("CSV", "text/csv", format!("{base}{list}.csv"), "Download (CSV)"));
            formats.push(("JSON", "application/json", format!("{base}{list}.json"), "Download (JSON)"));
        }
        // Every dataset is also in the archive of all of them (as CSV and JSON).
        formats.push((
            "ZIP",
            "application/zip",
            format!("{base}/daten/sachstand.zip"),
            "Download im Gesamtdatensatz (ZIP mit allen Datensätzen als CSV und JSON)",
        ));
        for (n, (file_type, media, url, label)) in formats.into_iter().enumerate() {
            let distribution = format!("{dataset}-{}", n + 1);
            g.add(&dataset, format!("{DCAT}distribution"), Term::Iri(distribution.clone()));
            g.add(&distribution, RDF_TYPE.into(), Term::Iri(format!("{DCAT}Distribution")));
            g.add(&distribution, format!("{DCT}title"), Term::German(format!("{}: {label}", set.title)));
            g.add(&distribution, format!("{DCAT}accessURL"), Term::Iri(url.clone()));
            if label.starts_with("Download") {
                g.add(&distribution, format!("{DCAT}downloadURL"), Term::Iri(url));
            }
            g.add(&distribution, format!("{DCT}format"), Term::Iri(format!("{FILE_TYPE}{file_type}")));
            g.add(
                &distribution,
                format!("{DCAT}mediaType"),
                Term::Iri(format!("https://www.iana.org/assignments/media-types/{media}")),
            );
            if !site.data_licence.is_empty() {
                g.add(&distribution, format!("{DCT}license"), Term::Iri(site.data_licence.clone()));
            }
        }
    }
    let response = match syntax {
        Syntax::Turtle => ([(header::CONTENT_TYPE, "text/turtle; charset=utf-8")], g.turtle()).into_response(),
        Syntax::JsonLd => (
            [(header::CONTENT_TYPE, "application/ld+json")],
            serde_json::to_vec(&g.json_ld()).map_err(anyhow::Error::from)?,
        )
            .into_response(),
    };
    // Dates of every dataset: dropped on every change.
    Ok((Shows::new(), response))
}
