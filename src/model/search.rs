//! Full-text search across projects, services, reports and inquiries
//! (PostgreSQL, German configuration, ranked, with highlighted snippets).

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
            "projekt" => crate::i18n::t_static("domain-search-kind-project"),
            "dienst" => crate::i18n::t_static("domain-search-kind-service"),
            "bericht" => crate::i18n::t_static("domain-search-kind-report"),
            _ => crate::i18n::t_static("domain-search-kind-inquiry"),
        }
    }
}

const HEADLINE: &str =
    "StartSel=\u{e000}, StopSel=\u{e001}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"";

/// One page of hits and the number of all hits. Ranking needs every match, but
/// the text for the snippet is read, and the snippet (`ts_headline`, the costly
/// part) made, only for the rows shown; one statement gives both the page and
/// the total. It is planned for its parameters every time (not prepared): how
/// many rows a term matches decides the best plan, and a generic plan was
/// twice as slow for common terms.
pub async fn search(
    db: &mut sqlx::PgConnection,
    city_id: i64,
    q: &str,
    page: PageRequest,
) -> Result<(Vec<Hit>, i64), sqlx::Error> {
    let union = "WITH q AS (SELECT websearch_to_tsquery('german', $2) AS query), hits AS ( \
           SELECT 'projekt' AS kind, p.id, p.title, ts_rank(p.search, q.query) AS rank \
           FROM projects p, q WHERE p.city_id = $1 AND p.archived_at IS NULL AND p.search @@ q.query \
           UNION ALL \
           SELECT 'dienst', s.id, s.name, ts_rank(s.search, q.query) \
           FROM services s, q WHERE s.city_id = $1 AND s.archived_at IS NULL AND s.search @@ q.query \
           UNION ALL \
           SELECT 'bericht', r.id, r.title, ts_rank(r.search, q.query) \
           FROM annual_reports r, q WHERE r.city_id = $1 AND r.release_state = 'released' AND r.archived_at IS NULL AND r.search @@ q.query \
           UNION ALL \
           SELECT 'anfrage', i.id, 'Anfrage ' || i.number || ': ' || i.title, ts_rank(i.search, q.query) \
           FROM council_inquiries i, q WHERE i.city_id = $1 AND i.archived_at IS NULL AND i.search @@ q.query)";
    let rows: Vec<(String, String, String, String, f32, bool, i64)> = sqlx::query_as(&format!(
        "{union}, shown AS (SELECT *, count(*) OVER () AS total FROM hits ORDER BY rank DESC, title LIMIT $3 OFFSET $4) \
         SELECT shown.kind, d.href, shown.title, ts_headline('german', d.doc, q.query, '{HEADLINE}'), shown.rank, \
                d.illustrative, shown.total \
         FROM shown CROSS JOIN q CROSS JOIN LATERAL ( \
           SELECT '/projekte/' || p.slug AS href, p.summary_md || ' ' || p.description_md AS doc, p.illustrative \
           FROM projects p WHERE shown.kind = 'projekt' AND p.id = shown.id \
           UNION ALL \
           SELECT '/online-dienste/' || s.slug, s.name || ' ' || s.life_situation || ' ' || s.description_md, s.illustrative \
           FROM services s WHERE shown.kind = 'dienst' AND s.id = shown.id \
           UNION ALL \
           SELECT '/berichte/' || r.year, \
                  regexp_replace(concat_ws(' ', r.foreword_md, r.body_md, r.action_fields_md, r.projects_md, \
                                 r.services_md, r.outlook_md), '[{{][{{][^}}]*[}}][}}]', ' ', 'g'), r.illustrative \
           FROM annual_reports r \
           WHERE shown.kind = 'bericht' AND r.id = shown.id \
           UNION ALL \
           SELECT '/anfragen/' || i.slug, i.search_text, i.illustrative FROM council_inquiries i \
           WHERE shown.kind = 'anfrage' AND i.id = shown.id) d \
         ORDER BY shown.rank DESC, shown.title"
    ))
    .bind(city_id)
    .bind(q)
    .bind(page.size)
    .bind(page.offset())
    .persistent(false)
    .fetch_all(&mut *db)
    .await?;
    let total = match rows.first() {
        Some(row) => row.6,
        // A page past the end shows nothing, but the pagination still needs the total.
        None if page.offset() > 0 => {
            sqlx::query_scalar(&format!("{union} SELECT count(*) FROM hits"))
                .bind(city_id)
                .bind(q)
                .persistent(false)
                .fetch_one(&mut *db)
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
