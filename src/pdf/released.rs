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
    Key { city_id: site.city_id, kind: Kind::AnnualReport, key: report.year.to_string(), version: report.version }
}

/// The stored PDF of a released report, typeset and stored if this version has none yet.
pub async fn annual_report(conn: &mut PgConnection, site: &Site, report: &Report) -> Result<Stored> {
    let key = report_key(site, report);
    if let Some(stored) = documents::find(&mut *conn, &key).await? {
        return Ok(stored);
    }
    let bytes = typeset_report(site, report, &report.frozen_figures(), false).await?;
    Ok(documents::store(conn, &key, bytes).await?)
}

/// A report typeset with `figures` (the frozen ones, or a draft's live ones).
pub async fn typeset_report(
    site: &Site,
    report: &Report,
    figures: &crate::model::figure_refs::Figures,
    draft: bool,
) -> Result<Vec<u8>> {
    let source = super::report::source(site, report, figures, draft);
    let day = report.released_on.map_or_else(|| crate::model::Date::today().0, |d| d.0);
    let kind = if draft { "entwurf" } else { "berichte" };
    let ident = format!("sachstand/{}/{kind}/{}", site.slug, report.year);
    super::typeset_blocking(source, ident, day).await
}

/// The stored PDF of an inquiry's answer, typeset and stored if this version has none yet.
pub async fn inquiry(conn: &mut PgConnection, site: &Site, inquiry: &Inquiry, items: &[Item]) -> Result<Stored> {
    let key = Key { city_id: site.city_id, kind: Kind::Inquiry, key: inquiry.slug.clone(), version: inquiry.version };
    if let Some(stored) = documents::find(&mut *conn, &key).await? {
        return Ok(stored);
    }
    let source = super::inquiry::source(site, inquiry, items);
    let day = inquiry.answered_on.or(inquiry.asked_on).map_or_else(|| crate::model::Date::today().0, |d| d.0);
    let ident = format!("sachstand/{}/anfragen/{}", site.slug, inquiry.slug);
    let bytes = super::typeset_blocking(source, ident, day).await?;
    Ok(documents::store(conn, &key, bytes).await?)
}
