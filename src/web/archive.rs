//! `/daten/sachstand.zip`: the whole public dataset in one file. Every dataset
//! of `/daten` as CSV and JSON (the same columns and records as the list
//! downloads and the API), a `LIESMICH.txt` that explains every file and
//! field, and the licence.
//!
//! The archive is built when it is first asked for after the data changed
//! (the page cache's data version, and the day: the files carry their date),
//! in a blocking thread that reads the long lists in chunks of rows and
//! writes straight into a temporary file, so that memory stays flat at any
//! size. Until the next change it is served from that file. Requests that
//! arrive during a build get the last archive (only the very first build is
//! waited for); a build that fails is never served, and the archive replaces
//! the last one only when it is whole.

use std::io::{BufWriter, Write};
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use tokio::runtime::Handle;
use utoipa::ToSchema;
use zip::write::SimpleFileOptions;

use super::downloads::{CHUNK, Encoder, Format, file};
use super::open_data::{DATASETS, schema_view};
use crate::AppState;
use crate::error::{Error, Result};
use crate::model::projects::{MilestoneView, ProjectFilter, ProjectSort};
use crate::model::records::{self, Listed, Listing, MilestoneRecord, ProjectRecord, ServiceRecord, UpdateRecord};
use crate::model::services::{ServiceFilter, ServiceSort};
use crate::model::{Date, de_number, site};
use crate::page_cache::{Shows, Streamed};

pub fn router() -> Router<AppState> {
    Router::new().route("/daten/sachstand.zip", get(download))
}

/// The last archive built (one per application state, so per city).
#[derive(Default)]
pub struct Archive {
    last: std::sync::Mutex<Option<Arc<Built>>>,
    /// Held while a build runs: one build at a time.
    building: tokio::sync::Mutex<()>,
}

struct Built {
    version: Version,
    /// Deleted when the last holder drops it; a download that has it open reads on.
    file: tempfile::NamedTempFile,
    bytes: u64,
    stand: DateTime<Utc>,
}

impl Archive {
    fn last(&self) -> Option<Arc<Built>> {
        self.last.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// What an archive was built from: the data as of the cache's data version, on one day.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Version {
    /// `None` without the page cache: nobody hears of changes, so every request builds afresh.
    data: Option<u64>,
    day: Date,
}

async fn download(State(state): State<AppState>) -> Result<(Shows, Response)> {
    // In a task of its own: a client that goes away, or the request timeout, does not cancel a
    // build half done; the next request finds it finished.
    let (file, bytes, stand, day) =
        tokio::spawn(current(state.clone())).await.map_err(|e| Error::Other(e.into()))??;
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
    let name = format!("attachment; filename=\"sachstand-{}-{}.zip\"", state.site.slug, day.iso());
    let etag = format!("W/\"z{:x}-{}\"", stand.timestamp_micros(), bytes);
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (header::CONTENT_DISPOSITION, name),
            (header::CONTENT_LENGTH, bytes.to_string()),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*".to_string()),
        ],
        body,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response.extensions_mut().insert(Streamed);
    // Never stored by the page cache (streamed), but named for the metrics.
    Ok((Shows::new(), response))
}

/// The archive to send, opened (so that no rebuild can remove it first), with its size,
/// time and day. A fresh one if there is one; else this request builds it, while requests
/// that come during the build get the last archive (whole, and dated by its README) rather
/// than waiting with a render slot held. Only without any archive do they wait.
async fn current(state: AppState) -> Result<(tokio::fs::File, u64, DateTime<Utc>, Date)> {
    let archive = &state.archive;
    let built = loop {
        // Read before the data: a change during the build makes the next request build again.
        let version = Version { data: state.cache.data_version(), day: Date::today() };
        let fresh = |b: &Arc<Built>| b.version == version && version.data.is_some();
        let last = archive.last();
        if let Some(built) = last.as_ref().filter(|b| fresh(b)) {
            break built.clone();
        }
        let _building = match (archive.building.try_lock(), last) {
            (Ok(guard), _) => guard,
            (Err(_), Some(stale)) => break stale,
            (Err(_), None) => {
                // The first build: wait for it, then look again.
                drop(archive.building.lock().await);
                continue;
            }
        };
        if let Some(built) = archive.last().filter(|b| fresh(b)) {
            break built; // Built by the request that held the lock just before.
        }
        let started = Instant::now();
        let builder = state.clone();
        let built = tokio::task::spawn_blocking(move || build(&builder, version))
            .await
            .map_err(|e| Error::Other(e.into()))??;
        let built = Arc::new(built);
        tracing::info!(
            bytes = built.bytes,
            ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            "open-data archive built"
        );
        *archive.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(built.clone());
        break built;
    };
    let file = tokio::fs::File::open(built.file.path()).await.map_err(anyhow::Error::from)?;
    Ok((file, built.bytes, built.stand, built.version.day))
}

/// One file of the archive, for the table of contents.
struct Entry {
    /// The file name without extension.
    stem: String,
    title: String,
    about: String,
    schema: &'static str,
    rows: usize,
    /// Only as JSON (a nested record).
    json_only: bool,
}

/// Builds the archive in a temporary file (runs in a blocking thread).
fn build(state: &AppState, version: Version) -> Result<Built> {
    let handle = Handle::current();
    let stand = Utc::now();
    let city = state.site.city_id;
    let base = state.config.base_url.trim_end_matches('/').to_string();
    let mut conn = handle.block_on(state.db.acquire())?;

    // First the small datasets (read whole) and the ids of the long ones.
    let strategy = handle.block_on(records::strategy(&mut *conn, city))?;
    let mut action_fields = handle.block_on(records::action_fields(&mut *conn, city))?;
    let mut units = handle.block_on(records::units(&mut *conn, city))?;
    let mut reports = handle.block_on(records::reports(&mut *conn, city))?;
    let project_ids = handle.block_on(records::ids(
        &mut conn,
        city,
        &Listing::Projects(&ProjectFilter::default(), ProjectSort::default()),
    ))?;
    let mut milestone_ids = Vec::new();
    for view in MilestoneView::ALL {
        milestone_ids.extend(handle.block_on(records::ids(&mut conn, city, &Listing::Milestones(view)))?);
    }
    let update_ids = handle.block_on(records::ids(&mut conn, city, &Listing::Updates(None)))?;
    let service_ids = handle.block_on(records::ids(
        &mut conn,
        city,
        &Listing::Services(&ServiceFilter::default(), ServiceSort::default()),
    ))?;
    let inquiry_ids = handle.block_on(records::ids(&mut conn, city, &Listing::Inquiries))?;
    let inquiries = handle.block_on(records::in_order::<records::InquiryRecord>(&mut conn, &inquiry_ids))?;
    let mut inquiry_details = Vec::with_capacity(inquiries.len());
    for inquiry in &inquiries {
        if let Some(detail) = handle.block_on(records::inquiry(&mut *conn, city, &inquiry.slug))? {
            inquiry_details.push(detail);
        }
    }
    let terms = handle.block_on(site::page(&mut *conn, city, "daten"))?;

    let absolute = |url: &mut String| crate::api::absolute(state, url);
    action_fields.iter_mut().for_each(|r| absolute(&mut r.web_url));
    units.iter_mut().for_each(|r| absolute(&mut r.web_url));
    reports.iter_mut().for_each(|r| absolute(&mut r.web_url));
    inquiry_details.iter_mut().for_each(|r| absolute(&mut r.inquiry.web_url));
    let strategy = strategy.map(|mut s| {
        absolute(&mut s.web_url);
        for section in s.goals.0.iter_mut().chain(s.guidelines.0.iter_mut()).chain(s.themes.0.iter_mut()) {
            absolute(&mut section.web_url);
        }
        s
    });

    let about = |id: &str| DATASETS.iter().find(|d| d.id == id).map_or("", |d| d.about);
    let entry = |stem: &str, title: &str, about: &str, schema: &'static str, rows: usize| Entry {
        stem: stem.into(),
        title: title.into(),
        about: about.into(),
        schema,
        rows,
        json_only: false,
    };
    let mut contents = Vec::new();
    if let Some(s) = &strategy {
        contents.push(Entry {
            json_only: true,
            ..entry("strategie", "Strategie", about("strategie"), "StrategyRecord", 1)
        });
        contents.push(entry(
            "ziele",
            "Ziele der Strategie",
            "Die Ziele, in ihrer Reihenfolge.",
            "SectionRecord",
            s.goals.len(),
        ));
        contents.push(entry(
            "leitlinien",
            "Leitlinien der Strategie",
            "Die Leitlinien, in ihrer Reihenfolge.",
            "SectionRecord",
            s.guidelines.len(),
        ));
        contents.push(entry(
            "querschnittsthemen",
            "Querschnittsthemen der Strategie",
            "Die Querschnittsthemen, in ihrer Reihenfolge.",
            "SectionRecord",
            s.themes.len(),
        ));
    }
    contents.push(entry(
        "handlungsfelder",
        "Handlungsfelder",
        about("handlungsfelder"),
        "SectionRecord",
        action_fields.len(),
    ));
    contents.push(entry(
        "projekte",
        "Projekte",
        "Alle Projekte mit Status und Fortschritt, nach Titel.",
        "ProjectRecord",
        project_ids.len(),
    ));
    contents.push(entry("meilensteine", "Meilensteine", about("meilensteine"), "MilestoneRecord", milestone_ids.len()));
    contents.push(entry("meldungen", "Meldungen", about("meldungen"), "UpdateRecord", update_ids.len()));
    contents.push(entry(
        "online-dienste",
        "Online-Dienste",
        about("online-dienste"),
        "ServiceRecord",
        service_ids.len(),
    ));
    contents.push(entry("berichte", "Sachstandsberichte", about("berichte"), "ReportRecord", reports.len()));
    contents.push(entry(
        "anfragen",
        "Anfragen aus dem Stadtrat",
        about("anfragen"),
        "InquiryRecord",
        inquiry_ids.len(),
    ));
    contents.push(Entry {
        json_only: true,
        ..entry(
            "anfragen-mit-antworten",
            "Anfragen mit Fragen und Antworten",
            "Jede Anfrage mit ihren Fragen und den Antworten der Stadt, Frage für Frage.",
            "InquiryDetailRecord",
            inquiry_details.len(),
        )
    });
    contents.push(entry("organisation", "Organisationseinheiten", about("organisation"), "UnitRecord", units.len()));

    let file = tempfile::Builder::new().prefix("sachstand-").suffix(".zip").tempfile().map_err(anyhow::Error::from)?;
    let mut out = Writer {
        zip: zip::ZipWriter::new(BufWriter::new(file.reopen().map_err(anyhow::Error::from)?)),
        options: options(stand),
        handle: &handle,
        base: &base,
    };
    out.text("LIESMICH.txt", &readme(state, stand, &contents))?;
    out.text("LIZENZ.txt", &licence(state, terms.as_ref()))?;
    if let Some(s) = &strategy {
        out.whole("strategie.json", &Document { stand: version.day.iso(), total: None, data: s })?;
        out.small("ziele", &s.goals.0)?;
        out.small("leitlinien", &s.guidelines.0)?;
        out.small("querschnittsthemen", &s.themes.0)?;
    }
    out.small("handlungsfelder", &action_fields)?;
    out.listed::<ProjectRecord>(&mut conn, "projekte", &project_ids)?;
    out.listed::<MilestoneRecord>(&mut conn, "meilensteine", &milestone_ids)?;
    out.listed::<UpdateRecord>(&mut conn, "meldungen", &update_ids)?;
    out.listed::<ServiceRecord>(&mut conn, "online-dienste", &service_ids)?;
    out.small("berichte", &reports)?;
    out.listed::<records::InquiryRecord>(&mut conn, "anfragen", &inquiry_ids)?;
    let total = Some(inquiry_details.len());
    out.whole("anfragen-mit-antworten.json", &Document { stand: version.day.iso(), total, data: &inquiry_details })?;
    out.small("organisation", &units)?;
    let mut inner = out.zip.finish().map_err(anyhow::Error::from)?;
    inner.flush().map_err(anyhow::Error::from)?;
    drop(inner);
    let bytes = file.as_file().metadata().map_err(anyhow::Error::from)?.len();
    Ok(Built { version, file, bytes, stand })
}

/// Deflate at the default level; every file dated with the archive's time (in Germany).
fn options(stand: DateTime<Utc>) -> SimpleFileOptions {
    let local = stand.with_timezone(&chrono_tz::Europe::Berlin);
    let time = zip::DateTime::from_date_and_time(
        u16::try_from(local.year()).unwrap_or(1980),
        local.month() as u8,
        local.day() as u8,
        local.hour() as u8,
        local.minute() as u8,
        local.second() as u8,
    )
    .unwrap_or_default();
    SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).last_modified_time(time)
}

/// A JSON file of the archive: its date, its count (for lists) and its data.
#[derive(Serialize)]
struct Document<'a, T> {
    stand: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<usize>,
    data: &'a T,
}

struct Writer<'a> {
    zip: zip::ZipWriter<BufWriter<std::fs::File>>,
    options: SimpleFileOptions,
    handle: &'a Handle,
    base: &'a str,
}

impl Writer<'_> {
    fn start(&mut self, name: &str) -> Result<()> {
        self.zip.start_file(name, self.options).map_err(anyhow::Error::from)?;
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.zip.write_all(bytes).map_err(anyhow::Error::from)?;
        Ok(())
    }

    fn text(&mut self, name: &str, text: &str) -> Result<()> {
        self.start(name)?;
        // Windows' editors take CRLF best; a BOM tells them it is UTF-8.
        self.write("\u{feff}".as_bytes())?;
        self.write(text.replace('\n', "\r\n").as_bytes())
    }

    /// A JSON document written as it is serialised (no copy of it in memory).
    fn whole<T: Serialize>(&mut self, name: &str, document: &Document<'_, T>) -> Result<()> {
        self.start(name)?;
        serde_json::to_writer(&mut self.zip, document).map_err(anyhow::Error::from)?;
        Ok(())
    }

    /// A dataset read whole, as CSV and JSON.
    fn small<T: Serialize + ToSchema>(&mut self, stem: &str, rows: &[T]) -> Result<()> {
        for format in Format::BOTH {
            self.start(&format!("{stem}.{}", format.extension()))?;
            self.write(&file(format, rows)?)?;
        }
        Ok(())
    }

    /// A long dataset, read and written in chunks, as CSV and JSON.
    fn listed<T: Listed>(&mut self, conn: &mut PgConnection, stem: &str, ids: &[i64]) -> Result<()> {
        for format in Format::BOTH {
            self.start(&format!("{stem}.{}", format.extension()))?;
            let mut encoder = Encoder::<T>::new(format, ids.len());
            self.write(&encoder.head())?;
            for chunk in ids.chunks(CHUNK) {
                let rows = self.handle.block_on(records::in_order::<T>(conn, chunk))?;
                let bytes = encoder.rows(rows, self.base)?;
                self.write(&bytes)?;
            }
            self.write(&encoder.tail())?;
        }
        Ok(())
    }
}

/// `LIESMICH.txt`: what the archive is, its date, every file and every field.
fn readme(state: &AppState, stand: DateTime<Utc>, contents: &[Entry]) -> String {
    let site = &state.site;
    let base = state.config.base_url.trim_end_matches('/');
    let local = stand.with_timezone(&chrono_tz::Europe::Berlin);
    let mut out = format!(
        "{portal} – offene Daten\n\
         {city}\n\n\
         Stand: {date}, {time} Uhr\n\
         Quelle: {base}/daten (dort ist jeder Datensatz erklärt; die Schnittstelle: {base}/api/v1/openapi.json)\n\n\
         Dieses Archiv enthält alle öffentlichen Daten des Portals, so wie sie zum Stand auf {base} zu sehen waren.\n\
         Es wird neu erstellt, sobald sich die Daten ändern; der Dateiname nennt das Datum.\n\n\
         Jeder Datensatz liegt zweimal vor:\n\
         - als CSV: UTF-8 mit BOM, Trennzeichen Semikolon, erste Zeile mit den Feldnamen; Listen in einer Zelle\n\
         \x20 sind durch Komma getrennt, verschachtelte Angaben stehen als JSON in der Zelle;\n\
         - als JSON: ein Objekt mit \"stand\" (Datum), \"total\" (Anzahl) und \"data\" (die Datensätze).\n\
         Datensätze mit illustrative = true sind Beispielangaben und keine Angaben der Stadt;\n\
         source_ref nennt, aus welchem Dokument der Stadt eine Angabe stammt.\n\n\
         Lizenz und Zitierweise: siehe LIZENZ.txt.\n\n\
         INHALT\n\n",
        portal = site.portal_name,
        city = site.name,
        date = Date(local.date_naive()),
        time = local.format("%H:%M"),
    );
    for entry in contents {
        let files =
            if entry.json_only { format!("{}.json", entry.stem) } else { format!("{0}.csv, {0}.json", entry.stem) };
        let rows = if entry.rows == 1 {
            "1 Datensatz".to_string()
        } else {
            format!("{} Datensätze", de_number(entry.rows as i64))
        };
        out.push_str(&format!("{files}\n  {} ({rows}): {}\n\n", entry.title, entry.about));
    }
    out.push_str("FELDER\n");
    let doc = crate::api::document();
    let mut described: Vec<String> = Vec::new();
    let mut pending: std::collections::VecDeque<String> = contents.iter().map(|e| e.schema.to_string()).collect();
    while let Some(name) = pending.pop_front() {
        if described.contains(&name) || doc["components"]["schemas"].get(&name).is_none() {
            continue;
        }
        let schema = schema_view(doc, &name);
        let used_in: Vec<&str> = contents.iter().filter(|e| e.schema == name).map(|e| e.stem.as_str()).collect();
        out.push_str(&format!("\n{name}"));
        if !used_in.is_empty() {
            out.push_str(&format!(" (in {})", used_in.join(", ")));
        }
        out.push('\n');
        if !schema.about.is_empty() {
            out.push_str(&format!("  {}\n", schema.about.trim_end().trim_end_matches(';')));
        }
        if let Some(parent) = &schema.extends {
            out.push_str(&format!("  Alle Felder von {parent}, dazu:\n"));
            pending.push_back(parent.clone());
        }
        for field in &schema.fields {
            out.push_str(&format!("  - {} ({}; {}): {}\n", field.name, field.kind, field.presence, field.about));
            // Nested records are described after the ones that hold them.
            if let Some((_, nested)) = field.kind.rsplit_once("Objekt ") {
                pending.push_back(nested.to_string());
            }
        }
        described.push(name);
    }
    out
}

/// `LIZENZ.txt`: the city's licence and its own terms (content page `daten`).
fn licence(state: &AppState, terms: Option<&site::ContentPage>) -> String {
    let site = &state.site;
    let mut out = String::new();
    if !site.data_licence.is_empty() {
        let name = if site.data_licence_name.is_empty() { &site.data_licence } else { &site.data_licence_name };
        out.push_str(&format!("Lizenz: {name}\n{}\n", site.data_licence));
        if site.open_data_illustrative {
            out.push_str(
                "(Beispielangabe: die Lizenz legt die Stadt fest; diese Angabe stammt nicht aus ihren Quellen.)\n",
            );
        }
        out.push('\n');
    }
    if !site.data_contact_email.is_empty() {
        out.push_str(&format!("Ansprechpartner für die Daten: {}\n\n", site.data_contact_email));
    }
    match terms {
        Some(page) => {
            out.push_str(&format!("{}\n\n{}\n", page.title, page.body_md.trim()));
        }
        None if out.is_empty() => out.push_str("Die Stadt hat für diese Daten keine Lizenz angegeben.\n"),
        None => {}
    }
    out
}
