//! Writing one city's content from the database back as a content folder, in
//! exactly the format [`super::load`] reads: export, then load into an empty
//! database, gives the same public pages.
//!
//! Exported, for every record of the city that is not archived: `city.toml`,
//! `strategy.md`, `goals/`, `guidelines/`, `themes/`, `action-fields/`,
//! `org-units.toml`, `bodies/`, `services/` (with case counts), `projects/`
//! (with links to action fields, themes and services, SMART goals, measures,
//! resources, milestones and final report), `updates/` (internal ones too),
//! `reports/`, `inquiries/` (with questions and answers and links to projects
//! and services) and `pages/`, each with every field the loader reads,
//! illustrative flags and source references included.
//!
//! Not exported:
//! - admin state that is not content: users and their scopes, sessions, the
//!   audit log (and with it the public change history of projects), login
//!   failures, import jobs and application secrets;
//! - values the database derives or keeps by itself: search texts and vectors,
//!   milestone counts and progress kept by triggers, versions, edit times;
//! - archived records (the folder cannot say "archived", and a loaded record is
//!   public), with their milestones and updates, and links to them;
//! - review comments of returned reports, and the key figures frozen into
//!   released annual reports: the loader freezes them anew from the data it
//!   loaded. Both are named in [`ExportReport::notes`] when they occur.
//!
//! Everything is read in one read-only snapshot and rendered in memory, then
//! written to a scratch folder and read back with the loader's own reader and
//! checks; only a folder the loader accepts is written to `dir`.

use std::collections::{BTreeMap, HashMap, btree_map::Entry};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use anyhow::{Context, bail};
use chrono::NaiveDate;
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};

use super::files::{
    BodyMeta, CityMeta, Coded, FinalReportMeta, InquiryItemMeta, InquiryMeta, MilestoneMeta, OrgUnitMeta, OrgUnitsFile,
    PageMeta, ProjectMeta, ReportMeta, ResourcesMeta, SectionMeta, ServiceMeta, StrategyMeta, UpdateMeta,
};
use crate::domain::{Code, MilestoneStatus};

/// What an export wrote, per kind of file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExportReport {
    pub files: u32,
    pub goals: u32,
    pub guidelines: u32,
    pub themes: u32,
    pub action_fields: u32,
    pub org_units: u32,
    pub bodies: u32,
    pub services: u32,
    pub projects: u32,
    pub milestones: u32,
    pub updates: u32,
    pub reports: u32,
    pub inquiries: u32,
    pub pages: u32,
    /// Archived records that were left out.
    pub archived: u32,
    /// What the folder cannot carry, one German sentence each.
    pub notes: Vec<String>,
}

impl fmt::Display for ExportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} Dateien: {} Ziele, {} Leitlinien, {} Querschnittsthemen, {} Handlungsfelder, \
             {} Organisationseinheiten, {} Gremien, {} Online-Dienste, {} Projekte mit {} Meilensteinen, \
             {} Projektmeldungen, {} Sachstandsberichte, {} Anfragen, {} Seiten",
            self.files,
            self.goals,
            self.guidelines,
            self.themes,
            self.action_fields,
            self.org_units,
            self.bodies,
            self.services,
            self.projects,
            self.milestones,
            self.updates,
            self.reports,
            self.inquiries,
            self.pages
        )?;
        if self.archived > 0 {
            write!(f, "; {} archivierte Datensätze nicht exportiert", self.archived)?;
        }
        for note in &self.notes {
            write!(f, "\n  Hinweis: {note}")?;
        }
        Ok(())
    }
}

/// Writes the content of city `city_slug` as a content folder into `dir`, which
/// must be empty or not exist yet. `progress` receives one line per step.
/// Nothing is written when the city does not exist, `dir` is not empty, or the
/// folder would not load.
pub async fn export(
    pool: &PgPool,
    city_slug: &str,
    dir: &Path,
    progress: &mut dyn FnMut(&str),
) -> anyhow::Result<ExportReport> {
    ensure_empty(dir)?;
    progress(&format!("Lese die Inhalte der Stadt '{city_slug}' aus der Datenbank"));
    let (folder, mut report) = read_all(pool, city_slug, progress).await.map_err(explain_database_error)?;
    progress("Prüfe den Export mit dem Inhaltslader");
    check_loadable(&folder)?;
    // Reading took a while; someone may have put files there meanwhile.
    ensure_empty(dir)?;
    progress(&format!("Schreibe {} Dateien nach {}", folder.files.len(), dir.display()));
    std::fs::create_dir_all(dir).with_context(|| format!("Zielordner {} nicht anlegbar", dir.display()))?;
    write_files(dir, &folder)?;
    report.files = folder.files.len() as u32;
    Ok(report)
}

/// Names a failed query as such; the other errors of reading already say what went wrong, in German.
fn explain_database_error(e: anyhow::Error) -> anyhow::Error {
    if e.is::<sqlx::Error>() {
        e.context("Datenbankfehler beim Lesen der Inhalte; nichts wurde geschrieben")
    } else {
        e
    }
}

/// Refuses a target that holds anything: an export never mixes with or replaces other files.
fn ensure_empty(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!("{} ist eine Datei, kein Ordner; nichts wurde geschrieben.", dir.display());
    }
    match std::fs::read_dir(dir).map(|mut entries| entries.next().is_none()) {
        Ok(false) => bail!(
            "Der Zielordner {} ist nicht leer; nichts wurde geschrieben. Bitte einen leeren oder noch nicht \
             vorhandenen Ordner angeben.",
            dir.display()
        ),
        Ok(true) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => bail!("Der Zielordner {} ist nicht lesbar ({e}); nichts wurde geschrieben.", dir.display()),
    }
}

/// Reads every record in one read-only snapshot and renders the files in memory.
async fn read_all(
    pool: &PgPool,
    city_slug: &str,
    progress: &mut dyn FnMut(&str),
) -> anyhow::Result<(Folder, ExportReport)> {
    let mut tx = pool.begin().await?;
    // One snapshot for every query, so that an edit during the export cannot tear the folder.
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
    let (city_id, city, logo_svg) = find_city(&mut tx, city_slug).await?;
    let mut r = Reader { conn: &mut tx, city_id, folder: Folder::default(), report: ExportReport::default() };
    r.folder.toml("city.toml", &city)?;
    if !logo_svg.is_empty() {
        r.folder.add(city.logo.clone(), logo_svg)?;
    }
    r.strategy(city_slug).await?;
    r.report.goals = r.sections("goals", "goals").await?;
    r.report.guidelines = r.sections("guidelines", "guidelines").await?;
    r.report.themes = r.sections("cross_cutting_themes", "themes").await?;
    r.report.action_fields = r.sections("action_fields", "action-fields").await?;
    let n = &r.report;
    progress(&format!(
        "Strategie, {} Ziele, {} Leitlinien, {} Querschnittsthemen, {} Handlungsfelder",
        n.goals, n.guidelines, n.themes, n.action_fields
    ));
    r.org_units().await?;
    r.bodies().await?;
    progress(&format!("{} Organisationseinheiten und {} Gremien", r.report.org_units, r.report.bodies));
    r.services().await?;
    progress(&format!("{} Online-Dienste mit Fallzahlen", r.report.services));
    r.projects().await?;
    progress(&format!(
        "{} Projekte mit {} Meilensteinen und ihren Abschlussberichten",
        r.report.projects, r.report.milestones
    ));
    r.updates().await?;
    progress(&format!("{} Projektmeldungen", r.report.updates));
    r.reports().await?;
    r.inquiries().await?;
    r.pages().await?;
    progress(&format!(
        "{} Sachstandsberichte, {} Anfragen, {} Seiten",
        r.report.reports, r.report.inquiries, r.report.pages
    ));
    let Reader { folder, report, .. } = r;
    tx.commit().await?;
    Ok((folder, report))
}

/// The city's `city.toml` and its logo's SVG text (empty without one).
async fn find_city(conn: &mut PgConnection, slug: &str) -> anyhow::Result<(i64, CityMeta, String)> {
    let row = sqlx::query(
        "SELECT id, slug, name, portal_name, state, ags, data_licence, data_licence_name, data_contact_email, \
                open_data_illustrative, hosts, colour, logo_svg, illustrative FROM cities WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(conn)
    .await?
    .with_context(|| format!("Die Stadt '{slug}' gibt es nicht in der Datenbank; nichts wurde geschrieben."))?;
    let city = CityMeta {
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        portal_name: row.try_get("portal_name")?,
        state: row.try_get("state")?,
        ags: row.try_get("ags")?,
        data_licence: row.try_get("data_licence")?,
        data_licence_name: row.try_get("data_licence_name")?,
        data_contact_email: row.try_get("data_contact_email")?,
        open_data_illustrative: row.try_get("open_data_illustrative")?,
        hosts: row.try_get("hosts")?,
        colour: row.try_get("colour")?,
        illustrative: row.try_get("illustrative")?,
        logo: String::new(),
    };
    let logo_svg: String = row.try_get("logo_svg")?;
    let city = CityMeta { logo: if logo_svg.is_empty() { String::new() } else { "logo.svg".into() }, ..city };
    Ok((row.try_get("id")?, city, logo_svg))
}

/// The files of the folder by relative path, kept in memory until all is read and checked.
#[derive(Default)]
struct Folder {
    files: BTreeMap<String, String>,
}

impl Folder {
    fn add(&mut self, path: String, text: String) -> anyhow::Result<()> {
        match self.files.entry(path) {
            Entry::Vacant(slot) => {
                slot.insert(text);
                Ok(())
            }
            // E.g. updates of two projects with the same short name: one folder cannot tell them apart.
            Entry::Occupied(slot) => bail!(
                "Zwei Datensätze ergäben dieselbe Datei {}; bitte einen der Kurznamen ändern. \
                 Nichts wurde geschrieben.",
                slot.key()
            ),
        }
    }

    fn toml<T: Serialize>(&mut self, path: &str, meta: &T) -> anyhow::Result<()> {
        let text = toml::to_string_pretty(meta).with_context(|| format!("{path}: nicht als TOML darstellbar"))?;
        self.add(path.to_string(), text)
    }

    /// `+++`, the front matter, `+++`, the body: as the loader splits it.
    fn markdown<T: Serialize>(&mut self, path: String, meta: &T, body: &str) -> anyhow::Result<()> {
        let front = toml::to_string_pretty(meta).with_context(|| format!("{path}: Kopf nicht als TOML darstellbar"))?;
        // The loader ends the front matter at the first line `+++`, even inside a multi-line value.
        if front.lines().any(|l| l.trim_end() == "+++") {
            bail!(
                "{path}: ein Wert enthält eine Zeile „+++“, die der Inhaltslader als Ende des Kopfs läse; \
                 nichts wurde geschrieben."
            );
        }
        // The loader trims the body, so a trimmed body reads back unchanged.
        let body = body.trim();
        let text = if body.is_empty() { format!("+++\n{front}+++\n") } else { format!("+++\n{front}+++\n{body}\n") };
        self.add(path, text)
    }
}

/// Writes the folder to a scratch folder and reads it back with the loader's
/// own reader and checks, so that a folder the loader would refuse is never written.
fn check_loadable(folder: &Folder) -> anyhow::Result<()> {
    let scratch = Scratch::create()?;
    write_files(&scratch.0, folder)?;
    let problems = match super::read_content(&scratch.0) {
        Ok(set) => super::check(&set),
        Err(errors) => errors,
    };
    if problems.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = problems
        .iter()
        .map(|p| format!("  {}:{}: {}", p.path.strip_prefix(&scratch.0).unwrap_or(&p.path).display(), p.line, p.reason))
        .collect();
    bail!(
        "Der Export wäre so nicht ladbar ({} Fehler); nichts wurde geschrieben. \
         Bitte die Datensätze korrigieren:\n{}",
        problems.len(),
        lines.join("\n")
    )
}

/// A folder of its own under the system's temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn create() -> anyhow::Result<Scratch> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!("sachstand-export-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(name);
        // A leftover of a crashed run with the same pid is ours to replace.
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir(&path).with_context(|| format!("Arbeitsordner {} nicht anlegbar", path.display()))?;
        Ok(Scratch(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write_files(root: &Path, folder: &Folder) -> anyhow::Result<()> {
    for (path, text) in &folder.files {
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("Ordner {} nicht anlegbar", parent.display()))?;
        }
        std::fs::write(&target, text).with_context(|| format!("Datei {} nicht schreibbar", target.display()))?;
    }
    Ok(())
}

/// A code column as the loader's [`Coded`] value.
/// A content-derived state as a `[[history]]` entry (`level` is progress or maturity by the record's kind).
fn history_entry<T: Code>(s: super::history::State, of_project: bool) -> super::files::HistoryEntry<T> {
    let status = T::from_code(&s.status).map_or(Coded::Unknown(s.status), Coded::Known);
    let (progress, maturity) = if of_project { (s.level, None) } else { (None, s.level) };
    super::files::HistoryEntry {
        on: s.on,
        status,
        progress,
        maturity,
        maturity_model: s.maturity_model,
        source: s.source,
        illustrative: s.illustrative,
    }
}

fn coded<T: Code>(row: &PgRow, col: &str) -> sqlx::Result<Coded<T>> {
    let raw: String = row.try_get(col)?;
    Ok(T::from_code(&raw).map_or(Coded::Unknown(raw), Coded::Known))
}

/// Rows with an `owner` column, grouped by it (in row order).
fn grouped<T>(rows: &[PgRow], value: impl Fn(&PgRow) -> sqlx::Result<T>) -> sqlx::Result<HashMap<i64, Vec<T>>> {
    let mut out: HashMap<i64, Vec<T>> = HashMap::new();
    for row in rows {
        out.entry(row.try_get("owner")?).or_default().push(value(row)?);
    }
    Ok(out)
}

fn path_of(folder: &str, row: &PgRow) -> sqlx::Result<String> {
    Ok(format!("{folder}/{}.md", row.try_get::<String, _>("slug")?))
}

/// Reads the records of one city into a [`Folder`].
struct Reader<'c> {
    conn: &'c mut PgConnection,
    city_id: i64,
    folder: Folder,
    report: ExportReport,
}

impl Reader<'_> {
    /// The rows of `sql`, whose `$1` is the city.
    async fn rows(&mut self, sql: &str) -> sqlx::Result<Vec<PgRow>> {
        sqlx::query(sql).bind(self.city_id).fetch_all(&mut *self.conn).await
    }

    /// Counts the archived records of `table` that are left out.
    async fn count_archived(&mut self, table: &str) -> sqlx::Result<()> {
        let n: i64 =
            sqlx::query_scalar(&format!("SELECT count(*) FROM {table} WHERE city_id = $1 AND archived_at IS NOT NULL"))
                .bind(self.city_id)
                .fetch_one(&mut *self.conn)
                .await?;
        self.report.archived += n as u32;
        Ok(())
    }

    /// Owner id → slugs of the linked records that are exported (not archived).
    async fn links(
        &mut self,
        link: &str,
        owner: &str,
        target_col: &str,
        target: &str,
    ) -> sqlx::Result<HashMap<i64, Vec<String>>> {
        let rows = self
            .rows(&format!(
                "SELECT l.{owner} AS owner, t.slug FROM {link} l JOIN {target} t ON t.id = l.{target_col} \
                 WHERE t.city_id = $1 AND t.archived_at IS NULL ORDER BY l.{owner}, t.slug"
            ))
            .await?;
        grouped(&rows, |r| r.try_get("slug"))
    }

    /// Project id → the texts of a numbered list (SMART goals, measures), in order.
    async fn numbered(&mut self, table: &str) -> sqlx::Result<HashMap<i64, Vec<String>>> {
        let rows = self
            .rows(&format!(
                "SELECT i.project_id AS owner, i.body_md FROM {table} i JOIN projects p ON p.id = i.project_id \
                 WHERE p.city_id = $1 ORDER BY i.project_id, i.position"
            ))
            .await?;
        grouped(&rows, |r| r.try_get("body_md"))
    }

    async fn strategy(&mut self, city_slug: &str) -> anyhow::Result<()> {
        let row = sqlx::query(
            "SELECT title, document_title, vision_md, adopted_on, adopted_by, source_ref, en \
             FROM strategies WHERE city_id = $1",
        )
        .bind(self.city_id)
        .fetch_optional(&mut *self.conn)
        .await?
        .with_context(|| {
            format!(
                "Die Stadt '{city_slug}' hat keine Strategie; ohne strategy.md lädt kein Inhaltsordner. \
                 Nichts wurde geschrieben."
            )
        })?;
        let meta = StrategyMeta {
            title: row.try_get("title")?,
            document_title: row.try_get("document_title")?,
            adopted_on: row.try_get("adopted_on")?,
            adopted_by: row.try_get("adopted_by")?,
            source: row.try_get("source_ref")?,
            en: english(&row)?,
        };
        let vision: String = row.try_get("vision_md")?;
        self.folder.markdown("strategy.md".into(), &meta, &vision)
    }

    /// Goals, guidelines, themes or action fields; returns how many.
    async fn sections(&mut self, table: &str, folder: &str) -> anyhow::Result<u32> {
        let rows = self
            .rows(&format!(
                "SELECT slug, position, title, body_md, source_ref, illustrative, en FROM {table} \
                 WHERE city_id = $1 AND archived_at IS NULL ORDER BY position, slug"
            ))
            .await?;
        for r in &rows {
            let meta = SectionMeta {
                position: r.try_get("position")?,
                title: r.try_get("title")?,
                source: r.try_get("source_ref")?,
                illustrative: r.try_get("illustrative")?,
                en: english(r)?,
            };
            self.folder.markdown(path_of(folder, r)?, &meta, r.try_get("body_md")?)?;
        }
        self.count_archived(table).await?;
        Ok(rows.len() as u32)
    }

    async fn org_units(&mut self) -> anyhow::Result<()> {
        // In the order they were created: org-units.toml is one list, and the
        // loader creates the units in its order, so a reload numbers them alike.
        let rows = self
            .rows(
                "SELECT u.slug, u.kind, u.number, u.name, p.slug AS parent, u.illustrative FROM org_units u \
                 LEFT JOIN org_units p ON p.id = u.parent_id AND p.archived_at IS NULL \
                 WHERE u.city_id = $1 AND u.archived_at IS NULL ORDER BY u.id",
            )
            .await?;
        let unit = rows
            .iter()
            .map(|r| {
                Ok(OrgUnitMeta {
                    slug: r.try_get("slug")?,
                    kind: coded(r, "kind")?,
                    number: r.try_get("number")?,
                    name: r.try_get("name")?,
                    parent: r.try_get("parent")?,
                    illustrative: r.try_get("illustrative")?,
                })
            })
            .collect::<sqlx::Result<Vec<_>>>()?;
        self.report.org_units = unit.len() as u32;
        self.folder.toml("org-units.toml", &OrgUnitsFile { unit })?;
        Ok(self.count_archived("org_units").await?)
    }

    async fn bodies(&mut self) -> anyhow::Result<()> {
        let rows = self
            .rows(
                "SELECT slug, position, name, governance_level, chair, body_md, source_ref, illustrative FROM bodies \
                 WHERE city_id = $1 AND archived_at IS NULL ORDER BY slug",
            )
            .await?;
        for r in &rows {
            let meta = BodyMeta {
                position: r.try_get("position")?,
                name: r.try_get("name")?,
                level: r.try_get("governance_level")?,
                chair: r.try_get("chair")?,
                source: r.try_get("source_ref")?,
                illustrative: r.try_get("illustrative")?,
            };
            self.folder.markdown(path_of("bodies", r)?, &meta, r.try_get("body_md")?)?;
        }
        self.report.bodies = rows.len() as u32;
        Ok(self.count_archived("bodies").await?)
    }

    async fn services(&mut self) -> anyhow::Result<()> {
        let count_rows = self
            .rows(
                "SELECT c.service_id AS owner, c.year, c.cases FROM service_case_counts c \
                 JOIN services s ON s.id = c.service_id WHERE s.city_id = $1 ORDER BY c.service_id, c.year",
            )
            .await?;
        let mut counts = grouped(&count_rows, |r| {
            Ok((r.try_get::<i32, _>("year")?.to_string(), i64::from(r.try_get::<i32, _>("cases")?)))
        })?;
        let rows = self
            .rows(
                "SELECT s.id, s.slug, s.name, s.leika_key, s.ozg_id, s.topic_area, s.life_situation, s.addressee, \
                        u.slug AS unit, s.status, s.maturity::bigint AS maturity, s.maturity_model, s.maturity_rated_on, s.efa, s.efa_lead_state, \
                        s.online_since, s.application_url, s.description_md, s.source_ref, s.illustrative \
                 FROM services s LEFT JOIN org_units u ON u.id = s.responsible_unit_id AND u.archived_at IS NULL \
                 WHERE s.city_id = $1 AND s.archived_at IS NULL ORDER BY s.slug",
            )
            .await?;
        let mut states = super::history::states(self.conn, self.city_id, "services").await?;
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let meta = ServiceMeta {
                name: r.try_get("name")?,
                leika_key: r.try_get("leika_key")?,
                ozg_id: r.try_get("ozg_id")?,
                topic_area: r.try_get("topic_area")?,
                life_situation: r.try_get("life_situation")?,
                addressee: coded(r, "addressee")?,
                unit: r.try_get("unit")?,
                status: coded(r, "status")?,
                maturity: r.try_get("maturity")?,
                // The default model is left unsaid, as a city writes it.
                maturity_model: Some(r.try_get::<String, _>("maturity_model")?).filter(|m| m != "1.1"),
                maturity_rated_on: r.try_get("maturity_rated_on")?,
                efa: r.try_get("efa")?,
                efa_lead_state: r.try_get("efa_lead_state")?,
                online_since: r.try_get("online_since")?,
                url: r.try_get("application_url")?,
                case_counts: counts.remove(&id).unwrap_or_default().into_iter().collect(),
                source: r.try_get("source_ref")?,
                illustrative: r.try_get("illustrative")?,
                history: {
                    let since: Option<chrono::NaiveDate> = r.try_get("online_since")?;
                    let states = states.remove(&id).unwrap_or_default();
                    // The state the loader derives from `online_since` needs no entry.
                    let implied =
                        matches!(states.as_slice(), [only] if only.status == "online" && Some(only.on) == since);
                    if implied { Vec::new() } else { states.into_iter().map(|s| history_entry(s, false)).collect() }
                },
            };
            self.folder.markdown(path_of("services", r)?, &meta, r.try_get("description_md")?)?;
        }
        self.report.services = rows.len() as u32;
        Ok(self.count_archived("services").await?)
    }

    async fn projects(&mut self) -> anyhow::Result<()> {
        let mut action_fields =
            self.links("project_action_fields", "project_id", "action_field_id", "action_fields").await?;
        let mut themes = self.links("project_themes", "project_id", "theme_id", "cross_cutting_themes").await?;
        let mut services = self.links("project_services", "project_id", "service_id", "services").await?;
        let mut smart_goals = self.numbered("smart_goals").await?;
        let mut measures = self.numbered("measures").await?;
        let mut milestones = self.milestones().await?;
        let mut final_reports = self.final_reports().await?;
        let rows = self
            .rows(
                "SELECT p.id, p.slug, p.title, p.kind, p.status, u.slug AS unit, p.lead_role, p.team_roles, \
                        p.summary_md, p.description_md, p.progress_override::bigint AS progress, \
                        p.staff_fte_planned::float8 AS staff_fte_planned, \
                        p.staff_fte_approved::float8 AS staff_fte_approved, \
                        p.budget_eur_planned::float8 AS budget_eur_planned, \
                        p.budget_eur_approved::float8 AS budget_eur_approved, \
                        p.planned_start, p.planned_end, p.actual_start, p.actual_end, p.source_ref, p.illustrative, p.en \
                 FROM projects p LEFT JOIN org_units u ON u.id = p.responsible_unit_id AND u.archived_at IS NULL \
                 WHERE p.city_id = $1 AND p.archived_at IS NULL ORDER BY p.slug",
            )
            .await?;
        let mut states = super::history::states(self.conn, self.city_id, "projects").await?;
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let meta = ProjectMeta {
                title: r.try_get("title")?,
                kind: coded(r, "kind")?,
                status: coded(r, "status")?,
                unit: r.try_get("unit")?,
                lead_role: r.try_get("lead_role")?,
                team_roles: r.try_get("team_roles")?,
                action_fields: action_fields.remove(&id).unwrap_or_default(),
                themes: themes.remove(&id).unwrap_or_default(),
                services: services.remove(&id).unwrap_or_default(),
                summary: r.try_get("summary_md")?,
                progress: r.try_get("progress")?,
                planned_start: r.try_get("planned_start")?,
                planned_end: r.try_get("planned_end")?,
                actual_start: r.try_get("actual_start")?,
                actual_end: r.try_get("actual_end")?,
                smart_goals: smart_goals.remove(&id).unwrap_or_default(),
                measures: measures.remove(&id).unwrap_or_default(),
                source: r.try_get("source_ref")?,
                illustrative: r.try_get("illustrative")?,
                resources: resources(r)?,
                history: states.remove(&id).unwrap_or_default().into_iter().map(|s| history_entry(s, true)).collect(),
                milestones: milestones.remove(&id).unwrap_or_default(),
                final_report: final_reports.remove(&id),
                en: english(r)?,
            };
            self.report.milestones += meta.milestones.len() as u32;
            self.folder.markdown(path_of("projects", r)?, &meta, r.try_get("description_md")?)?;
        }
        self.report.projects = rows.len() as u32;
        self.count_archived("projects").await?;
        Ok(self.count_archived("milestones").await?)
    }

    /// Project id → its milestones in order (archived ones left out).
    async fn milestones(&mut self) -> sqlx::Result<HashMap<i64, Vec<MilestoneMeta>>> {
        let rows = self
            .rows(
                "SELECT project_id AS owner, title, planned_on, forecast_on, forecast_reason, achieved_on, status, \
                        illustrative \
                 FROM milestones WHERE city_id = $1 AND archived_at IS NULL ORDER BY project_id, position",
            )
            .await?;
        grouped(&rows, |r| {
            let achieved: Option<NaiveDate> = r.try_get("achieved_on")?;
            let status: Coded<MilestoneStatus> = coded(r, "status")?;
            // Open and reached follow from the date (`MilestoneMeta::status`); only "dropped" needs saying.
            let implied = if achieved.is_some() { MilestoneStatus::Reached } else { MilestoneStatus::Open };
            Ok(MilestoneMeta {
                title: r.try_get("title")?,
                planned: r.try_get("planned_on")?,
                forecast: r.try_get("forecast_on")?,
                forecast_reason: r.try_get("forecast_reason")?,
                achieved,
                status: (status.known() != Some(implied)).then_some(status),
                illustrative: r.try_get("illustrative")?,
            })
        })
    }

    /// Project id → its final report.
    async fn final_reports(&mut self) -> anyhow::Result<HashMap<i64, FinalReportMeta>> {
        let rows = self
            .rows(
                "SELECT f.project_id, f.summary_md, f.lessons_learned_md, f.release_state, f.released_on, \
                        f.illustrative, f.review_comment <> '' AS commented \
                 FROM final_reports f JOIN projects p ON p.id = f.project_id WHERE p.city_id = $1",
            )
            .await?;
        let mut out = HashMap::new();
        let mut commented = 0;
        for r in &rows {
            commented += u32::from(r.try_get::<bool, _>("commented")?);
            let report = FinalReportMeta {
                release_state: coded(r, "release_state")?,
                released_on: r.try_get("released_on")?,
                summary: r.try_get("summary_md")?,
                lessons_learned: r.try_get("lessons_learned_md")?,
                illustrative: r.try_get("illustrative")?,
            };
            out.insert(r.try_get("project_id")?, report);
        }
        if commented > 0 {
            self.report.notes.push(format!(
                "{commented} Prüfkommentare zu Abschlussberichten gehören zum Freigabeablauf, nicht zum Inhalt, \
                 und werden nicht exportiert."
            ));
        }
        Ok(out)
    }

    async fn updates(&mut self) -> anyhow::Result<()> {
        let rows = self
            .rows(
                "SELECT u.slug, p.slug AS project, u.published_on, u.title, u.body_md, u.internal, u.illustrative \
                 FROM project_updates u JOIN projects p ON p.id = u.project_id \
                 WHERE u.city_id = $1 AND u.archived_at IS NULL AND p.archived_at IS NULL ORDER BY u.slug, p.slug",
            )
            .await?;
        for r in &rows {
            let meta = UpdateMeta {
                project: r.try_get("project")?,
                date: r.try_get("published_on")?,
                title: r.try_get("title")?,
                internal: r.try_get("internal")?,
                // The loader reads a source for updates but does not keep it; there is none to export.
                source: String::new(),
                illustrative: r.try_get("illustrative")?,
            };
            self.folder.markdown(path_of("updates", r)?, &meta, r.try_get("body_md")?)?;
        }
        self.report.updates = rows.len() as u32;
        Ok(self.count_archived("project_updates").await?)
    }

    async fn reports(&mut self) -> anyhow::Result<()> {
        let rows = self
            .rows(
                "SELECT year, title, body_md, release_state, released_on, illustrative, foreword_md, action_fields_md, \
                        projects_md, services_md, outlook_md, review_comment <> '' AS commented, key_figures IS NOT NULL AS frozen \
                 FROM annual_reports WHERE city_id = $1 AND archived_at IS NULL ORDER BY year",
            )
            .await?;
        let (mut commented, mut frozen) = (0, 0);
        for r in &rows {
            commented += u32::from(r.try_get::<bool, _>("commented")?);
            frozen += u32::from(r.try_get::<bool, _>("frozen")?);
            let meta = ReportMeta {
                year: r.try_get("year")?,
                title: r.try_get("title")?,
                release_state: coded(r, "release_state")?,
                released_on: r.try_get("released_on")?,
                illustrative: r.try_get("illustrative")?,
                sections: crate::content::files::ReportSections {
                    foreword: r.try_get("foreword_md")?,
                    action_fields: r.try_get("action_fields_md")?,
                    projects: r.try_get("projects_md")?,
                    services: r.try_get("services_md")?,
                    outlook: r.try_get("outlook_md")?,
                },
            };
            self.folder.markdown(format!("reports/{}.md", meta.year), &meta, r.try_get("body_md")?)?;
        }
        if frozen > 0 {
            self.report.notes.push(format!(
                "Die Kennzahlen von {frozen} freigegebenen Sachstandsberichten stehen nicht im Inhaltsordner; \
                 beim Laden werden sie mit dem Stand der geladenen Daten neu festgeschrieben."
            ));
        }
        if commented > 0 {
            self.report.notes.push(format!(
                "{commented} Prüfkommentare zu Sachstandsberichten gehören zum Freigabeablauf, nicht zum Inhalt, \
                 und werden nicht exportiert."
            ));
        }
        self.report.reports = rows.len() as u32;
        Ok(self.count_archived("annual_reports").await?)
    }

    async fn inquiries(&mut self) -> anyhow::Result<()> {
        let item_rows = self
            .rows(
                "SELECT i.inquiry_id AS owner, i.question_md, i.answer_md FROM inquiry_items i \
                 JOIN council_inquiries q ON q.id = i.inquiry_id WHERE q.city_id = $1 \
                 ORDER BY i.inquiry_id, i.position",
            )
            .await?;
        let mut items = grouped(&item_rows, |r| {
            Ok(InquiryItemMeta { question: r.try_get("question_md")?, answer: r.try_get("answer_md")? })
        })?;
        let mut projects = self.links("inquiry_projects", "inquiry_id", "project_id", "projects").await?;
        let mut services = self.links("inquiry_services", "inquiry_id", "service_id", "services").await?;
        let rows = self
            .rows(
                "SELECT id, slug, number, faction, title, asked_on, answered_on, answered_by, oparl_id, source_ref, \
                        body_md, illustrative \
                 FROM council_inquiries WHERE city_id = $1 AND archived_at IS NULL ORDER BY number",
            )
            .await?;
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let meta = InquiryMeta {
                number: r.try_get("number")?,
                faction: r.try_get("faction")?,
                title: r.try_get("title")?,
                asked_on: r.try_get("asked_on")?,
                answered_on: r.try_get("answered_on")?,
                answered_by: r.try_get("answered_by")?,
                oparl_id: r.try_get("oparl_id")?,
                projects: projects.remove(&id).unwrap_or_default(),
                services: services.remove(&id).unwrap_or_default(),
                source: r.try_get("source_ref")?,
                illustrative: r.try_get("illustrative")?,
                items: items.remove(&id).unwrap_or_default(),
            };
            // The loader names an inquiry's file after its number.
            let name = meta.number.replace('/', "-");
            let slug: String = r.try_get("slug")?;
            if slug != name {
                self.report.notes.push(format!(
                    "Anfrage {}: Der Inhaltsordner benennt Anfragen nach ihrer Nummer; nach dem Laden lautet ihre \
                     Adresse /anfragen/{name} statt /anfragen/{slug}.",
                    meta.number
                ));
            }
            self.folder.markdown(format!("inquiries/{name}.md"), &meta, r.try_get("body_md")?)?;
        }
        self.report.inquiries = rows.len() as u32;
        Ok(self.count_archived("council_inquiries").await?)
    }

    async fn pages(&mut self) -> anyhow::Result<()> {
        let rows = self
            .rows("SELECT slug, title, body_md, illustrative, en FROM pages WHERE city_id = $1 ORDER BY slug")
            .await?;
        for r in &rows {
            let meta =
                PageMeta { title: r.try_get("title")?, illustrative: r.try_get("illustrative")?, en: english(r)? };
            self.folder.markdown(path_of("pages", r)?, &meta, r.try_get("body_md")?)?;
        }
        self.report.pages = rows.len() as u32;
        Ok(())
    }
}

/// The resources of a project row; none when no figure is given.
fn resources(r: &PgRow) -> sqlx::Result<Option<ResourcesMeta>> {
    let res = ResourcesMeta {
        staff_fte_planned: r.try_get("staff_fte_planned")?,
        staff_fte_approved: r.try_get("staff_fte_approved")?,
        budget_eur_planned: r.try_get("budget_eur_planned")?,
        budget_eur_approved: r.try_get("budget_eur_approved")?,
    };
    let any = [res.staff_fte_planned, res.staff_fte_approved, res.budget_eur_planned, res.budget_eur_approved]
        .iter()
        .any(Option::is_some);
    Ok(any.then_some(res))
}

/// A record's `en` column as its `[en]` table.
fn english(row: &sqlx::postgres::PgRow) -> anyhow::Result<super::files::English> {
    let value: serde_json::Value = row.try_get("en")?;
    Ok(serde_json::from_value(value)?)
}
