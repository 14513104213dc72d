//! Annual status reports. Only released reports are public.

use sqlx::PgExecutor;

use super::Date;
use super::overview::KeyFigures;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Report {
    pub year: i32,
    pub title: String,
    pub body_md: String,
    pub released_on: Option<Date>,
    pub key_figures: Option<sqlx::types::Json<KeyFigures>>,
    pub illustrative: bool,
}

const SELECT: &str = "SELECT year, title, body_md, released_on, key_figures, illustrative FROM annual_reports \
    WHERE city_id = $1 AND release_state = 'released' AND archived_at IS NULL";

pub async fn released(db: impl PgExecutor<'_>, city_id: i64) -> Result<Vec<Report>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} ORDER BY year DESC")).bind(city_id).fetch_all(db).await
}

pub async fn find(db: impl PgExecutor<'_>, city_id: i64, year: i32) -> Result<Option<Report>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} AND year = $2")).bind(city_id).bind(year).fetch_optional(db).await
}
