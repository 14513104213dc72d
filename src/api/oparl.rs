//! OParl 1.1 for council information systems (ALLRIS, SD.NET, Session and
//! others): the city's answers to council inquiries as `Paper` objects, the
//! factions that asked and the offices that answered as `Organization`s, each
//! answer as a `File`. Entry point `/oparl/v1/system`; every list the spec
//! requires of a `Body` exists (empty where the portal has nothing, such as
//! meetings). Objects never carry `null`; lists filter by `created_since`,
//! `created_until`, `modified_since`, `modified_until`, page with `limit` and
//! `page`, and include archived inquiries as `deleted: true` when
//! `modified_since` is given.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value, json};

use crate::AppState;
use crate::error::{Error, Result};
use crate::page_cache::{Shows, Topic};
use crate::ui::Params;
use crate::ui::extract::Path;

const VERSION: &str = "https://schema.oparl.org/1.1/";
/// Objects per page unless `limit` says otherwise, and at most.
const PAGE: i64 = 50;
const MAX_PAGE: i64 = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/oparl/v1/system", get(system))
        .route("/oparl/v1/bodies", get(bodies))
        .route("/oparl/v1/body", get(body))
        .route("/oparl/v1/body/papers", get(papers))
        .route("/oparl/v1/body/organizations", get(organizations))
        .route("/oparl/v1/body/files", get(files))
        .route("/oparl/v1/body/{list}", get(empty_list))
        .route("/oparl/v1/paper/{slug}", get(paper))
        .route("/oparl/v1/organization/{key}", get(organization))
        .route("/oparl/v1/file/{slug}", get(file))
}

/// The lists a `Body` must name that the portal has nothing for.
const EMPTY_LISTS: &[&str] =
    &["persons", "meetings", "agendaItems", "consultations", "memberships", "locations", "legislativeTerms"];

fn base(state: &AppState) -> String {
    format!("{}/oparl/v1", state.config.base_url.trim_end_matches('/'))
}

fn kind(name: &str) -> String {
    format!("{VERSION}{name}")
}

fn stamp(at: DateTime<Utc>) -> Value {
    json!(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// JSON with CORS open, as OParl clients run in browsers too.
fn answer(value: &Value) -> Response {
    let mut response = (
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        serde_json::to_vec(value).unwrap_or_default(),
    )
        .into_response();
    response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

/// Drops `null` members (OParl: a property without a value is left out).
fn without_nulls(mut value: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.retain(|_, v| !v.is_null());
        for v in map.values_mut() {
            *v = without_nulls(v.take());
        }
    } else if let Value::Array(items) = &mut value {
        for v in items.iter_mut() {
            *v = without_nulls(v.take());
        }
    }
    value
}

/// The inquiries as OParl sees them (archived ones too, for `deleted`).
#[derive(sqlx::FromRow)]
struct Inquiry {
    slug: String,
    number: String,
    title: String,
    faction: String,
    answered_by: String,
    asked_on: Option<NaiveDate>,
    answered_on: Option<NaiveDate>,
    updated_at: DateTime<Utc>,
    archived: bool,
    keywords: Vec<String>,
}

impl Inquiry {
    /// OParl wants `created`; the portal knows the dates of the inquiry and its answer.
    fn created(&self) -> DateTime<Utc> {
        self.asked_on
            .or(self.answered_on)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map_or(self.updated_at, |t| t.and_utc().min(self.updated_at))
    }
}

const INQUIRIES: &str = "SELECT i.slug, i.number, i.title, i.faction, i.answered_by, i.asked_on, i.answered_on, i.updated_at, \
        i.archived_at IS NOT NULL AS archived, \
        ARRAY(SELECT p.title FROM inquiry_projects l JOIN projects p ON p.id = l.project_id \
              WHERE l.inquiry_id = i.id AND p.archived_at IS NULL ORDER BY p.title) AS keywords \
    FROM council_inquiries i WHERE i.city_id = $1";

/// An organisation's key in its address: its name in lower case, words joined by "-".
fn key_of(name: &str) -> String {
    let mut key = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'ä' => "ae".to_string(),
            'ö' => "oe".to_string(),
            'ü' => "ue".to_string(),
            'ß' => "ss".to_string(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => "-".to_string(),
        };
        if c == "-" && (key.is_empty() || key.ends_with('-')) {
            continue;
        }
        key.push_str(&c);
    }
    key.trim_end_matches('-').to_string()
}

fn paper_json(state: &AppState, i: &Inquiry) -> Value {
    let b = base(state);
    let id = format!("{b}/paper/{}", i.slug);
    if i.archived {
        return json!({ "id": id, "type": kind("Paper"), "created": stamp(i.created()), "modified": stamp(i.updated_at), "deleted": true });
    }
    let web = format!("{}/anfragen/{}", state.config.base_url.trim_end_matches('/'), i.slug);
    without_nulls(json!({
        "id": id,
        "type": kind("Paper"),
        "body": format!("{b}/body"),
        "name": i.title,
        "reference": i.number,
        "date": i.answered_on.or(i.asked_on).map(|d| d.format("%Y-%m-%d").to_string()),
        "paperType": "Beantwortung einer Anfrage",
        "originatorOrganization": [format!("{b}/organization/{}", key_of(&i.faction))],
        "underDirectionOf": (!i.answered_by.is_empty()).then(|| vec![format!("{b}/organization/{}", key_of(&i.answered_by))]),
        "mainFile": file_json(state, i),
        "keyword": (!i.keywords.is_empty()).then_some(&i.keywords),
        "web": web,
        "created": stamp(i.created()),
        "modified": stamp(i.updated_at),
    }))
}

fn file_json(state: &AppState, i: &Inquiry) -> Value {
    let b = base(state);
    let web = format!("{}/anfragen/{}", state.config.base_url.trim_end_matches('/'), i.slug);
    without_nulls(json!({
        "id": format!("{b}/file/{}", i.slug),
        "type": kind("File"),
        "name": format!("Antwort auf die Anfrage {}", i.number),
        "fileName": format!("anfrage-{}.html", i.slug),
        "mimeType": "text/html",
        "date": i.answered_on.map(|d| d.format("%Y-%m-%d").to_string()),
        "accessUrl": web,
        "paper": [format!("{b}/paper/{}", i.slug)],
        "web": web,
        "created": stamp(i.created()),
        "modified": stamp(i.updated_at),
    }))
}

/// The time filters and the page of a list request.
struct ListQuery {
    created_since: Option<DateTime<Utc>>,
    created_until: Option<DateTime<Utc>>,
    modified_since: Option<DateTime<Utc>>,
    modified_until: Option<DateTime<Utc>>,
    limit: i64,
    page: i64,
}

impl ListQuery {
    fn parse(params: &Params) -> Result<ListQuery> {
        let time = |key: &str| -> Result<Option<DateTime<Utc>>> {
            params
                .get(key)
                .map(|v| {
                    DateTime::parse_from_rfc3339(v).map(|t| t.with_timezone(&Utc)).map_err(|_| {
                        Error::BadRequest(format!(
                            "„{v}“ ist kein gültiger Zeitpunkt (Parameter „{key}“): erwartet wird ISO 8601 mit Zeitzone, zum Beispiel 2023-05-12T00:00:00+02:00."
                        ))
                    })
                })
                .transpose()
        };
        let number = |key: &str, default: i64, max: i64| -> Result<i64> {
            match params.get(key) {
                None => Ok(default),
                Some(v) => v.parse::<i64>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(|| {
                    Error::BadRequest(format!(
                        "„{v}“ ist kein gültiger Wert für „{key}“: erwartet wird eine ganze Zahl von 1 bis {max}."
                    ))
                }),
            }
        };
        Ok(ListQuery {
            created_since: time("created_since")?,
            created_until: time("created_until")?,
            modified_since: time("modified_since")?,
            modified_until: time("modified_until")?,
            limit: number("limit", PAGE, MAX_PAGE)?,
            page: number("page", 1, 100_000)?,
        })
    }

    fn keeps(&self, created: DateTime<Utc>, modified: DateTime<Utc>) -> bool {
        self.created_since.is_none_or(|t| created >= t)
            && self.created_until.is_none_or(|t| created <= t)
            && self.modified_since.is_none_or(|t| modified >= t)
            && self.modified_until.is_none_or(|t| modified <= t)
    }

    /// The OParl list: this page of `all`, with pagination and links keeping the filters.
    fn list(&self, address: &str, params: &Params, all: Vec<Value>) -> Value {
        let total = all.len() as i64;
        let pages = ((total + self.limit - 1) / self.limit).max(1);
        let data: Vec<Value> =
            all.into_iter().skip(((self.page - 1) * self.limit) as usize).take(self.limit as usize).collect();
        let link = |page: i64| {
            let mut pairs: Vec<(&str, &str)> = params.fingerprint().into_iter().filter(|(k, _)| *k != "page").collect();
            let page = page.to_string();
            pairs.push(("page", &page));
            format!("{address}?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
        };
        let mut links = Map::new();
        links.insert("first".into(), json!(link(1)));
        links.insert("last".into(), json!(link(pages)));
        links.insert("self".into(), json!(link(self.page)));
        if self.page > 1 {
            links.insert("prev".into(), json!(link((self.page - 1).min(pages))));
        }
        if self.page < pages {
            links.insert("next".into(), json!(link(self.page + 1)));
        }
        json!({
            "data": data,
            "pagination": { "totalElements": total, "elementsPerPage": self.limit, "currentPage": self.page, "totalPages": pages },
            "links": links,
        })
    }
}

async fn inquiries(state: &AppState) -> Result<Vec<Inquiry>> {
    Ok(sqlx::query_as(&format!("{INQUIRIES} ORDER BY i.answered_on DESC NULLS FIRST, i.number DESC"))
        .bind(state.site.city_id)
        .fetch_all(&state.db)
        .await?)
}

/// When the portal's council data last changed, and since when it has any.
fn span(all: &[Inquiry]) -> (DateTime<Utc>, DateTime<Utc>) {
    let modified = all.iter().map(|i| i.updated_at).max().unwrap_or_default();
    let created = all.iter().map(Inquiry::created).min().unwrap_or(modified);
    (created, modified)
}

async fn system(State(state): State<AppState>) -> Result<(Shows, Response)> {
    let all = inquiries(&state).await?;
    let (created, modified) = span(&all);
    let site = &state.site;
    let web = state.config.base_url.trim_end_matches('/').to_string();
    let value = without_nulls(json!({
        "id": format!("{}/system", base(&state)),
        "type": kind("System"),
        "oparlVersion": VERSION,
        "body": format!("{}/bodies", base(&state)),
        "name": format!("{}: Anfragen und Antworten", site.portal_name),
        "license": (!site.data_licence.is_empty()).then_some(&site.data_licence),
        "contactEmail": (!site.data_contact_email.is_empty()).then_some(&site.data_contact_email),
        "contactName": site.portal_name,
        "website": format!("{web}/"),
        "vendor": format!("{web}/impressum"),
        "product": format!("{web}/daten"),
        "web": format!("{web}/anfragen"),
        "created": stamp(created),
        "modified": stamp(modified),
    }));
    Ok((Shows::new().any(Topic::Inquiry), answer(&value)))
}

async fn body_json(state: &AppState) -> Result<Value> {
    let all = inquiries(state).await?;
    let (created, modified) = span(&all);
    let b = base(state);
    let site = &state.site;
    let web = state.config.base_url.trim_end_matches('/').to_string();
    Ok(without_nulls(json!({
        "id": format!("{b}/body"),
        "type": kind("Body"),
        "system": format!("{b}/system"),
        "name": format!("Stadt {}", site.name),
        "shortName": site.name,
        "website": format!("{web}/"),
        "license": (!site.data_licence.is_empty()).then_some(&site.data_licence),
        "ags": (!site.ags.is_empty()).then_some(&site.ags),
        "contactEmail": (!site.data_contact_email.is_empty()).then_some(&site.data_contact_email),
        "contactName": site.portal_name,
        "organization": format!("{b}/body/organizations"),
        "person": format!("{b}/body/persons"),
        "meeting": format!("{b}/body/meetings"),
        "paper": format!("{b}/body/papers"),
        "agendaItem": format!("{b}/body/agendaItems"),
        "consultation": format!("{b}/body/consultations"),
        "file": format!("{b}/body/files"),
        "membership": format!("{b}/body/memberships"),
        "locationList": format!("{b}/body/locations"),
        "legislativeTermList": format!("{b}/body/legislativeTerms"),
        "legislativeTerm": [],
        "classification": "Stadt",
        "web": format!("{web}/anfragen"),
        "created": stamp(created),
        "modified": stamp(modified),
    })))
}

async fn bodies(State(state): State<AppState>, params: Params) -> Result<(Shows, Response)> {
    let query = ListQuery::parse(&params)?;
    let body = body_json(&state).await?;
    let list = query.list(&format!("{}/bodies", base(&state)), &params, vec![body]);
    Ok((Shows::new().any(Topic::Inquiry), answer(&list)))
}

async fn body(State(state): State<AppState>) -> Result<(Shows, Response)> {
    Ok((Shows::new().any(Topic::Inquiry), answer(&body_json(&state).await?)))
}

async fn papers(State(state): State<AppState>, params: Params) -> Result<(Shows, Response)> {
    let query = ListQuery::parse(&params)?;
    let all = inquiries(&state).await?;
    // Archived inquiries are told as deleted only to clients that ask for changes since a time.
    let data = all
        .iter()
        .filter(|i| !i.archived || query.modified_since.is_some())
        .filter(|i| query.keeps(i.created(), i.updated_at))
        .map(|i| paper_json(&state, i))
        .collect();
    let list = query.list(&format!("{}/body/papers", base(&state)), &params, data);
    Ok((Shows::new().any(Topic::Inquiry).any(Topic::ProjectText), answer(&list)))
}

async fn files(State(state): State<AppState>, params: Params) -> Result<(Shows, Response)> {
    let query = ListQuery::parse(&params)?;
    let all = inquiries(&state).await?;
    let data = all
        .iter()
        .filter(|i| !i.archived && query.keeps(i.created(), i.updated_at))
        .map(|i| file_json(&state, i))
        .collect();
    let list = query.list(&format!("{}/body/files", base(&state)), &params, data);
    Ok((Shows::new().any(Topic::Inquiry), answer(&list)))
}

/// The factions that asked and the offices that answered, each once.
fn organizations_of(state: &AppState, all: &[Inquiry]) -> Vec<Value> {
    let b = base(state);
    let mut seen: Vec<(String, &'static str, DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for i in all.iter().filter(|i| !i.archived) {
        for (name, organization_type) in [(&i.faction, "Fraktion"), (&i.answered_by, "Verwaltungsbereich")] {
            if name.is_empty() {
                continue;
            }
            match seen.iter_mut().find(|(n, t, _, _)| n == name && *t == organization_type) {
                Some(entry) => {
                    entry.2 = entry.2.min(i.created());
                    entry.3 = entry.3.max(i.updated_at);
                }
                None => seen.push((name.clone(), organization_type, i.created(), i.updated_at)),
            }
        }
    }
    seen.into_iter()
        .map(|(name, organization_type, created, modified)| {
            json!({
                "id": format!("{b}/organization/{}", key_of(&name)),
                "type": kind("Organization"),
                "body": format!("{b}/body"),
                "name": name,
                "organizationType": organization_type,
                "classification": organization_type,
                "created": stamp(created),
                "modified": stamp(modified),
            })
        })
        .collect()
}

async fn organizations(State(state): State<AppState>, params: Params) -> Result<(Shows, Response)> {
    let query = ListQuery::parse(&params)?;
    let all = inquiries(&state).await?;
    let data: Vec<Value> = organizations_of(&state, &all)
        .into_iter()
        .filter(|o| {
            let at = |k: &str| {
                o[k].as_str().and_then(|t| DateTime::parse_from_rfc3339(t).ok()).map(|t| t.with_timezone(&Utc))
            };
            query.keeps(at("created").unwrap_or_default(), at("modified").unwrap_or_default())
        })
        .collect();
    let list = query.list(&format!("{}/body/organizations", base(&state)), &params, data);
    Ok((Shows::new().any(Topic::Inquiry), answer(&list)))
}

async fn empty_list(State(state): State<AppState>, Path(list): Path<String>, params: Params) -> Result<Response> {
    if !EMPTY_LISTS.contains(&list.as_str()) {
        return Err(Error::NotFound);
    }
    let query = ListQuery::parse(&params)?;
    Ok(answer(&query.list(&format!("{}/body/{list}", base(&state)), &params, Vec::new())))
}

async fn find(state: &AppState, slug: &str) -> Result<Inquiry> {
    sqlx::query_as(&format!("{INQUIRIES} AND i.slug = $2"))
        .bind(state.site.city_id)
        .bind(slug)
        .fetch_optional(&state.db)
        .await?
        .ok_or(Error::NotFound)
}

async fn paper(State(state): State<AppState>, Path(slug): Path<String>) -> Result<(Shows, Response)> {
    let inquiry = find(&state, &slug).await?;
    Ok((Shows::new().any(Topic::Inquiry).any(Topic::ProjectText), answer(&paper_json(&state, &inquiry))))
}

async fn file(State(state): State<AppState>, Path(slug): Path<String>) -> Result<(Shows, Response)> {
    let inquiry = find(&state, &slug).await?;
    if inquiry.archived {
        return Err(Error::NotFound);
    }
    Ok((Shows::new().any(Topic::Inquiry), answer(&file_json(&state, &inquiry))))
}

async fn organization(State(state): State<AppState>, Path(key): Path<String>) -> Result<(Shows, Response)> {
    let all = inquiries(&state).await?;
    let found = organizations_of(&state, &all)
        .into_iter()
        .find(|o| o["id"].as_str().is_some_and(|id| id.ends_with(&format!("/organization/{key}"))));
    Ok((Shows::new().any(Topic::Inquiry), answer(&found.ok_or(Error::NotFound)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_keys_are_readable_and_stable() {
        assert_eq!(key_of("FDP-Stadtratsfraktion"), "fdp-stadtratsfraktion");
        assert_eq!(key_of("Oberbürgermeister Nino Haase"), "oberbuergermeister-nino-haase");
        assert_eq!(key_of("  Bündnis 90/Die Grünen "), "buendnis-90-die-gruenen");
    }

    #[test]
    fn nulls_are_left_out_at_every_depth() {
        let v = without_nulls(json!({"a": null, "b": {"c": null, "d": 1}, "e": [{"f": null}]}));
        assert_eq!(v, json!({"b": {"d": 1}, "e": [{}]}));
    }
}
