//! `/api/v1/strategy` (with goals, guidelines and cross-cutting themes),
//! `/api/v1/action-fields` and `/api/v1/units`.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use super::{absolute, envelope, json, stand};
use crate::AppState;
use crate::error::{Error, Result};
use crate::model::records::{self, SectionRecord, StrategyRecord, UnitRecord};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/strategy", get(strategy))
        .route("/api/v1/action-fields", get(action_fields))
        .route("/api/v1/units", get(units))
}

envelope!(
    /// The strategy.
    StrategyAnswer,
    StrategyRecord
);
envelope!(
    /// The action fields, in the strategy's order.
    ActionFieldList,
    Vec<SectionRecord>
);
envelope!(
    /// The organisation units.
    UnitList,
    Vec<UnitRecord>
);

// These answers say nothing of what they show: they are dropped on every
// change, as strategy texts and the organisation change rarely.

#[utoipa::path(get, path = "/api/v1/strategy", tag = "Strategie",
    responses(
        (status = 200, description = "Die Strategie mit Zielen, Leitlinien und Querschnittsthemen", body = StrategyAnswer),
        (status = 304, description = "Unverändert seit dem angegebenen ETag"),
        (status = 404, description = "Die Stadt hat (noch) keine Strategie geladen", body = super::Problem, content_type = "application/problem+json"),
    ))]
pub async fn strategy(State(state): State<AppState>) -> Result<Response> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let mut data = records::strategy(&mut *conn, state.site.city_id).await?.ok_or(Error::NotFound)?;
    absolute(&state, &mut data.web_url);
    for section in data.goals.0.iter_mut().chain(data.guidelines.0.iter_mut()).chain(data.themes.0.iter_mut()) {
        absolute(&state, &mut section.web_url);
    }
    Ok(json(&StrategyAnswer { stand: stand(), data }, None))
}

#[utoipa::path(get, path = "/api/v1/action-fields", tag = "Strategie",
    responses(
        (status = 200, description = "Die Handlungsfelder", body = ActionFieldList),
        (status = 304, description = "Unverändert seit dem angegebenen ETag"),
    ))]
pub async fn action_fields(State(state): State<AppState>) -> Result<Response> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let mut data = records::action_fields(&mut *conn, state.site.city_id).await?;
    data.iter_mut().for_each(|f| absolute(&state, &mut f.web_url));
    Ok(json(&ActionFieldList { stand: stand(), data }, None))
}

#[utoipa::path(get, path = "/api/v1/units", tag = "Strategie",
    responses(
        (status = 200, description = "Die Organisationseinheiten", body = UnitList),
        (status = 304, description = "Unverändert seit dem angegebenen ETag"),
    ))]
pub async fn units(State(state): State<AppState>) -> Result<Response> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let mut data = records::units(&mut *conn, state.site.city_id).await?;
    data.iter_mut().for_each(|u| absolute(&state, &mut u.web_url));
    Ok(json(&UnitList { stand: stand(), data }, None))
}
