//! Key figures of the overview page; also frozen into annual reports at release.

use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use crate::domain::{Maturity, MaturityModel, ProjectKind, ProjectStatus};

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
    /// Davon online mit OZG-Reifegrad 3 oder höher nach Reifegradmodell 1.1 (OZG-konform nach
    /// dessen Definition); Bewertungen nach Reifegradmodell 2.0 zählen hier nicht mit.
    pub services_ozg_level: i64,
    /// Im laufenden Jahr erreichte Meilensteine.
    pub milestones_reached_this_year: i64,
    /// Offene Meilensteine, deren Termin verstrichen ist.
    pub milestones_overdue: i64,
    /// Nur in Berichten: die Online-Dienste, die online sind, je Reifegradmodell und Reifegrad
    /// (Code `1.1-3`: Modell 1.1, Stufe 3; Modell 2.0 nur, wenn ein Dienst danach bewertet ist).
    /// Ältere Berichte nennen nur die Stufe (`3`), dann nach Modell 1.1. Fehlt in Berichten,
    /// die vor dieser Aufschlüsselung freigegeben wurden.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services_online_by_maturity: Vec<Count>,
    /// Nur in Berichten: offene Meilensteine, deren Prognose hinter dem geplanten Termin liegt.
    /// Fehlt in Berichten, die vor dieser Zahl freigegeben wurden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestones_moved: Option<i64>,
}

impl Count {
    /// The label in the request's language. German pages show the label as it
    /// was stored (a released report keeps its words); other languages name the
    /// code's status, project kind or maturity level, else the stored label.
    pub fn shown_label(&self) -> String {
        if crate::i18n::lang() == crate::i18n::Lang::De {
            return self.label.clone();
        }
        if let Some(s) = ProjectStatus::from_code(&self.code) {
            return s.label().into();
        }
        if let Some(k) = ProjectKind::from_code(&self.code) {
            return k.label().into();
        }
        match Maturity::from_code(&self.code) {
            Some(m) => maturity_label(m, crate::i18n::t_static("domain-figure-maturity"), m.label(), m.model().label()),
            None => self.label.clone(),
        }
    }
}

/// "Reifegrad 3 – Online-Leistung (Reifegradmodell 1.1)".
fn maturity_label(m: Maturity, word: &str, level: &str, model: &str) -> String {
    format!("{word} {} – {level} ({model})", m.level())
}

/// The key figures as a report freezes them: plus the online services by
/// maturity level; labelled in German whatever the request's language, since
/// they are stored with the report.
pub async fn report_figures(conn: &mut PgConnection, city_id: i64) -> Result<KeyFigures, sqlx::Error> {
    let mut figures = key_figures(&mut *conn, city_id).await?;
    for c in &mut figures.projects_by_status {
        if let Some(s) = ProjectStatus::from_code(&c.code) {
            c.label = s.german_label().into();
        }
    }
    for c in &mut figures.projects_by_kind {
        if let Some(k) = ProjectKind::from_code(&c.code) {
            c.label = k.german_label().into();
        }
    }
    let by_level: Vec<(String, i16, i64)> = sqlx::query_as(
        "SELECT maturity_model, maturity, count(*) FROM services \
         WHERE city_id = $1 AND archived_at IS NULL AND status IN ('online', 'online_rework') GROUP BY 1, 2",
    )
    .bind(city_id)
    .fetch_all(&mut *conn)
    .await?;
    let count_of = |m: Maturity| {
        by_level
            .iter()
            .find(|(model, l, _)| *model == m.model().code() && *l == i16::from(m.level()))
            .map_or(0, |r| r.2)
    };
    for model in MaturityModel::ALL {
        // Model 1.1 always (the reports so far are on it); model 2.0 once a service is rated on it.
        let used = by_level.iter().any(|(code, _, _)| code == model.code());
        if model == MaturityModel::V1 || used {
            figures.services_online_by_maturity.extend(model.levels().map(|m| Count {
                code: m.code(),
                label: maturity_label(m, "Reifegrad", m.german_label(), model.german_label()),
                count: count_of(m),
            }));
        }
    }
    figures.milestones_moved = Some(
        sqlx::query_scalar(
            "SELECT count(*) FROM milestones m JOIN projects p ON p.id = m.project_id \
             WHERE m.city_id = $1 AND p.archived_at IS NULL AND m.status = 'open' AND m.forecast_on > m.planned_on",
        )
        .bind(city_id)
        .fetch_one(&mut *conn)
        .await?,
    );
    Ok(figures)
}

impl KeyFigures {
    /// The day the figures were taken (`as_of`), if it is a well-formed date.
    pub fn as_of_date(&self) -> Option<super::Date> {
        chrono::NaiveDate::parse_from_str(&self.as_of, "%Y-%m-%d").ok().map(super::Date)
    }

    /// The breakdown by maturity as (label naming its model, count), in the
    /// request's language; a report frozen before model 2.0 names the level
    /// only, which then is model 1.1.
    pub fn online_by_maturity(&self) -> Vec<(String, i64)> {
        let german = crate::i18n::lang() == crate::i18n::Lang::De;
        self.services_online_by_maturity
            .iter()
            .map(|c| match (german, c.code.contains('-')) {
                (false, _) => (c.shown_label(), c.count),
                (true, true) => (c.label.clone(), c.count),
                (true, false) => (format!("{} ({})", c.label, MaturityModel::V1.german_label()), c.count),
            })
            .collect()
    }
}

/// Counts over the city's current, non-archived records, read from the tallies
/// that triggers keep in every writing transaction (migrations 0007 and 0010);
/// the counts labelled in the request's language (German outside requests).
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
        milestones_moved: None,
    })
}
