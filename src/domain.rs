//! Domain vocabulary: the enums the model stores as checked text columns, with
//! their labels (German, and English from `locales/en/domain.ftl` on English
//! pages), and the rules derived from them (progress, priority).

use serde::{Deserialize, Serialize};

/// A closed set of codes stored as text: the domain's enums, as content files,
/// query strings and forms name them.
pub trait Code: Copy + Sized + 'static {
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn from_code(code: &str) -> Option<Self>;
}

/// Declares a text-backed enum: code names in the database and in query strings,
/// labels on the page in the request's language (`"Schnellboot" @ "domain-…"`:
/// the German label, which the OpenAPI document and stored texts keep, and the
/// key of the label in `locales/*/domain.ftl`).
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal => $label:literal @ $key:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, sqlx::Type)]
        #[sqlx(type_name = "text", rename_all = "snake_case")]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database and used in addresses.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The label shown on pages, in the request's language (German outside requests).
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $crate::i18n::t_static($key)),+ }
            }

            /// The German label, whatever the request's language: for texts that are
            /// stored (an update's title, frozen figures) and for the API's description.
            pub fn german_label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl $crate::domain::Code for $name {
            const ALL: &'static [Self] = $name::ALL;
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn from_code(code: &str) -> Option<Self> {
                $name::from_code(code)
            }
        }

        /// In the OpenAPI document: a string, one of the codes.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .description(Some(concat!($($code, ": ", $label, "; "),+)))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use text_enum;

/// The OZG topic-area slugs seeded by the first migration.
pub const TOPIC_AREAS: [&str; 14] = [
    "arbeit-ruhestand",
    "bauen-wohnen",
    "bildung",
    "ein-auswanderung",
    "engagement-hobby",
    "familie-kind",
    "forschung-foerderung",
    "gesundheit",
    "mobilitaet-reisen",
    "querschnitt",
    "recht-ordnung",
    "steuern-zoll",
    "umwelt",
    "unternehmensfuehrung",
];

/// The name of an OZG topic area (one of [`TOPIC_AREAS`]) in the request's
/// language; in German the name the first migration seeds.
pub fn topic_area_name(slug: &str) -> Option<&'static str> {
    let key = match slug {
        "arbeit-ruhestand" => "domain-topic-area-arbeit-ruhestand",
        "bauen-wohnen" => "domain-topic-area-bauen-wohnen",
        "bildung" => "domain-topic-area-bildung",
        "ein-auswanderung" => "domain-topic-area-ein-auswanderung",
        "engagement-hobby" => "domain-topic-area-engagement-hobby",
        "familie-kind" => "domain-topic-area-familie-kind",
        "forschung-foerderung" => "domain-topic-area-forschung-foerderung",
        "gesundheit" => "domain-topic-area-gesundheit",
        "mobilitaet-reisen" => "domain-topic-area-mobilitaet-reisen",
        "querschnitt" => "domain-topic-area-querschnitt",
        "recht-ordnung" => "domain-topic-area-recht-ordnung",
        "steuern-zoll" => "domain-topic-area-steuern-zoll",
        "umwelt" => "domain-topic-area-umwelt",
        "unternehmensfuehrung" => "domain-topic-area-unternehmensfuehrung",
        _ => return None,
    };
    Some(crate::i18n::t_static(key))
}

/// An address part: lowercase a–z, digits and hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

text_enum!(
    /// Schnellboot, Leuchtturm or strategic programme project.
    ProjectKind {
        QuickWin = "quick_win" => "Schnellboot" @ "domain-project-kind-quick-win",
        Flagship = "flagship" => "Leuchtturm" @ "domain-project-kind-flagship",
        Strategic = "strategic" => "Strategisches Projekt" @ "domain-project-kind-strategic",
    }
);

text_enum!(
    /// Lifecycle of a project, from idea to completion.
    ProjectStatus {
        Idea = "idea" => "Idee" @ "domain-project-status-idea",
        Clarification = "clarification" => "In operativer Klärung" @ "domain-project-status-clarification",
        Concretisation = "concretisation" => "In Konkretisierung" @ "domain-project-status-concretisation",
        Implementation = "implementation" => "In Umsetzung" @ "domain-project-status-implementation",
        FinalReportDrafted = "final_report_drafted" => "Abschlussbericht im Entwurf" @ "domain-project-status-final-report-drafted",
        Completed = "completed" => "Abgeschlossen" @ "domain-project-status-completed",
        Paused = "paused" => "Pausiert" @ "domain-project-status-paused",
        Stopped = "stopped" => "Beendet ohne Abschluss" @ "domain-project-status-stopped",
    }
);

text_enum!(
    MilestoneStatus {
        Open = "open" => "offen" @ "domain-milestone-status-open",
        Reached = "reached" => "erreicht" @ "domain-milestone-status-reached",
        Dropped = "dropped" => "entfallen" @ "domain-milestone-status-dropped",
    }
);

text_enum!(
    /// OZG implementation state of an online service.
    ServiceStatus {
        Planned = "planned" => "Geplant" @ "domain-service-status-planned",
        InDesign = "in_design" => "In Konzeption" @ "domain-service-status-in-design",
        Online = "online" => "Online" @ "domain-service-status-online",
        OnlineRework = "online_rework" => "Online, in Überarbeitung" @ "domain-service-status-online-rework",
        Discontinued = "discontinued" => "Eingestellt" @ "domain-service-status-discontinued",
    }
);

text_enum!(
    Addressee {
        Citizens = "citizens" => "Bürgerinnen und Bürger" @ "domain-addressee-citizens",
        Businesses = "businesses" => "Unternehmen" @ "domain-addressee-businesses",
        Both = "both" => "Bürger und Unternehmen" @ "domain-addressee-both",
    }
);

text_enum!(
    /// Review-and-release state of final reports and annual reports.
    ReleaseState {
        Draft = "draft" => "Entwurf" @ "domain-release-state-draft",
        Submitted = "submitted" => "Zur Freigabe vorgelegt" @ "domain-release-state-submitted",
        Released = "released" => "Freigegeben" @ "domain-release-state-released",
        Returned = "returned" => "Zurückgegeben" @ "domain-release-state-returned",
    }
);

text_enum!(
    OrgUnitKind {
        Office = "office" => "Amt / Fachbereich" @ "domain-org-unit-kind-office",
        Department = "department" => "Dezernat" @ "domain-org-unit-kind-department",
        MunicipalEnterprise = "municipal_enterprise" => "Eigenbetrieb" @ "domain-org-unit-kind-municipal-enterprise",
        CityCompany = "city_company" => "Stadtnahe Gesellschaft" @ "domain-org-unit-kind-city-company",
        StaffUnit = "staff_unit" => "Stabsstelle" @ "domain-org-unit-kind-staff-unit",
    }
);

text_enum!(
    /// What an account may do in the admin area.
    Role {
        /// CDO team: everything, including users.
        Admin = "admin" => "Administration (CDO-Team)" @ "domain-role-admin",
        /// The projects of their action fields, with their milestones and updates.
        Coordinator = "coordinator" => "Handlungsfeldkoordination" @ "domain-role-coordinator",
        /// The projects assigned to them: status, progress, milestones, updates, final-report draft.
        Editor = "editor" => "Projektleitung / Redaktion" @ "domain-role-editor",
        /// Steering group: releases or returns final reports and annual reports.
        Approver = "approver" => "Freigabe (Lenkungsgruppe)" @ "domain-role-approver",
    }
);

/// A step of the review-and-release workflow of final and annual reports:
/// draft or returned → submitted → released (by an approver) or returned with
/// a comment; an admin may reopen a released report as a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleaseStep {
    Submit,
    Release,
    Return,
    Reopen,
}

impl ReleaseStep {
    /// The state this step leads to from `from`, or `None` when it is not allowed there.
    pub fn apply(self, from: ReleaseState) -> Option<ReleaseState> {
        use ReleaseState::*;
        match (self, from) {
            (ReleaseStep::Submit, Draft | Returned) => Some(Submitted),
            (ReleaseStep::Release, Submitted) => Some(Released),
            (ReleaseStep::Return, Submitted) => Some(Returned),
            (ReleaseStep::Reopen, Released) => Some(Draft),
            _ => None,
        }
    }

    /// The action recorded in the audit log.
    pub fn action(self) -> &'static str {
        match self {
            ReleaseStep::Submit => "submit",
            ReleaseStep::Release => "release",
            ReleaseStep::Return => "return",
            ReleaseStep::Reopen => "reopen",
        }
    }
}

impl ReleaseState {
    /// Only drafts and returned reports can be edited; submitted and released ones are frozen.
    pub fn is_editable(self) -> bool {
        matches!(self, ReleaseState::Draft | ReleaseState::Returned)
    }
}

impl ProjectStatus {
    /// Statuses that count as "in work" on the overview.
    pub fn is_active(self) -> bool {
        matches!(self, Self::Clarification | Self::Concretisation | Self::Implementation)
    }

    /// CSS modifier for the status badge.
    pub fn tone(self) -> &'static str {
        match self {
            Self::Idea | Self::Clarification | Self::Concretisation => "neutral",
            Self::Implementation => "info",
            Self::FinalReportDrafted | Self::Completed => "success",
            Self::Paused | Self::Stopped => "warning",
        }
    }
}

impl ServiceStatus {
    /// Online application flows: online, including those being reworked.
    pub fn is_online(self) -> bool {
        matches!(self, Self::Online | Self::OnlineRework)
    }

    pub fn tone(self) -> &'static str {
        match self {
            Self::Online => "success",
            Self::OnlineRework => "info",
            Self::Planned | Self::InDesign => "neutral",
            Self::Discontinued => "warning",
        }
    }
}

/// The OZG maturity model a service's rating is made on ("Reifegradmodell").
/// Ratings stay on the model they were made on: a level is never converted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MaturityModel {
    /// Model 1.1 (June 2020): levels 0-4, OZG-compliant from level 3.
    #[serde(rename = "1.1")]
    V1,
    /// Model 2.0 (since July 2025): levels 0-7 on 13 criteria.
    #[serde(rename = "2.0")]
    V2,
}

impl MaturityModel {
    pub const ALL: [Self; 2] = [Self::V1, Self::V2];

    /// The code stored in the database, the content and the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::V1 => "1.1",
            Self::V2 => "2.0",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The model's name in the request's language.
    pub fn label(self) -> &'static str {
        match self {
            Self::V1 => crate::i18n::t_static("domain-maturity-model-v1"),
            Self::V2 => crate::i18n::t_static("domain-maturity-model-v2"),
        }
    }

    /// The model's German name, whatever the request's language (stored texts).
    pub fn german_label(self) -> &'static str {
        match self {
            Self::V1 => "Reifegradmodell 1.1",
            Self::V2 => "Reifegradmodell 2.0",
        }
    }

    /// The highest level of the model's scale.
    pub fn max(self) -> u8 {
        match self {
            Self::V1 => 4,
            Self::V2 => 7,
        }
    }

    /// The first day a rating on this model can carry (model 2.0 replaced 1.1 in July 2025).
    pub fn rated_from(self) -> Option<chrono::NaiveDate> {
        match self {
            Self::V1 => None,
            Self::V2 => chrono::NaiveDate::from_ymd_opt(2025, 7, 1),
        }
    }

    /// The model's levels, lowest first.
    pub fn levels(self) -> impl Iterator<Item = Maturity> {
        (0..=self.max()).map(move |level| Maturity { model: self, level })
    }

    /// What "OZG-konform" counts on this model, if the model defines it.
    pub fn ozg_rule(self) -> Option<&'static str> {
        match self {
            Self::V1 => Some(crate::i18n::t_static("domain-maturity-ozg-rule-v1")),
            Self::V2 => None,
        }
    }
}

impl std::fmt::Display for MaturityModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// An OZG maturity rating: a level on a model's scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Maturity {
    model: MaturityModel,
    level: u8,
}

impl Maturity {
    pub fn new(model: MaturityModel, level: i64) -> Option<Self> {
        u8::try_from(level).ok().filter(|l| *l <= model.max()).map(|level| Maturity { model, level })
    }

    /// A rating as the database stores it (model code and level); model 1.1 level 0 for nonsense.
    pub fn from_row(model: &str, level: i16) -> Self {
        MaturityModel::from_code(model)
            .and_then(|m| Self::new(m, level.into()))
            .unwrap_or(Maturity { model: MaturityModel::V1, level: 0 })
    }

    pub fn model(self) -> MaturityModel {
        self.model
    }

    pub fn level(self) -> u8 {
        self.level
    }

    /// The level's name. Model 1.1 names each level; for model 2.0 the sources
    /// available to us (ozg.sachsen-anhalt.de, "Reifegradmodell", Stand 02-2026)
    /// name the groups of levels only, so a level shows its group.
    pub fn label(self) -> &'static str {
        crate::i18n::t_static(self.label_key().0)
    }

    /// The level's German name, whatever the request's language (stored texts).
    pub fn german_label(self) -> &'static str {
        self.label_key().1
    }

    /// The message key of the level's name and its German text.
    fn label_key(self) -> (&'static str, &'static str) {
        match (self.model, self.level) {
            (MaturityModel::V1, 0) => ("domain-maturity-v1-offline", "Offline"),
            (MaturityModel::V1, 1) => ("domain-maturity-v1-information", "Information"),
            (MaturityModel::V1, 2) => ("domain-maturity-v1-form-assistant", "Formular-Assistent"),
            (MaturityModel::V1, 3) => ("domain-maturity-v1-online-service", "Online-Leistung"),
            (MaturityModel::V1, _) => ("domain-maturity-v1-online-transaction", "Online-Transaktion"),
            (MaturityModel::V2, 0) => ("domain-maturity-v2-offline-only", "nur offline"),
            (MaturityModel::V2, 1..=3) => ("domain-maturity-v2-frontend", "Frontend-Digitalisierung"),
            (MaturityModel::V2, 4..=6) => {
                ("domain-maturity-v2-process-data", "Prozessorientierung und Datenzentrierung")
            }
            (MaturityModel::V2, _) => ("domain-maturity-v2-end-to-end", "Ende-zu-Ende digital"),
        }
    }

    /// Whether the rating counts as OZG-compliant: on model 1.1 from level 3;
    /// `None` on model 2.0, for which the sources name no threshold.
    pub fn meets_ozg(self) -> Option<bool> {
        match self.model {
            MaturityModel::V1 => Some(self.level >= 3),
            MaturityModel::V2 => None,
        }
    }

    /// The code in addresses and series: model and level, as in `1.1-3`.
    pub fn code(self) -> String {
        format!("{}-{}", self.model.code(), self.level)
    }

    /// Reads [`Maturity::code`]; a bare level (`3`) is model 1.1, as addresses said before model 2.0.
    pub fn from_code(code: &str) -> Option<Self> {
        let (model, level) = code.split_once('-').unwrap_or(("1.1", code));
        Self::new(MaturityModel::from_code(model)?, level.parse().ok()?)
    }
}

impl std::fmt::Display for Maturity {
    /// "3 – Online-Leistung (Reifegradmodell 1.1)"
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} – {} ({})", self.level, self.label(), self.model.label())
    }
}

/// Priority of a service, derived from its latest yearly case number
/// ("higher case numbers mean higher priority", answer to inquiry 0730/2023, question 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    Low,
    Medium,
    High,
}

impl Priority {
    pub const HIGH_FROM: i32 = 5_000;
    pub const MEDIUM_FROM: i32 = 500;
    /// The rule in German; pages show [`Priority::rule`], in their language.
    pub const RULE: &'static str = "Priorität nach jährlicher Fallzahl (letztes erfasstes Jahr): \
        hoch ab 5.000 Fällen, mittel ab 500 Fällen, sonst niedrig.";

    /// [`Priority::RULE`] in the request's language (German outside requests).
    pub fn rule() -> &'static str {
        crate::i18n::t_static("domain-priority-rule")
    }

    pub fn from_cases(cases: Option<i32>) -> Option<Self> {
        cases.map(|c| {
            if c >= Self::HIGH_FROM {
                Self::High
            } else if c >= Self::MEDIUM_FROM {
                Self::Medium
            } else {
                Self::Low
            }
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::High => crate::i18n::t_static("domain-priority-high"),
            Self::Medium => crate::i18n::t_static("domain-priority-medium"),
            Self::Low => crate::i18n::t_static("domain-priority-low"),
        }
    }
}

/// How a project's progress was determined; shown on the page with the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressSource {
    /// Set by the project team.
    Stated,
    /// Share of reached milestones among those not dropped.
    Milestones,
    /// A completed project without milestones counts as 100 %.
    Completed,
}

/// The progress rule, stated once and shown on every page with a progress bar
/// (in German; pages show [`progress_rule`], in their language).
pub const PROGRESS_RULE: &str = "Fortschritt: vom Projektteam angegebener Wert; fehlt er, der Anteil \
    erreichter Meilensteine (ohne entfallene); abgeschlossene Projekte ohne Meilensteine 100 %. \
    Handlungsfelder zeigen den Durchschnitt ihrer Projekte mit Fortschrittsangabe.";

/// [`PROGRESS_RULE`] in the request's language (German outside requests).
pub fn progress_rule() -> &'static str {
    crate::i18n::t_static("domain-progress-rule")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub percent: u8,
    pub source: ProgressSource,
}

impl Progress {
    /// Applies [`PROGRESS_RULE`].
    pub fn derive(
        stated: Option<i16>,
        status: ProjectStatus,
        milestones_reached: i64,
        milestones_counted: i64,
    ) -> Option<Progress> {
        if let Some(p) = stated {
            return Some(Progress { percent: p.clamp(0, 100) as u8, source: ProgressSource::Stated });
        }
        if milestones_counted > 0 {
            let percent = (milestones_reached * 100 + milestones_counted / 2) / milestones_counted;
            return Some(Progress { percent: percent.clamp(0, 100) as u8, source: ProgressSource::Milestones });
        }
        (status == ProjectStatus::Completed).then_some(Progress { percent: 100, source: ProgressSource::Completed })
    }

    pub fn source_label(&self) -> &'static str {
        match self.source {
            ProgressSource::Stated => crate::i18n::t_static("domain-progress-source-stated"),
            ProgressSource::Milestones => crate::i18n::t_static("domain-progress-source-milestones"),
            ProgressSource::Completed => crate::i18n::t_static("domain-progress-source-completed"),
        }
    }
}

/// The light backgrounds a city's action colour is drawn on (text and links on
/// white and on the hued surfaces; white text on the colour): KERN's tokens.
const ACTION_BACKGROUNDS: [(&str, [u8; 3]); 2] =
    [("Weiß", [0xff, 0xff, 0xff]), ("hellgrau #f3f4f7", [0xf3, 0xf4, 0xf7])];

/// A city's action colour, `#rrggbb` (lower case), if it keeps WCAG contrast AA
/// (4.5:1) on every background it is drawn on; else why not, in German.
pub fn action_colour(text: &str) -> Result<String, String> {
    let hex = text.strip_prefix('#').filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
    let Some(hex) = hex else {
        return Err(format!("colour: \"{text}\" ist keine Farbe im Format #rrggbb (z. B. #2044aa)"));
    };
    let rgb = [0, 2, 4].map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0));
    for (name, background) in ACTION_BACKGROUNDS {
        let ratio = contrast(rgb, background);
        if ratio < 4.5 {
            let ratio = format!("{ratio:.2}").replace('.', ",");
            return Err(format!(
                "colour: {text} hat auf {name} nur einen Kontrast von {ratio}:1; nötig sind mindestens 4,5:1 (WCAG AA). \
                 Bitte eine dunklere Farbe wählen."
            ));
        }
    }
    Ok(format!("#{}", hex.to_ascii_lowercase()))
}

/// WCAG 2.1 contrast ratio of two sRGB colours.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    fn luminance([r, g, b]: [u8; 3]) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_city_colour_must_keep_contrast_aa() {
        assert_eq!(super::action_colour("#2044AA"), Ok("#2044aa".into()), "KERN's blue passes");
        assert!((super::contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        let pale = super::action_colour("#7fb2e5").unwrap_err();
        assert!(pale.contains("Kontrast von 2,") && pale.contains("4,5:1"), "{pale}");
        // #767676 is the classic 4.54:1 on white, but below 4.5:1 on the hued grey.
        assert!(super::action_colour("#767676").unwrap_err().contains("hellgrau"));
        assert!(super::action_colour("blau").unwrap_err().contains("#rrggbb"));
        assert!(super::action_colour("#12345").is_err());
    }

    use super::*;

    #[test]
    fn progress_prefers_the_stated_value_over_milestones() {
        let p = Progress::derive(Some(40), ProjectStatus::Implementation, 3, 3).unwrap();
        assert_eq!((p.percent, p.source), (40, ProgressSource::Stated));
    }

    #[test]
    fn progress_is_the_rounded_share_of_reached_milestones() {
        let p = Progress::derive(None, ProjectStatus::Implementation, 1, 3).unwrap();
        assert_eq!((p.percent, p.source), (33, ProgressSource::Milestones));
        let p = Progress::derive(None, ProjectStatus::Implementation, 2, 3).unwrap();
        assert_eq!(p.percent, 67);
    }

    #[test]
    fn progress_is_unknown_without_milestones_unless_completed() {
        assert_eq!(Progress::derive(None, ProjectStatus::Implementation, 0, 0), None);
        assert_eq!(Progress::derive(None, ProjectStatus::Completed, 0, 0).unwrap().percent, 100);
    }

    #[test]
    fn priority_follows_the_case_number_thresholds() {
        assert_eq!(Priority::from_cases(Some(5_000)), Some(Priority::High));
        assert_eq!(Priority::from_cases(Some(4_999)), Some(Priority::Medium));
        assert_eq!(Priority::from_cases(Some(499)), Some(Priority::Low));
        assert_eq!(Priority::from_cases(None), None);
    }

    #[test]
    fn enum_codes_round_trip() {
        for s in ProjectStatus::ALL {
            assert_eq!(ProjectStatus::from_code(s.code()), Some(*s));
        }
        assert_eq!(ServiceStatus::from_code("nonsense"), None);
    }

    #[test]
    fn german_labels_come_unchanged_from_the_message_files() {
        // Outside a request the labels are German: the messages must say what the code says.
        fn same<T: Copy + std::fmt::Debug>(all: &[T], label: fn(T) -> &'static str, german: fn(T) -> &'static str) {
            for v in all {
                assert_eq!(label(*v), german(*v), "{v:?}");
            }
        }
        same(ProjectKind::ALL, ProjectKind::label, ProjectKind::german_label);
        same(ProjectStatus::ALL, ProjectStatus::label, ProjectStatus::german_label);
        same(MilestoneStatus::ALL, MilestoneStatus::label, MilestoneStatus::german_label);
        same(ServiceStatus::ALL, ServiceStatus::label, ServiceStatus::german_label);
        same(Addressee::ALL, Addressee::label, Addressee::german_label);
        same(ReleaseState::ALL, ReleaseState::label, ReleaseState::german_label);
        same(OrgUnitKind::ALL, OrgUnitKind::label, OrgUnitKind::german_label);
        same(Role::ALL, Role::label, Role::german_label);
        same(&MaturityModel::ALL, MaturityModel::label, MaturityModel::german_label);
        for model in MaturityModel::ALL {
            same(&model.levels().collect::<Vec<_>>(), Maturity::label, Maturity::german_label);
        }
        assert_eq!(progress_rule(), PROGRESS_RULE);
        assert_eq!(Priority::rule(), Priority::RULE);
        assert_eq!(MaturityModel::V1.ozg_rule(), Some("OZG-konform nach Reifegradmodell 1.1: ab Reifegrad 3"));
        let labels = [Priority::High, Priority::Medium, Priority::Low].map(Priority::label);
        assert_eq!(labels, ["hoch", "mittel", "niedrig"]);
        let progress = |source| Progress { percent: 0, source }.source_label();
        assert_eq!(progress(ProgressSource::Stated), "Angabe des Projektteams");
        assert_eq!(progress(ProgressSource::Milestones), "aus Meilensteinen berechnet");
        assert_eq!(progress(ProgressSource::Completed), "abgeschlossen");
    }

    #[test]
    fn topic_areas_are_named_as_the_migration_names_them() {
        let seeded = include_str!("../migrations/0001_initial.sql");
        for (position, slug) in TOPIC_AREAS.iter().enumerate() {
            let name = topic_area_name(slug).unwrap_or_default();
            let row = format!("('{slug}', {}, '{name}')", position + 1);
            assert!(seeded.contains(&row), "{row}");
        }
        assert_eq!(topic_area_name("nonsense"), None);
    }

    #[test]
    fn maturity_levels_stay_on_their_model() {
        use MaturityModel::{V1, V2};
        assert!(Maturity::new(V1, 4).is_some());
        assert!(Maturity::new(V1, 5).is_none());
        assert!(Maturity::new(V2, 7).is_some());
        assert!(Maturity::new(V2, 8).is_none());
        assert!(Maturity::new(V1, -1).is_none());
        assert_eq!(Maturity::new(V1, 3).unwrap().meets_ozg(), Some(true));
        assert_eq!(Maturity::new(V1, 2).unwrap().meets_ozg(), Some(false));
        assert_eq!(Maturity::new(V2, 7).unwrap().meets_ozg(), None);
        assert_eq!(Maturity::from_code("2.0-5"), Maturity::new(V2, 5));
        assert_eq!(Maturity::from_code("3"), Maturity::new(V1, 3));
        assert_eq!(Maturity::from_code("1.1-6"), None);
        assert_eq!(Maturity::new(V2, 5).unwrap().code(), "2.0-5");
        assert_eq!(
            Maturity::from_row("2.0", 6).to_string(),
            "6 – Prozessorientierung und Datenzentrierung (Reifegradmodell 2.0)"
        );
    }
}
