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
use crate::domain::{Maturity, MaturityModel, ProjectStatus};
use crate::error::{Error, Result};
use crate::model::trends::{self, Series};
use crate::page_cache::{Shows, Topic};
use crate::ui::charts::{Chart, month_label};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/verlauf/online-dienste.csv", get(services_csv))
        .route("/verlauf/online-dienste-2.0.csv", get(services_v2_csv))
        .route("/verlauf/projekte.csv", get(projects_csv))
        .route("/verlauf/meilensteine.csv", get(milestones_csv))
}

/// A series' category (a level) named on its model's scale.
fn maturity_label(model: MaturityModel) -> impl Fn(&str) -> String {
    move |code| {
        let level: i64 = code.parse().unwrap_or_default();
        let name = Maturity::new(model, level).map_or("unbekannt", |m| m.label());
        format!("Reifegrad {level} – {name}")
    }
}

/// Where a model's series is downloaded.
fn services_csv_href(model: MaturityModel) -> &'static str {
    match model {
        MaturityModel::V1 => "/verlauf/online-dienste.csv",
        MaturityModel::V2 => "/verlauf/online-dienste-2.0.csv",
    }
}

fn status_label(code: &str) -> String {
    ProjectStatus::from_code(code).map_or_else(|| code.to_string(), |s| s.label().to_string())
}

/// Online services per month by maturity level: one chart per model, since
/// the scales of model 1.1 (0-4) and 2.0 (0-7) do not add up. A model no
/// service was ever rated on gets no chart.
pub async fn services_charts(conn: &mut PgConnection, city_id: i64) -> Result<Vec<Chart>> {
    let mut charts = Vec::new();
    for model in MaturityModel::ALL {
        let mut series = trends::services_by_maturity(conn, city_id, model).await?;
        if model == MaturityModel::V2 {
            // Few services are rated on the new scale yet: its unused levels would only fill the legend.
            series = without_empty(series);
        }
        let chart = Chart::new(
            match model {
                MaturityModel::V1 => "verlauf-dienste-1-1",
                MaturityModel::V2 => "verlauf-dienste-2-0",
            },
            format!("Online-Dienste je Monat nach Reifegrad ({})", model.label()),
            "Online-Dienste",
            &series,
            maturity_label(model),
        )
        .at_month_end(true)
        .with_csv(services_csv_href(model));
        if !chart.is_empty() {
            charts.push(chart);
        }
    }
    Ok(charts)
}

/// Projects per month by status.
pub async fn projects_chart(conn: &mut PgConnection, city_id: i64) -> Result<Chart> {
    let series = without_empty(trends::projects_by_status(conn, city_id).await?);
    Ok(Chart::new("verlauf-projekte", "Projekte je Monat nach Status".into(), "Projekte", &series, status_label)
        .at_month_end(true)
        .with_csv("/verlauf/projekte.csv"))
}

/// Milestones reached per month.
pub async fn milestones_chart(conn: &mut PgConnection, city_id: i64) -> Result<Chart> {
    let series = trends::milestones_reached(conn, city_id).await?;
    Ok(Chart::new(
        "verlauf-meilensteine",
        "Erreichte Meilensteine je Monat".into(),
        "Erreichte Meilensteine",
        &series,
        |_| "erreicht".into(),
    )
    .at_month_end(false)
    .with_csv("/verlauf/meilensteine.csv"))
}

/// Statuses no project ever had in the period take no room in the legend and the table.
fn without_empty(mut series: Series) -> Series {
    series.categories.retain(|(_, values)| values.iter().any(|n| *n > 0));
    series
}

/// A series as CSV: one row per month, one column per category (with its code).
fn csv(name: &str, series: &Series, label: impl Fn(&str) -> String) -> Result<Response> {
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
