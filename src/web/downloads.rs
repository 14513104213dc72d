//! The downloads of the list pages: `/projekte.csv` and `/projekte.json`, and
//! the same for milestones, online services, updates and inquiries. Each is
//! the list's current, filtered view (the page's own query parameters), every
//! row of it, not one page. The columns are the fields of the API's record,
//! named and explained on `/daten`; CSV is UTF-8 with a BOM and `;`, as
//! German spreadsheets expect, and formula-safe (`ui::csv`).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{Error, Result};
use crate::model::projects::{self as project_model, MilestoneView};
use crate::model::records::{
    self, InquiryRecord, Listed, Listing, MilestoneRecord, ProjectRecord, ServiceRecord, UpdateRecord,
};
use crate::model::{Date, services, strategy};
use crate::page_cache::{Shows, Streamed, Topic};
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
pub(crate) enum Format {
    Csv,
    Json,
}

impl Format {
    pub(crate) const BOTH: [Format; 2] = [Format::Csv, Format::Json];

    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// Up to this many rows a download is one answer, which the page cache
/// stores; a longer one is streamed in chunks of [`CHUNK`] rows, so that the
/// portal never holds more than a chunk (200,000 updates would be 150 MB).
const STORED_ROWS: usize = 2_000;
pub(crate) const CHUNK: usize = 1_000;

async fn projects(State(state): State<AppState>, params: Params, format: Format) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let city = state.site.city_id;
    let choices = strategy::project_filter_choices(&mut *conn, city).await?;
    let (filter, sort) = filters::projects(&params, &choices)?;
    let ids = records::ids(&mut conn, city, &Listing::Projects(&filter, sort)).await?;
    let answer = send::<ProjectRecord>(&state, conn, "projekte", format, ids, &params).await?;
    Ok((Shows::new().any(Topic::Project), answer))
}

async fn milestones(State(state): State<AppState>, params: Params, format: Format) -> Result<(Shows, Response)> {
    let allowed: Vec<&str> = MilestoneView::ALL.iter().map(|v| v.code()).collect();
    let view = params.choice("ansicht", "params-what-view", MilestoneView::from_code, &allowed)?;
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let city = state.site.city_id;
    // Without a section: all three, each in its own order.
    let mut ids = Vec::new();
    for v in view.map_or_else(|| MilestoneView::ALL.to_vec(), |v| vec![v]) {
        ids.extend(records::ids(&mut conn, city, &Listing::Milestones(v)).await?);
    }
    let answer = send::<MilestoneRecord>(&state, conn, "meilensteine", format, ids, &params).await?;
    Ok((Shows::new().any(Topic::Project), answer))
}

async fn services(State(state): State<AppState>, params: Params, format: Format) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let topic_areas = services::topic_areas(&mut *conn).await?;
    let (filter, sort) = filters::services(&params, &topic_areas)?;
    let ids = records::ids(&mut conn, state.site.city_id, &Listing::Services(&filter, sort)).await?;
    let answer = send::<ServiceRecord>(&state, conn, "online-dienste", format, ids, &params).await?;
    Ok((Shows::new().any(Topic::Service), answer))
}

async fn updates(State(state): State<AppState>, params: Params, format: Format) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let city = state.site.city_id;
    let project = match params.get("projekt") {
        Some(slug) => Some(project_model::link_by_slug(&mut *conn, city, slug).await?.ok_or(Error::NotFound)?),
        None => None,
    };
    let ids = records::ids(&mut conn, city, &Listing::Updates(project.map(|p| p.id))).await?;
    let answer = send::<UpdateRecord>(&state, conn, "aktuelles", format, ids, &params).await?;
    Ok((Shows::new().any(Topic::Project), answer))
}

async fn inquiries(State(state): State<AppState>, params: Params, format: Format) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let ids = records::ids(&mut conn, state.site.city_id, &Listing::Inquiries).await?;
    let answer = send::<InquiryRecord>(&state, conn, "anfragen", format, ids, &params).await?;
    Ok((Shows::new().any(Topic::Inquiry), answer))
}

/// The rows with `ids`, in their order: in one answer when short, else streamed.
async fn send<T: Listed>(
    state: &AppState,
    mut conn: crate::ui::stand::Reader,
    name: &str,
    format: Format,
    ids: Vec<i64>,
    params: &Params,
) -> Result<Response> {
    let base = state.config.base_url.trim_end_matches('/').to_string();
    if ids.len() <= STORED_ROWS {
        let mut rows = records::in_order::<T>(&mut conn, &ids).await?;
        rows.iter_mut().for_each(|r| r.web_url().insert_str(0, &base));
        return download(name, format, &rows);
    }
    // The tag names the rows and this instance's change clock: no change, no new rows, same tag.
    let mut hasher = std::hash::DefaultHasher::new();
    (name, params.fingerprint(), &ids, state.cache.data_version(), state.cache.changed_at()).hash(&mut hasher);
    let etag = format!("W/\"s{:016x}\"", hasher.finish());
    let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(4);
    // Made here, not in the task: it reads the request's date.
    let mut out = Encoder::<T>::new(format, ids.len());
    tokio::spawn(async move {
        let _ = tx.send(Ok(out.head())).await;
        for chunk in ids.chunks(CHUNK) {
            let rows = match records::in_order::<T>(&mut conn, chunk).await {
                Ok(rows) => rows,
                Err(e) => {
                    // The answer has begun: the client sees an unfinished transfer, never a short file as if whole.
                    tracing::error!(error = %e, "download failed midway");
                    let _ = tx.send(Err(std::io::Error::other(e))).await;
                    return;
                }
            };
            let bytes = match out.rows(rows, &base) {
                Ok(bytes) => bytes,
                Err(e) => {
                    tracing::error!(error = %e, "download failed midway");
                    let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
                    return;
                }
            };
            if tx.send(Ok(bytes)).await.is_err() {
                return; // The client went away.
            }
        }
        let _ = tx.send(Ok(out.tail())).await;
    });
    let body =
        Body::from_stream(futures_util::stream::unfold(
            rx,
            |mut rx| async move { rx.recv().await.map(|item| (item, rx)) },
        ));
    let mut response = file_response(name, format, body);
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response.extensions_mut().insert(Streamed);
    Ok(response)
}

/// Writes a streamed download piece by piece: the head, chunks of rows, the tail.
pub(crate) struct Encoder<T> {
    format: Format,
    total: usize,
    written: usize,
    /// The day the rows show (today, or a dated request's day), read where the request is.
    stand: Date,
    _rows: std::marker::PhantomData<T>,
}

impl<T: Listed> Encoder<T> {
    pub(crate) fn new(format: Format, total: usize) -> Self {
        Encoder { format, total, written: 0, stand: crate::ui::stand::shown_day(), _rows: std::marker::PhantomData }
    }

    pub(crate) fn head(&self) -> Bytes {
        match self.format {
            Format::Csv => {
                let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer("\u{feff}".as_bytes().to_vec());
                let _ = writer.write_record(columns::<T>());
                Bytes::from(writer.into_inner().unwrap_or_default())
            }
            Format::Json => Bytes::from_static(b"{\"data\":["),
        }
    }

    pub(crate) fn rows(&mut self, rows: Vec<T>, base: &str) -> Result<Bytes> {
        let mut out = Vec::with_capacity(rows.len() * 512);
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
        for mut row in rows {
            row.web_url().insert_str(0, base);
            match self.format {
                Format::Csv => {
                    let value = serde_json::to_value(&row).map_err(anyhow::Error::from)?;
                    writer
                        .write_record(columns::<T>().iter().map(|c| cell(&value[c])))
                        .map_err(|e| Error::Other(e.into()))?;
                }
                Format::Json => {
                    if self.written > 0 {
                        out.push(b',');
                    }
                    serde_json::to_writer(&mut out, &row).map_err(anyhow::Error::from)?;
                }
            }
            self.written += 1;
        }
        if self.format == Format::Csv {
            out = writer.into_inner().map_err(|e| Error::Other(anyhow::anyhow!("{e}")))?;
        }
        Ok(Bytes::from(out))
    }

    pub(crate) fn tail(&self) -> Bytes {
        match self.format {
            Format::Csv => Bytes::new(),
            Format::Json => Bytes::from(format!("],\"stand\":\"{}\",\"total\":{}}}", self.stand.iso(), self.total)),
        }
    }
}

/// The rows as a file named after the list and today's date.
fn download<T: Serialize + ToSchema>(name: &str, format: Format, rows: &[T]) -> Result<Response> {
    Ok(file_response(name, format, Body::from(file(format, rows)?)))
}

/// The rows as one file: CSV, or JSON with the date and the count.
pub(crate) fn file<T: Serialize + ToSchema>(format: Format, rows: &[T]) -> Result<Vec<u8>> {
    match format {
        Format::Csv => csv(rows),
        Format::Json => {
            let body =
                serde_json::json!({ "stand": crate::ui::stand::shown_day().iso(), "total": rows.len(), "data": rows });
            Ok(serde_json::to_vec(&body).map_err(anyhow::Error::from)?)
        }
    }
}

fn file_response(name: &str, format: Format, body: Body) -> Response {
    let content_type = match format {
        Format::Csv => "text/csv; charset=utf-8",
        Format::Json => "application/json",
    };
    let disposition =
        format!("attachment; filename=\"{name}-{}.{}\"", crate::ui::stand::shown_day().iso(), format.extension());
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*".to_string()),
        ],
        body,
    )
        .into_response()
}

/// The record's fields as the OpenAPI document names them (in its order).
pub fn columns<T: ToSchema>() -> &'static [String] {
    static COLUMNS: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    let all = COLUMNS.get_or_init(|| {
        crate::api::document()["components"]["schemas"]
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
