//! Loading a city's content folder into the database: parse every file, check
//! every value and reference, then write everything in one transaction with an
//! audit record per change. Loading the same folder twice changes nothing.

pub mod demo;
pub mod export;
mod files;
pub mod history;
mod write;

use std::collections::HashSet;
use std::path::Path;

use sqlx::PgPool;

use crate::domain::{Code, MilestoneStatus, ReleaseState, TOPIC_AREAS, is_slug};
use files::Coded;
pub use files::{ContentError, ContentSet, read_content};
pub use write::LoadReport;

/// Why a load wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{} Fehler im Inhaltsordner; nichts wurde geschrieben:\n{}", .0.len(), join_errors(.0))]
    Invalid(Vec<ContentError>),
    #[error("Datenbankfehler beim Laden; nichts wurde geschrieben: {0}")]
    Database(#[from] sqlx::Error),
}

fn join_errors(errors: &[ContentError]) -> String {
    errors.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n")
}

/// Reads, checks and writes `dir`: one city (a folder with a `city.toml`) or a
/// folder of cities (each subfolder with a `city.toml` is one). Every city is
/// checked before anything is written, and all are written in one transaction.
/// `progress` receives one line per step.
pub async fn load(pool: &PgPool, dir: &Path, progress: &mut dyn FnMut(&str)) -> Result<LoadReport, LoadError> {
    let folders = city_folders(dir);
    let mut sets = Vec::with_capacity(folders.len());
    let mut problems = Vec::new();
    for folder in &folders {
        progress(&format!("Lese Inhalte aus {}", folder.display()));
        match read_content(folder) {
            Ok(content) => {
                problems.extend(check(&content));
                sets.push(content);
            }
            Err(errors) => problems.extend(errors),
        }
    }
    check_cities(&sets, &mut problems);
    if !problems.is_empty() {
        return Err(LoadError::Invalid(problems));
    }
    Ok(write::write_cities(pool, &sets, progress).await?)
}

/// The city folders under `dir`: `dir` itself when it holds a `city.toml`,
/// else its subfolders that do (sorted, so loads are repeatable). A folder with
/// neither is read as one city, whose missing `city.toml` is then reported.
pub fn city_folders(dir: &Path) -> Vec<std::path::PathBuf> {
    if dir.join("city.toml").is_file() {
        return vec![dir.to_path_buf()];
    }
    let mut folders: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("city.toml").is_file())
        .collect();
    folders.sort();
    if folders.is_empty() { vec![dir.to_path_buf()] } else { folders }
}

/// What no single city's check can see: two folders naming the same city or host.
fn check_cities(sets: &[ContentSet], problems: &mut Vec<ContentError>) {
    let mut slugs = HashSet::new();
    let mut hosts = HashSet::new();
    for set in sets {
        if !slugs.insert(set.city.meta.slug.as_str()) {
            problems.push(
                set.city.error_at("slug", format!("slug: die Stadt '{}' steht in zwei Ordnern", set.city.meta.slug)),
            );
        }
        for host in &set.city.meta.hosts {
            if !hosts.insert(host.to_lowercase()) {
                problems.push(
                    set.city
                        .error_at("hosts", format!("hosts: der Hostname {host} gehört schon zu einer anderen Stadt")),
                );
            }
        }
    }
}

/// Checks values and references that the TOML types alone cannot; every
/// problem of every file is reported at once.
pub fn check(c: &ContentSet) -> Vec<ContentError> {
    let slugs = |docs: &[files::Doc<files::SectionMeta>]| docs.iter().map(|d| d.slug.clone()).collect::<HashSet<_>>();
    let mut checker = Checker {
        action_fields: slugs(&c.action_fields),
        themes: slugs(&c.themes),
        units: c.org_units.meta.unit.iter().map(|u| u.slug.clone()).collect(),
        services: c.services.iter().map(|d| d.slug.clone()).collect(),
        projects: c.projects.iter().map(|d| d.slug.clone()).collect(),
        errors: Vec::new(),
    };
    if !is_slug(&c.city.meta.slug) {
        checker.errors.push(c.city.error_at("slug", "slug: nur a-z, 0-9 und '-' erlaubt"));
    }
    for host in &c.city.meta.hosts {
        if !crate::cities::is_host_name(&host.to_lowercase()) {
            checker.errors.push(c.city.error_at(
                "hosts",
                format!("hosts: \"{host}\" ist kein Hostname (ohne Port und Schema, z. B. musterstadt.localhost)"),
            ));
        }
    }
    if !c.city.meta.colour.is_empty()
        && let Err(why) = crate::domain::action_colour(&c.city.meta.colour)
    {
        checker.errors.push(c.city.error_at("colour", why));
    }
    checker.sections(c);
    checker.org_units(c);
    checker.bodies(c);
    checker.services(c);
    checker.projects(c);
    checker.updates_reports_inquiries(c);
    checker.errors
}

/// The slugs a content set defines, and the problems found so far.
struct Checker {
    action_fields: HashSet<String>,
    themes: HashSet<String>,
    units: HashSet<String>,
    services: HashSet<String>,
    projects: HashSet<String>,
    errors: Vec<ContentError>,
}

impl Checker {
    /// Positions are unique within each folder of strategy sections.
    fn sections(&mut self, c: &ContentSet) {
        for group in [&c.goals, &c.guidelines, &c.themes, &c.action_fields] {
            let mut seen = HashSet::new();
            for d in group.iter() {
                if !seen.insert(d.meta.position) {
                    self.errors.push(
                        d.error_at("position", format!("position {} ist in diesem Ordner doppelt", d.meta.position)),
                    );
                }
            }
        }
    }

    /// Units are unique, of a known kind, and their parents exist.
    fn org_units(&mut self, c: &ContentSet) {
        let mut seen_units = HashSet::new();
        for u in &c.org_units.meta.unit {
            if !seen_units.insert(&u.slug) {
                self.errors.push(
                    c.org_units.error_at(&format!("\"{}\"", u.slug), format!("Einheit '{}' ist doppelt", u.slug)),
                );
            }
            if let Coded::Unknown(kind) = &u.kind {
                self.errors.push(c.org_units.error_at(&format!("\"{kind}\""), unknown("unbekannte Art", &u.kind)));
            }
            if let Some(parent) = &u.parent
                && !self.units.contains(parent)
            {
                self.errors.push(c.org_units.error_at(
                    &format!("parent = \"{parent}\""),
                    format!("übergeordnete Einheit '{parent}' gibt es nicht"),
                ));
            }
        }
    }

    /// Governance levels are 1 to 3.
    fn bodies(&mut self, c: &ContentSet) {
        for b in &c.bodies {
            if let Some(level) = b.meta.level
                && !(1..=3).contains(&level)
            {
                self.errors.push(b.error_at("level", "level muss 1, 2 oder 3 sein"));
            }
        }
    }

    /// Codes, maturity, topic area, keys, addresses and case numbers of services.
    fn services(&mut self, c: &ContentSet) {
        for s in &c.services {
            let m = &s.meta;
            check_code(s, "status", "unbekannter Status", &m.status, &mut self.errors);
            check_code(s, "addressee", "unbekannte Zielgruppe", &m.addressee, &mut self.errors);
            check_rating(s, m, &mut self.errors);
            if !TOPIC_AREAS.contains(&m.topic_area.as_str()) {
                self.errors.push(s.error_at("topic_area", format!("unbekanntes OZG-Themenfeld '{}'", m.topic_area)));
            }
            if let Some(k) = &m.leika_key
                && (k.len() != 14 || !k.chars().all(|c| c.is_ascii_digit()))
            {
                self.errors.push(s.error_at("leika_key", "leika_key muss aus 14 Ziffern bestehen"));
            }
            if let Some(url) = &m.url
                && !(url.starts_with("https://") || url.starts_with("http://"))
            {
                self.errors.push(s.error_at("url", "url muss mit https:// oder http:// beginnen"));
            }
            check_unit(s, m.unit.as_deref(), &self.units, &mut self.errors);
            check_history(s, &m.history, &mut self.errors);
            for h in &m.history {
                if h.progress.is_some() {
                    self.errors.push(s.error_at("[[history]]", "history: progress gibt es nur bei Projekten"));
                }
            }
            for (year, cases) in &m.case_counts {
                if !year.parse::<i32>().is_ok_and(|y| (2000..=2100).contains(&y)) {
                    self.errors.push(s.error_at("case_counts", format!("case_counts: '{year}' ist keine Jahreszahl")));
                }
                if *cases < 0 || *cases > i64::from(i32::MAX) {
                    self.errors.push(s.error_at("case_counts", "case_counts: Fallzahlen müssen positiv sein"));
                }
            }
        }
    }

    /// Codes, ranges, references and dates of projects, their milestones and final reports.
    fn projects(&mut self, c: &ContentSet) {
        for p in &c.projects {
            let m = &p.meta;
            check_code(p, "kind", "unbekannte Projektart", &m.kind, &mut self.errors);
            check_code(p, "status", "unbekannter Status", &m.status, &mut self.errors);
            if let Some(progress) = m.progress
                && !(0..=100).contains(&progress)
            {
                self.errors.push(p.error_at("progress", "progress muss zwischen 0 und 100 liegen"));
            }
            check_unit(p, m.unit.as_deref(), &self.units, &mut self.errors);
            check_history(p, &m.history, &mut self.errors);
            for h in &m.history {
                if h.maturity.is_some() || h.maturity_model.is_some() {
                    self.errors.push(p.error_at("[[history]]", "history: maturity gibt es nur bei Online-Diensten"));
                }
                if h.progress.is_some_and(|v| !(0..=100).contains(&v)) {
                    self.errors.push(p.error_at("[[history]]", "history: progress muss zwischen 0 und 100 liegen"));
                }
            }
            check_refs(p, "action_fields", &m.action_fields, &self.action_fields, "Handlungsfeld", &mut self.errors);
            check_refs(p, "themes", &m.themes, &self.themes, "Querschnittsthema", &mut self.errors);
            check_refs(p, "services", &m.services, &self.services, "Online-Dienst", &mut self.errors);
            if let (Some(start), Some(end)) = (m.planned_start, m.planned_end)
                && end < start
            {
                self.errors.push(p.error_at("planned_end", "planned_end liegt vor planned_start"));
            }
            if let (Some(start), Some(end)) = (m.actual_start, m.actual_end)
                && end < start
            {
                self.errors.push(p.error_at("actual_end", "actual_end liegt vor actual_start"));
            }
            if let Some(r) = &m.resources {
                for v in [r.staff_fte_planned, r.staff_fte_approved, r.budget_eur_planned, r.budget_eur_approved]
                    .into_iter()
                    .flatten()
                {
                    if v < 0.0 || !v.is_finite() {
                        self.errors.push(p.error_at("[resources]", "Ressourcen dürfen nicht negativ sein"));
                    }
                }
            }
            for ms in &m.milestones {
                match ms.status.as_ref().map(Coded::known) {
                    Some(None) => self
                        .errors
                        .push(p.error_at(&ms.title, format!("Meilenstein '{}': unbekannter Status", ms.title))),
                    Some(Some(MilestoneStatus::Reached)) if ms.achieved.is_none() => self.errors.push(p.error_at(
                        &ms.title,
                        format!("Meilenstein '{}': erreicht, aber ohne Datum (achieved)", ms.title),
                    )),
                    Some(Some(MilestoneStatus::Open | MilestoneStatus::Dropped)) if ms.achieved.is_some() => {
                        self.errors.push(p.error_at(
                            &ms.title,
                            format!("Meilenstein '{}': hat ein Datum (achieved), ist aber nicht erreicht", ms.title),
                        ))
                    }
                    _ => {}
                }
            }
            if let Some(fr) = &m.final_report {
                check_release(p, "[final_report]", &fr.release_state, fr.released_on, &mut self.errors);
            }
        }
    }

    /// References of updates and inquiries, file names of reports and inquiries.
    fn updates_reports_inquiries(&mut self, c: &ContentSet) {
        for u in &c.updates {
            if !self.projects.contains(&u.meta.project) {
                self.errors.push(u.error_at("project", format!("Projekt '{}' gibt es nicht", u.meta.project)));
            }
        }
        for r in &c.reports {
            if r.slug != r.meta.year.to_string() {
                self.errors.push(
                    r.error_at("year", format!("year = {} passt nicht zum Dateinamen '{}'", r.meta.year, r.slug)),
                );
            }
            check_release(r, "release_state", &r.meta.release_state, r.meta.released_on, &mut self.errors);
            let [foreword, action_fields, projects, services, outlook] = r.meta.sections.all();
            let texts = [foreword, r.body.as_str(), action_fields, projects, services, outlook];
            let sections = crate::model::reports::SECTIONS.iter().map(|(name, _)| *name).zip(texts);
            for (_, message) in crate::model::figure_refs::check_sections(sections) {
                self.errors.push(r.error_at("{{", message));
            }
        }
        for i in &c.inquiries {
            let number = &i.meta.number;
            let well_formed = number.len() == 9
                && number.as_bytes()[4] == b'/'
                && number.chars().filter(|c| c.is_ascii_digit()).count() == 8;
            if !well_formed {
                self.errors.push(i.error_at("number", "number muss die Form 0730/2023 haben"));
            } else if i.slug != number.replace('/', "-") {
                self.errors
                    .push(i.error_at("number", format!("Dateiname muss '{}.md' lauten", number.replace('/', "-"))));
            }
            check_refs(i, "projects", &i.meta.projects, &self.projects, "Projekt", &mut self.errors);
            check_refs(i, "services", &i.meta.services, &self.services, "Online-Dienst", &mut self.errors);
        }
    }
}

fn codes<'a>(codes: impl Iterator<Item = &'a str>) -> String {
    codes.collect::<Vec<_>>().join(", ")
}

/// "unbekannte Projektart 'x' (erlaubt: quick_win, flagship, strategic)"
fn unknown<T: Code>(what: &str, value: &Coded<T>) -> String {
    let raw = match value {
        Coded::Unknown(raw) => raw.as_str(),
        Coded::Known(v) => v.code(),
    };
    format!("{what} '{raw}' (erlaubt: {})", codes(T::ALL.iter().map(|k| k.code())))
}

fn check_code<D, T: Code>(
    doc: &files::Doc<D>,
    key: &str,
    what: &str,
    value: &Coded<T>,
    errors: &mut Vec<ContentError>,
) {
    if value.known().is_none() {
        errors.push(doc.error_at(key, unknown(what, value)));
    }
}

/// Dated entries: known codes, in order, in the past, each with a source or marked illustrative.
fn check_history<D, T: Code>(doc: &files::Doc<D>, history: &[files::HistoryEntry<T>], errors: &mut Vec<ContentError>) {
    let today = crate::model::Date::today().0;
    for (i, h) in history.iter().enumerate() {
        let at = format!("on = {}", h.on);
        check_code(doc, &at, "history: unbekannter Status", &h.status, errors);
        if h.on >= today {
            errors.push(doc.error_at(&at, format!("history: {} liegt nicht in der Vergangenheit", h.on)));
        }
        if i > 0 && history[i - 1].on >= h.on {
            errors
                .push(doc.error_at(&at, "history: Einträge müssen nach Datum aufsteigend und ohne Doppelungen stehen"));
        }
        if h.source.trim().is_empty() && !h.illustrative {
            errors.push(doc.error_at(
                &at,
                format!("history ({}): bitte eine Quelle (source) angeben oder illustrative = true setzen", h.on),
            ));
        }
    }
}

/// A service's ratings, now and in its `[[history]]`: each on its model's
/// scale, none on model 2.0 before that model existed, and none of today's
/// 2.0 rating carried back into a past that was rated on model 1.1.
fn check_rating(s: &files::Doc<files::ServiceMeta>, m: &files::ServiceMeta, errors: &mut Vec<ContentError>) {
    use crate::domain::{Maturity, MaturityModel};
    use crate::model::Date;
    use chrono::NaiveDate;
    let model_of = |code: &Option<String>, at: &str, errors: &mut Vec<ContentError>| match code.as_deref() {
        None => Some(MaturityModel::V1),
        Some(c) => MaturityModel::from_code(c).or_else(|| {
            errors
                .push(s.error_at(at, format!("maturity_model '{c}' gibt es nicht: erlaubt sind \"1.1\" und \"2.0\"")));
            None
        }),
    };
    let check = |model: MaturityModel, level: i64, on: Option<NaiveDate>, at: &str, errors: &mut Vec<ContentError>| {
        if Maturity::new(model, level).is_none() {
            errors.push(s.error_at(
                at,
                format!("maturity (Reifegrad) muss nach dem {} zwischen 0 und {} liegen", model.label(), model.max()),
            ));
        }
        if let (Some(on), Some(from)) = (on, model.rated_from())
            && on < from
        {
            errors.push(s.error_at(
                at,
                format!(
                    "Bewertung vom {} nach dem {}: das Modell gilt erst seit dem {}",
                    Date(on),
                    model.label(),
                    Date(from)
                ),
            ));
        }
    };
    let Some(model) = model_of(&m.maturity_model, "maturity_model", errors) else { return };
    check(model, m.maturity, m.maturity_rated_on, "maturity", errors);
    for h in &m.history {
        let at = format!("on = {}", h.on);
        match h.maturity {
            None if h.maturity_model.is_some() => {
                errors.push(s.error_at(&at, "history: maturity_model nur zusammen mit maturity angeben"))
            }
            None => {}
            Some(level) => {
                if let Some(model) = model_of(&h.maturity_model, &at, errors) {
                    check(model, level, Some(h.on), &at, errors);
                }
            }
        }
    }
    // Earlier states take today's rating unless they name their own: for a
    // rating on model 2.0 that would date it before the model.
    if let Some(from) = model.rated_from() {
        let rated = m.maturity_rated_on.unwrap_or(from);
        let unrated = m.history.iter().find(|h| h.maturity.is_none() && h.on < rated);
        let online_before = m.history.is_empty() && m.online_since.is_some_and(|d| d < rated);
        if let Some(h) = unrated {
            errors.push(s.error_at(
                &format!("on = {}", h.on),
                format!(
                    "history: der Eintrag vom {} liegt vor der Bewertung nach dem {} und braucht seinen damaligen Reifegrad (maturity, maturity_model)",
                    Date(h.on),
                    model.label()
                ),
            ));
        } else if online_before {
            errors.push(s.error_at(
                "maturity_model",
                format!(
                    "online seit {}, bewertet nach dem {}: bitte den früheren Reifegrad als [[history]]-Eintrag angeben (maturity, maturity_model = \"1.1\")",
                    m.online_since.map(Date).map(|d| d.to_string()).unwrap_or_default(),
                    model.label()
                ),
            ));
        }
    }
}

fn check_unit<T>(doc: &files::Doc<T>, unit: Option<&str>, units: &HashSet<String>, errors: &mut Vec<ContentError>) {
    if let Some(unit) = unit
        && !units.contains(unit)
    {
        errors.push(doc.error_at("unit", format!("Organisationseinheit '{unit}' gibt es nicht (org-units.toml)")));
    }
}

fn check_refs<T>(
    doc: &files::Doc<T>,
    key: &str,
    refs: &[String],
    known: &HashSet<String>,
    what: &str,
    errors: &mut Vec<ContentError>,
) {
    for r in refs {
        if !known.contains(r) {
            errors.push(doc.error_at(&format!("\"{r}\""), format!("{key}: {what} '{r}' gibt es nicht")));
        }
    }
}

fn check_release<T>(
    doc: &files::Doc<T>,
    key: &str,
    state: &Coded<ReleaseState>,
    released_on: Option<chrono::NaiveDate>,
    errors: &mut Vec<ContentError>,
) {
    match state.known() {
        None => errors.push(doc.error_at(key, unknown("unbekannter Freigabestatus", state))),
        Some(ReleaseState::Released) if released_on.is_none() => {
            errors.push(doc.error_at(key, "freigegeben, aber ohne released_on"))
        }
        Some(s) if s != ReleaseState::Released && released_on.is_some() => {
            errors.push(doc.error_at("released_on", "released_on nur bei release_state = \"released\""))
        }
        _ => {}
    }
}
