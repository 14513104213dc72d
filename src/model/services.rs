//! The catalogue of online services (OZG).

use sqlx::{PgExecutor, Postgres, QueryBuilder};

use super::{Date, PageRequest, de_number};
use crate::domain::{Addressee, Maturity, Priority, ServiceStatus};

#[derive(Clone, Debug, Default)]
pub struct ServiceFilter {
    pub topic_area: Option<String>,
    pub status: Option<ServiceStatus>,
    pub maturity: Option<Maturity>,
    pub efa: Option<bool>,
    pub addressee: Option<Addressee>,
    pub text: Option<String>,
}

crate::domain::text_enum!(
    /// The orders a list can be shown in; the code is the `sortierung` parameter.
    #[derive(Default)]
    ServiceSort {
        #[default]
        Name = "name" => "Name (A–Z)" @ "domain-service-sort-name",
        Cases = "fallzahl" => "Fallzahl (höchste zuerst)" @ "domain-service-sort-cases",
        Maturity = "reifegrad" => "Reifegrad (höchster zuerst)" @ "domain-service-sort-maturity",
        OnlineSince = "online-seit" => "Online seit (neueste zuerst)" @ "domain-service-sort-online-since",
    }
);

impl ServiceSort {
    pub(crate) fn order_by(self) -> &'static str {
        match self {
            ServiceSort::Name => "s.name, s.id",
            ServiceSort::Cases => "latest_cases DESC NULLS LAST, s.name, s.id",
            // Newer model first, then the level on it: the two scales are not compared.
            ServiceSort::Maturity => "s.maturity_model DESC, s.maturity DESC, s.name, s.id",
            ServiceSort::OnlineSince => "s.online_since DESC NULLS LAST, s.name, s.id",
        }
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ServiceRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub topic_area: String,
    pub topic_area_name: String,
    pub life_situation: String,
    pub addressee: Addressee,
    pub status: ServiceStatus,
    pub maturity: i16,
    pub maturity_model: String,
    pub maturity_rated_on: Option<Date>,
    pub efa: bool,
    pub efa_lead_state: String,
    pub online_since: Option<Date>,
    pub latest_cases: Option<i32>,
    pub latest_cases_year: Option<i32>,
    pub illustrative: bool,
}

impl ServiceRow {
    pub fn maturity(&self) -> Maturity {
        Maturity::from_row(&self.maturity_model, self.maturity)
    }

    pub fn priority(&self) -> Option<Priority> {
        Priority::from_cases(self.latest_cases)
    }

    /// The topic area's name in the request's language (the stored name for an unknown slug).
    fn localised(mut self) -> ServiceRow {
        if let Some(name) = crate::domain::topic_area_name(&self.topic_area) {
            self.topic_area_name = name.to_string();
        }
        self
    }

    pub fn cases_label(&self) -> String {
        match (self.latest_cases, self.latest_cases_year) {
            (Some(n), Some(y)) => format!("{} ({y})", de_number(n.into())),
            _ => crate::i18n::t("domain-cases-none"),
        }
    }
}

const SERVICE_SELECT: &str = "SELECT s.id, s.slug, s.name, s.topic_area, t.name AS topic_area_name, s.life_situation, s.addressee, \
        s.status, s.maturity, s.maturity_model, s.maturity_rated_on, s.efa, s.efa_lead_state, s.online_since, c.cases AS latest_cases, c.year AS latest_cases_year, s.illustrative \
    FROM services s JOIN ozg_topic_areas t ON t.slug = s.topic_area \
    LEFT JOIN LATERAL (SELECT cases, year FROM service_case_counts WHERE service_id = s.id ORDER BY year DESC LIMIT 1) c ON true";

/// Adds the active filters only, so each combination gets a plan that uses its index.
pub(crate) fn push_filter<'a>(q: &mut QueryBuilder<'a, Postgres>, city_id: i64, f: &'a ServiceFilter) {
    q.push(" WHERE s.city_id = ").push_bind(city_id).push(" AND s.archived_at IS NULL");
    if let Some(topic) = &f.topic_area {
        q.push(" AND s.topic_area = ").push_bind(topic);
    }
    if let Some(status) = f.status {
        q.push(" AND s.status = ").push_bind(status.code());
    }
    if let Some(m) = f.maturity {
        q.push(" AND s.maturity_model = ").push_bind(m.model().code());
        q.push(" AND s.maturity = ").push_bind(i16::from(m.level()));
    }
    match f.efa {
        Some(true) => {
            q.push(" AND s.efa");
        }
        Some(false) => {
            q.push(" AND NOT s.efa");
        }
        None => {}
    }
    if let Some(a) = f.addressee {
        // "both" serves citizens and businesses alike.
        q.push(" AND s.addressee IN (").push_bind(a.code()).push(", 'both')");
    }
    if let Some(text) = &f.text {
        super::projects::push_text_match(q, "s.search", text);
    }
}

pub async fn list(
    conn: &mut sqlx::PgConnection,
    city_id: i64,
    f: &ServiceFilter,
    sort: ServiceSort,
    page: PageRequest,
) -> Result<(Vec<ServiceRow>, i64), sqlx::Error> {
    // The whole catalogue is counted by the tallies (kept by triggers, migration 0007).
    let unfiltered = f.topic_area.is_none()
        && f.status.is_none()
        && f.maturity.is_none()
        && f.efa.is_none()
        && f.addressee.is_none()
        && f.text.is_none();
    let known_total = if unfiltered {
        let total: i64 = sqlx::query_scalar("SELECT coalesce(sum(n), 0)::int8 FROM service_tallies WHERE city_id = $1")
            .bind(city_id)
            .fetch_one(&mut *conn)
            .await?;
        Some(total)
    } else {
        None
    };
    let (rows, total): (Vec<ServiceRow>, i64) = super::paged(
        conn,
        ("services s", SERVICE_SELECT),
        |q| push_filter(q, city_id, f),
        sort.order_by(),
        page,
        known_total,
    )
    .await?;
    Ok((rows.into_iter().map(ServiceRow::localised).collect(), total))
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ServiceDetail {
    #[sqlx(flatten)]
    pub row: ServiceRow,
    pub leika_key: Option<String>,
    pub ozg_id: Option<String>,
    pub unit_name: Option<String>,
    pub unit_number: Option<String>,
    pub application_url: Option<String>,
    pub description_md: String,
    pub source_ref: String,
}

pub async fn find(db: impl PgExecutor<'_>, city_id: i64, slug: &str) -> Result<Option<ServiceDetail>, sqlx::Error> {
    let found: Option<ServiceDetail> = sqlx::query_as(&format!(
        "SELECT sub.*, s2.leika_key, s2.ozg_id, u.name AS unit_name, u.number AS unit_number, s2.application_url, \
                s2.description_md, s2.source_ref \
         FROM ({SERVICE_SELECT} WHERE s.city_id = $1 AND s.slug = $2 AND s.archived_at IS NULL) sub \
         JOIN services s2 ON s2.id = sub.id LEFT JOIN org_units u ON u.id = s2.responsible_unit_id"
    ))
    .bind(city_id)
    .bind(slug)
    .fetch_optional(db)
    .await?;
    Ok(found.map(|d| ServiceDetail { row: d.row.localised(), ..d }))
}

pub async fn case_counts(db: impl PgExecutor<'_>, service_id: i64) -> Result<Vec<(i32, i32)>, sqlx::Error> {
    sqlx::query_as("SELECT year, cases FROM service_case_counts WHERE service_id = $1 ORDER BY year")
        .bind(service_id)
        .fetch_all(db)
        .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TopicArea {
    pub slug: String,
    pub name: String,
}

/// The topic areas in their order, named in the request's language.
pub async fn topic_areas(db: impl PgExecutor<'_>) -> Result<Vec<TopicArea>, sqlx::Error> {
    let areas: Vec<TopicArea> =
        sqlx::query_as("SELECT slug, name FROM ozg_topic_areas ORDER BY position").fetch_all(db).await?;
    Ok(areas
        .into_iter()
        .map(|a| match crate::domain::topic_area_name(&a.slug) {
            Some(name) => TopicArea { name: name.to_string(), ..a },
            None => a,
        })
        .collect())
}

/// Services linked to an inquiry.
pub async fn of_inquiry(db: impl PgExecutor<'_>, inquiry_id: i64) -> Result<Vec<ServiceRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SERVICE_SELECT} JOIN inquiry_services l ON l.service_id = s.id WHERE l.inquiry_id = $1 AND s.archived_at IS NULL ORDER BY s.name"
    ))
    .bind(inquiry_id)
    .fetch_all(db)
    .await
    .map(|rows: Vec<ServiceRow>| rows.into_iter().map(ServiceRow::localised).collect())
}
