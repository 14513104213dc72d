//! Read models of the public pages: small SQL functions returning typed rows.
//! Everything is scoped to one city (`city_id`).

pub mod documents;
pub mod figure_refs;
pub mod history;
pub mod inquiries;
pub mod overview;
pub mod projects;
pub mod records;
pub mod reports;
pub mod search;
pub mod services;
pub mod site;
pub mod strategy;
pub mod trends;
pub mod updates;
pub mod users;
pub mod work;
pub mod write;

use chrono::NaiveDate;

/// A record's English texts where the city provides them (the `en` column,
/// migration 0019); empty strings where it does not.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct English {
    pub title: String,
    pub summary: String,
    pub body: String,
    /// Translated for the demo, not by the city.
    pub illustrative: bool,
}

/// The `en` column as read by `sqlx`.
pub type En = sqlx::types::Json<English>;

/// A calendar date in the request's language (12.05.2023 / 12 May 2023).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, sqlx::Type, serde::Serialize, serde::Deserialize)]
#[sqlx(transparent)]
pub struct Date(pub NaiveDate);

impl Date {
    /// ISO form for `<time datetime>`.
    pub fn iso(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    /// Today in Germany (Europe/Berlin), whatever the server's own time zone.
    pub fn today() -> Date {
        Date(chrono::Utc::now().with_timezone(&chrono_tz::Europe::Berlin).date_naive())
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // In the request's language: 12.05.2023 / 12 May 2023.
        f.write_str(&crate::i18n::lang().date(self.0))
    }
}

/// Formats an integer with thousands separators in the request's language
/// (German 12.345, English 12,345; German outside a request).
pub fn de_number(n: i64) -> String {
    crate::i18n::lang().number(n)
}

/// One page of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// 1-based.
    pub number: i64,
    pub size: i64,
}

impl PageRequest {
    pub fn offset(&self) -> i64 {
        (self.number - 1) * self.size
    }

    /// `LIMIT n OFFSET m` written into the statement (both are integers we
    /// computed, never text from a request). As parameters they kept
    /// PostgreSQL from ever using a prepared statement's generic plan: it
    /// planned the statement anew on every call, which cost more than running it.
    pub fn limit_clause(&self) -> String {
        format!("LIMIT {} OFFSET {}", self.size, self.offset())
    }
}

/// One page of a filtered list and the total behind it: `count_from` and
/// `select` each get the same `WHERE` from `filter`, the page its order.
pub async fn paged<'a, T>(
    conn: &mut sqlx::PgConnection,
    (count_from, select): (&str, &str),
    filter: impl Fn(&mut sqlx::QueryBuilder<'a, sqlx::Postgres>),
    order_by: &str,
    page: PageRequest,
    // The total when a tally already knows it (no count over the table).
    known_total: Option<i64>,
) -> Result<(Vec<T>, i64), sqlx::Error>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    let total: i64 = match known_total {
        Some(total) => total,
        None => {
            let mut count = sqlx::QueryBuilder::new(format!("SELECT count(*) FROM {count_from}"));
            filter(&mut count);
            count.build_query_scalar().fetch_one(&mut *conn).await?
        }
    };
    let mut q = sqlx::QueryBuilder::new(select);
    filter(&mut q);
    q.push(" ORDER BY ").push(order_by).push(" ").push(page.limit_clause());
    let rows = q.build_query_as().fetch_all(&mut *conn).await?;
    Ok((rows, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_the_german_way() {
        assert_eq!(Date(NaiveDate::from_ymd_opt(2023, 5, 12).unwrap()).to_string(), "12.05.2023");
    }

    #[test]
    fn numbers_get_thousands_dots() {
        assert_eq!(de_number(0), "0");
        assert_eq!(de_number(999), "999");
        assert_eq!(de_number(12345), "12.345");
        assert_eq!(de_number(-1234567), "-1.234.567");
    }
}
