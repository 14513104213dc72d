//! `/api/v1/services` and `/api/v1/services/{slug}`: the OZG catalogue.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use utoipa::IntoParams;

use super::{
    MAX_PAGE_SIZE, Problem, absolute, codes_or_empty, envelope, json, list_links, one_of_or_empty, paged_list, stand,
};
use crate::AppState;
use crate::domain::{Addressee, ServiceStatus, TOPIC_AREAS};
use crate::error::{Error, Result};
use crate::model::records::{self, ServiceDetailRecord, ServiceRecord};
use crate::model::services::{self, ServiceSort};
use crate::page_cache::{Shows, Topic};
use crate::ui::extract::Path;
use crate::ui::{Params, filters};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/services", get(list)).route("/api/v1/services/{slug}", get(detail))
}

paged_list!(
    /// Online services matching the filters.
    ServiceList,
    ServiceRecord
);
envelope!(
    /// One online service.
    ServiceAnswer,
    ServiceDetailRecord
);

/// The filters of `/online-dienste`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct ServiceQuery {
    /// Slug des OZG-Themenfelds, z. B. `umwelt`.
    #[param(schema_with = topic_areas)]
    themenfeld: Option<String>,
    #[param(schema_with = codes_or_empty::<ServiceStatus>)]
    status: Option<String>,
    /// OZG-Reifegrad als Modell und Stufe: `1.1-0` bis `1.1-4` (Reifegradmodell 1.1)
    /// oder `2.0-0` bis `2.0-7` (Reifegradmodell 2.0); eine Stufe allein (`3`) meint Modell 1.1.
    #[param(schema_with = levels)]
    reifegrad: Option<String>,
    /// „Einer für Alle“: `ja` oder `nein`.
    #[param(schema_with = yes_no)]
    efa: Option<String>,
    #[param(schema_with = codes_or_empty::<Addressee>)]
    zielgruppe: Option<String>,
    #[param(max_length = 200, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    q: Option<String>,
    #[param(schema_with = codes_or_empty::<ServiceSort>)]
    sortierung: Option<String>,
    #[param(schema_with = super::page_number)]
    seite: Option<i64>,
    #[param(schema_with = super::page_size)]
    pro_seite: Option<i64>,
}

fn topic_areas() -> utoipa::openapi::schema::Object {
    one_of_or_empty(&TOPIC_AREAS)
}

fn levels() -> utoipa::openapi::schema::Object {
    one_of_or_empty(&[
        "0", "1", "2", "3", "4", "1.1-0", "1.1-1", "1.1-2", "1.1-3", "1.1-4", "2.0-0", "2.0-1", "2.0-2", "2.0-3",
        "2.0-4", "2.0-5", "2.0-6", "2.0-7",
    ])
}

fn yes_no() -> utoipa::openapi::schema::Object {
    one_of_or_empty(&["ja", "nein"])
}

#[utoipa::path(get, path = "/api/v1/services", operation_id = "services", tag = "Online-Dienste", params(ServiceQuery),
    responses(
        (status = 200, description = "Eine Seite der Online-Dienste", body = ServiceList),
        (status = 304, description = "Unverändert seit dem angegebenen ETag"),
        (status = 400, description = "Ungültiger Parameter", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(State(state): State<AppState>, params: Params) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let topic_areas = services::topic_areas(&mut *conn).await?;
    let (filter, sort) = filters::services(&params, &topic_areas)?;
    let page = params.sized_page(MAX_PAGE_SIZE)?;
    let (mut data, total) = records::services(&mut conn, state.site.city_id, &filter, sort, page).await?;
    drop(conn);
    let (pagination, links, link) =
        list_links(&state, "/api/v1/services", &filters::service_keep(&filter, sort), page, total)?;
    data.iter_mut().for_each(|s| absolute(&state, &mut s.web_url));
    let body = ServiceList { stand: stand(), data, pagination, links };
    Ok((Shows::new().any(Topic::Service), json(&body, Some(link))))
}

#[utoipa::path(get, path = "/api/v1/services/{slug}", operation_id = "service", tag = "Online-Dienste",
    params(("slug" = String, Path, description = "Slug des Online-Dienstes")),
    responses(
        (status = 200, description = "Der Dienst mit seinen Fallzahlen", body = ServiceAnswer),
        (status = 304, description = "Unverändert seit dem angegebenen ETag"),
        (status = 404, description = "Kein solcher Dienst", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn detail(State(state): State<AppState>, Path(slug): Path<String>) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let mut data = records::service(&mut *conn, state.site.city_id, &slug).await?.ok_or(Error::NotFound)?;
    absolute(&state, &mut data.service.web_url);
    // It names its projects by slug: a project renamed or archived changes it too.
    let shows = Shows::new().one(Topic::Service, data.service.id).any(Topic::ProjectText);
    Ok((shows, json(&ServiceAnswer { stand: stand(), data }, None)))
}
