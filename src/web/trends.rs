//! The charts over time (overview and service catalogue) and their series as
//! CSV: `/verlauf/online-dienste.csv`, `/verlauf/projekte.csv`,
//! `/verlauf/meilensteine.csv`. Like every public page they take `?stand=`.

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sqlx::PgConnection;

use crate::AppState;
use crate::domain::MaturityModel;
use crate::error::{Error, Result};
use crate::model::trends::{self, Series};
use crate::page_cache::{Shows, Topic};
use crate::ui::charts::{self, Chart, maturity_label, month_label, status_label};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/verlauf/online-dienste.csv", get(services_csv))
        .route("/verlauf/online-dienste-2.0.csv", get(services_v2_csv))
        .route("/verlauf/projekte.csv", get(projects_csv))
        .route("/verlauf/meilensteine.csv", get(milestones_csv))
}

/// Online services per month by maturity level: one chart per model, since
/// the scales of model 1.1 (0-4) and 2.0 (0-7) do not add up. A model no
/// service was ever rated on gets no chart.
pub async fn services_charts(conn: &mut PgConnection, city_id: i64) -> Result<Vec<Chart>> {
    let mut charts = Vec::new();
    for model in MaturityModel::ALL {
        let series = trends::services_by_maturity(conn, city_id, model).await?;
        let chart = charts::services(model, series).with_csv(charts::services_csv_href(model));
        if !chart.is_empty() {
            charts.push(chart);
        }
    }
    Ok(charts)
}

/// Projects per month by status.
pub async fn projects_chart(conn: &mut PgConnection, city_id: i64) -> Result<Chart> {
    Ok(charts::projects(trends::projects_by_status(conn, city_id).await?).with_csv("/verlauf/projekte.csv"))
}

/// Milestones reached per month.
pub async fn milestones_chart(conn: &mut PgConnection, city_id: i64) -> Result<Chart> {
    Ok(charts::milestones(trends::milestones_reached(conn, city_id).await?).with_csv("/verlauf/meilensteine.csv"))
}

/// A series as CSV: one row per month, one column per category (with its code).
/// The download is German under either language's address: its month and
/// category names are the city's data labels (`ui::charts` follows the request's
/// language, so the CSV is made inside [`crate::i18n::in_german`]).
fn csv(name: &str, series: &Series, label: impl Fn(&str) -> String) -> Result<Response> {
    crate::i18n::in_german(|| german_csv(name, series, label))
}

fn german_csv(name: &str, series: &Series, label: impl Fn(&str) -> String) -> Result<Response> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    let mut head = vec!["monat".to_string(), "monat_bezeichnung".to_string()];
    head.extend(series.categories.iter().map(|(code, _)| format!("{code} ({})", label(code))));
    writer.write_record(&head).map_err(|e| Error::Other(e.into()))?;
    for (i, month) in series.months.iter().enumerate() {
        let mut row = vec![month.format("%Y-%m").to_string(), month_label(*month)];
        row.extend(series.categories.iter().map(|(_, values)| values[i].to_string()));
        writer.write_record(&row).map_err(|e| Error::Other(e.into()))?;
    }
    let mut body = "\u{feff}".as_bytes().to_vec(); // BOM: spreadsheet programs then read UTF-8.
    body.extend(writer.into_inner().map_err(|e| Error::Other(anyhow::anyhow!("{e}")))?);
    let disposition = format!("attachment; filename=\"verlauf-{name}-{}.csv\"", crate::ui::stand::shown_day().iso());
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, disposition)],
        body,
    )
        .into_response())
}

async fn services_csv(State(state): State<AppState>) -> Result<(Shows, Response)> {
    services_model_csv(&state, MaturityModel::V1).await
}

async fn services_v2_csv(State(state): State<AppState>) -> Result<(Shows, Response)> {
    services_model_csv(&state, MaturityModel::V2).await
}

async fn services_model_csv(state: &AppState, model: MaturityModel) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let series = trends::services_by_maturity(&mut conn, state.site.city_id, model).await?;
    let name = format!("online-dienste-reifegradmodell-{}", model.code());
    Ok((Shows::new().any(Topic::Service), csv(&name, &series, maturity_label(model))?))
}

async fn projects_csv(State(state): State<AppState>) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let series = trends::projects_by_status(&mut conn, state.site.city_id).await?;
    Ok((Shows::new().any(Topic::Project), csv("projekte", &series, status_label)?))
}

async fn milestones_csv(State(state): State<AppState>) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let series = trends::milestones_reached(&mut conn, state.site.city_id).await?;
    Ok((Shows::new().any(Topic::Project), csv("meilensteine", &series, |_| "erreicht".into())?))
}
