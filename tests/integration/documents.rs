//! The annual report and the answer to an inquiry as PDF/UA-1 (`/berichte/{year}.pdf`,
//! `/anfragen/{slug}.pdf`): tagged structure, language, PDF/UA identification,
//! embedded fonts, the text a reader extracts, and the first pages as PNG in
//! `target/screenshots/` for a person to look at. Needs poppler-utils
//! (`pdftotext`, `pdftoppm`), which `scripts/test` installs.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{bytes, demo_app, get, html, texts};
use axum::http::StatusCode;

/// The markers a PDF/UA-1 file carries in its catalogue and XMP metadata.
fn assert_tagged_pdf_ua(pdf: &[u8], what: &str) {
    assert!(pdf.starts_with(b"%PDF-"), "{what}: not a PDF");
    let raw = String::from_utf8_lossy(pdf);
    for marker in [
        "/MarkInfo<</Marked true",
        "/StructTreeRoot",
        "/Lang(de-DE)",
        "<pdfuaid:part>1</pdfuaid:part>",
        "/DisplayDocTitle true",
        "/FontFile2",
        "SourceSans3",
        "/Outlines",
    ] {
        assert!(raw.contains(marker), "{what}: {marker} missing");
    }
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} ({e}): install poppler-utils (scripts/test does)"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Writes the PDF, extracts its text (layout kept, so a table row is one line)
/// and renders its first pages to `target/screenshots/{name}-N.png`.
fn inspect(pdf: &[u8], name: &str) -> String {
    let dir = screenshots();
    let file = dir.join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let file = file.to_str().unwrap();
    let info = run("pdfinfo", &[file]);
    assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("yes")), "{info}");
    let prefix = dir.join(name);
    run("pdftoppm", &["-png", "-r", "60", "-f", "1", "-l", "3", file, prefix.to_str().unwrap()]);
    assert!(dir.join(format!("{name}-1.png")).exists(), "first page rendered");
    run("pdftotext", &["-layout", file, "-"])
}

/// The document linked from `page` at `pdf`: fetched, checked as PDF/UA-1 and
/// inspected as `name`; returns the page, the bytes and the extracted text.
async fn linked_document(app: &sachstand::App, page: &str, pdf: &str, name: &str) -> (String, Vec<u8>, String) {
    let html = html(app, page).await;
    assert!(html.contains(&format!("href=\"{pdf}\"")), "{page} links its PDF");
    let bytes = bytes(app, pdf, "application/pdf").await;
    assert_tagged_pdf_ua(&bytes, pdf);
    let text = inspect(&bytes, name);
    (html, bytes, text)
}

#[tokio::test]
async fn the_released_report_is_a_tagged_pdf_ua_with_its_figures_and_chapters() {
    let (app, _db) = demo_app().await;
    let (page, pdf, text) = linked_document(&app, "/berichte/2023", "/berichte/2023.pdf", "bericht-2023").await;
    assert!(String::from_utf8_lossy(&pdf).contains("Sachstandsbericht 2023"), "title in the metadata");
    for heading in ["Inhalt", "Kennzahlen zum Zeitpunkt der Freigabe", "Definitionen", "Organisation und Governance"] {
        assert!(text.contains(heading), "heading {heading:?} missing from the PDF's text");
    }
    assert!(text.contains("Stand: 15.12.2023"), "cover with the Stand");
    assert!(text.contains("Beispielinhalt"), "illustrative report marked");
    assert!(text.contains("Seite 3 von"), "page numbers in the footer");
    // The key figures are those of the page (frozen at release), each on its table row.
    let labels = texts(&page, ".facts dt");
    let values = texts(&page, ".facts dd");
    let total = values[labels.iter().position(|l| l == "Projekte insgesamt").unwrap()].clone();
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("Projekte insgesamt") && l.trim_end().ends_with(&total)),
        "row 'Projekte insgesamt … {total}' missing:\n{text}"
    );
    // Same data, same bytes: a stable document id and the release day as its date.
    assert_eq!(pdf, bytes(&app, "/berichte/2023.pdf", "application/pdf").await);
}

#[tokio::test]
async fn only_released_reports_and_known_inquiries_have_a_pdf() {
    let (app, _db) = demo_app().await;
    // 2025 is submitted, not released: no public document.
    for uri in ["/berichte/2025.pdf", "/berichte/1999.pdf", "/berichte/zwanzig.pdf", "/anfragen/0000-2000.pdf"] {
        assert_eq!(get(&app, uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test]
async fn the_answer_to_an_inquiry_is_a_tagged_pdf_laid_out_like_the_citys() {
    let (app, _db) = demo_app().await;
    let (_, _, text) =
        linked_document(&app, "/anfragen/0730-2023", "/anfragen/0730-2023.pdf", "anfrage-0730-2023").await;
    for needle in [
        "Anfrage 0730/2023",
        "Frage 1",
        "Frage 7",
        "beantwortet am 12.05.2023",
        "Mainz, 12.05.2023",
        "gez. Oberbürgermeister Nino Haase",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from the answer's text");
    }
}
