//! Property tests (proptest) of everything that reads input from outside: the
//! content loader, the CSV import, the query-parameter parser, the Markdown
//! renderer and the public routes. None may panic or answer 5xx, and every
//! rejection carries a message.
//!
//! The test command runs a few dozen cases each; `SACHSTAND_FUZZ_CASES=5000
//! cargo test fuzz::` runs longer (each test prints how many inputs it ran).

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use tower::ServiceExt;

use crate::common;

fn cases(default: u32) -> u32 {
    std::env::var("SACHSTAND_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn runner(default_cases: u32) -> TestRunner {
    TestRunner::new(Config { cases: cases(default_cases), failure_persistence: None, ..Config::default() })
}

/// Text that is mostly harmless and sometimes nasty: control characters,
/// quotes, TOML and Markdown syntax, very long runs, non-ASCII.
fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~äöüß€\\n\\t\"'=+\\[\\]{}<>#*_`|\\\\]{0,200}",
        prop::collection::vec(
            prop_oneof![Just("\u{0}"), Just("\r"), Just("+++\n"), Just("\"\"\""), Just("<script>")],
            0..8
        )
        .prop_map(|parts| parts.concat()),
        (1usize..5000).prop_map(|n| "9".repeat(n)),
    ]
}

/// One change to a file's text: insert, delete, or replace a line.
#[derive(Debug, Clone)]
enum Mutation {
    Insert { at: usize, text: String },
    Delete { at: usize, len: usize },
    ReplaceLine { line: usize, text: String },
    Replace(String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), nasty_text()).prop_map(|(at, text)| Mutation::Insert { at, text }),
        (any::<usize>(), 0usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), nasty_text()).prop_map(|(line, text)| Mutation::ReplaceLine { line, text }),
        nasty_text().prop_map(Mutation::Replace),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let boundary = |at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match mutation {
        Mutation::Insert { at, text: inserted } => {
            let at = boundary(*at);
            format!("{}{inserted}{}", &text[..at], &text[at..])
        }
        Mutation::Delete { at, len } => {
            let start = boundary(*at);
            let end = boundary(start.saturating_add(*len).min(text.len()));
            format!("{}{}", &text[..start], &text[end.max(start)..])
        }
        Mutation::ReplaceLine { line, text: replacement } => {
            let mut lines: Vec<&str> = text.lines().collect();
            let index = line % lines.len().max(1);
            if lines.is_empty() {
                return replacement.clone();
            }
            lines[index] = replacement;
            lines.join("\n")
        }
        Mutation::Replace(new) => new.clone(),
    }
}

fn content_files(dir: &Path, prefix: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            content_files(&path, prefix, out);
        } else {
            out.push(path.strip_prefix(prefix).unwrap().to_path_buf());
        }
    }
}

#[test]
fn the_content_loader_names_every_problem_and_writes_nothing_on_a_broken_folder() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let pool = runtime.block_on(common::fresh_db());
    let mut files = Vec::new();
    content_files(&common::content_dir(), &common::content_dir(), &mut files);
    files.sort();
    let ran = AtomicUsize::new(0);
    let strategy = (0..files.len(), mutation());
    runner(24)
        .run(&strategy, |(index, mutation)| {
            ran.fetch_add(1, Ordering::Relaxed);
            let dir = common::content_copy();
            let file = dir.path().join(&files[index]);
            let original = std::fs::read_to_string(&file).unwrap();
            std::fs::write(&file, apply(&original, &mutation)).unwrap();
            let audits_before: i64 =
                runtime.block_on(sqlx::query_scalar("SELECT count(*) FROM audit_log").fetch_one(&pool)).unwrap();
            match runtime.block_on(sachstand::content::load(&pool, dir.path(), &mut |_| {})) {
                Ok(_) => {}
                Err(sachstand::content::LoadError::Invalid(errors)) => {
                    prop_assert!(!errors.is_empty());
                    for error in &errors {
                        prop_assert!(!error.reason.trim().is_empty(), "{error}");
                        prop_assert!(error.path.starts_with(dir.path()), "{error}");
                    }
                    let audits_after: i64 = runtime
                        .block_on(sqlx::query_scalar("SELECT count(*) FROM audit_log").fetch_one(&pool))
                        .unwrap();
                    prop_assert_eq!(audits_before, audits_after, "a refused folder wrote something");
                }
                Err(other) => prop_assert!(false, "{} after {:?}: {}", files[index].display(), mutation, other),
            }
            Ok(())
        })
        .unwrap();
    println!("content loader: {} mutated folders", ran.load(Ordering::Relaxed));
}

const CSV_COLUMNS: &str = "slug;name;leika_key;ozg_id;topic_area;life_situation;addressee;responsible_unit;status;maturity;efa;efa_lead_state;online_since;application_url;description_md;source_ref;illustrative";

fn csv_text() -> impl Strategy<Value = String> {
    let row = prop::collection::vec(nasty_text(), 0..20).prop_map(|cells| cells.join(";"));
    prop_oneof![
        any::<String>(),
        prop::collection::vec(row, 0..6).prop_map(|rows| format!("{CSV_COLUMNS}\n{}", rows.join("\n"))),
        (nasty_text(), any::<usize>()).prop_map(|(text, at)| apply(CSV_COLUMNS, &Mutation::Insert { at, text })),
    ]
}

#[test]
fn the_service_csv_import_never_panics_and_says_which_line_is_wrong() {
    let units = HashMap::from([("hauptamt".to_string(), 1i64)]);
    let ran = AtomicUsize::new(0);
    runner(400)
        .run(&(csv_text(), any::<Vec<u8>>()), |(text, bytes)| {
            ran.fetch_add(2, Ordering::Relaxed);
            for text in [text, sachstand::admin::services_csv::decode(&bytes).0] {
                if let Err(errors) = sachstand::admin::services_csv::parse(&text, &units) {
                    prop_assert!(!errors.is_empty());
                    for error in errors {
                        prop_assert!(error.line >= 1 && !error.reason.trim().is_empty(), "{:?}", error.line);
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    println!("CSV import: {} inputs", ran.load(Ordering::Relaxed));
}

#[test]
fn query_parameters_and_markdown_never_panic() {
    let ran = AtomicUsize::new(0);
    runner(1000)
        .run(&(any::<String>(), nasty_text()), |(query, markdown)| {
            ran.fetch_add(2, Ordering::Relaxed);
            match sachstand::ui::Params::parse(Some(&query)) {
                Ok(_) => {}
                Err(sachstand::error::Error::BadRequest(message)) => prop_assert!(!message.is_empty()),
                Err(other) => prop_assert!(false, "{other}"),
            }
            let html = sachstand::markdown::render(&markdown).to_string();
            let lower = html.to_lowercase();
            prop_assert!(!lower.contains("<script") && !lower.contains("javascript:"), "{html}");
            Ok(())
        })
        .unwrap();
    println!("query parameters and Markdown: {} inputs", ran.load(Ordering::Relaxed));
}

fn public_request() -> impl Strategy<Value = String> {
    let path = prop_oneof![
        Just("/projekte"),
        Just("/online-dienste"),
        Just("/suche"),
        Just("/meilensteine"),
        Just("/aktuelles"),
        Just("/anfragen"),
        Just("/berichte"),
        Just("/"),
    ];
    let key = prop_oneof![
        Just("q".to_string()),
        Just("seite".to_string()),
        Just("status".to_string()),
        Just("handlungsfeld".to_string()),
        Just("sortierung".to_string()),
        Just("reifegrad".to_string()),
        "[a-z]{1,8}",
    ];
    let pairs = prop::collection::vec((key, any::<String>()), 0..4);
    let segment = "[^/?#]{0,40}";
    prop_oneof![
        (path, pairs).prop_map(|(path, pairs)| {
            let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", url_escape(v))).collect();
            format!("{path}?{}", query.join("&"))
        }),
        segment.prop_map(|s| format!("/projekte/{}", url_escape(&s))),
        segment.prop_map(|s| format!("/online-dienste/{}", url_escape(&s))),
        segment.prop_map(|s| format!("/berichte/{}", url_escape(&s))),
        "[ -~]{0,60}".prop_map(|raw| format!("/suche?q={}", raw.replace(' ', "+").replace('#', "%23"))),
    ]
}

fn url_escape(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[test]
fn no_public_address_answers_with_a_server_error() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (app, _db) = runtime.block_on(common::demo_app());
    let ran = AtomicUsize::new(0);
    runner(300)
        .run(&public_request(), |uri| {
            ran.fetch_add(1, Ordering::Relaxed);
            let Ok(request) = Request::get(uri.as_str()).body(Body::empty()) else { return Ok(()) };
            let response = runtime.block_on(app.clone().oneshot(request)).unwrap();
            let status = response.status();
            prop_assert!(!status.is_server_error(), "{} answered {}", uri, status);
            if status == StatusCode::BAD_REQUEST {
                let body = runtime.block_on(http_body_util::BodyExt::collect(response.into_body())).unwrap().to_bytes();
                prop_assert!(String::from_utf8_lossy(&body).contains("Die Anfrage enthält einen Fehler"), "{}", uri);
            }
            Ok(())
        })
        .unwrap();
    println!("public addresses: {} requests", ran.load(Ordering::Relaxed));
}
