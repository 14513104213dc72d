//! Change over time, month by month, from the versions of migration 0013: the
//! series behind the charts of the overview and the service catalogue.
//!
//! Each month is counted at its last moment (or at the page's moment, for the
//! month it shows), from the first month of the city's history to the page's
//! day. The versions tables are read directly; `as_of_until()` is the page's
//! moment on a dated page and now otherwise.

use crate::domain::MaturityModel;
use chrono::{Datelike, NaiveDate};
use sqlx::PgConnection;

/// The months of a series and, per category, one value per month.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Series {
    /// The first day of each month, oldest first.
    pub months: Vec<NaiveDate>,
    /// (code, values per month)
    pub categories: Vec<(String, Vec<i64>)>,
}

impl Series {
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
               date_trunc('month', stand_date())::date AS last, stand_date() AS day), \
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

/// Records of a versions table counted at the end of each month by `code`.
///
/// A month that has ended never changes (today's edits write versions from
/// now on; only a content load rewrites the past, and it clears the store), so
/// its counts are computed once, with one index probe of the versions valid at
/// its end, and kept in `trend_months` (migration 0013). The month a page shows
/// last (this one, or a dated page's) is counted at the page's moment, every
/// time. A dated page reads in a read-only transaction: it computes the months
/// it misses without keeping them.
async fn counted_by_month(
    conn: &mut PgConnection,
    city_id: i64,
    table: &str,
    code: &str,
    filter: &str,
    codes: &[&str],
    current: &str,
) -> Result<Series, sqlx::Error> {
    let chart = format!("{table}:{code}:{filter}");
    let months = months(conn, city_id).await?;
    let Some(&last) = months.last() else { return Ok(Series::from_rows(months, codes, &[])) };
    let this_month = crate::model::Date::today().0.with_day(1).unwrap_or(last);
    let mut rows: Vec<(NaiveDate, String, i64)> = sqlx::query_as(
        "SELECT month, code, n FROM trend_months WHERE city_id = $1 AND chart = $2 AND month < $3 AND code <> ''",
    )
    .bind(city_id)
    .bind(&chart)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    let done: Vec<NaiveDate> = sqlx::query_scalar(
        "SELECT month FROM trend_months WHERE city_id = $1 AND chart = $2 AND month < $3 AND code = ''",
    )
    .bind(city_id)
    .bind(&chart)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    let missing: Vec<NaiveDate> = months.iter().copied().filter(|m| *m < last && !done.contains(m)).collect();
    let count = |moment: &str| {
        format!(
            "SELECT m.month, {code} AS code, count(v.*)::int8 \
             FROM unnest($2::date[]) AS m(month) \
             JOIN public.{table}_versions v ON v.city_id = $1 AND v.valid @> {moment} \
             WHERE v.archived_at IS NULL AND {filter} GROUP BY 1, 2"
        )
    };
    if !missing.is_empty() {
        let end_of_month = "berlin_midnight((m.month + interval '1 month')::date) - interval '1 microsecond'";
        let counted: Vec<(NaiveDate, String, i64)> =
            sqlx::query_as(&count(end_of_month)).bind(city_id).bind(&missing).fetch_all(&mut *conn).await?;
        // Only months that ended before today are kept (a dated page's transaction cannot write).
        let read_only: String =
            sqlx::query_scalar("SELECT current_setting('transaction_read_only')").fetch_one(&mut *conn).await?;
        let keep: Vec<NaiveDate> = missing.iter().copied().filter(|m| *m < this_month).collect();
        if read_only == "off" && !keep.is_empty() {
            sqlx::query(
                "INSERT INTO trend_months (city_id, chart, month, code, n) \
                 SELECT $1, $2, month, code, n FROM unnest($3::date[], $4::text[], $5::int8[]) AS r(month, code, n) \
                 UNION ALL SELECT $1, $2, month, '', 0 FROM unnest($6::date[]) AS d(month) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(city_id)
            .bind(&chart)
            .bind(counted.iter().filter(|r| keep.contains(&r.0)).map(|r| r.0).collect::<Vec<_>>())
            .bind(counted.iter().filter(|r| keep.contains(&r.0)).map(|r| r.1.clone()).collect::<Vec<_>>())
            .bind(counted.iter().filter(|r| keep.contains(&r.0)).map(|r| r.2).collect::<Vec<_>>())
            .bind(&keep)
            .execute(&mut *conn)
            .await?;
        }
        rows.extend(counted);
    }
    // The last month at the page's moment: counted from the current records (today's tables, or
    // on a dated page the `asof` views of the same names), not probed from the versions.
    let current: Vec<(String, i64)> = sqlx::query_as(current).bind(city_id).fetch_all(&mut *conn).await?;
    rows.extend(current.into_iter().map(|(code, n)| (last, code, n)));
    Ok(Series::from_rows(months, codes, &rows))
}

/// Online services (online or online in rework) at the end of each month, by
/// their level on one maturity model (the models' scales are never added up).
pub async fn services_by_maturity(
    conn: &mut PgConnection,
    city_id: i64,
    model: MaturityModel,
) -> Result<Series, sqlx::Error> {
    // The model's code is one of two constants, so it can stand in the SQL (and in the stored months' key).
    let filter = format!("status IN ('online', 'online_rework') AND maturity_model = '{}'", model.code());
    // The current month from the tallies (migration 0015), or their `asof` view on a dated page.
    let current = format!(
        "SELECT maturity::text, sum(n)::int8 FROM service_level_tallies \
         WHERE city_id = $1 AND maturity_model = '{}' GROUP BY 1",
        model.code()
    );
    let codes: Vec<String> = model.levels().map(|m| m.level().to_string()).collect();
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    counted_by_month(conn, city_id, "services", "maturity::text", &filter, &codes, &current).await
}

/// Projects at the end of each month, by status.
pub async fn projects_by_status(conn: &mut PgConnection, city_id: i64) -> Result<Series, sqlx::Error> {
    let codes: Vec<&str> = crate::domain::ProjectStatus::ALL.iter().map(|s| crate::domain::Code::code(*s)).collect();
    // The key figures' tallies (migration 0007), or their `asof` view.
    let current = "SELECT status, sum(n)::int8 FROM project_tallies WHERE city_id = $1 GROUP BY status";
    counted_by_month(conn, city_id, "projects", "status", "true", &codes, current).await
}

/// Milestones reached in each month (as the page's day knows them), from the
/// day tallies of migration 0007 (or, on a dated page, their `asof` view).
pub async fn milestones_reached(conn: &mut PgConnection, city_id: i64) -> Result<Series, sqlx::Error> {
    let rows: Vec<(NaiveDate, String, i64)> = sqlx::query_as(&format!(
        "{MONTHS} SELECT date_trunc('month', t.day)::date, 'reached', sum(t.n)::int8 FROM bounds \
         JOIN milestone_tallies t ON t.city_id = $1 AND t.status = 'reached' \
              AND t.day >= bounds.first AND t.day <= bounds.day \
         GROUP BY 1, 2"
    ))
    .bind(city_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Series::from_rows(months(conn, city_id).await?, &["reached"], &rows))
}
