//! Full-text search across projects, services, reports and inquiries
//! (PostgreSQL, German configuration, ranked, with highlighted snippets).

use sqlx::PgExecutor;

use super::PageRequest;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Hit {
    /// "projekt", "dienst", "bericht" or "anfrage".
    pub kind: String,
    pub href: String,
    pub title: String,
    /// Plain text with the matches between U+E000 and U+E001, replaced by `<mark>` after escaping.
    pub snippet: String,
    pub rank: f32,
    pub illustrative: bool,
}

impl Hit {
    pub fn kind_label(&self) -> &'static str {
        match self.kind.as_str() {
            "projekt" => "Projekt",
            "dienst" => "Online-Dienst",
            "bericht" => "Sachstandsbericht",
            _ => "Anfrage",
        }
    }
}

const HEADLINE: &str =
    "StartSel=\u{e000}, StopSel=\u{e001}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"";

/// One page of hits and the number of all hits. Ranking needs every match, but
/// the snippet (`ts_headline`, the costly part) is made only for the rows shown;
/// one statement gives both the page and the total.
pub async fn search(
    db: impl PgExecutor<'_> + Copy,
    city_id: i64,
    q: &str,
    page: PageRequest,
) -> Result<(Vec<Hit>, i64), sqlx::Error> {
    let union = "WITH q AS (SELECT websearch_to_tsquery('german', $2) AS query), hits AS ( \
           SELECT 'projekt' AS kind, '/projekte/' || p.slug AS href, p.title, \
                  p.summary_md || ' ' || p.description_md AS doc, ts_rank(p.search, q.query) AS rank, p.illustrative \
           FROM projects p, q WHERE p.city_id = $1 AND p.archived_at IS NULL AND p.search @@ q.query \
           UNION ALL \
           SELECT 'dienst', '/online-dienste/' || s.slug, s.name, s.name || ' ' || s.life_situation || ' ' || s.description_md, \
                  ts_rank(s.search, q.query), s.illustrative \
           FROM services s, q WHERE s.city_id = $1 AND s.archived_at IS NULL AND s.search @@ q.query \
           UNION ALL \
           SELECT 'bericht', '/berichte/' || r.year, r.title, r.body_md, ts_rank(r.search, q.query), r.illustrative \
           FROM annual_reports r, q WHERE r.city_id = $1 AND r.release_state = 'released' AND r.archived_at IS NULL AND r.search @@ q.query \
           UNION ALL \
           SELECT 'anfrage', '/anfragen/' || i.slug, 'Anfrage ' || i.number || ': ' || i.title, i.search_text, \
                  ts_rank(i.search, q.query), i.illustrative \
           FROM council_inquiries i, q WHERE i.city_id = $1 AND i.archived_at IS NULL AND i.search @@ q.query)";
    let rows: Vec<(String, String, String, String, f32, bool, i64)> = sqlx::query_as(&format!(
        "{union}, shown AS (SELECT *, count(*) OVER () AS total FROM hits ORDER BY rank DESC, title LIMIT $3 OFFSET $4) \
         SELECT kind, href, title, ts_headline('german', doc, q.query, '{HEADLINE}'), rank, illustrative, total \
         FROM shown, q ORDER BY rank DESC, title"
    ))
    .bind(city_id)
    .bind(q)
    .bind(page.size)
    .bind(page.offset())
    .fetch_all(db)
    .await?;
    let total = match rows.first() {
        Some(row) => row.6,
        // A page past the end shows nothing, but the pagination still needs the total.
        None if page.offset() > 0 => {
            sqlx::query_scalar(&format!("{union} SELECT count(*) FROM hits"))
                .bind(city_id)
                .bind(q)
                .fetch_one(db)
                .await?
        }
        None => 0,
    };
    let hits = rows
        .into_iter()
        .map(|(kind, href, title, snippet, rank, illustrative, _)| Hit {
            kind,
            href,
            title,
            snippet,
            rank,
            illustrative,
        })
        .collect();
    Ok((hits, total))
}
