//! Released documents are typeset once and then served from storage
//! (`model::documents`): the first time a released version is asked for — at
//! release, in the releasing transaction, or on the first request for a
//! document released before storage existed — and never again, so neither a
//! later change of the data nor of this code can alter what was published.

use sqlx::PgConnection;

use crate::error::Result;
use crate::model::documents::{self, Key, Kind, Stored};
use crate::model::inquiries::{Inquiry, Item};
use crate::model::reports::Report;
use crate::model::site::Site;

fn report_key(site: &Site, report: &Report) -> Key {
    Key { city_id: site.city_id, kind: Kind::AnnualReport, record_id: report.id, version: report.version }
}

fn inquiry_key(site: &Site, inquiry: &Inquiry) -> Key {
    Key { city_id: site.city_id, kind: Kind::Inquiry, record_id: inquiry.id, version: inquiry.version }
}

/// The document stored under `key`, or the one `typeset` makes, stored first.
async fn stored_or(
    conn: &mut PgConnection,
    key: &Key,
    typeset: impl Future<Output = Result<Vec<u8>>>,
) -> Result<Stored> {
    if let Some(stored) = documents::find(&mut *conn, key).await? {
        return Ok(stored);
    }
    let bytes = typeset.await?;
    Ok(documents::store(conn, key, bytes).await?)
}

/// The stored PDF of a released report, typeset and stored if this version has none yet.
pub async fn annual_report(conn: &mut PgConnection, site: &Site, report: &Report) -> Result<Stored> {
    let figures = report.frozen_figures();
    stored_or(conn, &report_key(site, report), typeset_report(site, report, &figures, false)).await
}

/// The released report's checksum and size, storing its document first if need be.
pub async fn annual_report_summary(conn: &mut PgConnection, site: &Site, report: &Report) -> Result<(String, i64)> {
    if let Some(summary) = documents::summary(&mut *conn, &report_key(site, report)).await? {
        return Ok(summary);
    }
    let stored = annual_report(conn, site, report).await?;
    Ok((stored.sha256, stored.bytes.len() as i64))
}

/// A report typeset with `figures` (the frozen ones, or a draft's live ones).
pub async fn typeset_report(
    site: &Site,
    report: &Report,
    figures: &crate::model::figure_refs::Figures,
    draft: bool,
) -> Result<Vec<u8>> {
    let source = crate::i18n::in_german(|| super::report::source(site, report, figures, draft));
    let day = report.released_on.map_or_else(|| crate::model::Date::today().0, |d| d.0);
    let kind = if draft { "entwurf" } else { "berichte" };
    let ident = format!("sachstand/{}/{kind}/{}", site.slug, report.year);
    super::typeset_blocking(source, ident, day).await
}

/// The stored PDF of an inquiry's answer, typeset and stored if this version has none yet.
pub async fn inquiry(conn: &mut PgConnection, site: &Site, inquiry: &Inquiry, items: &[Item]) -> Result<Stored> {
    let source = crate::i18n::in_german(|| super::inquiry::source(site, inquiry, items));
    let day = inquiry.answered_on.or(inquiry.asked_on).map_or_else(|| crate::model::Date::today().0, |d| d.0);
    let ident = format!("sachstand/{}/anfragen/{}", site.slug, inquiry.slug);
    stored_or(conn, &inquiry_key(site, inquiry), super::typeset_blocking(source, ident, day)).await
}

/// The answer's checksum, storing its document first if need be.
pub async fn inquiry_checksum(
    conn: &mut PgConnection,
    site: &Site,
    answer: &Inquiry,
    items: &[Item],
) -> Result<String> {
    if let Some((sha256, _)) = documents::summary(&mut *conn, &inquiry_key(site, answer)).await? {
        return Ok(sha256);
    }
    Ok(inquiry(conn, site, answer, items).await?.sha256)
}
