//! The content folder as typed records: reading files, splitting TOML front
//! matter from the Markdown body, and reporting malformed files with path,
//! line and reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::domain::{
    Addressee, Code, MilestoneStatus, OrgUnitKind, ProjectKind, ProjectStatus, ReleaseState, ServiceStatus, is_slug,
};

/// A code from a content file (`kind = "flagship"`), parsed into its domain
/// enum as the file is read. An unknown code is kept, so that one load reports
/// every problem of a file at once (see `content::check`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coded<T> {
    Known(T),
    Unknown(String),
}

impl<'de, T: Code> Deserialize<'de> for Coded<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Ok(T::from_code(&code).map_or(Coded::Unknown(code), Coded::Known))
    }
}

/// Written as its code (only checked content is written).
impl<T: Code> serde::Serialize for Coded<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Coded::Known(v) => s.serialize_str(v.code()),
            Coded::Unknown(raw) => s.serialize_str(raw),
        }
    }
}

impl<T: Code> Coded<T> {
    pub fn known(&self) -> Option<T> {
        match self {
            Coded::Known(v) => Some(*v),
            Coded::Unknown(_) => None,
        }
    }
}

/// One problem in one file, with the line it was found on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub path: PathBuf,
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for ContentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.reason)
    }
}

/// A parsed file: its slug (file name), front matter, body and raw text for line look-ups.
#[derive(Debug)]
pub struct Doc<T> {
    pub path: PathBuf,
    pub slug: String,
    pub meta: T,
    pub body: String,
    text: String,
}

impl<T> Doc<T> {
    /// An error about this file, placed on the first line that mentions `needle`.
    pub fn error_at(&self, needle: &str, reason: impl Into<String>) -> ContentError {
        let line = self.text.lines().position(|l| l.contains(needle)).map_or(1, |i| i + 1);
        ContentError { path: self.path.clone(), line, reason: reason.into() }
    }
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CityMeta {
    pub slug: String,
    pub name: String,
    pub portal_name: String,
    pub state: String,
    /// Open data: the official municipality key (8 digits), the licence of the
    /// data (a URI of the dcat-ap.de licence vocabulary) and its name, a
    /// contact address, and whether these are example statements.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ags: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub data_licence: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub data_licence_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub data_contact_email: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open_data_illustrative: bool,
    /// The host names this city answers to on an installation of several cities
    /// (lower case, without port), e.g. `["mainz.localhost", "sachstand.mainz.de"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// The city's action colour (links, buttons, header line), `#rrggbb`; it must
    /// reach contrast 4.5:1 on the portal's light backgrounds. Empty: KERN's blue.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub colour: String,
    /// The city's logo, an SVG file in the content folder (e.g. `logo.svg`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub logo: String,
    /// The whole city is invented (a demo city): every page says so.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyMeta {
    pub title: String,
    pub document_title: String,
    #[serde(default, deserialize_with = "toml_date::optional")]
    #[serde(serialize_with = "toml_date::write_optional", skip_serializing_if = "Option::is_none")]
    pub adopted_on: Option<NaiveDate>,
    pub adopted_by: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// English texts, where the city provides them (`[en]`: title, summary, body).
    #[serde(default, skip_serializing_if = "English::is_empty")]
    pub en: English,
}

/// A record's English texts (issue 14); each may be missing, and the English
/// page then shows the German text marked `lang="de"`.
#[derive(Debug, Default, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct English {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Markdown, like the German body.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    /// A translation made for the demo, not by the city (marked on the page).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

impl English {
    pub fn is_empty(&self) -> bool {
        self.title.is_empty() && self.summary.is_empty() && self.body.is_empty()
    }
}

/// Goals, guidelines, themes and action fields.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionMeta {
    pub position: i32,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
    /// English texts, where the city provides them (`[en]`: title, summary, body).
    #[serde(default, skip_serializing_if = "English::is_empty")]
    pub en: English,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrgUnitsFile {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unit: Vec<OrgUnitMeta>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrgUnitMeta {
    pub slug: String,
    pub kind: Coded<OrgUnitKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BodyMeta {
    pub position: i32,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<i16>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub chair: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceMeta {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leika_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ozg_id: Option<String>,
    pub topic_area: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub life_situation: String,
    pub addressee: Coded<Addressee>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub status: Coded<ServiceStatus>,
    /// The level on the scale of `maturity_model`.
    pub maturity: i64,
    /// The OZG maturity model of the rating: "1.1" (the default) or "2.0".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maturity_model: Option<String>,
    /// The day of the rating, where the city knows it.
    #[serde(default, deserialize_with = "toml_date::optional")]
    #[serde(serialize_with = "toml_date::write_optional", skip_serializing_if = "Option::is_none")]
    pub maturity_rated_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub efa: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub efa_lead_state: String,
    #[serde(default, deserialize_with = "toml_date::optional")]
    #[serde(serialize_with = "toml_date::write_optional", skip_serializing_if = "Option::is_none")]
    pub online_since: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub case_counts: BTreeMap<String, i64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
    /// Earlier states, oldest first (see [`HistoryEntry`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEntry<ServiceStatus>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectMeta {
    pub title: String,
    pub kind: Coded<ProjectKind>,
    pub status: Coded<ProjectStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lead_role: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub team_roles: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub action_fields: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<i64>,
    #[serde(default, deserialize_with = "toml_date::optional")]
    #[serde(serialize_with = "toml_date::write_optional", skip_serializing_if = "Option::is_none")]
    pub planned_start: Option<NaiveDate>,
    #[serde(default, deserialize_with = "toml_date::optional")]
    #[serde(serialize_with = "toml_date::write_optional", skip_serializing_if = "Option::is_none")]
    pub planned_end: Option<NaiveDate>,
    #[serde(default, deserialize_with = "toml_date::optional")]
    #[serde(serialize_with = "toml_date::write_optional", skip_serializing_if = "Option::is_none")]
    pub actual_start: Option<NaiveDate>,
    #[serde(default, deserialize_with = "toml_date::optional")]
    #[serde(serialize_with = "toml_date::write_optional", skip_serializing_if = "Option::is_none")]
    pub actual_end: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub smart_goals: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources: Option<ResourcesMeta>,
    /// Earlier states, oldest first (see [`HistoryEntry`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEntry<ProjectStatus>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<MilestoneMeta>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_report: Option<FinalReportMeta>,
    /// English texts, where the city provides them (`[en]`: title, summary, body).
    #[serde(default, skip_serializing_if = "English::is_empty")]
    pub en: English,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResourcesMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff_fte_planned: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff_fte_approved: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_eur_planned: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_eur_approved: Option<f64>,
}

/// `[[history]]`: a state the record had from `on` until the next entry (or
/// until the portal recorded it): the dated history a city already has, loaded
/// as versions before the first recorded one (migration 0013). A state that no
/// source states is `illustrative`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry<T: Code> {
    #[serde(deserialize_with = "toml_date::required", serialize_with = "toml_date::write")]
    pub on: NaiveDate,
    pub status: Coded<T>,
    /// Projects: the progress in percent then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<i64>,
    /// Services: the maturity level then, rated that day on `maturity_model`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maturity: Option<i64>,
    /// Services: the model of that rating, "1.1" (the default) or "2.0".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maturity_model: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneMeta {
    pub title: String,
    #[serde(deserialize_with = "toml_date::required", serialize_with = "toml_date::write")]
    pub planned: NaiveDate,
    #[serde(default, deserialize_with = "toml_date::optional")]
    #[serde(serialize_with = "toml_date::write_optional", skip_serializing_if = "Option::is_none")]
    pub forecast: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub forecast_reason: String,
    #[serde(default, deserialize_with = "toml_date::optional")]
    #[serde(serialize_with = "toml_date::write_optional", skip_serializing_if = "Option::is_none")]
    pub achieved: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Coded<MilestoneStatus>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

impl MilestoneMeta {
    /// The stated status, else reached when it has a date, else open.
    pub fn status(&self) -> &'static str {
        match self.status.as_ref().and_then(Coded::known) {
            Some(s) => s.code(),
            None if self.achieved.is_some() => MilestoneStatus::Reached.code(),
            None => MilestoneStatus::Open.code(),
        }
    }
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FinalReportMeta {
    pub release_state: Coded<ReleaseState>,
    #[serde(default, deserialize_with = "toml_date::optional")]
    #[serde(serialize_with = "toml_date::write_optional", skip_serializing_if = "Option::is_none")]
    pub released_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lessons_learned: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeta {
    pub project: String,
    #[serde(deserialize_with = "toml_date::required", serialize_with = "toml_date::write")]
    pub date: NaiveDate,
    pub title: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportMeta {
    pub year: i32,
    pub title: String,
    pub release_state: Coded<ReleaseState>,
    #[serde(default, deserialize_with = "toml_date::optional")]
    #[serde(serialize_with = "toml_date::write_optional", skip_serializing_if = "Option::is_none")]
    pub released_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
    /// The report's other sections (Markdown; the file's body is the main text).
    #[serde(default, skip_serializing_if = "ReportSections::is_empty")]
    pub sections: ReportSections,
}

/// The sections of an annual report beside its main text, as `[sections]` in the front matter.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSections {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub foreword: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub action_fields: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub projects: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub services: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outlook: String,
}

impl ReportSections {
    pub fn is_empty(&self) -> bool {
        self.all().iter().all(|s| s.is_empty())
    }

    /// Each section's text, in the order of `model::reports::SECTIONS` without the main text.
    pub fn all(&self) -> [&str; 5] {
        [&self.foreword, &self.action_fields, &self.projects, &self.services, &self.outlook]
    }
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InquiryMeta {
    pub number: String,
    pub faction: String,
    pub title: String,
    #[serde(default, deserialize_with = "toml_date::optional")]
    #[serde(serialize_with = "toml_date::write_optional", skip_serializing_if = "Option::is_none")]
    pub asked_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "toml_date::optional")]
    #[serde(serialize_with = "toml_date::write_optional", skip_serializing_if = "Option::is_none")]
    pub answered_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub answered_by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oparl_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<InquiryItemMeta>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InquiryItemMeta {
    pub question: String,
    pub answer: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
    /// English texts, where the city provides them (`[en]`: title, summary, body).
    #[serde(default, skip_serializing_if = "English::is_empty")]
    pub en: English,
}

/// The whole content folder, parsed but not yet checked for references.
#[derive(Debug)]
pub struct ContentSet {
    pub city: Doc<CityMeta>,
    pub strategy: Doc<StrategyMeta>,
    pub goals: Vec<Doc<SectionMeta>>,
    pub guidelines: Vec<Doc<SectionMeta>>,
    pub themes: Vec<Doc<SectionMeta>>,
    pub action_fields: Vec<Doc<SectionMeta>>,
    pub org_units: Doc<OrgUnitsFile>,
    pub bodies: Vec<Doc<BodyMeta>>,
    pub services: Vec<Doc<ServiceMeta>>,
    pub projects: Vec<Doc<ProjectMeta>>,
    pub updates: Vec<Doc<UpdateMeta>>,
    pub reports: Vec<Doc<ReportMeta>>,
    pub inquiries: Vec<Doc<InquiryMeta>>,
    pub pages: Vec<Doc<PageMeta>>,
    /// The text of the logo file `city.logo` names (empty without one).
    pub logo_svg: String,
}

/// Reads and parses every file; returns all problems found, not just the first.
pub fn read_content(dir: &Path) -> Result<ContentSet, Vec<ContentError>> {
    let mut errors = Vec::new();
    let city = read_toml_file::<CityMeta>(&dir.join("city.toml"), &mut errors);
    let org_units = read_toml_file::<OrgUnitsFile>(&dir.join("org-units.toml"), &mut errors);
    let strategy = read_markdown::<StrategyMeta>(&dir.join("strategy.md"), &mut errors);
    let set = ContentSet {
        goals: read_folder(&dir.join("goals"), &mut errors),
        guidelines: read_folder(&dir.join("guidelines"), &mut errors),
        themes: read_folder(&dir.join("themes"), &mut errors),
        action_fields: read_folder(&dir.join("action-fields"), &mut errors),
        bodies: read_folder(&dir.join("bodies"), &mut errors),
        services: read_folder(&dir.join("services"), &mut errors),
        projects: read_folder(&dir.join("projects"), &mut errors),
        updates: read_folder(&dir.join("updates"), &mut errors),
        reports: read_folder(&dir.join("reports"), &mut errors),
        inquiries: read_folder(&dir.join("inquiries"), &mut errors),
        pages: read_folder(&dir.join("pages"), &mut errors),
        logo_svg: match &city {
            Some(c) if !c.meta.logo.is_empty() => read_logo(c, dir, &mut errors),
            _ => String::new(),
        },
        city: match city {
            Some(c) => c,
            None => return Err(errors),
        },
        strategy: match strategy {
            Some(s) => s,
            None => return Err(errors),
        },
        org_units: match org_units {
            Some(o) => o,
            None => return Err(errors),
        },
    };
    if errors.is_empty() { Ok(set) } else { Err(errors) }
}

/// The city's logo: an SVG file beside `city.toml`, without scripts, at most 100 KB.
fn read_logo(city: &Doc<CityMeta>, dir: &Path, errors: &mut Vec<ContentError>) -> String {
    let name = &city.meta.logo;
    if name.contains('/') || name.contains('\\') || !name.ends_with(".svg") {
        errors.push(city.error_at("logo", "logo: der Name einer SVG-Datei im Inhaltsordner, z. B. \"logo.svg\""));
        return String::new();
    }
    let Some(text) = read_text(&dir.join(name), errors) else { return String::new() };
    let lower = text.to_ascii_lowercase();
    let problem = if text.len() > 100_000 {
        Some("ist größer als 100 KB")
    } else if !lower.contains("<svg") {
        Some("ist keine SVG-Datei")
    } else if ["<script", "javascript:", "<foreignobject"].iter().any(|bad| lower.contains(bad))
        || has_event_attribute(&lower)
    {
        Some("enthält Skripte; erlaubt sind nur Grafik-Elemente")
    } else {
        None
    };
    match problem {
        Some(why) => {
            errors.push(city.error_at("logo", format!("logo: die Datei {name} {why}")));
            String::new()
        }
        None => text,
    }
}

/// An `on…=` event handler attribute anywhere in the (lower-cased) SVG.
fn has_event_attribute(svg: &str) -> bool {
    svg.match_indices(" on").any(|(i, _)| {
        let rest = &svg[i + 3..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        !name.is_empty() && rest[name.len()..].trim_start().starts_with('=')
    })
}

fn read_folder<T: DeserializeOwned>(dir: &Path, errors: &mut Vec<ContentError>) -> Vec<Doc<T>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        // A missing folder is an empty one: a city may have no inquiries yet.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            errors.push(ContentError { path: dir.into(), line: 0, reason: format!("Ordner nicht lesbar: {e}") });
            return Vec::new();
        }
    };
    let mut paths: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "md")).collect();
    paths.sort();
    paths.iter().filter_map(|p| read_markdown(p, errors)).collect()
}

/// The line of the first control character (other than tab and line breaks), also written as a
/// TOML escape (`\u0000`), if there is one.
fn control_character_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.chars().any(|c| c.is_control() && c != '\t' && c != '\r')
                || ["\\u0000", "\\U00000000"].iter().any(|e| line.contains(e))
        })
        .map(|i| i + 1)
}

fn slug_of(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn read_text(path: &Path, errors: &mut Vec<ContentError>) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => match control_character_line(&text) {
            // PostgreSQL refuses NUL in text, and no other control character belongs in content.
            Some(line) => {
                let reason = "unzulässiges Steuerzeichen (etwa ein Null-Byte); bitte entfernen".to_string();
                errors.push(ContentError { path: path.into(), line, reason });
                None
            }
            None => Some(text),
        },
        Err(e) => {
            let reason = if e.kind() == std::io::ErrorKind::NotFound {
                "Datei fehlt".to_string()
            } else {
                format!("Datei nicht lesbar (UTF-8 erwartet): {e}")
            };
            errors.push(ContentError { path: path.into(), line: 0, reason });
            None
        }
    }
}

fn read_toml_file<T: DeserializeOwned>(path: &Path, errors: &mut Vec<ContentError>) -> Option<Doc<T>> {
    let text = read_text(path, errors)?;
    match parse_toml::<T>(&text, 1) {
        Ok(meta) => Some(Doc { path: path.into(), slug: slug_of(path), meta, body: String::new(), text }),
        Err((line, reason)) => {
            errors.push(ContentError { path: path.into(), line, reason });
            None
        }
    }
}

fn read_markdown<T: DeserializeOwned>(path: &Path, errors: &mut Vec<ContentError>) -> Option<Doc<T>> {
    let text = read_text(path, errors)?;
    let slug = slug_of(path);
    if !is_slug(&slug) {
        errors.push(ContentError {
            path: path.into(),
            line: 0,
            reason: "Dateiname ist kein gültiger Kurzname (nur a-z, 0-9 und '-')".into(),
        });
        return None;
    }
    match split_front_matter(&text)
        .and_then(|(front, body)| parse_toml::<T>(front, 2).map(|meta| (meta, body.trim().to_string())))
    {
        Ok((meta, body)) => Some(Doc { path: path.into(), slug, meta, body, text }),
        Err((line, reason)) => {
            errors.push(ContentError { path: path.into(), line, reason });
            None
        }
    }
}

/// Splits `+++\n<toml>\n+++\n<body>`; errors carry the line number.
fn split_front_matter(text: &str) -> Result<(&str, &str), (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
        .ok_or((1, "Die Datei muss mit einer Zeile '+++' beginnen (TOML-Kopf)".to_string()))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err((1, "Der TOML-Kopf wird nicht mit einer Zeile '+++' abgeschlossen".to_string()))
}

/// Parses TOML whose first line is line `first_line` of the file.
fn parse_toml<T: DeserializeOwned>(toml_text: &str, first_line: usize) -> Result<T, (usize, String)> {
    toml::from_str(toml_text).map_err(|e| {
        let line = e
            .span()
            .map_or(first_line, |span| first_line + toml_text[..span.start.min(toml_text.len())].matches('\n').count());
        // Some errors (a value missing at the end of the file) come without a message.
        let message = e.message().trim();
        let message = if message.is_empty() {
            "Ungültiges TOML: Hier fehlt etwas (z. B. ein Wert nach „=“ oder ein schließendes Anführungszeichen)"
        } else {
            message
        };
        (line, message.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_reported_with_their_line() {
        assert_eq!(control_character_line("a\nb\u{0}c\n"), Some(2));
        assert_eq!(control_character_line("title = \"a\\u0000\"\n"), Some(1));
        assert_eq!(control_character_line("tab\there\r\nok\n"), None);
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        let (front, body) = split_front_matter("+++\ntitle = \"a\"\n+++\nText\n").unwrap();
        assert_eq!(front, "title = \"a\"\n");
        assert_eq!(body, "Text\n");
    }

    #[test]
    fn a_toml_error_without_a_message_still_gets_one() {
        // Found by `fuzz::the_content_loader_…`: the toml crate gives no message here.
        let (line, reason) = parse_toml::<CityMeta>("slug = \"mainz\"\nname =", 1).unwrap_err();
        assert_eq!(line, 2);
        assert!(reason.starts_with("Ungültiges TOML"), "{reason}");
    }

    #[test]
    fn a_missing_closing_line_is_reported() {
        assert!(split_front_matter("+++\ntitle = \"a\"\nText").is_err());
        assert_eq!(split_front_matter("title = 1").unwrap_err().0, 1);
    }

    #[test]
    fn toml_errors_carry_the_file_line() {
        let err = parse_toml::<PageMeta>("title = \"x\"\nillustrative = \"ja\"\n", 2).unwrap_err();
        assert_eq!(err.0, 3, "{err:?}");
        let err = parse_toml::<PageMeta>("title = \"x\"\nunknown = 1\n", 2).unwrap_err();
        assert!(err.1.contains("unknown"), "{err:?}");
    }
}

/// TOML has its own date type; chrono expects a string. Only plain dates are accepted.
mod toml_date {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

    fn convert<E: Error>(value: toml::value::Datetime) -> Result<NaiveDate, E> {
        match (value.date, value.time) {
            (Some(d), None) => NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                .ok_or_else(|| E::custom(format!("{value} ist kein gültiges Datum"))),
            _ => Err(E::custom(format!("{value}: erwartet wird ein Datum ohne Uhrzeit, z. B. 2023-05-12"))),
        }
    }

    pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        convert(toml::value::Datetime::deserialize(d)?)
    }

    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Option::<toml::value::Datetime>::deserialize(d)?.map(convert).transpose()
    }

    /// Written as a TOML date, not as a string, so that `required` and `optional` read it back.
    pub fn write<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        let year = u16::try_from(date.year())
            .map_err(|_| serde::ser::Error::custom(format!("{date}: Jahr außerhalb von 0 bis 65535")))?;
        // Month and day of a valid date fit a byte.
        let day = toml::value::Date { year, month: date.month() as u8, day: date.day() as u8 };
        toml::value::Datetime { date: Some(day), time: None, offset: None }.serialize(s)
    }

    pub fn write_optional<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => write(date, s),
            None => s.serialize_none(),
        }
    }
}
