//! Query parameters of list pages: parsed strictly, so a malformed value gets a
//! 400 page that names the parameter and the allowed values; and pagination.

use std::collections::HashMap;

use crate::domain::Code;
use crate::error::{Error, Result};
use crate::i18n::{lang, t, t_arg};
use crate::model::PageRequest;

pub struct Params {
    values: HashMap<String, String>,
}

pub const PAGE_SIZE: i64 = 20;

/// Every query parameter a public page reads. Pages ignore all others (tracking
/// parameters and the like), so the page cache leaves them out of its key.
pub const PUBLIC_PARAMS: &[&str] = &[
    "art",
    "status",
    "handlungsfeld",
    "thema",
    "einheit",
    "q",
    "sortierung",
    "seite",
    "ansicht",
    "themenfeld",
    "reifegrad",
    "efa",
    "zielgruppe",
    "projekt",
    "pro_seite",
    // Any public page as of a date (`ui::stand`).
    "stand",
    // The report comparison (`/berichte/vergleich`).
    "von",
    "bis",
    // OParl lists (`/oparl/v1/…`).
    "limit",
    "page",
    "created_since",
    "created_until",
    "modified_since",
    "modified_until",
];

/// Handlers take `params: Params`: a malformed query is the styled 400 before the handler runs.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Params {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Params> {
        Params::parse(parts.uri.query())
    }
}

impl Params {
    pub fn parse(raw: Option<&str>) -> Result<Params> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw.unwrap_or("")).map_err(|_| Error::BadRequest(t("params-bad-encoding")))?;
        let mut values = HashMap::new();
        for (key, value) in pairs {
            if let Some(message) = super::extract::control_character(&key, &value, false) {
                return Err(Error::BadRequest(message));
            }
            if values.insert(key.clone(), value).is_some() {
                return Err(Error::BadRequest(t_arg("params-repeated", &key)));
            }
        }
        Ok(Params { values })
    }

    /// Every parameter, sorted: the same for the same query in any order.
    pub fn fingerprint(&self) -> Vec<(&str, &str)> {
        let mut pairs: Vec<(&str, &str)> = self.values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        pairs.sort_unstable();
        pairs
    }

    /// A non-empty value as sent, untrimmed (codes and numbers are exact).
    fn exact(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// A non-empty, trimmed value; an empty value ("alle") counts as absent.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// Free text, at most 200 characters.
    pub fn text(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            Some(v) if v.chars().count() > 200 => Err(Error::BadRequest(t_arg("params-text-too-long", key))),
            other => Ok(other.map(str::to_string)),
        }
    }

    /// A code of one of the domain's enums; an unknown one is a 400 naming the allowed codes.
    /// `what` is the message key of what the parameter chooses ("params-what-status").
    pub fn code<T: Code>(&self, key: &str, what: &str) -> Result<Option<T>> {
        let allowed: Vec<&str> = T::ALL.iter().map(|v| v.code()).collect();
        self.choice(key, what, T::from_code, &allowed)
    }

    /// A value from a fixed set of codes. `what` is the message key of what the
    /// parameter chooses ("params-what-project-kind": "die Projektart"); a text
    /// that is no key is shown as it is.
    pub fn choice<T>(
        &self,
        key: &str,
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &[&str],
    ) -> Result<Option<T>> {
        // A code is exact: the forms send it as it is; " flagship" or " " is a mistake, not "all".
        match self.exact(key) {
            None => Ok(None),
            Some(v) => parse(v).map(Some).ok_or_else(|| {
                Error::BadRequest(lang().t_with(
                    "params-invalid-value",
                    &[
                        ("value", v.into()),
                        ("what", t(what).into()),
                        ("key", key.into()),
                        ("allowed", allowed.join(", ").into()),
                    ],
                ))
            }),
        }
    }

    pub fn page(&self) -> Result<PageRequest> {
        let number = match self.exact("seite") {
            None => 1,
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or_else(|| Error::BadRequest(t_arg("params-invalid-page", v)))?,
        };
        Ok(PageRequest { number, size: PAGE_SIZE })
    }

    /// The page and its size from `pro_seite` (1 to `max`, default [`PAGE_SIZE`]),
    /// for the API and downloads, whose clients choose how many rows they take.
    pub fn sized_page(&self, max: i64) -> Result<PageRequest> {
        let page = self.page()?;
        let size = match self.exact("pro_seite") {
            None => PAGE_SIZE,
            Some(v) => v.parse::<i64>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(|| {
                Error::BadRequest(
                    lang().t_with("params-invalid-page-size", &[("value", v.into()), ("max", max.to_string().into())]),
                )
            })?,
        };
        Ok(PageRequest { size, ..page })
    }
}

/// Links to the pages of a list, keeping the other parameters.
pub struct Pagination {
    pub current: i64,
    pub last: i64,
    pub total: i64,
    pub first_item: i64,
    pub last_item: i64,
    /// (page number, href)
    pub links: Vec<(i64, String)>,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The list's filters as a query (`?art=flagship`, or empty): the downloads of the whole view.
    pub filter_query: String,
}

impl Pagination {
    /// "41–60 von 9.774" / "41–60 of 9,774", with the language's thousands separators.
    pub fn count_label(&self) -> String {
        use crate::model::de_number;
        lang().t_with(
            "params-count",
            &[
                ("first", de_number(self.first_item).into()),
                ("last", de_number(self.last_item).into()),
                ("total", de_number(self.total).into()),
            ],
        )
    }

    /// `base` is the path plus the other parameters (`/projekte?art=flagship`).
    pub fn new(base_path: &str, keep: &[(&str, String)], page: PageRequest, total: i64) -> Result<Pagination> {
        let last = ((total + page.size - 1) / page.size).max(1);
        if page.number > last {
            let key = if last == 1 { "params-no-such-page-one" } else { "params-no-such-page-many" };
            return Err(Error::BadRequest(
                lang().t_with(key, &[("page", page.number.to_string().into()), ("last", last.to_string().into())]),
            ));
        }
        let filters: Vec<(&str, String)> = keep.iter().filter(|(_, v)| !v.is_empty()).cloned().collect();
        let filter_query = match serde_urlencoded::to_string(&filters).unwrap_or_default() {
            q if q.is_empty() => q,
            q => format!("?{q}"),
        };
        let href = |n: i64| {
            let mut pairs: Vec<(&str, String)> = keep.iter().filter(|(_, v)| !v.is_empty()).cloned().collect();
            if n > 1 {
                pairs.push(("seite", n.to_string()));
            }
            let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
            if query.is_empty() { base_path.to_string() } else { format!("{base_path}?{query}") }
        };
        // A window around the current page plus first and last.
        let links = (1..=last)
            .filter(|n| *n == 1 || *n == last || (n - page.number).abs() <= 2)
            .map(|n| (n, href(n)))
            .collect();
        Ok(Pagination {
            current: page.number,
            last,
            total,
            first_item: if total == 0 { 0 } else { page.offset() + 1 },
            last_item: (page.offset() + page.size).min(total),
            links,
            prev: (page.number > 1).then(|| href(page.number - 1)),
            next: (page.number < last).then(|| href(page.number + 1)),
            filter_query,
        })
    }

    /// True when there is a gap before link `index` (for an ellipsis).
    pub fn gap_before(&self, index: &usize) -> bool {
        *index > 0 && self.links[*index].0 - self.links[*index - 1].0 > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_choice_names_the_allowed_values() {
        let p = Params::parse(Some("art=boot")).unwrap();
        let err = p
            .choice("art", "params-what-project-kind", |c| (c == "flagship").then_some(()), &["flagship"])
            .unwrap_err();
        assert!(matches!(err, Error::BadRequest(m)
            if m == "„boot“ ist kein gültiger Wert für die Projektart (Parameter „art“). Erlaubt sind: flagship."));
    }

    #[test]
    fn control_characters_are_refused_with_a_message() {
        for raw in ["q=abc%00", "q=a%0Ab", "art=%07"] {
            let err = Params::parse(Some(raw)).err().expect("refused");
            assert!(matches!(err, Error::BadRequest(m) if m.contains("Steuerzeichen")), "{raw}");
        }
    }

    #[test]
    fn empty_values_mean_all() {
        let p = Params::parse(Some("art=&q=")).unwrap();
        assert_eq!(p.get("art"), None);
        assert_eq!(p.page().unwrap().number, 1);
    }

    #[test]
    fn codes_and_numbers_are_exact_and_blanks_are_no_empty_value() {
        let p = Params::parse(Some("art=+&seite=+2")).unwrap();
        assert!(
            p.choice("art", "params-what-project-kind", |c| (c == "flagship").then_some(()), &["flagship"]).is_err()
        );
        assert!(p.page().is_err());
        // Free text is trimmed as before.
        assert_eq!(Params::parse(Some("q=+Lora+")).unwrap().text("q").unwrap().as_deref(), Some("Lora"));
    }

    #[test]
    fn page_numbers_must_be_positive_integers() {
        assert!(Params::parse(Some("seite=0")).unwrap().page().is_err());
        assert!(Params::parse(Some("seite=zwei")).unwrap().page().is_err());
        assert_eq!(Params::parse(Some("seite=3")).unwrap().page().unwrap().number, 3);
    }

    #[test]
    fn pagination_keeps_filters_and_rejects_pages_beyond_the_end() {
        let p = Pagination::new("/projekte", &[("art", "flagship".into())], PageRequest { number: 2, size: 20 }, 45)
            .unwrap();
        assert_eq!(p.last, 3);
        assert_eq!(p.prev.as_deref(), Some("/projekte?art=flagship"));
        assert_eq!(p.next.as_deref(), Some("/projekte?art=flagship&seite=3"));
        assert!(Pagination::new("/projekte", &[], PageRequest { number: 4, size: 20 }, 45).is_err());
        assert!(Pagination::new("/projekte", &[], PageRequest { number: 1, size: 20 }, 0).is_ok());
    }
}
