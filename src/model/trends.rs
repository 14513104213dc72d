//! Change over time, month by month, from the versions of migration 0013: the
//! series behind the charts of the overview and the service catalogue.
//!
//! Each month is counted at its last moment (or at the page's moment, for the
//! month it shows), from the first month of the city's history to the page's
//! day. The versions tables are read directly; `as_of_until()` is the page's
//! moment on a dated page and now otherwise.

use chrono::NaiveDate;
use sqlx::PgConnection;

/// The months of a series and, per category, one value per month.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Series {
    /// The first day of each month, oldest first.
    pub months: Vec<NaiveDate>,
    /// (code, values per month)
    pub categories: Vec<(String, Vec<i64>)>,
}

impl Series {
    /// An empty series has no months (a city without history) or only zeros.
    pub fn is_empty(&self) -> bool {
        self.months.is_empty() || self.categories.iter().all(|(_, v)| v.iter().all(|n| *n == 0))
    }

    fn from_rows(months: Vec<NaiveDate>, codes: &[&str], rows: &[(NaiveDate, String, i64)]) -> Series {
        let categories = codes
            .iter()
            .map(|code| {
                let values = months
                    .iter()
                    .map(|m| rows.iter().find(|(month, c, _)| month == m && c == code).map_or(0, |r| r.2))
                    .collect();
                (code.to_string(), values)
            })
            .collect();
        Series { months, categories }
    }
}

/// The months from the first of the city's history to the page's day, with the
/// moment each is counted at.
const MONTHS: &str = "WITH bounds AS ( \
        SELECT date_trunc('month', (least( \
                 (SELECT min(lower(valid)) FROM public.strategies_versions WHERE city_id = $1), \
                 (SELECT min(lower(valid)) FROM public.projects_versions WHERE city_id = $1), \
                 (SELECT min(lower(valid)) FROM public.services_versions WHERE city_id = $1)) \
               AT TIME ZONE 'Europe/Berlin'))::date AS first, \
               date_trunc('month', stand_date())::date AS last), \
     months AS ( \
        SELECT m::date AS month, \
               least(berlin_midnight((m + interval '1 month')::date) - interval '1 microsecond', \
                     coalesce(nullif(current_setting('sachstand.as_of', true), '')::timestamptz, now())) AS at \
        FROM bounds, generate_series(bounds.first, bounds.last, interval '1 month') m)";

async fn months(conn: &mut PgConnection, city_id: i64) -> Result<Vec<NaiveDate>, sqlx::Error> {
    sqlx::query_scalar(&format!("{MONTHS} SELECT month FROM months ORDER BY month"))
        .bind(city_id)
        .fetch_all(&mut *conn)
        .await
}

/// Online services (online or online in rework) at the end of each month, by maturity level (model 1.1).
pub async fn services_by_maturity(conn: &mut PgConnection, city_id: i64) -> Result<Series, sqlx::Error> {
    let rows: Vec<(NaiveDate, String, i64)> = sqlx::query_as(&format!(
        "{MONTHS} SELECT months.month, v.maturity::text, count(*) FROM months \
         JOIN public.services_versions v ON v.city_id = $1 AND v.valid @> months.at \
         WHERE v.archived_at IS NULL AND v.status IN ('online', 'online_rework') GROUP BY 1, 2"
    ))
    .bind(city_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Series::from_rows(months(conn, city_id).await?, &["0", "1", "2", "3", "4"], &rows))
}

/// Projects at the end of each month, by status.
pub async fn projects_by_status(conn: &mut PgConnection, city_id: i64) -> Result<Series, sqlx::Error> {
    let rows: Vec<(NaiveDate, String, i64)> = sqlx::query_as(&format!(
        "{MONTHS} SELECT months.month, v.status, count(*) FROM months \
         JOIN public.projects_versions v ON v.city_id = $1 AND v.valid @> months.at \
         WHERE v.archived_at IS NULL GROUP BY 1, 2"
    ))
    .bind(city_id)
    .fetch_all(&mut *conn)
    .await?;
    let codes: Vec<&str> = crate::domain::ProjectStatus::ALL.iter().map(|s| crate::domain::Code::code(*s)).collect();
    Ok(Series::from_rows(months(conn, city_id).await?, &codes, &rows))
}

/// Milestones reached in each month (as the page's day knows them).
pub async fn milestones_reached(conn: &mut PgConnection, city_id: i64) -> Result<Series, sqlx::Error> {
    let rows: Vec<(NaiveDate, String, i64)> = sqlx::query_as(&format!(
        "{MONTHS} SELECT months.month, 'reached', count(m.*) FROM months \
         JOIN milestones m ON m.city_id = $1 AND m.status = 'reached' AND m.archived_at IS NULL \
              AND NOT m.project_archived AND date_trunc('month', m.achieved_on)::date = months.month \
         GROUP BY 1, 2"
    ))
    .bind(city_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Series::from_rows(months(conn, city_id).await?, &["reached"], &rows))
}
