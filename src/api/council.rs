//! `/api/v1/reports` (released annual status reports with their frozen key
//! figures) and `/api/v1/inquiries` (the city's answers to council inquiries).

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use utoipa::IntoParams;

use super::{MAX_PAGE_SIZE, Problem, absolute, envelope, json, list_links, paged_list, stand};
use crate::AppState;
use crate::error::{Error, Result};
use crate::model::records::{self, InquiryDetailRecord, InquiryRecord, ReportRecord};
use crate::page_cache::{Shows, Topic};
use crate::ui::Params;
use crate::ui::extract::Path;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/reports", get(reports))
        .route("/api/v1/reports/{year}", get(report))
        .route("/api/v1/inquiries", get(inquiries))
        .route("/api/v1/inquiries/{slug}", get(inquiry))
}

envelope!(
    /// The released annual reports, newest first.
    ReportList,
    Vec<ReportRecord>
);
envelope!(
    /// One released annual report.
    ReportAnswer,
    ReportRecord
);
paged_list!(
    /// Answered (and open) council inquiries, newest answer first.
    InquiryList,
    InquiryRecord
);
envelope!(
    /// One inquiry with its questions and answers.
    InquiryAnswer,
    InquiryDetailRecord
);

#[utoipa::path(get, path = "/api/v1/reports", tag = "Rat",
    responses(
        (status = 200, description = "Alle freigegebenen Sachstandsberichte", body = ReportList),
        (status = 304, description = "Unverändert seit dem angegebenen ETag"),
    ))]
pub async fn reports(State(state): State<AppState>) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let mut data = records::reports(&mut *conn, state.site.city_id).await?;
    data.iter_mut().for_each(|r| absolute(&state, &mut r.web_url));
    Ok((Shows::new().any(Topic::Report), json(&ReportList { stand: stand(), data }, None)))
}

#[utoipa::path(get, path = "/api/v1/reports/{year}", tag = "Rat",
    params(("year" = i32, Path, description = "Berichtsjahr", minimum = 2000, maximum = 2100)),
    responses(
        (status = 200, description = "Der Bericht mit seinen eingefrorenen Kennzahlen", body = ReportAnswer),
        (status = 304, description = "Unverändert seit dem angegebenen ETag"),
        (status = 400, description = "Kein gültiges Jahr", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Kein freigegebener Bericht für dieses Jahr", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn report(State(state): State<AppState>, Path(year): Path<String>) -> Result<(Shows, Response)> {
    let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(|| {
        Error::BadRequest(format!(
            "„{year}“ ist kein gültiges Berichtsjahr: erwartet wird eine Jahreszahl von 2000 bis 2100."
        ))
    })?;
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let mut data = records::report(&mut *conn, state.site.city_id, year).await?.ok_or(Error::NotFound)?;
    absolute(&state, &mut data.web_url);
    Ok((Shows::new().any(Topic::Report), json(&ReportAnswer { stand: stand(), data }, None)))
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct InquiryQuery {
    #[param(schema_with = super::page_number)]
    seite: Option<i64>,
    #[param(schema_with = super::page_size)]
    pro_seite: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/inquiries", tag = "Rat", params(InquiryQuery),
    responses(
        (status = 200, description = "Eine Seite der Anfragen", body = InquiryList),
        (status = 304, description = "Unverändert seit dem angegebenen ETag"),
        (status = 400, description = "Ungültiger Parameter", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn inquiries(State(state): State<AppState>, params: Params) -> Result<(Shows, Response)> {
    let page = params.sized_page(MAX_PAGE_SIZE)?;
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let (mut data, total) = records::inquiries(&mut conn, state.site.city_id, page).await?;
    drop(conn);
    let (pagination, links, link) = list_links(&state, "/api/v1/inquiries", &[], page, total)?;
    data.iter_mut().for_each(|i| absolute(&state, &mut i.web_url));
    let body = InquiryList { stand: stand(), data, pagination, links };
    Ok((Shows::new().any(Topic::Inquiry), json(&body, Some(link))))
}

#[utoipa::path(get, path = "/api/v1/inquiries/{slug}", tag = "Rat",
    params(("slug" = String, Path, description = "Slug der Anfrage, z. B. `0730-2023`")),
    responses(
        (status = 200, description = "Die Anfrage mit Fragen und Antworten", body = InquiryAnswer),
        (status = 304, description = "Unverändert seit dem angegebenen ETag"),
        (status = 404, description = "Keine solche Anfrage", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn inquiry(State(state): State<AppState>, Path(slug): Path<String>) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let mut data = records::inquiry(&mut *conn, state.site.city_id, &slug).await?.ok_or(Error::NotFound)?;
    absolute(&state, &mut data.inquiry.web_url);
    let shows = Shows::new().one(Topic::Inquiry, data.inquiry.id).any(Topic::ProjectText).any(Topic::ServiceText);
    Ok((shows, json(&InquiryAnswer { stand: stand(), data }, None)))
}
