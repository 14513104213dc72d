//! The editable entities of the public model, described once: their table,
//! fields and who may change them. One generic set of handlers (list, create,
//! edit with optimistic locking, archive, history) serves them all.

use super::forms::{Choices, Field, Kind, field};
use crate::domain::TOPIC_AREAS;
use crate::domain::{Addressee, MilestoneStatus, ProjectKind, ProjectStatus, ReleaseState, ServiceStatus};
use crate::i18n::{t, t_static};

/// Who may change records of an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Admins only.
    AdminOnly,
    /// Projects: admins, and coordinators for projects of their action fields.
    Project,
    /// Records of a project (milestones, updates): whoever may work on the project.
    ProjectChild,
}

/// A rule across several fields of a validated row: `(field, message)` per problem, in the request's language.
pub type CrossCheck = fn(&serde_json::Map<String, serde_json::Value>) -> Vec<(&'static str, String)>;

pub struct Entity {
    /// Address segment: `/admin/{slug}`.
    pub slug: &'static str,
    pub table: &'static str,
    /// The German names. Pages show [`Entity::singular()`] and [`Entity::plural()`],
    /// the names in the request's language (`adminf-entity-{slug}-one` / `-many`).
    pub singular: &'static str,
    pub plural: &'static str,
    /// SQL expression for the title in lists (over alias `t`).
    pub title_sql: &'static str,
    pub order_sql: &'static str,
    pub fields: &'static [Field],
    pub scope: Scope,
    /// Link to the public page of a record, from its slug-like key.
    pub public_path: Option<&'static str>,
    /// Column with the key used in `public_path`.
    pub public_key: &'static str,
    /// Cross-field rules beyond single fields.
    pub check: Option<CrossCheck>,
}

fn codes<T: Copy>(
    all: &'static [T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|v| (code(*v), label(*v))).collect()
}

const PROJECT_KINDS: Choices = || codes(ProjectKind::ALL, ProjectKind::code, ProjectKind::label);
pub const PROJECT_STATUSES: Choices = || codes(ProjectStatus::ALL, ProjectStatus::code, ProjectStatus::label);
const MILESTONE_STATUSES: Choices = || codes(MilestoneStatus::ALL, MilestoneStatus::code, MilestoneStatus::label);
const SERVICE_STATUSES: Choices = || codes(ServiceStatus::ALL, ServiceStatus::code, ServiceStatus::label);
const ADDRESSEES: Choices = || codes(Addressee::ALL, Addressee::code, Addressee::label);
const RELEASE_STATES: Choices = || codes(ReleaseState::ALL, ReleaseState::code, ReleaseState::label);
const ORG_KINDS: Choices = || {
    use crate::domain::OrgUnitKind;
    codes(OrgUnitKind::ALL, OrgUnitKind::code, OrgUnitKind::label)
};
/// The levels of both models; each label names what the level means on each scale.
const MATURITY: Choices = || {
    vec![
        ("0", t_static("adminf-maturity-0")),
        ("1", t_static("adminf-maturity-1")),
        ("2", t_static("adminf-maturity-2")),
        ("3", t_static("adminf-maturity-3")),
        ("4", t_static("adminf-maturity-4")),
        ("5", t_static("adminf-maturity-5")),
        ("6", t_static("adminf-maturity-6")),
        ("7", t_static("adminf-maturity-7")),
    ]
};
const MATURITY_MODELS: Choices =
    || vec![("1.1", t_static("adminf-maturity-model-v1")), ("2.0", t_static("adminf-maturity-model-v2"))];
const LEVELS: Choices =
    || vec![("1", t_static("adminf-level-1")), ("2", t_static("adminf-level-2")), ("3", t_static("adminf-level-3"))];
/// The OZG topic areas by their names in the request's language (in German, the seeded names).
const TOPICS: Choices =
    || TOPIC_AREAS.iter().map(|&slug| (slug, crate::domain::topic_area_name(slug).unwrap_or(slug))).collect();

const TITLE: Field = field("title", "adminf-field-title", Kind::Text { max: 200 }).required();
const SLUG: Field = field("slug", "adminf-field-slug", Kind::Slug).required().help("adminf-field-slug-help");
const POSITION: Field = field("position", "adminf-field-position", Kind::Integer { min: 1, max: 10_000 }).required();
const BODY: Field = field("body_md", "adminf-field-body", Kind::Markdown);
const SOURCE: Field =
    field("source_ref", "adminf-field-source", Kind::Text { max: 300 }).help("adminf-field-source-help");
const ILLUSTRATIVE: Field = field("illustrative", "adminf-field-illustrative", Kind::Bool);

const SECTION_FIELDS: &[Field] = &[SLUG, TITLE, POSITION, BODY, SOURCE, ILLUSTRATIVE];

const PROJECT_FIELDS: &[Field] = &[
    SLUG,
    TITLE,
    field("kind", "adminf-field-kind", Kind::Choice(PROJECT_KINDS)).required(),
    field("status", "adminf-field-status", Kind::Choice(PROJECT_STATUSES)).required(),
    field(
        "responsible_unit_id",
        "adminf-field-project-unit",
        Kind::Ref { table: "org_units", label: "coalesce(number || ' ', '') || name" },
    ),
    field("lead_role", "adminf-field-lead-role", Kind::Text { max: 300 }),
    field("team_roles", "adminf-field-team-roles", Kind::Text { max: 500 }),
    field("action_fields", "adminf-field-action-fields", Kind::Links { target_table: "action_fields", label: "title" }),
    field("themes", "adminf-field-themes", Kind::Links { target_table: "cross_cutting_themes", label: "title" }),
    field("services", "adminf-field-project-services", Kind::Links { target_table: "services", label: "name" }),
    field("summary_md", "adminf-field-project-summary", Kind::Markdown).required(),
    field("description_md", "adminf-field-description", Kind::Markdown),
    field("smart_goals", "adminf-field-smart-goals", Kind::Lines),
    field("measures", "adminf-field-measures", Kind::Lines),
    field("progress_override", "adminf-field-progress-override", Kind::Integer { min: 0, max: 100 }),
    field("staff_fte_planned", "adminf-field-staff-planned", Kind::Decimal),
    field("staff_fte_approved", "adminf-field-staff-approved", Kind::Decimal),
    field("budget_eur_planned", "adminf-field-budget-planned", Kind::Decimal),
    field("budget_eur_approved", "adminf-field-budget-approved", Kind::Decimal),
    field("planned_start", "adminf-field-planned-start", Kind::Date),
    field("planned_end", "adminf-field-planned-end", Kind::Date),
    field("actual_start", "adminf-field-actual-start", Kind::Date),
    field("actual_end", "adminf-field-actual-end", Kind::Date),
    SOURCE,
    ILLUSTRATIVE,
];

fn check_project(row: &serde_json::Map<String, serde_json::Value>) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    let before = |a: &str, b: &str| match (row.get(a).and_then(|v| v.as_str()), row.get(b).and_then(|v| v.as_str())) {
        (Some(a), Some(b)) => b < a,
        _ => false,
    };
    if before("planned_start", "planned_end") {
        errors.push(("planned_end", t("adminf-check-planned-end")));
    }
    if before("actual_start", "actual_end") {
        errors.push(("actual_end", t("adminf-check-actual-end")));
    }
    errors
}

const MILESTONE_FIELDS: &[Field] = &[
    field("project_id", "adminf-field-project", Kind::Ref { table: "projects", label: "title" }).required(),
    TITLE,
    POSITION,
    field("planned_on", "adminf-field-planned-on", Kind::Date).required(),
    field("forecast_on", "adminf-field-forecast-on", Kind::Date),
    field("forecast_reason", "adminf-field-forecast-reason", Kind::Text { max: 500 }),
    field("achieved_on", "adminf-field-achieved-on", Kind::Date),
    field("status", "adminf-field-status", Kind::Choice(MILESTONE_STATUSES)).required(),
    ILLUSTRATIVE,
];

fn check_milestone(row: &serde_json::Map<String, serde_json::Value>) -> Vec<(&'static str, String)> {
    let reached = row.get("status").and_then(|v| v.as_str()) == Some("reached");
    let has_date = row.get("achieved_on").is_some_and(|v| !v.is_null());
    match (reached, has_date) {
        (true, false) => {
            vec![("achieved_on", t("adminf-check-achieved-date"))]
        }
        (false, true) => vec![("status", t("adminf-check-achieved-status"))],
        _ => Vec::new(),
    }
}

const UPDATE_FIELDS: &[Field] = &[
    field("project_id", "adminf-field-project", Kind::Ref { table: "projects", label: "title" }).required(),
    SLUG,
    field("published_on", "adminf-field-published-on", Kind::Date).required(),
    TITLE,
    BODY,
    field("internal", "adminf-field-internal", Kind::Bool),
    ILLUSTRATIVE,
];

const SERVICE_FIELDS: &[Field] = &[
    SLUG,
    field("name", "adminf-field-service-name", Kind::Text { max: 200 }).required(),
    field("leika_key", "adminf-field-leika-key", Kind::NullableText { max: 14 }).help("adminf-field-leika-key-help"),
    field("ozg_id", "adminf-field-ozg-id", Kind::NullableText { max: 50 }),
    field("topic_area", "adminf-field-topic-area", Kind::Choice(TOPICS)).required(),
    field("life_situation", "adminf-field-life-situation", Kind::Text { max: 200 }),
    field("addressee", "adminf-field-addressee", Kind::Choice(ADDRESSEES)).required(),
    field(
        "responsible_unit_id",
        "adminf-field-service-unit",
        Kind::Ref { table: "org_units", label: "coalesce(number || ' ', '') || name" },
    ),
    field("status", "adminf-field-status", Kind::Choice(SERVICE_STATUSES)).required(),
    field("maturity_model", "adminf-field-maturity-model", Kind::Choice(MATURITY_MODELS))
        .required()
        .help("adminf-field-maturity-model-help"),
    field("maturity", "adminf-field-maturity", Kind::Choice(MATURITY)).required(),
    field("maturity_rated_on", "adminf-field-maturity-rated-on", Kind::Date),
    field("efa", "adminf-field-efa", Kind::Bool),
    field("efa_lead_state", "adminf-field-efa-lead-state", Kind::Text { max: 100 }),
    field("online_since", "adminf-field-online-since", Kind::Date),
    field("application_url", "adminf-field-application-url", Kind::NullableText { max: 500 })
        .help("adminf-field-application-url-help"),
    field("description_md", "adminf-field-description", Kind::Markdown),
    SOURCE,
    ILLUSTRATIVE,
];

fn check_service(row: &serde_json::Map<String, serde_json::Value>) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    if let Some(key) = row.get("leika_key").and_then(|v| v.as_str())
        && (key.len() != 14 || !key.chars().all(|c| c.is_ascii_digit()))
    {
        errors.push(("leika_key", t("adminf-check-leika")));
    }
    if let Some(url) = row.get("application_url").and_then(|v| v.as_str())
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        errors.push(("application_url", t("adminf-check-url")));
    }
    errors.extend(check_rating(row));
    errors
}

/// A rating stays on its model's scale, and none is made on model 2.0 before it existed.
fn check_rating(row: &serde_json::Map<String, serde_json::Value>) -> Vec<(&'static str, String)> {
    use crate::domain::{Maturity, MaturityModel};
    let text = |name: &str| row.get(name).and_then(|v| v.as_str());
    let Some(model) = text("maturity_model").and_then(MaturityModel::from_code) else { return Vec::new() };
    let mut errors = Vec::new();
    if let Some(level) = text("maturity").and_then(|l| l.parse::<i64>().ok())
        && Maturity::new(model, level).is_none()
    {
        let message = crate::i18n::lang().t_with(
            "adminf-check-maturity-scale",
            &[("model", model.label().into()), ("max", model.max().to_string().into())],
        );
        errors.push(("maturity", message));
    }
    if let (Some(on), Some(from)) =
        (text("maturity_rated_on").and_then(|d| d.parse::<chrono::NaiveDate>().ok()), model.rated_from())
        && on < from
    {
        let message = crate::i18n::lang().t_with(
            "adminf-check-maturity-from",
            &[("model", model.label().into()), ("date", crate::model::Date(from).to_string().into())],
        );
        errors.push(("maturity_rated_on", message));
    }
    errors
}

const ORG_UNIT_FIELDS: &[Field] = &[
    SLUG,
    field("name", "adminf-field-name", Kind::Text { max: 200 }).required(),
    field("kind", "adminf-field-kind", Kind::Choice(ORG_KINDS)).required(),
    field("number", "adminf-field-unit-number", Kind::NullableText { max: 20 }),
    field("parent_id", "adminf-field-parent", Kind::Ref { table: "org_units", label: "name" }),
    ILLUSTRATIVE,
];

const BODY_FIELDS: &[Field] = &[
    SLUG,
    field("name", "adminf-field-name", Kind::Text { max: 200 }).required(),
    POSITION,
    field("governance_level", "adminf-field-governance-level", Kind::Choice(LEVELS))
        .help("adminf-field-governance-level-help"),
    field("chair", "adminf-field-chair", Kind::Text { max: 200 }),
    BODY,
    SOURCE,
    ILLUSTRATIVE,
];

/// Every section of an annual report may refer to figures the portal computes
/// (the help names the references `{{kennzahlen}}` … `{{verlauf-dienste}}`).
const FIGURE_HELP: &str = "adminf-field-figure-help";

const REPORT_FIELDS: &[Field] = &[
    field("year", "adminf-field-year", Kind::Integer { min: 2000, max: 2100 }).required(),
    TITLE,
    field("foreword_md", "adminf-field-foreword", Kind::Markdown).help(FIGURE_HELP),
    field("body_md", "adminf-field-report-body", Kind::Markdown).help(FIGURE_HELP),
    field("action_fields_md", "adminf-field-report-action-fields", Kind::Markdown).help(FIGURE_HELP),
    field("projects_md", "adminf-field-report-projects", Kind::Markdown).help(FIGURE_HELP),
    field("services_md", "adminf-field-report-services", Kind::Markdown).help(FIGURE_HELP),
    field("outlook_md", "adminf-field-outlook", Kind::Markdown).help(FIGURE_HELP),
    ILLUSTRATIVE,
];

/// A report's sections refer only to figures that exist, and to each chart once.
fn check_report(row: &serde_json::Map<String, serde_json::Value>) -> Vec<(&'static str, String)> {
    crate::model::figure_refs::check_sections(
        crate::model::reports::SECTIONS
            .iter()
            .map(|(name, _)| (*name, row.get(*name).and_then(|v| v.as_str()).unwrap_or(""))),
    )
}

const INQUIRY_FIELDS: &[Field] = &[
    SLUG,
    field("number", "adminf-field-inquiry-number", Kind::Text { max: 9 }).required(),
    field("faction", "adminf-field-faction", Kind::Text { max: 200 }).required(),
    TITLE,
    field("body_md", "adminf-field-inquiry-body", Kind::Markdown),
    field("asked_on", "adminf-field-asked-on", Kind::Date),
    field("answered_on", "adminf-field-answered-on", Kind::Date),
    field("answered_by", "adminf-field-answered-by", Kind::Text { max: 200 }),
    field("oparl_id", "adminf-field-oparl-id", Kind::NullableText { max: 500 }),
    field("items", "adminf-field-items", Kind::Pairs),
    field("projects", "adminf-field-inquiry-projects", Kind::Links { target_table: "projects", label: "title" }),
    field("services", "adminf-field-inquiry-services", Kind::Links { target_table: "services", label: "name" }),
    SOURCE,
    ILLUSTRATIVE,
];

fn check_inquiry(row: &serde_json::Map<String, serde_json::Value>) -> Vec<(&'static str, String)> {
    let number = row.get("number").and_then(|v| v.as_str()).unwrap_or("");
    let ok =
        number.len() == 9 && number.as_bytes()[4] == b'/' && number.chars().filter(|c| c.is_ascii_digit()).count() == 8;
    if ok { Vec::new() } else { vec![("number", t("adminf-check-inquiry-number"))] }
}

const PAGE_FIELDS: &[Field] = &[SLUG, TITLE, BODY, ILLUSTRATIVE];

const STRATEGY_FIELDS: &[Field] = &[
    TITLE,
    field("document_title", "adminf-field-document-title", Kind::Text { max: 300 }).required(),
    field("vision_md", "adminf-field-vision", Kind::Markdown).required(),
    field("adopted_on", "adminf-field-adopted-on", Kind::Date),
    field("adopted_by", "adminf-field-adopted-by", Kind::Text { max: 200 }).required(),
    SOURCE,
];

const FINAL_REPORT_FIELDS: &[Field] = &[
    field("summary_md", "adminf-field-final-summary", Kind::Markdown).required(),
    field("lessons_learned_md", "adminf-field-lessons-learned", Kind::Markdown).required(),
    ILLUSTRATIVE,
];

/// Release state is changed only through the release workflow, never by a form.
pub const RELEASE_STATE_CHOICES: Choices = RELEASE_STATES;

const fn entity(
    slug: &'static str,
    table: &'static str,
    singular: &'static str,
    plural: &'static str,
    fields: &'static [Field],
) -> Entity {
    Entity {
        slug,
        table,
        singular,
        plural,
        title_sql: "t.title",
        order_sql: "t.title",
        fields,
        scope: Scope::AdminOnly,
        public_path: None,
        public_key: "slug",
        check: None,
    }
}

pub static ENTITIES: &[Entity] = &[
    Entity {
        scope: Scope::Project,
        public_path: Some("/projekte/"),
        check: Some(check_project),
        ..entity("projekte", "projects", "Projekt", "Projekte", PROJECT_FIELDS)
    },
    Entity {
        scope: Scope::ProjectChild,
        order_sql: "t.project_id, t.position",
        check: Some(check_milestone),
        ..entity("meilensteine", "milestones", "Meilenstein", "Meilensteine", MILESTONE_FIELDS)
    },
    Entity {
        scope: Scope::ProjectChild,
        order_sql: "t.published_on DESC, t.id DESC",
        ..entity("meldungen", "project_updates", "Meldung", "Meldungen", UPDATE_FIELDS)
    },
    Entity {
        title_sql: "t.name",
        order_sql: "t.name",
        public_path: Some("/online-dienste/"),
        check: Some(check_service),
        ..entity("online-dienste", "services", "Online-Dienst", "Online-Dienste", SERVICE_FIELDS)
    },
    Entity {
        order_sql: "t.position",
        public_path: Some("/handlungsfelder/"),
        ..entity("handlungsfelder", "action_fields", "Handlungsfeld", "Handlungsfelder", SECTION_FIELDS)
    },
    Entity { order_sql: "t.position", ..entity("ziele", "goals", "Ziel", "Ziele", SECTION_FIELDS) },
    Entity { order_sql: "t.position", ..entity("leitlinien", "guidelines", "Leitlinie", "Leitlinien", SECTION_FIELDS) },
    Entity {
        order_sql: "t.position",
        ..entity("themen", "cross_cutting_themes", "Querschnittsthema", "Querschnittsthemen", SECTION_FIELDS)
    },
    Entity {
        title_sql: "coalesce(t.number || ' ', '') || t.name",
        order_sql: "t.name",
        ..entity("einheiten", "org_units", "Organisationseinheit", "Organisationseinheiten", ORG_UNIT_FIELDS)
    },
    Entity {
        title_sql: "t.name",
        order_sql: "t.governance_level NULLS FIRST, t.position",
        ..entity("gremien", "bodies", "Gremium", "Gremien", BODY_FIELDS)
    },
    Entity {
        order_sql: "t.year DESC",
        public_path: Some("/berichte/"),
        public_key: "year",
        check: Some(check_report),
        ..entity("berichte", "annual_reports", "Sachstandsbericht", "Sachstandsberichte", REPORT_FIELDS)
    },
    Entity {
        title_sql: "t.number || ': ' || t.title",
        order_sql: "t.answered_on DESC NULLS FIRST, t.number DESC",
        public_path: Some("/anfragen/"),
        check: Some(check_inquiry),
        ..entity("anfragen", "council_inquiries", "Anfrage", "Anfragen", INQUIRY_FIELDS)
    },
    Entity { public_path: Some("/"), ..entity("seiten", "pages", "Seite", "Seiten", PAGE_FIELDS) },
    Entity {
        public_path: Some("/strategie"),
        public_key: "",
        ..entity("strategie", "strategies", "Strategie", "Strategie", STRATEGY_FIELDS)
    },
    Entity {
        title_sql: "'Abschlussbericht'",
        order_sql: "t.id",
        ..entity("abschlussberichte", "final_reports", "Abschlussbericht", "Abschlussberichte", FINAL_REPORT_FIELDS)
    },
];

pub fn find(slug: &str) -> Option<&'static Entity> {
    ENTITIES.iter().find(|e| e.slug == slug)
}

pub fn by_table(table: &str) -> Option<&'static Entity> {
    ENTITIES.iter().find(|e| e.table == table)
}

impl Entity {
    /// Tables whose rows carry `city_id` directly (all but final reports).
    pub fn has_city(&self) -> bool {
        self.table != "final_reports"
    }

    /// Entities listed and created through the generic screens.
    pub fn is_listed(&self) -> bool {
        !matches!(self.table, "strategies" | "final_reports")
    }

    /// Whether rows can be archived (strategies and pages cannot).
    pub fn can_archive(&self) -> bool {
        !matches!(self.table, "strategies" | "pages" | "final_reports")
    }

    /// The singular in the request's language ("Projekt"; in English in lower case, as it
    /// stands inside sentences: "Add project").
    pub fn singular(&self) -> String {
        t(&format!("adminf-entity-{}-one", self.slug))
    }

    /// The plural in the request's language ("Projekte", "Projects").
    pub fn plural(&self) -> String {
        t(&format!("adminf-entity-{}-many", self.slug))
    }

    /// Fields the team's history shows, with labels in the request's language: the form's
    /// fields and the archive mark.
    pub fn history_fields(&self) -> Vec<(&'static str, &'static str)> {
        self.fields
            .iter()
            .map(|f| (f.name, f.label()))
            .chain([("archived_at", t_static("adminf-field-archived-at"))])
            .collect()
    }

    /// The label of field `name` in the request's language ("" for no such field).
    pub fn label_of(&self, name: &str) -> &'static str {
        self.fields.iter().find(|f| f.name == name).map_or("", |f| f.label())
    }
}
