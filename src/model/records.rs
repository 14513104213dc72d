//! The public records as open data: every field a visitor can see on the
//! pages, in the shape the JSON API (and the downloads) publish them. The
//! types derive `ToSchema`, so the OpenAPI document is generated from the
//! very types that are serialised and cannot drift from them. Their doc
//! comments are German on purpose: they are the published data dictionary
//! (the OpenAPI document and the page `/daten`).
//!
//! Lists reuse the filters and orders of the HTML lists ([`projects`],
//! [`services`]); nested parts of a detail record (milestones, case numbers,
//! questions and answers) come in the same statement as JSON.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use sqlx::{PgConnection, PgExecutor};
use utoipa::ToSchema;

use super::overview::KeyFigures;
use super::projects::{self, MilestoneView, ProjectFilter, ProjectSort};
use super::services::{self, ServiceFilter, ServiceSort};
use super::{PageRequest, paged};
use crate::domain::{Addressee, MilestoneStatus, OrgUnitKind, ProjectKind, ProjectStatus, ServiceStatus};

/// Ein Projekt, wie es in der Liste erscheint.
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ProjectRecord {
    /// The database id (not published; names the record for the page cache).
    #[serde(skip)]
    pub id: i64,
    /// Dauerhafte Kennung innerhalb der Stadt; zugleich der letzte Teil der Seitenadresse.
    pub slug: String,
    /// Titel.
    pub title: String,
    /// Projektart.
    pub kind: ProjectKind,
    /// Status im Lebenszyklus des Projekts.
    pub status: ProjectStatus,
    /// Kurzbeschreibung (Markdown).
    pub summary_md: String,
    /// Kennung der verantwortlichen Organisationseinheit (siehe `/api/v1/units`).
    pub responsible_unit: Option<String>,
    /// Name der verantwortlichen Organisationseinheit.
    pub responsible_unit_name: Option<String>,
    /// Fortschritt in Prozent: vom Team gesetzt oder aus den erreichten Meilensteinen
    /// abgeleitet (siehe Seite „Daten“); leer, solange es dafür keine Grundlage gibt.
    pub progress: Option<i16>,
    /// Erreichte Meilensteine.
    pub milestones_reached: i32,
    /// Meilensteine, die für den Fortschritt zählen.
    pub milestones_counted: i32,
    /// Geplanter Beginn.
    pub planned_start: Option<NaiveDate>,
    /// Geplantes Ende.
    pub planned_end: Option<NaiveDate>,
    /// Tatsächlicher Beginn.
    pub actual_start: Option<NaiveDate>,
    /// Tatsächliches Ende.
    pub actual_end: Option<NaiveDate>,
    /// Kennungen der Handlungsfelder des Projekts.
    pub action_fields: Vec<String>,
    /// Kennungen der Querschnittsthemen, denen es dient.
    pub themes: Vec<String>,
    /// Die Seite des Projekts im Portal.
    pub web_url: String,
    /// Woher der Inhalt stammt (Dokument und Seite), wie die Stadt es angibt.
    pub source_ref: String,
    /// Wahr, wenn der Datensatz eine Beispielangabe ist und nicht aus Quellen der Stadt stammt.
    pub illustrative: bool,
    /// Zeitpunkt der letzten Änderung des Datensatzes.
    pub modified: DateTime<Utc>,
}

const PROJECT_COLUMNS: &str = "SELECT p.id, p.slug, p.title, p.kind, p.status, p.summary_md, u.slug AS responsible_unit, \
        u.name AS responsible_unit_name, p.progress, p.milestones_reached, p.milestones_counted, \
        p.planned_start, p.planned_end, p.actual_start, p.actual_end, \
        ARRAY(SELECT af.slug FROM project_action_fields l JOIN action_fields af ON af.id = l.action_field_id \
              WHERE l.project_id = p.id ORDER BY af.position) AS action_fields, \
        ARRAY(SELECT t.slug FROM project_themes l JOIN cross_cutting_themes t ON t.id = l.theme_id \
              WHERE l.project_id = p.id ORDER BY t.position) AS themes, \
        '/projekte/' || p.slug AS web_url, p.source_ref, p.illustrative, p.updated_at AS modified";

const PROJECT_SELECT: &str = "FROM projects p LEFT JOIN org_units u ON u.id = p.responsible_unit_id";

pub async fn projects(
    conn: &mut PgConnection,
    city_id: i64,
    filter: &ProjectFilter,
    sort: ProjectSort,
    page: PageRequest,
) -> Result<(Vec<ProjectRecord>, i64), sqlx::Error> {
    let select = format!("{PROJECT_COLUMNS} {PROJECT_SELECT}");
    paged(conn, ("projects p", &select), |q| projects::push_filter(q, city_id, filter), sort.order_by(), page, None)
        .await
}

/// Ein Projekt mit allem, was seine Seite zeigt.
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ProjectDetailRecord {
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub project: ProjectRecord,
    /// Beschreibung (Markdown).
    pub description_md: String,
    /// Die Rolle, die das Projekt leitet (keine Personennamen).
    pub lead_role: String,
    /// Rollen im Projektteam (keine Personennamen).
    pub team_roles: String,
    /// Personal in Vollzeitäquivalenten, geplant und bewilligt.
    pub staff_fte_planned: Option<f64>,
    /// Personal in Vollzeitäquivalenten, bewilligt.
    pub staff_fte_approved: Option<f64>,
    /// Budget in Euro, geplant und bewilligt.
    pub budget_eur_planned: Option<f64>,
    /// Budget in Euro, bewilligt.
    pub budget_eur_approved: Option<f64>,
    /// SMART-Ziele (Markdown), in ihrer Reihenfolge.
    #[schema(value_type = Vec<String>)]
    pub smart_goals: Json<Vec<String>>,
    /// Maßnahmen (Markdown), in ihrer Reihenfolge.
    #[schema(value_type = Vec<String>)]
    pub measures: Json<Vec<String>>,
    /// Die Meilensteine des Projekts, in ihrer Reihenfolge.
    #[schema(value_type = Vec<ProjectMilestone>)]
    pub milestones: Json<Vec<ProjectMilestone>>,
    /// Kennungen der Online-Dienste, die das Projekt umsetzt.
    pub services: Vec<String>,
    /// Der Abschlussbericht, sobald er freigegeben ist.
    #[schema(value_type = Option<FinalReportRecord>)]
    pub final_report: Option<Json<FinalReportRecord>>,
}

/// Ein Meilenstein innerhalb seines Projekts.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ProjectMilestone {
    /// Position in der Reihenfolge (ab 1).
    pub position: i32,
    /// Titel.
    pub title: String,
    /// Status des Meilensteins.
    pub status: MilestoneStatus,
    /// Geplantes Datum.
    pub planned_on: NaiveDate,
    /// Das jetzt erwartete Datum, wenn es vom Plan abweicht.
    pub forecast_on: Option<NaiveDate>,
    /// Begründung einer Verschiebung.
    pub forecast_reason: String,
    /// Datum, an dem der Meilenstein erreicht wurde.
    pub achieved_on: Option<NaiveDate>,
    /// Wahr, wenn der Datensatz eine Beispielangabe ist und nicht aus Quellen der Stadt stammt.
    pub illustrative: bool,
    /// Zeitpunkt der letzten Änderung des Datensatzes.
    pub modified: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FinalReportRecord {
    /// Zusammenfassung (Markdown).
    pub summary_md: String,
    /// Erkenntnisse (Markdown).
    pub lessons_learned_md: String,
    /// Datum der Freigabe.
    pub released_on: NaiveDate,
    /// Wahr, wenn der Datensatz eine Beispielangabe ist und nicht aus Quellen der Stadt stammt.
    pub illustrative: bool,
    /// Zeitpunkt der letzten Änderung des Datensatzes.
    pub modified: DateTime<Utc>,
}

pub async fn project(
    db: impl PgExecutor<'_>,
    city_id: i64,
    slug: &str,
) -> Result<Option<ProjectDetailRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{PROJECT_COLUMNS}, p.description_md, p.lead_role, p.team_roles, \
                p.staff_fte_planned::float8 AS staff_fte_planned, p.staff_fte_approved::float8 AS staff_fte_approved, \
                p.budget_eur_planned::float8 AS budget_eur_planned, p.budget_eur_approved::float8 AS budget_eur_approved, \
                (SELECT coalesce(json_agg(g.body_md ORDER BY g.position), '[]') FROM smart_goals g WHERE g.project_id = p.id) AS smart_goals, \
                (SELECT coalesce(json_agg(m.body_md ORDER BY m.position), '[]') FROM measures m WHERE m.project_id = p.id) AS measures, \
                (SELECT coalesce(json_agg(json_build_object('position', m.position, 'title', m.title, 'status', m.status, \
                        'planned_on', m.planned_on, 'forecast_on', m.forecast_on, 'forecast_reason', m.forecast_reason, \
                        'achieved_on', m.achieved_on, 'illustrative', m.illustrative, 'modified', m.updated_at) \
                        ORDER BY m.position), '[]') \
                 FROM milestones m WHERE m.project_id = p.id AND m.archived_at IS NULL) AS milestones, \
                ARRAY(SELECT s.slug FROM project_services l JOIN services s ON s.id = l.service_id \
                      WHERE l.project_id = p.id AND s.archived_at IS NULL ORDER BY s.name) AS services, \
                (SELECT json_build_object('summary_md', f.summary_md, 'lessons_learned_md', f.lessons_learned_md, \
                        'released_on', f.released_on, 'illustrative', f.illustrative, 'modified', f.updated_at) \
                 FROM final_reports f WHERE f.project_id = p.id AND f.release_state = 'released') AS final_report \
         {PROJECT_SELECT} WHERE p.city_id = $1 AND p.slug = $2 AND p.archived_at IS NULL"
    ))
    .bind(city_id)
    .bind(slug)
    .fetch_optional(db)
    .await
}

/// Ein Meilenstein in der Liste über alle Projekte.
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct MilestoneRecord {
    /// Kennung (Slug) des Projekts.
    pub project: String,
    /// Titel des Projekts.
    pub project_title: String,
    /// Position in der Reihenfolge (ab 1).
    pub position: i32,
    /// Titel.
    pub title: String,
    /// Status des Meilensteins.
    pub status: MilestoneStatus,
    /// Geplantes Datum.
    pub planned_on: NaiveDate,
    /// Das jetzt erwartete Datum, wenn es vom Plan abweicht.
    pub forecast_on: Option<NaiveDate>,
    /// Begründung einer Verschiebung.
    pub forecast_reason: String,
    /// Datum, an dem der Meilenstein erreicht wurde.
    pub achieved_on: Option<NaiveDate>,
    /// Die Seite des Projekts im Portal.
    pub web_url: String,
    /// Die Quelle des Projekts, zu dem der Meilenstein gehört.
    pub source_ref: String,
    /// Wahr, wenn der Datensatz eine Beispielangabe ist und nicht aus Quellen der Stadt stammt.
    pub illustrative: bool,
    /// Zeitpunkt der letzten Änderung des Datensatzes.
    pub modified: DateTime<Utc>,
}

const MILESTONE_COLUMNS: &str = "SELECT p.slug AS project, p.title AS project_title, m.position, m.title, m.status, \
        m.planned_on, m.forecast_on, m.forecast_reason, m.achieved_on, '/projekte/' || p.slug AS web_url, p.source_ref, \
        m.illustrative, m.updated_at AS modified";

pub async fn milestones(
    db: impl PgExecutor<'_>,
    city_id: i64,
    view: MilestoneView,
    page: PageRequest,
) -> Result<Vec<MilestoneRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{MILESTONE_COLUMNS} FROM milestones m JOIN projects p ON p.id = m.project_id \
         WHERE m.city_id = $1 AND p.archived_at IS NULL AND m.archived_at IS NULL AND {}, m.id {}",
        projects::milestone_condition(view),
        page.limit_clause()
    ))
    .bind(city_id)
    .fetch_all(db)
    .await
}

/// Ein Online-Dienst, wie er im Katalog erscheint.
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ServiceRecord {
    #[serde(skip)]
    pub id: i64,
    /// Dauerhafte Kennung innerhalb der Stadt; zugleich der letzte Teil der Seitenadresse.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Schlüssel der Leistung im Leistungskatalog LeiKa (14 Ziffern).
    pub leika_key: Option<String>,
    /// Kennung im OZG-Umsetzungskatalog.
    pub ozg_id: Option<String>,
    /// Kennung des OZG-Themenfelds.
    pub topic_area: String,
    /// Name des OZG-Themenfelds.
    pub topic_area_name: String,
    /// Lebenslage nach dem OZG.
    pub life_situation: String,
    /// Zielgruppe.
    pub addressee: Addressee,
    /// Umsetzungsstand nach dem OZG.
    pub status: ServiceStatus,
    /// OZG-Reifegrad auf der Skala des Reifegradmodells in `maturity_model`
    /// (1.1: 0 bis 4, OZG-konform ab 3; 2.0: 0 bis 7). Die Skalen werden nicht ineinander umgerechnet.
    pub maturity: i16,
    /// Reifegradmodell der Bewertung: `1.1` oder `2.0`.
    pub maturity_model: String,
    /// Tag der Bewertung, wenn die Stadt ihn angibt.
    pub maturity_rated_on: Option<NaiveDate>,
    /// „Einer für Alle“: einmal entwickelt, von vielen Ländern genutzt.
    pub efa: bool,
    /// Federführendes Land bei EfA-Leistungen.
    pub efa_lead_state: String,
    /// Seit wann der Dienst online ist.
    pub online_since: Option<NaiveDate>,
    /// Adresse des Online-Antrags.
    pub application_url: Option<String>,
    /// Kennung der verantwortlichen Organisationseinheit (siehe `/api/v1/units`).
    pub responsible_unit: Option<String>,
    /// Fallzahl des jüngsten Jahres mit einer Zählung, und dieses Jahr.
    pub latest_cases: Option<i32>,
    /// Jahr der Fallzahl.
    pub latest_cases_year: Option<i32>,
    /// Die Seite im Portal.
    pub web_url: String,
    /// Woher der Inhalt stammt (Dokument und Seite), wie die Stadt es angibt.
    pub source_ref: String,
    /// Wahr, wenn der Datensatz eine Beispielangabe ist und nicht aus Quellen der Stadt stammt.
    pub illustrative: bool,
    /// Zeitpunkt der letzten Änderung des Datensatzes.
    pub modified: DateTime<Utc>,
}

const SERVICE_COLUMNS: &str = "SELECT s.id, s.slug, s.name, s.leika_key, s.ozg_id, s.topic_area, t.name AS topic_area_name, \
        s.life_situation, s.addressee, s.status, s.maturity, s.maturity_model, s.maturity_rated_on, s.efa, s.efa_lead_state, \
        s.online_since, s.application_url, u.slug AS responsible_unit, c.cases AS latest_cases, c.year AS latest_cases_year, \
        '/online-dienste/' || s.slug AS web_url, s.source_ref, s.illustrative, s.updated_at AS modified";

const SERVICE_SELECT: &str = "FROM services s JOIN ozg_topic_areas t ON t.slug = s.topic_area \
    LEFT JOIN org_units u ON u.id = s.responsible_unit_id \
    LEFT JOIN LATERAL (SELECT cases, year FROM service_case_counts WHERE service_id = s.id ORDER BY year DESC LIMIT 1) c ON true";

pub async fn services(
    conn: &mut PgConnection,
    city_id: i64,
    filter: &ServiceFilter,
    sort: ServiceSort,
    page: PageRequest,
) -> Result<(Vec<ServiceRecord>, i64), sqlx::Error> {
    let select = format!("{SERVICE_COLUMNS} {SERVICE_SELECT}");
    paged(conn, ("services s", &select), |q| services::push_filter(q, city_id, filter), sort.order_by(), page, None)
        .await
}

#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ServiceDetailRecord {
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub service: ServiceRecord,
    /// Beschreibung (Markdown).
    pub description_md: String,
    /// Fallzahlen je Jahr, ältestes zuerst.
    #[schema(value_type = Vec<CaseCount>)]
    pub case_counts: Json<Vec<CaseCount>>,
    /// Kennungen der Projekte, die den Dienst umsetzen.
    pub projects: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CaseCount {
    /// Jahr.
    pub year: i32,
    /// Anzahl der Fälle im Jahr.
    pub cases: i32,
}

pub async fn service(
    db: impl PgExecutor<'_>,
    city_id: i64,
    slug: &str,
) -> Result<Option<ServiceDetailRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SERVICE_COLUMNS}, s.description_md, \
                (SELECT coalesce(json_agg(json_build_object('year', n.year, 'cases', n.cases) ORDER BY n.year), '[]') \
                 FROM service_case_counts n WHERE n.service_id = s.id) AS case_counts, \
                ARRAY(SELECT p.slug FROM project_services l JOIN projects p ON p.id = l.project_id \
                      WHERE l.service_id = s.id AND p.archived_at IS NULL ORDER BY p.title) AS projects \
         {SERVICE_SELECT} WHERE s.city_id = $1 AND s.slug = $2 AND s.archived_at IS NULL"
    ))
    .bind(city_id)
    .bind(slug)
    .fetch_optional(db)
    .await
}

/// Eine öffentliche Meldung zu einem Projekt.
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct UpdateRecord {
    /// Dauerhafte Kennung innerhalb der Stadt; zugleich der letzte Teil der Seitenadresse.
    pub slug: String,
    /// Kennung (Slug) des Projekts.
    pub project: String,
    /// Titel des Projekts.
    pub project_title: String,
    /// Datum der Meldung.
    pub published_on: NaiveDate,
    /// Titel.
    pub title: String,
    /// Text (Markdown).
    pub body_md: String,
    /// Die Seite des Projekts im Portal.
    pub web_url: String,
    /// Die Quelle des Projekts.
    pub source_ref: String,
    /// Wahr, wenn der Datensatz eine Beispielangabe ist und nicht aus Quellen der Stadt stammt.
    pub illustrative: bool,
    /// Zeitpunkt der letzten Änderung des Datensatzes.
    pub modified: DateTime<Utc>,
}

const UPDATE_SELECT: &str = "SELECT u.slug, p.slug AS project, p.title AS project_title, u.published_on, u.title, u.body_md, \
        '/projekte/' || p.slug AS web_url, p.source_ref, u.illustrative, u.updated_at AS modified \
    FROM project_updates u JOIN projects p ON p.id = u.project_id";

/// Public updates, newest first, optionally of one project (by id).
pub async fn updates(
    conn: &mut PgConnection,
    city_id: i64,
    project_id: Option<i64>,
    page: PageRequest,
) -> Result<(Vec<UpdateRecord>, i64), sqlx::Error> {
    let select = UPDATE_SELECT;
    let filter = |q: &mut sqlx::QueryBuilder<'_, sqlx::Postgres>| {
        q.push(" WHERE u.city_id = ").push_bind(city_id);
        q.push(" AND NOT u.internal AND u.archived_at IS NULL AND p.archived_at IS NULL");
        if let Some(id) = project_id {
            q.push(" AND u.project_id = ").push_bind(id);
        }
    };
    paged(
        conn,
        ("project_updates u JOIN projects p ON p.id = u.project_id", select),
        filter,
        "u.published_on DESC, u.id DESC",
        page,
        None,
    )
    .await
}

/// Eine Anfrage aus dem Stadtrat und die Antwort der Stadt.
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct InquiryRecord {
    #[serde(skip)]
    pub id: i64,
    /// Dauerhafte Kennung innerhalb der Stadt; zugleich der letzte Teil der Seitenadresse.
    pub slug: String,
    /// Nummer im Ratsinformationssystem, z. B. „0730/2023“.
    pub number: String,
    /// Die anfragende Fraktion.
    pub faction: String,
    /// Titel.
    pub title: String,
    /// Datum der Anfrage.
    pub asked_on: Option<NaiveDate>,
    /// Datum der Antwort.
    pub answered_on: Option<NaiveDate>,
    /// Wer die Antwort gezeichnet hat (ein Amt, z. B. „Oberbürgermeister“).
    pub answered_by: String,
    /// Vorbemerkung der Antwort (Markdown).
    pub body_md: String,
    /// Anzahl der Fragen.
    pub question_count: i64,
    /// Die Seite im Portal.
    pub web_url: String,
    /// Woher der Inhalt stammt (Dokument und Seite), wie die Stadt es angibt.
    pub source_ref: String,
    /// Wahr, wenn der Datensatz eine Beispielangabe ist und nicht aus Quellen der Stadt stammt.
    pub illustrative: bool,
    /// Zeitpunkt der letzten Änderung des Datensatzes.
    pub modified: DateTime<Utc>,
}

const INQUIRY_COLUMNS: &str = "SELECT i.id, i.slug, i.number, i.faction, i.title, i.asked_on, i.answered_on, i.answered_by, i.body_md, \
        (SELECT count(*) FROM inquiry_items WHERE inquiry_id = i.id) AS question_count, \
        '/anfragen/' || i.slug AS web_url, i.source_ref, i.illustrative, i.updated_at AS modified \
    FROM council_inquiries i";

pub async fn inquiries(
    conn: &mut PgConnection,
    city_id: i64,
    page: PageRequest,
) -> Result<(Vec<InquiryRecord>, i64), sqlx::Error> {
    let filter = |q: &mut sqlx::QueryBuilder<'_, sqlx::Postgres>| {
        q.push(" WHERE i.city_id = ").push_bind(city_id).push(" AND i.archived_at IS NULL");
    };
    paged(
        conn,
        ("council_inquiries i", INQUIRY_COLUMNS),
        filter,
        "i.answered_on DESC NULLS FIRST, i.number DESC",
        page,
        None,
    )
    .await
}

#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct InquiryDetailRecord {
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub inquiry: InquiryRecord,
    /// Die Fragen und ihre Antworten, in ihrer Reihenfolge.
    #[schema(value_type = Vec<QuestionAndAnswer>)]
    pub items: Json<Vec<QuestionAndAnswer>>,
    /// Kennungen der Projekte, um die es in der Antwort geht.
    pub projects: Vec<String>,
    /// Kennungen der verknüpften Online-Dienste.
    pub services: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct QuestionAndAnswer {
    /// Position in der Reihenfolge (ab 1).
    pub position: i32,
    /// Die Frage (Markdown).
    pub question_md: String,
    /// Die Antwort (Markdown).
    pub answer_md: String,
}

pub async fn inquiry(
    db: impl PgExecutor<'_>,
    city_id: i64,
    slug: &str,
) -> Result<Option<InquiryDetailRecord>, sqlx::Error> {
    let columns = INQUIRY_COLUMNS.trim_end_matches(" FROM council_inquiries i");
    sqlx::query_as(&format!(
        "{columns}, \
                (SELECT coalesce(json_agg(json_build_object('position', q.position, 'question_md', q.question_md, \
                        'answer_md', q.answer_md) ORDER BY q.position), '[]') \
                 FROM inquiry_items q WHERE q.inquiry_id = i.id) AS items, \
                ARRAY(SELECT p.slug FROM inquiry_projects l JOIN projects p ON p.id = l.project_id \
                      WHERE l.inquiry_id = i.id AND p.archived_at IS NULL ORDER BY p.title) AS projects, \
                ARRAY(SELECT s.slug FROM inquiry_services l JOIN services s ON s.id = l.service_id \
                      WHERE l.inquiry_id = i.id AND s.archived_at IS NULL ORDER BY s.name) AS services \
         FROM council_inquiries i WHERE i.city_id = $1 AND i.slug = $2 AND i.archived_at IS NULL"
    ))
    .bind(city_id)
    .bind(slug)
    .fetch_optional(db)
    .await
}

/// Ein freigegebener jährlicher Sachstandsbericht.
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ReportRecord {
    /// Jahr.
    pub year: i32,
    /// Titel.
    pub title: String,
    /// Datum der Freigabe.
    pub released_on: Option<NaiveDate>,
    /// Text (Markdown).
    pub body_md: String,
    /// Die Kennzahlen, eingefroren bei der Freigabe; sie ändern sich danach nie.
    #[schema(value_type = Option<KeyFigures>)]
    pub key_figures: Option<Json<KeyFigures>>,
    /// Die Seite im Portal.
    pub web_url: String,
    /// Der Bericht ist seine eigene Quelle.
    pub source_ref: String,
    /// Wahr, wenn der Datensatz eine Beispielangabe ist und nicht aus Quellen der Stadt stammt.
    pub illustrative: bool,
    /// Zeitpunkt der letzten Änderung des Datensatzes.
    pub modified: DateTime<Utc>,
}

const REPORT_SELECT: &str = "SELECT year, title, released_on, body_md, key_figures, '/berichte/' || year AS web_url, \
        'Sachstandsbericht ' || year AS source_ref, illustrative, updated_at AS modified \
    FROM annual_reports WHERE city_id = $1 AND release_state = 'released' AND archived_at IS NULL";

pub async fn reports(db: impl PgExecutor<'_>, city_id: i64) -> Result<Vec<ReportRecord>, sqlx::Error> {
    sqlx::query_as(&format!("{REPORT_SELECT} ORDER BY year DESC")).bind(city_id).fetch_all(db).await
}

pub async fn report(db: impl PgExecutor<'_>, city_id: i64, year: i32) -> Result<Option<ReportRecord>, sqlx::Error> {
    sqlx::query_as(&format!("{REPORT_SELECT} AND year = $2")).bind(city_id).bind(year).fetch_optional(db).await
}

/// Ein Ziel, eine Leitlinie, ein Querschnittsthema oder ein Handlungsfeld der Strategie.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema, sqlx::FromRow)]
pub struct SectionRecord {
    /// Dauerhafte Kennung innerhalb der Stadt; zugleich der letzte Teil der Seitenadresse.
    pub slug: String,
    /// Position in der Reihenfolge (ab 1).
    pub position: i32,
    /// Titel.
    pub title: String,
    /// Text (Markdown).
    pub body_md: String,
    /// Die Seite im Portal.
    pub web_url: String,
    /// Woher der Inhalt stammt (Dokument und Seite), wie die Stadt es angibt.
    pub source_ref: String,
    /// Wahr, wenn der Datensatz eine Beispielangabe ist und nicht aus Quellen der Stadt stammt.
    pub illustrative: bool,
    /// Zeitpunkt der letzten Änderung des Datensatzes.
    pub modified: DateTime<Utc>,
}

/// Die Strategie mit Zielen, Leitlinien und Querschnittsthemen.
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct StrategyRecord {
    /// Titel.
    pub title: String,
    /// Titel des Strategiedokuments.
    pub document_title: String,
    /// Leitbild (Markdown).
    pub vision_md: String,
    /// Datum des Beschlusses.
    pub adopted_on: Option<NaiveDate>,
    /// Beschlossen von.
    pub adopted_by: String,
    /// Die Seite im Portal.
    pub web_url: String,
    /// Woher der Inhalt stammt (Dokument und Seite), wie die Stadt es angibt.
    pub source_ref: String,
    /// Zeitpunkt der letzten Änderung des Datensatzes.
    pub modified: DateTime<Utc>,
    /// Die Ziele.
    #[schema(value_type = Vec<SectionRecord>)]
    pub goals: Json<Vec<SectionRecord>>,
    /// Die Leitlinien.
    #[schema(value_type = Vec<SectionRecord>)]
    pub guidelines: Json<Vec<SectionRecord>>,
    /// Die Querschnittsthemen.
    #[schema(value_type = Vec<SectionRecord>)]
    pub themes: Json<Vec<SectionRecord>>,
}

/// The JSON of one section table, in order.
fn sections_json(table: &str, web_path: &str) -> String {
    format!(
        "(SELECT coalesce(json_agg(json_build_object('slug', x.slug, 'position', x.position, 'title', x.title, \
                'body_md', x.body_md, 'web_url', {web_path}, 'source_ref', x.source_ref, 'illustrative', x.illustrative, \
                'modified', x.updated_at) ORDER BY x.position), '[]') \
          FROM {table} x WHERE x.city_id = s.city_id AND x.archived_at IS NULL)"
    )
}

pub async fn strategy(db: impl PgExecutor<'_>, city_id: i64) -> Result<Option<StrategyRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT s.title, s.document_title, s.vision_md, s.adopted_on, s.adopted_by, '/strategie' AS web_url, s.source_ref, \
                s.updated_at AS modified, {} AS goals, {} AS guidelines, {} AS themes \
         FROM strategies s WHERE s.city_id = $1",
        sections_json("goals", "'/strategie#' || x.slug"),
        sections_json("guidelines", "'/strategie#' || x.slug"),
        sections_json("cross_cutting_themes", "'/strategie#' || x.slug"),
    ))
    .bind(city_id)
    .fetch_optional(db)
    .await
}

pub async fn action_fields(db: impl PgExecutor<'_>, city_id: i64) -> Result<Vec<SectionRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT slug, position, title, body_md, '/handlungsfelder/' || slug AS web_url, source_ref, illustrative, \
                updated_at AS modified \
         FROM action_fields WHERE city_id = $1 AND archived_at IS NULL ORDER BY position",
    )
    .bind(city_id)
    .fetch_all(db)
    .await
}

/// Eine Organisationseinheit der Stadtverwaltung.
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct UnitRecord {
    /// Dauerhafte Kennung innerhalb der Stadt; zugleich der letzte Teil der Seitenadresse.
    pub slug: String,
    /// Art der Einheit.
    pub kind: OrgUnitKind,
    /// Nummer der Einheit im Organigramm der Stadt, z. B. „10.02.01“.
    pub number: Option<String>,
    /// Name.
    pub name: String,
    /// Kennung der übergeordneten Einheit.
    pub parent: Option<String>,
    /// Die Seite im Portal.
    pub web_url: String,
    /// Organisationseinheiten haben im Inhalt keine eigene Quellenangabe: immer leer.
    pub source_ref: String,
    /// Wahr, wenn der Datensatz eine Beispielangabe ist und nicht aus Quellen der Stadt stammt.
    pub illustrative: bool,
    /// Zeitpunkt der letzten Änderung des Datensatzes.
    pub modified: DateTime<Utc>,
}

pub async fn units(db: impl PgExecutor<'_>, city_id: i64) -> Result<Vec<UnitRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.slug, u.kind, u.number, u.name, p.slug AS parent, '/organisation#' || u.slug AS web_url, \
                '' AS source_ref, u.illustrative, u.updated_at AS modified \
         FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id \
         WHERE u.city_id = $1 AND u.archived_at IS NULL ORDER BY u.kind, u.number NULLS LAST, u.name, u.slug",
    )
    .bind(city_id)
    .fetch_all(db)
    .await
}

/// Records that a download lists: the statement that reads them, with the
/// alias of their table, so that [`in_order`] can read any chunk of them.
pub trait Listed:
    for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Serialize + ToSchema + Send + Unpin + 'static
{
    /// `SELECT … FROM …` without a `WHERE`.
    fn select() -> String;
    /// The alias of the table whose `id` names a row.
    const ALIAS: &'static str;
    /// The portal address inside the record (made absolute for downloads).
    fn web_url(&mut self) -> &mut String;
}

impl Listed for ProjectRecord {
    fn select() -> String {
        format!("{PROJECT_COLUMNS} {PROJECT_SELECT}")
    }
    const ALIAS: &'static str = "p";
    fn web_url(&mut self) -> &mut String {
        &mut self.web_url
    }
}

impl Listed for ServiceRecord {
    fn select() -> String {
        format!("{SERVICE_COLUMNS} {SERVICE_SELECT}")
    }
    const ALIAS: &'static str = "s";
    fn web_url(&mut self) -> &mut String {
        &mut self.web_url
    }
}

impl Listed for MilestoneRecord {
    fn select() -> String {
        format!("{MILESTONE_COLUMNS} FROM milestones m JOIN projects p ON p.id = m.project_id")
    }
    const ALIAS: &'static str = "m";
    fn web_url(&mut self) -> &mut String {
        &mut self.web_url
    }
}

impl Listed for UpdateRecord {
    fn select() -> String {
        UPDATE_SELECT.to_string()
    }
    const ALIAS: &'static str = "u";
    fn web_url(&mut self) -> &mut String {
        &mut self.web_url
    }
}

impl Listed for InquiryRecord {
    fn select() -> String {
        INQUIRY_COLUMNS.to_string()
    }
    const ALIAS: &'static str = "i";
    fn web_url(&mut self) -> &mut String {
        &mut self.web_url
    }
}

/// The records with these ids, in the order of `ids` (a chunk of a download).
pub async fn in_order<T: Listed>(conn: &mut PgConnection, ids: &[i64]) -> Result<Vec<T>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{} JOIN unnest($1::int8[]) WITH ORDINALITY AS chunk(id, n) ON chunk.id = {}.id ORDER BY chunk.n",
        T::select(),
        T::ALIAS
    ))
    .bind(ids)
    .fetch_all(conn)
    .await
}

/// What a download lists: a list page's filtered view.
pub enum Listing<'a> {
    Projects(&'a ProjectFilter, ProjectSort),
    Services(&'a ServiceFilter, ServiceSort),
    Milestones(MilestoneView),
    /// All public updates, or those of one project (by id).
    Updates(Option<i64>),
    Inquiries,
}

/// The ids of every row of a listing, in the list's order: a few bytes per
/// row, so that the rows themselves can follow in chunks.
pub async fn ids(conn: &mut PgConnection, city_id: i64, listing: &Listing<'_>) -> Result<Vec<i64>, sqlx::Error> {
    let mut q = sqlx::QueryBuilder::new("");
    match listing {
        Listing::Projects(filter, sort) => {
            q.push("SELECT p.id FROM projects p");
            projects::push_filter(&mut q, city_id, filter);
            q.push(" ORDER BY ").push(sort.order_by());
        }
        Listing::Services(filter, sort) => {
            // The order by case numbers needs the latest count.
            q.push(
                "SELECT s.id FROM (SELECT s.id, s.name, s.maturity_model, s.maturity, s.online_since, c.cases AS latest_cases FROM services s \
                 LEFT JOIN LATERAL (SELECT cases FROM service_case_counts WHERE service_id = s.id ORDER BY year DESC LIMIT 1) c ON true",
            );
            services::push_filter(&mut q, city_id, filter);
            q.push(") s ORDER BY ").push(sort.order_by());
        }
        Listing::Milestones(view) => {
            q.push("SELECT m.id FROM milestones m JOIN projects p ON p.id = m.project_id WHERE m.city_id = ")
                .push_bind(city_id)
                .push(" AND p.archived_at IS NULL AND m.archived_at IS NULL AND ")
                .push(projects::milestone_condition(*view))
                .push(", m.id");
        }
        Listing::Updates(project) => {
            q.push("SELECT u.id FROM project_updates u JOIN projects p ON p.id = u.project_id WHERE u.city_id = ")
                .push_bind(city_id)
                .push(" AND NOT u.internal AND u.archived_at IS NULL AND p.archived_at IS NULL");
            if let Some(id) = project {
                q.push(" AND u.project_id = ").push_bind(*id);
            }
            q.push(" ORDER BY u.published_on DESC, u.id DESC");
        }
        Listing::Inquiries => {
            q.push("SELECT i.id FROM council_inquiries i WHERE i.city_id = ")
                .push_bind(city_id)
                .push(" AND i.archived_at IS NULL ORDER BY i.answered_on DESC NULLS FIRST, i.number DESC");
        }
    }
    q.build_query_scalar().fetch_all(conn).await
}
