//! CSV export and import of the online-service catalogue in the same columns,
//! so a file round-trips. Import reads what German spreadsheet programs write
//! (semicolon or comma, UTF-8 with or without BOM, Windows-1252), reports every
//! invalid row with its line number and imports nothing when any row is
//! invalid. Large files are imported in the background with a progress page.

use std::collections::{BTreeSet, HashMap};

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::Multipart;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::i18n::{lang, t, t_arg, t_static};
use crate::model::write::Writer;
use crate::ui::extract::control_character;

use super::auth::{CurrentUser, Screen};
use super::entities;
use super::forms::{self, Input};
use super::layout::AdminLayout;
use super::store::{self, Outcome};
use crate::AppState;
use crate::error::{Error, Result};
use crate::ui::extract::Path;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/online-dienste/export.csv", get(export))
        .route(
            "/admin/online-dienste/import",
            get(import_form).post(import).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/admin/online-dienste/import/{job}", get(progress))
}

/// Files with more rows than this are imported in the background.
const BACKGROUND_FROM_ROWS: usize = 200;
const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// The columns, in file order: the service fields, then one `faelle_JJJJ` column per year.
const COLUMNS: &[&str] = &[
    "slug",
    "name",
    "leika_key",
    "ozg_id",
    "topic_area",
    "life_situation",
    "addressee",
    "responsible_unit",
    "status",
    "maturity",
    "maturity_model",
    "maturity_rated_on",
    "efa",
    "efa_lead_state",
    "online_since",
    "application_url",
    "description_md",
    "source_ref",
    "illustrative",
];

fn admin_only(user: &CurrentUser) -> Result<()> {
    if user.is_admin() { Ok(()) } else { Err(Error::Forbidden) }
}

// Long because: the CSV is written column by column in the documented order, in one place.
async fn export(Screen { state, user }: Screen) -> Result<Response> {
    admin_only(&user)?;
    let rows: Vec<(Value, Value)> = sqlx::query_as(
        "SELECT to_jsonb(s) - 'search', coalesce((SELECT jsonb_object_agg(year::text, cases) FROM service_case_counts WHERE service_id = s.id), '{}') \
         FROM services s WHERE s.city_id = $1 AND s.archived_at IS NULL ORDER BY s.name, s.id",
    )
    .bind(state.site.city_id)
    .fetch_all(&state.db)
    .await?;
    let units: HashMap<i64, String> =
        sqlx::query_as::<_, (i64, String)>("SELECT id, slug FROM org_units WHERE city_id = $1")
            .bind(state.site.city_id)
            .fetch_all(&state.db)
            .await?
            .into_iter()
            .collect();
    let years: BTreeSet<String> =
        rows.iter().flat_map(|(_, c)| c.as_object().into_iter().flat_map(|m| m.keys().cloned())).collect();
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    let header: Vec<String> =
        COLUMNS.iter().map(|c| c.to_string()).chain(years.iter().map(|y| format!("faelle_{y}"))).collect();
    writer.write_record(&header).map_err(|e| Error::Other(e.into()))?;
    for (s, cases) in &rows {
        let mut record: Vec<String> = COLUMNS
            .iter()
            .map(|c| match *c {
                "responsible_unit" => {
                    s["responsible_unit_id"].as_i64().and_then(|id| units.get(&id).cloned()).unwrap_or_default()
                }
                "efa" | "illustrative" => {
                    if s[*c].as_bool() == Some(true) {
                        "ja".into()
                    } else {
                        "nein".into()
                    }
                }
                "online_since" | "maturity_rated_on" => s[*c]
                    .as_str()
                    .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .map(|d| d.format("%d.%m.%Y").to_string())
                    .unwrap_or_default(),
                _ => match &s[*c] {
                    Value::Null => String::new(),
                    Value::String(v) => v.clone(),
                    other => other.to_string(),
                },
            })
            .collect();
        record.extend(years.iter().map(|y| cases[y].as_i64().map(|n| n.to_string()).unwrap_or_default()));
        let record: Vec<String> = record.iter().map(|c| crate::ui::csv::cell(c)).collect();
        writer.write_record(&record).map_err(|e| Error::Other(e.into()))?;
    }
    let mut body = "\u{feff}".as_bytes().to_vec(); // BOM: spreadsheet programs then read UTF-8.
    body.extend(writer.into_inner().map_err(|e| Error::Other(anyhow::anyhow!("{e}")))?);
    let filename = format!("online-dienste-{}.csv", crate::model::Date::today().iso());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response())
}

/// One invalid row: its line number in the file and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub reason: String,
}

/// A checked row, ready to write.
#[derive(Debug)]
pub struct ImportRow {
    pub slug: String,
    pub parsed: forms::Parsed,
    pub cases: Vec<(i32, i64)>,
}

/// Decodes the upload: UTF-8 (with or without BOM), else Windows-1252 (what older
/// German Excel versions write), which is said in the result (in the request's language).
pub fn decode(bytes: &[u8]) -> (String, Option<&'static str>) {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), None),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), Some(t_static("adminf-csv-windows-1252")))
        }
    }
}

/// Reads the header row: lowercased column names, with the required ones present and no unknown ones.
fn headers(reader: &mut csv::Reader<&[u8]>) -> Result<Vec<String>, RowError> {
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_lowercase()).collect(),
        Err(e) => return Err(RowError { line: 1, reason: t_arg("adminf-csv-header-unreadable", e) }),
    };
    let missing: Vec<&str> = ["slug", "name", "topic_area", "addressee", "status", "maturity"]
        .into_iter()
        .filter(|c| !headers.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        let reason = t_arg("adminf-csv-missing-columns", missing.join(", "));
        return Err(RowError { line: 1, reason });
    }
    let unknown: Vec<&str> =
        headers.iter().map(String::as_str).filter(|h| !COLUMNS.contains(h) && !h.starts_with("faelle_")).collect();
    if !unknown.is_empty() {
        return Err(RowError { line: 1, reason: t_arg("adminf-csv-unknown-columns", unknown.join(", ")) });
    }
    Ok(headers)
}

/// Parses and checks every row against the service form's rules.
pub fn parse(text: &str, units: &HashMap<String, i64>) -> Result<Vec<ImportRow>, Vec<RowError>> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() >= first_line.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers = headers(&mut reader).map_err(|e| vec![e])?;
    let mut unit_options = forms::Options::new();
    unit_options.insert("responsible_unit_id", units.values().map(|id| (*id, String::new())).collect());
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let line = record.as_ref().ok().and_then(|r| r.position()).map_or(index + 2, |p| p.line() as usize);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(RowError { line, reason: t_arg("adminf-csv-row-unreadable", e) });
                continue;
            }
        };
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let controls = headers.iter().zip(record.iter()).find_map(|(h, v)| control_character(h, v, true));
        if let Some(reason) = controls {
            errors.push(RowError { line, reason });
            continue;
        }
        let (row, mut problems) = match parse_row(&headers, &record, units, &unit_options) {
            Ok(row) => (Some(row), Vec::new()),
            Err(problems) => (None, problems),
        };
        let slug = field(&headers, &record, "slug");
        if let Some(previous) = seen.insert(slug.clone(), line) {
            problems.push(lang().t_with(
                "adminf-csv-duplicate-slug",
                &[("slug", slug.as_str().into()), ("line", previous.to_string().into())],
            ));
        }
        match row {
            Some(row) if problems.is_empty() => rows.push(row),
            _ => errors.push(RowError { line, reason: problems.join("; ") }),
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// The trimmed value of column `col` in `record` (empty when absent).
fn field(headers: &[String], record: &csv::StringRecord, col: &str) -> String {
    let cell = headers.iter().position(|h| h == col).and_then(|i| record.get(i)).unwrap_or("");
    crate::ui::csv::value(cell.trim()).to_string()
}

/// One data row checked by the service form's rules, or its problems.
fn parse_row(
    headers: &[String],
    record: &csv::StringRecord,
    units: &HashMap<String, i64>,
    unit_options: &forms::Options,
) -> Result<ImportRow, Vec<String>> {
    let entity = entities::find("online-dienste").expect("service entity");
    let get = |col: &str| field(headers, record, col);
    let mut input = Input::default();
    for f in entity.fields {
        input.set(f.name, get(f.name));
    }
    let yes = |v: String| matches!(v.to_lowercase().as_str(), "ja" | "j" | "true" | "1" | "x" | "wahr");
    input.set("efa", if yes(get("efa")) { "on" } else { "" });
    // Files from before model 2.0 have no model column: their ratings are on model 1.1.
    if get("maturity_model").is_empty() {
        input.set("maturity_model", "1.1");
    }
    input.set("illustrative", if yes(get("illustrative")) { "on" } else { "" });
    let unit = get("responsible_unit");
    let mut problems = Vec::new();
    match units.get(&unit) {
        Some(id) => input.set("responsible_unit_id", id.to_string()),
        None if unit.is_empty() => input.set("responsible_unit_id", ""),
        None => problems.push(t_arg("adminf-csv-unknown-unit", &unit)),
    }
    let mut parsed = forms::validate(entity.fields, &input, unit_options);
    if let Some(check) = entity.check {
        parsed.errors.extend(check(&parsed.row));
    }
    problems.extend(parsed.errors.iter().map(|(f, m)| format!("{}: {m}", entity.label_of(f))));
    let cases = case_numbers(headers, record, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    parsed.errors.clear();
    Ok(ImportRow { slug: get("slug"), parsed, cases })
}

/// The `faelle_<year>` columns of a row: (year, cases) for each filled one.
fn case_numbers(headers: &[String], record: &csv::StringRecord, problems: &mut Vec<String>) -> Vec<(i32, i64)> {
    let mut cases = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let Some(year) = h.strip_prefix("faelle_") else { continue };
        let raw = record.get(i).unwrap_or("").trim().replace('.', "");
        if raw.is_empty() {
            continue;
        }
        match (year.parse::<i32>(), raw.parse::<i64>()) {
            (Ok(y), Ok(n)) if (2000..=2100).contains(&y) && (0..=i64::from(i32::MAX)).contains(&n) => {
                cases.push((y, n))
            }
            _ => problems.push(
                lang().t_with("adminf-csv-bad-cases", &[("column", h.as_str().into()), ("value", raw.as_str().into())]),
            ),
        }
    }
    cases
}

#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Writes all rows in one transaction: a new or changed service gets an audit record.
pub async fn write(
    state: &AppState,
    actor: &str,
    rows: &[ImportRow],
    progress: &(dyn Fn(usize) + Send + Sync),
) -> Result<ImportReport, sqlx::Error> {
    let entity = entities::find("online-dienste").expect("service entity");
    let mut tx = state.db.begin().await?;
    let existing: HashMap<String, (i64, i32)> =
        sqlx::query_as::<_, (String, i64, i32)>("SELECT slug, id, version FROM services WHERE city_id = $1")
            .bind(state.site.city_id)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|(s, id, v)| (s, (id, v)))
            .collect();
    let mut report = ImportReport::default();
    let who = Writer { city_id: state.site.city_id, actor };
    for (n, row) in rows.iter().enumerate() {
        let mut patch = row.parsed.patch();
        // Empty case-number cells leave the stored numbers as they are.
        if !row.cases.is_empty() {
            patch =
                patch.with_list("case_counts", row.cases.iter().map(|(year, cases)| json!([year, cases])).collect());
        }
        let outcome = match existing.get(&row.slug) {
            Some((id, version)) => {
                patch.columns.remove("slug");
                store::update(&mut tx, entity, who, *id, *version, &patch).await?
            }
            None => store::create(&mut tx, entity, who, patch).await?,
        };
        match outcome {
            Outcome::Saved { .. } if existing.contains_key(&row.slug) => report.updated += 1,
            Outcome::Saved { .. } => report.created += 1,
            Outcome::Unchanged { .. } => report.unchanged += 1,
            Outcome::Conflict { .. } | Outcome::Invalid(_) => {
                return Err(sqlx::Error::Protocol(format!("Zeile für {} ließ sich nicht speichern", row.slug)));
            }
        }
        if n % 50 == 0 {
            progress(n);
        }
    }
    tx.commit().await?;
    progress(rows.len());
    Ok(report)
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/import.html")]
struct ImportPage {
    layout: AdminLayout,
    errors: Vec<RowError>,
    message: Option<String>,
    upload_action: String,
}

fn page(state: &AppState, user: &CurrentUser, errors: Vec<RowError>, message: Option<String>) -> ImportPage {
    let layout = AdminLayout::new(state, t("adminf-import-title"), user, "/admin/online-dienste");
    // File uploads are multipart: the CSRF token travels in the address.
    let upload_action = format!("/admin/online-dienste/import?csrf={}", layout.csrf);
    ImportPage { layout, errors, message, upload_action }
}

async fn import_form(Screen { state, user }: Screen) -> Result<ImportPage> {
    admin_only(&user)?;
    Ok(page(&state, &user, Vec::new(), None))
}

// Long because: upload, decoding, checking and the choice between writing inline and as a
// background job with progress are one flow whose branches all end in the same page.
async fn import(Screen { state, user }: Screen, mut multipart: Multipart) -> Result<Response> {
    admin_only(&user)?;
    let mut bytes = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("datei") {
            bytes = field
                .bytes()
                .await
                .map_err(|_| Error::BadRequest(t_arg("adminf-csv-too-large", MAX_UPLOAD_BYTES / 1024 / 1024)))?
                .to_vec();
        }
    }
    if bytes.is_empty() {
        let p = page(&state, &user, vec![RowError { line: 0, reason: t("adminf-csv-no-file") }], None);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
    }
    let (text, note) = decode(&bytes);
    let units: HashMap<String, i64> =
        sqlx::query_as::<_, (String, i64)>("SELECT slug, id FROM org_units WHERE city_id = $1")
            .bind(state.site.city_id)
            .fetch_all(&state.db)
            .await?
            .into_iter()
            .collect();
    let rows = match parse(&text, &units) {
        Ok(rows) => rows,
        Err(errors) => {
            let message = t_arg("adminf-csv-invalid-rows", errors.len());
            let p = page(&state, &user, errors, Some(note.map_or(message.clone(), |n| format!("{n} {message}"))));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
        }
    };
    let rows_len = rows.len();
    let job: i64 = sqlx::query_scalar(
        "INSERT INTO import_jobs (city_id, actor, total, note) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(state.site.city_id)
    .bind(&user.email)
    .bind(rows.len() as i32)
    .bind(note.unwrap_or(""))
    .fetch_one(&state.db)
    .await?;
    let run = {
        let state = state.clone();
        let actor = user.email.clone();
        // The outcome is stored as text, in the language of the person importing (a
        // background job runs outside the request and its language).
        let lang = lang();
        async move {
            let db = state.db.clone();
            let reporter = move |done: usize| {
                let db = db.clone();
                tokio::spawn(async move {
                    let _ = sqlx::query("UPDATE import_jobs SET done = greatest(done, $2) WHERE id = $1")
                        .bind(job)
                        .bind(done as i32)
                        .execute(&db)
                        .await;
                });
            };
            let result = write(&state, &actor, &rows, &reporter).await;
            let (status, message) = match result {
                Ok(r) => {
                    let counts = lang.t_with(
                        "adminf-csv-report",
                        &[
                            ("created", r.created.to_string().into()),
                            ("updated", r.updated.to_string().into()),
                            ("unchanged", r.unchanged.to_string().into()),
                        ],
                    );
                    ("done", counts)
                }
                Err(e) => {
                    tracing::error!(error = %e, "service import failed");
                    ("failed", lang.t("adminf-csv-failed"))
                }
            };
            let _ = sqlx::query("UPDATE import_jobs SET status = $2, message = $3, done = CASE WHEN $2 = 'done' THEN total ELSE done END, finished_at = now() WHERE id = $1")
                .bind(job)
                .bind(status)
                .bind(message)
                .execute(&state.db)
                .await;
        }
    };
    if rows_len > BACKGROUND_FROM_ROWS {
        tokio::spawn(run);
    } else {
        run.await;
    }
    Ok(Redirect::to(&format!("/admin/online-dienste/import/{job}")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/import_progress.html")]
struct ProgressPage {
    layout: AdminLayout,
    status: String,
    total: i32,
    done: i32,
    message: String,
    note: String,
}

async fn progress(Screen { state, user }: Screen, Path(job): Path<String>) -> Result<ProgressPage> {
    admin_only(&user)?;
    let job: i64 = job.parse().map_err(|_| Error::NotFound)?;
    let (status, total, done, message, note): (String, i32, i32, String, String) =
        sqlx::query_as("SELECT status, total, done, message, note FROM import_jobs WHERE id = $1 AND city_id = $2")
            .bind(job)
            .bind(state.site.city_id)
            .fetch_optional(&state.db)
            .await?
            .ok_or(Error::NotFound)?;
    Ok(ProgressPage {
        layout: AdminLayout::new(&state, t("adminf-progress-title"), &user, "/admin/online-dienste"),
        status,
        total,
        done,
        message,
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> HashMap<String, i64> {
        HashMap::from([("buergeramt".to_string(), 1)])
    }

    const HEADER: &str = "slug;name;topic_area;addressee;status;maturity;efa;responsible_unit;online_since;faelle_2023";

    #[test]
    fn a_valid_semicolon_file_parses() {
        let text = format!(
            "{HEADER}\nmeldebescheinigung;Meldebescheinigung;recht-ordnung;citizens;online;3;nein;buergeramt;01.03.2022;12.000\n"
        );
        let rows = parse(&text, &units()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].cases, vec![(2023, 12000)]);
        assert_eq!(rows[0].parsed.row["online_since"], "2022-03-01");
    }

    #[test]
    fn comma_separated_files_are_read_too() {
        let text = "slug,name,topic_area,addressee,status,maturity\nx,X,umwelt,both,planned,0\n";
        assert_eq!(parse(text, &units()).unwrap().len(), 1);
    }

    #[test]
    fn every_invalid_row_is_reported_with_its_line() {
        let text = format!(
            "{HEADER}\nok;OK;umwelt;citizens;online;3;nein;;;\nbad;Bad;weltraum;citizens;online;9;nein;;;\nok;Doppelt;umwelt;citizens;online;3;nein;niemand;31.02.2023;viele\n"
        );
        let errors = parse(&text, &units()).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![3, 4]);
        assert!(errors[0].reason.contains("OZG-Themenfeld") && errors[0].reason.contains("Reifegrad"), "{errors:?}");
        assert!(
            errors[1].reason.contains("Zeile 2")
                && errors[1].reason.contains("niemand")
                && errors[1].reason.contains("faelle_2023"),
            "{errors:?}"
        );
    }

    #[test]
    fn windows_1252_is_decoded_and_said() {
        let (text, note) = decode(b"name\nGeb\xfchren f\xfcr Hunde\n");
        assert!(text.contains("Gebühren für Hunde"));
        assert!(note.unwrap().contains("Windows-1252"));
        let (text, note) = decode("\u{feff}name\nÄnderung\n".as_bytes());
        assert_eq!(text, "name\nÄnderung\n");
        assert!(note.is_none());
    }

    #[test]
    fn a_missing_column_is_named() {
        let errors = parse("slug;name\nx;y\n", &units()).unwrap_err();
        assert!(errors[0].reason.contains("topic_area"));
    }
}
