//! Documents as PDF/UA-1, typeset in-process with Typst (no browser, no external
//! program at run time): a Typst source is written from the portal's data
//! (`report.rs`), compiled against the fonts shipped in `static/fonts` and
//! exported as a tagged PDF (structure tree, `/Lang`, bookmarks, PDF/UA
//! identification in the XMP metadata).

pub mod inquiry;
mod markup;
pub mod released;
pub mod report;

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

/// Source Sans 3 (SIL Open Font License 1.1, `static/fonts/source-sans-3/LICENSE.md`),
/// embedded so that an installed binary typesets the same from any folder.
const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../../static/fonts/source-sans-3/SourceSans3-Regular.ttf"),
    include_bytes!("../../static/fonts/source-sans-3/SourceSans3-Bold.ttf"),
    include_bytes!("../../static/fonts/source-sans-3/SourceSans3-It.ttf"),
    include_bytes!("../../static/fonts/source-sans-3/SourceSans3-BoldIt.ttf"),
];

/// The family name the sources ask for.
pub const FONT_FAMILY: &str = "Source Sans 3";

/// What does not change between documents: the standard library and the fonts.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
        Shared { library: LazyHash::new(Library::default()), book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
    })
}

/// One document to compile: its single source file and its day.
struct Document {
    main: Source,
    today: Datetime,
}

impl World for Document {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::AccessDenied) }
    }

    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        // The sources are self-contained: no images, no includes.
        Err(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// Why a document could not be typeset: a defect of the generated source, reported with its messages.
#[derive(Debug, thiserror::Error)]
#[error("PDF konnte nicht gesetzt werden: {0}")]
pub struct PdfError(String);

/// Compiles a Typst source to PDF/UA-1. `ident` names the document stably (same
/// source and ident, same bytes); `day` is its date in the metadata.
pub fn typeset(source: String, ident: &str, day: chrono::NaiveDate) -> Result<Vec<u8>, PdfError> {
    typeset_counted(source, ident, day).map(|(bytes, _)| bytes)
}

/// [`typeset`], with the number of pages (for the benchmark).
pub fn typeset_counted(source: String, ident: &str, day: chrono::NaiveDate) -> Result<(Vec<u8>, usize), PdfError> {
    use chrono::Datelike;
    let path = VirtualPath::new("main.typ").map_err(|e| PdfError(format!("{e:?}")))?;
    let id = FileId::new(RootedPath::new(VirtualRoot::Project, path));
    let today = Datetime::from_ymd(day.year(), day.month() as u8, day.day() as u8)
        .ok_or_else(|| PdfError(format!("Datum {day}")))?;
    let document = Document { main: Source::new(id, source), today };
    let messages = |diags: &[typst::diag::SourceDiagnostic]| {
        diags.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("; ")
    };
    let paged: PagedDocument = typst::compile(&document).output.map_err(|d| PdfError(messages(&d)))?;
    let standards = PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| PdfError(format!("{e:?}")))?;
    let noon = Datetime::from_ymd_hms(day.year(), day.month() as u8, day.day() as u8, 12, 0, 0)
        .ok_or_else(|| PdfError(format!("Datum {day}")))?;
    let timestamp = typst_pdf::Timestamp::new_utc(noon);
    let options = PdfOptions {
        ident: typst::foundations::Smart::Custom(ident.to_string()),
        timestamp: Some(timestamp),
        standards,
        ..PdfOptions::default()
    };
    let pages = paged.pages().len();
    let pdf = typst_pdf::pdf(&paged, &options).map(|bytes| (bytes, pages)).map_err(|d| PdfError(messages(&d)));
    // Typst memoizes its work in a process-wide cache; a server that typesets document after
    // document would keep all of it. Dropped after each document (and so every document,
    // in the benchmark too, is typeset from scratch; only the parsed fonts stay).
    typst::comemo::evict(0);
    pdf
}

/// [`typeset`] on a blocking thread (a report takes tens of milliseconds of CPU).
pub async fn typeset_blocking(source: String, ident: String, day: chrono::NaiveDate) -> crate::error::Result<Vec<u8>> {
    let bytes = tokio::task::spawn_blocking(move || typeset(source, &ident, day))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(anyhow::Error::from)?;
    Ok(bytes)
}
