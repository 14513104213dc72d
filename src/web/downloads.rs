//! The downloads of the list pages: `/projekte.csv` and `/projekte.json`, and
//! the same for milestones, online services, updates and inquiries. Each is
//! the list's current, filtered view (the page's own query parameters), every
//! row of it, not one page. The columns are the fields of the API's record,
//! named and explained on `/daten`; CSV is UTF-8 with a BOM and `;`, as
//! German spreadsheets expect, and formula-safe (`ui::csv`).

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use serde_json::Value;
use utoipa::{OpenApi, ToSchema};

use crate::AppState;
use crate::error::{Error, Result};
use crate::model::PageRequest;
use crate::model::projects::{self as project_model, MilestoneView};
use crate::model::records;
use crate::model::{Date, services, strategy};
use crate::page_cache::{Shows, Topic};
use crate::ui::{Params, filters};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projekte.csv", get(|s, p| projects(s, p, Format::Csv)))
        .route("/projekte.json", get(|s, p| projects(s, p, Format::Json)))
        .route("/meilensteine.csv", get(|s, p| milestones(s, p, Format::Csv)))
        .route("/meilensteine.json", get(|s, p| milestones(s, p, Format::Json)))
        .route("/online-dienste.csv", get(|s, p| services(s, p, Format::Csv)))
        .route("/online-dienste.json", get(|s, p| services(s, p, Format::Json)))
        .route("/aktuelles.csv", get(|s, p| updates(s, p, Format::Csv)))
        .route("/aktuelles.json", get(|s, p| updates(s, p, Format::Json)))
        .route("/anfragen.csv", get(|s, p| inquiries(s, p, Format::Csv)))
        .route("/anfragen.json", get(|s, p| inquiries(s, p, Format::Json)))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

/// Every row of a filtered list (a list this large is a download, not a page).
const ALL: PageRequest = PageRequest { number: 1, size: 1_000_000 };

async fn projects(State(state): State<AppState>, params: Params, format: Format) -> Result<(Shows, Response)> {
    let mut conn = state.db.acquire().await?;
    let city = state.site.city_id;
    let choices = strategy::project_filter_choices(&mut *conn, city).await?;
    let (filter, sort) = filters::projects(&params, &choices)?;
    let (mut rows, _) = records::projects(&mut conn, city, &filter, sort, ALL).await?;
    drop(conn);
    rows.iter_mut().for_each(|r| crate::api::absolute(&state, &mut r.web_url));
    Ok((Shows::new().any(Topic::Project), download("projekte", format, &rows)?))
}

async fn milestones(State(state): State<AppState>, params: Params, format: Format) -> Result<(Shows, Response)> {
    let allowed: Vec<&str> = MilestoneView::ALL.iter().map(|v| v.code()).collect();
    let view = params.choice("ansicht", "die Ansicht", MilestoneView::from_code, &allowed)?;
    let mut conn = state.db.acquire().await?;
    let city = state.site.city_id;
    // Without a section: all three, each in its own order.
    let mut rows = Vec::new();
    for v in view.map_or_else(|| MilestoneView::ALL.to_vec(), |v| vec![v]) {
        rows.extend(records::milestones(&mut *conn, city, v, ALL).await?);
    }
    drop(conn);
    rows.iter_mut().for_each(|r| crate::api::absolute(&state, &mut r.web_url));
    Ok((Shows::new().any(Topic::Project), download("meilensteine", format, &rows)?))
}

async fn services(State(state): State<AppState>, params: Params, format: Format) -> Result<(Shows, Response)> {
    let mut conn = state.db.acquire().await?;
    let topic_areas = services::topic_areas(&mut *conn).await?;
    let (filter, sort) = filters::services(&params, &topic_areas)?;
    let (mut rows, _) = records::services(&mut conn, state.site.city_id, &filter, sort, ALL).await?;
    drop(conn);
    rows.iter_mut().for_each(|r| crate::api::absolute(&state, &mut r.web_url));
    Ok((Shows::new().any(Topic::Service), download("online-dienste", format, &rows)?))
}

async fn updates(State(state): State<AppState>, params: Params, format: Format) -> Result<(Shows, Response)> {
    let mut conn = state.db.acquire().await?;
    let city = state.site.city_id;
    let project = match params.get("projekt") {
        Some(slug) => Some(project_model::link_by_slug(&mut *conn, city, slug).await?.ok_or(Error::NotFound)?),
        None => None,
    };
    let (mut rows, _) = records::updates(&mut conn, city, project.as_ref().map(|p| p.id), ALL).await?;
    drop(conn);
    rows.iter_mut().for_each(|r| crate::api::absolute(&state, &mut r.web_url));
    Ok((Shows::new().any(Topic::Project), download("aktuelles", format, &rows)?))
}

async fn inquiries(State(state): State<AppState>, _params: Params, format: Format) -> Result<(Shows, Response)> {
    let mut conn = state.db.acquire().await?;
    let (mut rows, _) = records::inquiries(&mut conn, state.site.city_id, ALL).await?;
    drop(conn);
    rows.iter_mut().for_each(|r| crate::api::absolute(&state, &mut r.web_url));
    Ok((Shows::new().any(Topic::Inquiry), download("anfragen", format, &rows)?))
}

/// The rows as a file named after the list and today's date.
fn download<T: Serialize + ToSchema>(name: &str, format: Format, rows: &[T]) -> Result<Response> {
    let today = Date::today().iso();
    let (body, content_type, extension) = match format {
        Format::Csv => (csv(rows)?, "text/csv; charset=utf-8", "csv"),
        Format::Json => {
            let body = serde_json::json!({ "stand": today, "total": rows.len(), "data": rows });
            (serde_json::to_vec(&body).map_err(anyhow::Error::from)?, "application/json", "json")
        }
    };
    let disposition = format!("attachment; filename=\"{name}-{today}.{extension}\"");
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*".to_string()),
        ],
        body,
    )
        .into_response())
}

/// The record's fields as the OpenAPI document names them (in its order).
pub fn columns<T: ToSchema>() -> &'static [String] {
    static COLUMNS: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    let all = COLUMNS.get_or_init(|| {
        let doc = serde_json::to_value(crate::api::ApiDoc::openapi()).unwrap_or_default();
        doc["components"]["schemas"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, schema)| {
                let fields = schema["properties"].as_object().map(|p| p.keys().cloned().collect()).unwrap_or_default();
                (name.clone(), fields)
            })
            .collect()
    });
    all.get(T::name().as_ref()).map_or(&[], Vec::as_slice)
}

/// One CSV cell: text formula-safe, lists joined with ", ", nothing for null.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => crate::ui::csv::cell(s),
        Value::Array(items) => crate::ui::csv::cell(
            &items
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        other => other.to_string(),
    }
}

fn csv<T: Serialize + ToSchema>(rows: &[T]) -> Result<Vec<u8>> {
    let columns = columns::<T>();
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    writer.write_record(columns).map_err(|e| Error::Other(e.into()))?;
    for row in rows {
        let value = serde_json::to_value(row).map_err(anyhow::Error::from)?;
        writer.write_record(columns.iter().map(|c| cell(&value[c]))).map_err(|e| Error::Other(e.into()))?;
    }
    let mut body = "\u{feff}".as_bytes().to_vec(); // BOM: spreadsheet programs then read UTF-8.
    body.extend(writer.into_inner().map_err(|e| Error::Other(anyhow::anyhow!("{e}")))?);
    Ok(body)
}
