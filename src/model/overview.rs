//! Key figures of the overview page; also frozen into annual reports at release.

use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use crate::domain::{ProjectKind, ProjectStatus};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub code: String,
    pub label: String,
    pub count: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFigures {
    /// ISO date the figures were taken.
    pub as_of: String,
    pub projects_total: i64,
    pub projects_by_status: Vec<Count>,
    pub projects_by_kind: Vec<Count>,
    pub services_total: i64,
    pub services_online: i64,
    pub services_ozg_level: i64,
    pub milestones_reached_this_year: i64,
    pub milestones_overdue: i64,
}

/// Counts over the city's current, non-archived records.
pub async fn key_figures(conn: &mut PgConnection, city_id: i64) -> Result<KeyFigures, sqlx::Error> {
    // One pass over the narrow (city, status, kind) index gives both breakdowns.
    let by_status_kind: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT status, kind, count(*) FROM projects WHERE city_id = $1 AND archived_at IS NULL GROUP BY status, kind",
    )
    .bind(city_id)
    .fetch_all(&mut *conn)
    .await?;
    let sum_by = |key: fn(&(String, String, i64)) -> &String| {
        let mut out: Vec<(String, i64)> = Vec::new();
        for row in &by_status_kind {
            match out.iter_mut().find(|(k, _)| k == key(row)) {
                Some((_, n)) => *n += row.2,
                None => out.push((key(row).clone(), row.2)),
            }
        }
        out
    };
    let by_status = sum_by(|r| &r.0);
    let by_kind = sum_by(|r| &r.1);
    let (services_total, services_online, services_ozg_level): (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE status IN ('online', 'online_rework')), \
                count(*) FILTER (WHERE status IN ('online', 'online_rework') AND maturity >= 3) \
         FROM services WHERE city_id = $1 AND archived_at IS NULL",
    )
    .bind(city_id)
    .fetch_one(&mut *conn)
    .await?;
    // Milestones of archived projects do not count; few projects are archived.
    let (reached, overdue, as_of): (i64, i64, chrono::NaiveDate) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM milestones m WHERE m.city_id = $1 AND m.status = 'reached' AND m.archived_at IS NULL \
                   AND m.achieved_on >= date_trunc('year', current_date)::date \
                   AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = m.project_id AND p.archived_at IS NOT NULL)), \
                (SELECT count(*) FROM milestones m WHERE m.city_id = $1 AND m.status = 'open' AND m.archived_at IS NULL \
                   AND coalesce(m.forecast_on, m.planned_on) < current_date \
                   AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = m.project_id AND p.archived_at IS NOT NULL)), \
                current_date",
    )
    .bind(city_id)
    .fetch_one(&mut *conn)
    .await?;
    let lookup = |rows: &[(String, i64)], code: &str| rows.iter().find(|(c, _)| c == code).map_or(0, |(_, n)| *n);
    Ok(KeyFigures {
        as_of: as_of.to_string(),
        projects_total: by_status.iter().map(|(_, n)| n).sum(),
        projects_by_status: ProjectStatus::ALL
            .iter()
            .map(|s| Count { code: s.code().into(), label: s.label().into(), count: lookup(&by_status, s.code()) })
            .collect(),
        projects_by_kind: ProjectKind::ALL
            .iter()
            .map(|k| Count { code: k.code().into(), label: k.label().into(), count: lookup(&by_kind, k.code()) })
            .collect(),
        services_total,
        services_online,
        services_ozg_level,
        milestones_reached_this_year: reached,
        milestones_overdue: overdue,
    })
}
