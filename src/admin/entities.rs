//! The editable entities of the public model, described once: their table,
//! fields and who may change them. One generic set of handlers (list, create,
//! edit with optimistic locking, archive, history) serves them all.

use super::forms::{Choices, Field, Kind, field};
use crate::domain::TOPIC_AREAS;
use crate::domain::{Addressee, MilestoneStatus, ProjectKind, ProjectStatus, ReleaseState, ServiceStatus};

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

/// A rule across several fields of a validated row: `(field, German message)` per problem.
pub type CrossCheck = fn(&serde_json::Map<String, serde_json::Value>) -> Vec<(&'static str, String)>;

pub struct Entity {
    /// Address segment: `/admin/{slug}`.
    pub slug: &'static str,
    pub table: &'static str,
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
        ("0", "0 – 1.1: Offline · 2.0: nur offline"),
        ("1", "1 – 1.1: Information · 2.0: Frontend-Digitalisierung"),
        ("2", "2 – 1.1: Formular-Assistent · 2.0: Frontend-Digitalisierung"),
        ("3", "3 – 1.1: Online-Leistung · 2.0: Frontend-Digitalisierung"),
        ("4", "4 – 1.1: Online-Transaktion · 2.0: Prozessorientierung und Datenzentrierung"),
        ("5", "5 – nur 2.0: Prozessorientierung und Datenzentrierung"),
        ("6", "6 – nur 2.0: Prozessorientierung und Datenzentrierung"),
        ("7", "7 – nur 2.0: Ende-zu-Ende digital"),
    ]
};
const MATURITY_MODELS: Choices =
    || vec![("1.1", "Reifegradmodell 1.1 (Stufen 0–4)"), ("2.0", "Reifegradmodell 2.0 (Stufen 0–7, seit Juli 2025)")];
const LEVELS: Choices =
    || vec![("1", "1 – Strategische Steuerung"), ("2", "2 – Management"), ("3", "3 – Projektumsetzung")];
const TOPICS: Choices = || {
    const NAMES: [&str; 14] = [
        "Arbeit & Ruhestand",
        "Bauen & Wohnen",
        "Bildung",
        "Ein- & Auswanderung",
        "Engagement & Hobby",
        "Familie & Kind",
        "Forschung & Förderung",
        "Gesundheit",
        "Mobilität & Reisen",
        "Querschnitt",
        "Recht & Ordnung",
        "Steuern & Zoll",
        "Umwelt",
        "Unternehmensführung & -entwicklung",
    ];
    TOPIC_AREAS.iter().copied().zip(NAMES).collect()
};

const TITLE: Field = field("title", "Titel", Kind::Text { max: 200 }).required();
const SLUG: Field = field("slug", "Kurzname (Adresse)", Kind::Slug)
    .required()
    .help("Teil der Adresse, z. B. „ausbau-lorawan-netz“; kann später nicht geändert werden.");
const POSITION: Field = field("position", "Reihenfolge", Kind::Integer { min: 1, max: 10_000 }).required();
const BODY: Field = field("body_md", "Text", Kind::Markdown);
const SOURCE: Field = field("source_ref", "Quelle", Kind::Text { max: 300 })
    .help("Woher die Angabe stammt, z. B. „Antwort zur Anfrage 0730/2023, Frage 1“.");
const ILLUSTRATIVE: Field = field("illustrative", "Beispieldaten (nicht aus den Quellen der Stadt)", Kind::Bool);

const SECTION_FIELDS: &[Field] = &[SLUG, TITLE, POSITION, BODY, SOURCE, ILLUSTRATIVE];

const PROJECT_FIELDS: &[Field] = &[
    SLUG,
    TITLE,
    field("kind", "Art", Kind::Choice(PROJECT_KINDS)).required(),
    field("status", "Status", Kind::Choice(PROJECT_STATUSES)).required(),
    field(
        "responsible_unit_id",
        "Verantwortliche Organisationseinheit",
        Kind::Ref { table: "org_units", label: "coalesce(number || ' ', '') || name" },
    ),
    field("lead_role", "Projektleitung (Rolle, keine Namen)", Kind::Text { max: 300 }),
    field("team_roles", "Projektteam (Rollen, keine Namen)", Kind::Text { max: 500 }),
    field("action_fields", "Handlungsfelder", Kind::Links { target_table: "action_fields", label: "title" }),
    field("themes", "Querschnittsthemen", Kind::Links { target_table: "cross_cutting_themes", label: "title" }),
    field("services", "Verknüpfte Online-Dienste", Kind::Links { target_table: "services", label: "name" }),
    field("summary_md", "Kurzbeschreibung", Kind::Markdown).required(),
    field("description_md", "Beschreibung", Kind::Markdown),
    field("smart_goals", "SMART-Ziele (eines je Zeile)", Kind::Lines),
    field("measures", "Maßnahmen (eine je Zeile)", Kind::Lines),
    field("progress_override", "Fortschritt in % (leer: aus Meilensteinen)", Kind::Integer { min: 0, max: 100 }),
    field("staff_fte_planned", "Personal geplant (VZÄ)", Kind::Decimal),
    field("staff_fte_approved", "Personal bewilligt (VZÄ)", Kind::Decimal),
    field("budget_eur_planned", "Finanzmittel geplant (€)", Kind::Decimal),
    field("budget_eur_approved", "Finanzmittel bewilligt (€)", Kind::Decimal),
    field("planned_start", "Start geplant", Kind::Date),
    field("planned_end", "Ende geplant", Kind::Date),
    field("actual_start", "Start tatsächlich", Kind::Date),
    field("actual_end", "Ende tatsächlich", Kind::Date),
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
        errors.push(("planned_end", "Das geplante Ende liegt vor dem geplanten Start.".to_string()));
    }
    if before("actual_start", "actual_end") {
        errors.push(("actual_end", "Das tatsächliche Ende liegt vor dem tatsächlichen Start.".to_string()));
    }
    errors
}

const MILESTONE_FIELDS: &[Field] = &[
    field("project_id", "Projekt", Kind::Ref { table: "projects", label: "title" }).required(),
    TITLE,
    POSITION,
    field("planned_on", "Geplant am", Kind::Date).required(),
    field("forecast_on", "Prognose", Kind::Date),
    field("forecast_reason", "Grund für die Prognose", Kind::Text { max: 500 }),
    field("achieved_on", "Erreicht am", Kind::Date),
    field("status", "Status", Kind::Choice(MILESTONE_STATUSES)).required(),
    ILLUSTRATIVE,
];

fn check_milestone(row: &serde_json::Map<String, serde_json::Value>) -> Vec<(&'static str, String)> {
    let reached = row.get("status").and_then(|v| v.as_str()) == Some("reached");
    let has_date = row.get("achieved_on").is_some_and(|v| !v.is_null());
    match (reached, has_date) {
        (true, false) => {
            vec![("achieved_on", "Ein erreichter Meilenstein braucht das Datum, an dem er erreicht wurde.".into())]
        }
        (false, true) => vec![("status", "Mit einem Datum „Erreicht am“ muss der Status „erreicht“ sein.".into())],
        _ => Vec::new(),
    }
}

const UPDATE_FIELDS: &[Field] = &[
    field("project_id", "Projekt", Kind::Ref { table: "projects", label: "title" }).required(),
    SLUG,
    field("published_on", "Datum", Kind::Date).required(),
    TITLE,
    BODY,
    field("internal", "Intern (nicht öffentlich)", Kind::Bool),
    ILLUSTRATIVE,
];

const SERVICE_FIELDS: &[Field] = &[
    SLUG,
    field("name", "Name der Leistung", Kind::Text { max: 200 }).required(),
    field("leika_key", "LeiKa-Schlüssel", Kind::NullableText { max: 14 }).help("14 Ziffern"),
    field("ozg_id", "OZG-Leistung (Kennung)", Kind::NullableText { max: 50 }),
    field("topic_area", "OZG-Themenfeld", Kind::Choice(TOPICS)).required(),
    field("life_situation", "Lebenslage", Kind::Text { max: 200 }),
    field("addressee", "Zielgruppe", Kind::Choice(ADDRESSEES)).required(),
    field(
        "responsible_unit_id",
        "Zuständige Organisationseinheit",
        Kind::Ref { table: "org_units", label: "coalesce(number || ' ', '') || name" },
    ),
    field("status", "Status", Kind::Choice(SERVICE_STATUSES)).required(),
    field("maturity_model", "Reifegradmodell", Kind::Choice(MATURITY_MODELS))
        .required()
        .help("Bewertungen nach Modell 1.1 bleiben auf dessen Skala gültig"),
    field("maturity", "Reifegrad", Kind::Choice(MATURITY)).required(),
    field("maturity_rated_on", "Bewertet am", Kind::Date),
    field("efa", "EfA-Leistung („Einer für Alle“)", Kind::Bool),
    field("efa_lead_state", "EfA: federführendes Land", Kind::Text { max: 100 }),
    field("online_since", "Online seit", Kind::Date),
    field("application_url", "Adresse des Online-Antrags", Kind::NullableText { max: 500 })
        .help("beginnt mit https://"),
    field("description_md", "Beschreibung", Kind::Markdown),
    SOURCE,
    ILLUSTRATIVE,
];

fn check_service(row: &serde_json::Map<String, serde_json::Value>) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    if let Some(key) = row.get("leika_key").and_then(|v| v.as_str())
        && (key.len() != 14 || !key.chars().all(|c| c.is_ascii_digit()))
    {
        errors.push(("leika_key", "Der LeiKa-Schlüssel besteht aus 14 Ziffern.".to_string()));
    }
    if let Some(url) = row.get("application_url").and_then(|v| v.as_str())
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        errors.push(("application_url", "Die Adresse muss mit https:// beginnen.".to_string()));
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
        errors.push((
            "maturity",
            format!(
                "Das {} kennt die Stufen 0 bis {}; bitte eine dieser Stufen oder Modell 2.0 wählen.",
                model.label(),
                model.max()
            ),
        ));
    }
    if let (Some(on), Some(from)) =
        (text("maturity_rated_on").and_then(|d| d.parse::<chrono::NaiveDate>().ok()), model.rated_from())
        && on < from
    {
        errors.push((
            "maturity_rated_on",
            format!("Das {} gilt erst seit dem {}.", model.label(), crate::model::Date(from)),
        ));
    }
    errors
}

const ORG_UNIT_FIELDS: &[Field] = &[
    SLUG,
    field("name", "Name", Kind::Text { max: 200 }).required(),
    field("kind", "Art", Kind::Choice(ORG_KINDS)).required(),
    field("number", "Nummer (z. B. 10.02.01)", Kind::NullableText { max: 20 }),
    field("parent_id", "Gehört zu", Kind::Ref { table: "org_units", label: "name" }),
    ILLUSTRATIVE,
];

const BODY_FIELDS: &[Field] = &[
    SLUG,
    field("name", "Name", Kind::Text { max: 200 }).required(),
    POSITION,
    field("governance_level", "Ebene", Kind::Choice(LEVELS))
        .help("leer für Gremien oberhalb des Programms, z. B. den Stadtrat"),
    field("chair", "Vorsitz (Rolle)", Kind::Text { max: 200 }),
    BODY,
    SOURCE,
    ILLUSTRATIVE,
];

/// Every section of an annual report may refer to figures the portal computes.
const FIGURE_HELP: &str = "Markdown. Zahlen nicht abschreiben, sondern einfügen: eine Zeile {{kennzahlen}}, \
    {{projekte-nach-status}}, {{projekte-nach-art}}, {{dienste-nach-reifegrad}}, {{meilensteine}}, \
    {{verlauf-projekte}}, {{verlauf-meilensteine}} oder {{verlauf-dienste}}. Bis zur Freigabe zeigen sie die \
    aktuellen Zahlen, mit der Freigabe werden sie festgeschrieben.";

const REPORT_FIELDS: &[Field] = &[
    field("year", "Jahr", Kind::Integer { min: 2000, max: 2100 }).required(),
    TITLE,
    field("foreword_md", "Vorwort", Kind::Markdown).help(FIGURE_HELP),
    field("body_md", "Sachstand (Überblick und Governance)", Kind::Markdown).help(FIGURE_HELP),
    field("action_fields_md", "Handlungsfelder (je Handlungsfeld ein Abschnitt)", Kind::Markdown).help(FIGURE_HELP),
    field("projects_md", "Projekte", Kind::Markdown).help(FIGURE_HELP),
    field("services_md", "Online-Dienste (OZG)", Kind::Markdown).help(FIGURE_HELP),
    field("outlook_md", "Ausblick", Kind::Markdown).help(FIGURE_HELP),
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
    field("number", "Nummer (z. B. 0730/2023)", Kind::Text { max: 9 }).required(),
    field("faction", "Fraktion", Kind::Text { max: 200 }).required(),
    TITLE,
    field("body_md", "Vorbemerkung zur Antwort", Kind::Markdown),
    field("asked_on", "Gestellt am", Kind::Date),
    field("answered_on", "Beantwortet am", Kind::Date),
    field("answered_by", "Beantwortet von", Kind::Text { max: 200 }),
    field("oparl_id", "OParl-Kennung (Paper-ID im Ratsinformationssystem)", Kind::NullableText { max: 500 }),
    field("items", "Fragen und Antworten", Kind::Pairs),
    field("projects", "Genannte Projekte", Kind::Links { target_table: "projects", label: "title" }),
    field("services", "Genannte Online-Dienste", Kind::Links { target_table: "services", label: "name" }),
    SOURCE,
    ILLUSTRATIVE,
];

fn check_inquiry(row: &serde_json::Map<String, serde_json::Value>) -> Vec<(&'static str, String)> {
    let number = row.get("number").and_then(|v| v.as_str()).unwrap_or("");
    let ok =
        number.len() == 9 && number.as_bytes()[4] == b'/' && number.chars().filter(|c| c.is_ascii_digit()).count() == 8;
    if ok { Vec::new() } else { vec![("number", "Die Nummer hat die Form 0730/2023.".into())] }
}

const PAGE_FIELDS: &[Field] = &[SLUG, TITLE, BODY, ILLUSTRATIVE];

const STRATEGY_FIELDS: &[Field] = &[
    TITLE,
    field("document_title", "Titel des Strategiepapiers", Kind::Text { max: 300 }).required(),
    field("vision_md", "Leitbild", Kind::Markdown).required(),
    field("adopted_on", "Beschlossen am", Kind::Date),
    field("adopted_by", "Beschlossen von", Kind::Text { max: 200 }).required(),
    SOURCE,
];

const FINAL_REPORT_FIELDS: &[Field] = &[
    field("summary_md", "Ergebnis und Zusammenfassung", Kind::Markdown).required(),
    field("lessons_learned_md", "Lessons Learned", Kind::Markdown).required(),
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

    /// Fields the team's history shows, with labels: the form's fields and the archive mark.
    pub fn history_fields(&self) -> Vec<(&'static str, &'static str)> {
        self.fields.iter().map(|f| (f.name, f.label)).chain([("archived_at", "Archiviert")]).collect()
    }

    pub fn label_of(&self, name: &str) -> &'static str {
        self.fields.iter().find(|f| f.name == name).map_or("", |f| f.label)
    }
}
