//! Key figures of the overview page; also frozen into annual reports at release.

use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use crate::domain::{ProjectKind, ProjectStatus};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Count {
    /// Code des Status oder der Projektart.
    pub code: String,
    /// Deutsche Bezeichnung.
    pub label: String,
    /// Anzahl.
    pub count: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct KeyFigures {
    /// Datum, an dem die Zahlen erhoben wurden (JJJJ-MM-TT).
    pub as_of: String,
    /// Projekte insgesamt (ohne archivierte).
    pub projects_total: i64,
    /// Projekte je Status.
    pub projects_by_status: Vec<Count>,
    /// Projekte je Projektart.
    pub projects_by_kind: Vec<Count>,
    /// Online-Dienste im Katalog.
    pub services_total: i64,
    /// Davon online (Status „Online“ oder „Online, in Überarbeitung“).
    pub services_online: i64,
    /// Davon online mit OZG-Reifegrad 3 oder höher.
    pub services_ozg_level: i64,
    /// Im laufenden Jahr erreichte Meilensteine.
    pub milestones_reached_this_year: i64,
    /// Offene Meilensteine, deren Termin verstrichen ist.
    pub milestones_overdue: i64,
    /// Nur in Berichten: die Online-Dienste, die online sind, je Reifegrad (Reifegradmodell 1.1,
    /// Stufen 0 bis 4; Code ist die Stufe). Fehlt in Berichten, die vor dieser Aufschlüsselung freigegeben wurden.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services_online_by_maturity: Vec<Count>,
}

/// The key figures as a report freezes them: plus the online services by maturity level.
pub async fn report_figures(conn: &mut PgConnection, city_id: i64) -> Result<KeyFigures, sqlx::Error> {
    let mut figures = key_figures(&mut *conn, city_id).await?;
    let by_level: Vec<(i16, i64)> = sqlx::query_as(
        "SELECT maturity, count(*) FROM services \
         WHERE city_id = $1 AND archived_at IS NULL AND status IN ('online', 'online_rework') GROUP BY maturity",
    )
    .bind(city_id)
    .fetch_all(&mut *conn)
    .await?;
    figures.services_online_by_maturity = (0..=4)
        .map(|level: i16| Count {
            code: level.to_string(),
            label: format!(
                "Reifegrad {level} – {}",
                crate::domain::Maturity::new(i64::from(level)).map_or("unbekannt", |m| m.label())
            ),
            count: by_level.iter().find(|(l, _)| *l == level).map_or(0, |(_, n)| *n),
        })
        .collect();
    Ok(figures)
}

/// Counts over the city's current, non-archived records, read from the tallies
/// that triggers keep in every writing transaction (migrations 0007 and 0010).
pub async fn key_figures(conn: &mut PgConnection, city_id: i64) -> Result<KeyFigures, sqlx::Error> {
    let by_status_kind: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT status, kind, n FROM project_tallies WHERE city_id = $1 AND n <> 0")
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
    // "Overdue" and "this year" depend on today: one summary row as of today (migration 0010).
    let (services_total, services_online, services_ozg_level, reached, overdue, as_of): (
        i64,
        i64,
        i64,
        i64,
        i64,
        chrono::NaiveDate,
    ) = sqlx::query_as(
        "SELECT coalesce(sum(n), 0)::int8, coalesce(sum(n) FILTER (WHERE online), 0)::int8, \
                coalesce(sum(n) FILTER (WHERE ozg_level), 0)::int8, m.reached_this_year, m.overdue, m.as_of \
         FROM current_milestone_summary($1) m LEFT JOIN service_tallies t ON t.city_id = $1 \
         GROUP BY m.reached_this_year, m.overdue, m.as_of",
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
        services_online_by_maturity: Vec::new(),
    })
}
