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
    // pdftoppm pads the page number to the width of the last one (-1, -01, -001).
    let first = ["1", "01", "001"].iter().map(|n| dir.join(format!("{name}-{n}.png"))).find(|p| p.exists());
    assert!(first.is_some(), "first page of {name} rendered");
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

/// The SHA-256 of `bytes` as lower-case hex, computed here independently of the portal's own helper.
fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The team writes a report in sections with figures by reference, sees them
/// live in the preview and in the draft PDF (watermarked, admin area only);
/// the steering group releases it; the released PDF is stored with its
/// checksum and stays byte for byte the same after the data changes.
#[tokio::test]
async fn a_report_written_in_sections_is_released_once_and_never_changes() {
    use crate::admin::{form_fields, post_fields, with};
    use crate::common::{Client, PASSWORD, user};
    use sachstand::admin::roles::Role;
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", Role::Admin).await;
    user(&db, "approver@example.org", Role::Approver).await;
    let mut admin = Client::new(&app);
    admin.login("admin@example.org", PASSWORD).await;

    // A new report starts with a section per action field and the usual figures.
    let form = form_fields(&admin.get("/admin/berichte/neu").await.body);
    let value = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    assert!(value("action_fields_md").contains("## Digitale Verwaltung"), "{}", value("action_fields_md"));
    assert!(value("projects_md").contains("{{projekte-nach-status}}"));
    let fields = with(
        &form,
        &[
            ("year", "2026"),
            ("title", "Sachstandsbericht 2026"),
            ("foreword_md", "Ein Vorwort der Oberbürgermeisterin (Beispieltext)."),
            ("outlook_md", "2027 folgt mehr.\n\n{{kennzahl}}\n"),
        ],
    );
    // A reference to a figure that does not exist is refused next to its field; nothing is saved.
    let refused = post_fields(&mut admin, "/admin/berichte/neu", &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"f-outlook_md-error\""), "{}", crate::common::excerpt(&refused.body));
    assert!(refused.body.contains("Unbekannter Verweis „{{kennzahl}}“"));
    let saved: i64 =
        sqlx::query_scalar("SELECT count(*) FROM annual_reports WHERE year = 2026").fetch_one(&db).await.unwrap();
    assert_eq!(saved, 0);

    // The preview shows the figures live, rendered on the server.
    let fields = with(&fields, &[("outlook_md", "2027 folgt mehr.\n\n{{meilensteine}}\n")]);
    let preview = post_fields(&mut admin, "/admin/berichte/neu", &with(&fields, &[("aktion", "vorschau")])).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", crate::common::excerpt(&preview.body));
    let live_total: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM projects p JOIN cities c ON c.id = p.city_id WHERE c.slug = 'mainz' AND p.archived_at IS NULL",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let live_total = sachstand::model::de_number(live_total);
    assert!(preview.body.contains("<caption>Projekte nach Status</caption>"), "status table in the preview");
    assert!(preview.body.contains("-verlauf-projekte-title\""), "chart in the preview");
    assert!(preview.body.contains("<caption>Meilensteine</caption>"));
    let saved = post_fields(&mut admin, "/admin/berichte/neu", &with(&fields, &[("aktion", "speichern")])).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", crate::common::excerpt(&saved.body));
    let (id, version): (i64, i32) =
        sqlx::query_as("SELECT id, version FROM annual_reports WHERE year = 2026").fetch_one(&db).await.unwrap();

    // The draft as PDF: watermarked, with today's figures, for the admin area only.
    let editing = admin.get(&format!("/admin/berichte/{id}")).await.body;
    assert!(editing.contains(&format!("href=\"/admin/berichte/{id}/entwurf.pdf\"")), "the form links the draft");
    let draft = admin.get(&format!("/admin/berichte/{id}/entwurf.pdf")).await;
    assert_eq!(draft.status, StatusCode::OK);
    assert_tagged_pdf_ua(&draft.bytes, "draft");
    let draft_text = inspect(&draft.bytes, "bericht-2026-entwurf");
    for needle in ["ENTWURF", "Entwurf – nicht freigegeben", "Kennzahlen zum heutigen Stand (Entwurf)", "Vorwort"] {
        assert!(draft_text.contains(needle), "{needle:?} missing from the draft:\n{draft_text}");
    }
    let anonymous = Client::new(&app).get(&format!("/admin/berichte/{id}/entwurf.pdf")).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "no draft without login");
    assert!(
        anonymous.location.as_deref().is_some_and(|l| l.starts_with("/admin/anmelden?")),
        "{:?}",
        anonymous.location
    );
    assert_eq!(get(&app, "/berichte/2026.pdf").await.status, StatusCode::NOT_FOUND, "a draft is not public");

    // Submitted by the team, released by the steering group (four eyes).
    let csrf = admin.token().await;
    let r = admin
        .post(&format!("/admin/berichte/{id}/vorlegen"), &[("csrf", &csrf), ("version", &version.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut approver = Client::new(&app);
    approver.login("approver@example.org", PASSWORD).await;
    // The steering group reads the submitted report with the figures it would freeze now.
    let queue = approver.get("/admin/freigaben").await.body;
    assert!(
        queue.contains("<h4>Vorwort</h4>") && queue.contains("<caption>Projekte nach Status</caption>"),
        "{}",
        crate::common::excerpt(&queue)
    );
    let csrf = approver.token().await;
    let r = approver
        .post(
            &format!("/admin/freigaben/bericht/{id}/freigeben"),
            &[("csrf", &csrf), ("version", &(version + 1).to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", crate::common::excerpt(&r.body));
    let stored: (Vec<u8>, String) = sqlx::query_as(
        "SELECT d.bytes, d.sha256 FROM released_documents d JOIN annual_reports r ON r.id = d.record_id \
             WHERE d.kind = 'annual_report' AND r.year = 2026",
    )
    .fetch_one(&db)
    .await
    .expect("stored at release");
    assert_eq!(sha256(&stored.0), stored.1);

    let (page, pdf, text) = linked_document(&app, "/berichte/2026", "/berichte/2026.pdf", "bericht-2026").await;
    assert_eq!(pdf, stored.0, "served from storage");
    assert!(page.contains(&format!("<code id=\"pdf-sha256\">{}</code>", sha256(&pdf))), "the page shows the checksum");
    for needle in
        ["Vorwort", "Ein Vorwort der", "Projekte nach Status", "Abbildung 1", "Anhang: Daten der Diagramme", "Ausblick"]
    {
        assert!(text.contains(needle), "{needle:?} missing from the released report:\n{text}");
    }
    assert!(!text.contains("ENTWURF"), "no watermark once released");
    // The search finds the words of every section, not only the main text.
    let found = html(&app, "/suche?q=Oberb%C3%BCrgermeisterin").await;
    assert!(found.contains("href=\"/berichte/2026\""), "{}", crate::common::excerpt(&found));
    assert!(
        text.lines().any(
            |l| l.trim_start().starts_with("Projekte insgesamt") && l.trim_end().ends_with(&live_total.to_string())
        ),
        "the frozen total {live_total}:\n{text}"
    );

    // Later changes of the data — a project archived, even the report's row
    // changed behind the workflow — never alter the released document, which a
    // fresh instance (no page cache) serves byte for byte.
    sqlx::query("UPDATE projects SET archived_at = now() WHERE slug = 'digitalpakete'").execute(&db).await.unwrap();
    sqlx::query("UPDATE annual_reports SET title = 'Umbenannt' WHERE year = 2026").execute(&db).await.unwrap();
    let fresh = crate::common::app_with(db.clone(), |_| {}).await;
    assert_eq!(bytes(&fresh, "/berichte/2026.pdf", "application/pdf").await, pdf);
    assert!(html(&fresh, "/berichte/2026").await.contains(&sha256(&pdf)));
    for change in [
        "UPDATE released_documents SET bytes = '\\x00'",
        "DELETE FROM released_documents",
        "TRUNCATE released_documents",
    ] {
        let refused = sqlx::query(change).execute(&db).await;
        assert!(refused.is_err(), "the database refuses {change:?}");
    }
    assert_eq!(bytes(&fresh, "/berichte/2026.pdf", "application/pdf").await, pdf, "still the same");
}
