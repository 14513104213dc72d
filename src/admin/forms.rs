//! Form fields of the admin area: what a field is, how its input is parsed and
//! validated (messages next to the field in the request's language, the input
//! kept), and how it is shown again.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use crate::i18n::{lang, t, t_arg, t_static};
use crate::markdown::{SafeHtml, render};

/// `(value, label)` choices.
pub type Choices = fn() -> Vec<(&'static str, &'static str)>;

#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Text {
        max: usize,
    },
    /// Text stored as NULL when empty (keys, numbers, addresses with a format check).
    NullableText {
        max: usize,
    },
    /// Lowercase address part; fixed once created.
    Slug,
    /// Markdown with a server-side preview.
    Markdown,
    Date,
    Integer {
        min: i64,
        max: i64,
    },
    Decimal,
    Bool,
    Choice(Choices),
    /// Id of another city-owned row, chosen from a list.
    Ref {
        table: &'static str,
        label: &'static str,
    },
    /// Many-to-many links to rows of `target_table`, as checkboxes. Stored as the
    /// record's list of the same name (see `model::write::SHAPES`).
    Links {
        target_table: &'static str,
        label: &'static str,
    },
    /// An ordered list of Markdown items, one per line (a list of the record).
    Lines,
    /// Ordered pairs of Markdown texts (questions and answers; a list of the record).
    Pairs,
}

#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    /// The message key of the label (`adminf-field-…`); shown through [`Field::label()`].
    /// A text that is no key is shown as it is.
    pub label: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// The message key of the help text, or "" for none.
    pub help: &'static str,
}

pub const fn field(name: &'static str, label: &'static str, kind: Kind) -> Field {
    Field { name, label, kind, required: false, help: "" }
}

impl Field {
    pub const fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub const fn help(mut self, help: &'static str) -> Field {
        self.help = help;
        self
    }

    /// The label in the request's language.
    pub fn label(&self) -> &'static str {
        t_static(self.label)
    }

    /// The help text in the request's language ("" for none).
    pub fn help_text(&self) -> &'static str {
        if self.help.is_empty() { "" } else { t_static(self.help) }
    }

    /// Stored in the entity's own row (not in a link or child table).
    pub fn is_column(&self) -> bool {
        !matches!(self.kind, Kind::Links { .. } | Kind::Lines | Kind::Pairs)
    }
}

/// The raw input of a form, as the browser sent it.
#[derive(Clone, Debug, Default)]
pub struct Input {
    values: HashMap<String, Vec<String>>,
}

/// The generic screens read their fields by name from the urlencoded body; a
/// body that is not a form is the styled 400.
impl<S: Send + Sync> axum::extract::FromRequest<S> for Input {
    type Rejection = crate::error::Error;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Input, Self::Rejection> {
        let crate::ui::extract::Form(pairs) =
            crate::ui::extract::Form::<Vec<(String, String)>>::from_request(request, state).await?;
        let mut values: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in pairs {
            values.entry(k).or_default().push(v);
        }
        Ok(Input { values })
    }
}

impl Input {
    /// The version of the record the form was rendered with.
    pub fn version(&self) -> crate::error::Result<i32> {
        self.get("version").parse().map_err(|_| crate::error::Error::BadRequest(t("adminf-error-version")))
    }

    pub fn parse(body: &[u8]) -> Input {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
        let mut values: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in pairs {
            values.entry(k).or_default().push(v);
        }
        Input { values }
    }

    pub fn get(&self, name: &str) -> &str {
        self.values.get(name).and_then(|v| v.first()).map_or("", String::as_str)
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.values.get(name).cloned().unwrap_or_default()
    }

    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.values.insert(name.to_string(), vec![value.into()]);
    }

    pub fn set_all(&mut self, name: &str, values: Vec<String>) {
        self.values.insert(name.to_string(), values);
    }

    /// Form input from a stored document (for the edit form and the conflict page).
    pub fn from_document(fields: &[Field], doc: &Value) -> Input {
        let mut input = Input::default();
        for f in fields {
            match (&f.kind, &doc[f.name]) {
                (_, Value::Null) => input.set(f.name, ""),
                (Kind::Links { .. }, Value::Array(ids)) => {
                    input.set_all(f.name, ids.iter().map(|v| v.to_string()).collect())
                }
                (Kind::Lines, Value::Array(items)) => {
                    input.set(f.name, items.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join("\n"))
                }
                (Kind::Pairs, Value::Array(pairs)) => {
                    for (i, pair) in pairs.iter().enumerate() {
                        input.set(&format!("{}_{}_a", f.name, i + 1), pair[0].as_str().unwrap_or_default());
                        input.set(&format!("{}_{}_b", f.name, i + 1), pair[1].as_str().unwrap_or_default());
                    }
                }
                (Kind::Bool, Value::Bool(b)) => input.set(f.name, if *b { "on" } else { "" }),
                (Kind::Date, Value::String(s)) => input.set(f.name, german_date(s)),
                (Kind::Decimal, Value::Number(n)) => input.set(f.name, n.to_string().replace('.', ",")),
                (_, Value::String(s)) => input.set(f.name, s.clone()),
                (_, other) => input.set(f.name, other.to_string()),
            }
        }
        input
    }
}

fn german_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map_or_else(|_| iso.to_string(), |d| d.format("%d.%m.%Y").to_string())
}

/// Accepts 12.05.2023 (as Germans write it) and 2023-05-12 (as date pickers send it).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%d.%m.%Y").or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d")).ok()
}

/// The result of validating a form.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Column values, ready for `jsonb_populate_record`.
    pub row: Map<String, Value>,
    /// Lists of the record by field name, as `model::write::Patch` takes them.
    pub lists: Vec<(&'static str, Vec<Value>)>,
    pub errors: Vec<(&'static str, String)>,
}

impl Parsed {
    /// What the one write path stores.
    pub fn patch(&self) -> crate::model::write::Patch {
        crate::model::write::Patch { columns: self.row.clone(), lists: self.lists.clone() }
    }
}

/// Options of `Ref` and `Links` fields, keyed by field name: `(id, label)`.
pub type Options = HashMap<&'static str, Vec<(i64, String)>>;

pub fn validate(fields: &[Field], input: &Input, options: &Options) -> Parsed {
    let mut out = Parsed::default();
    for f in fields {
        let raw = input.get(f.name).trim();
        if f.required && raw.is_empty() && f.is_column() && !matches!(f.kind, Kind::Bool) {
            out.errors.push((f.name, t_arg("adminf-error-required", f.label())));
            continue;
        }
        let list = match f.kind {
            Kind::Links { .. } => links(f, input, options, &mut out.errors),
            Kind::Pairs => pairs(f, input, &mut out.errors),
            Kind::Lines => {
                input.get(f.name).lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| json!(l)).collect()
            }
            _ => {
                match column_value(f, raw, input, options) {
                    Ok(value) => {
                        out.row.insert(f.name.to_string(), value);
                    }
                    Err(message) => out.errors.push((f.name, message)),
                }
                continue;
            }
        };
        out.lists.push((f.name, list));
    }
    out
}

/// The value of a field stored in the record's own row, or the message why not.
fn column_value(f: &Field, raw: &str, input: &Input, options: &Options) -> Result<Value, String> {
    let empty_is_null = |parse: &dyn Fn(&str) -> Option<Value>, message: String| match raw {
        "" => Ok(Value::Null),
        _ => parse(raw).ok_or(message),
    };
    match f.kind {
        Kind::Text { .. } | Kind::NullableText { .. } | Kind::Slug if raw.chars().count() > max_len(f.kind) => {
            Err(lang().t_with(
                "adminf-error-too-long",
                &[("label", f.label().into()), ("max", max_len(f.kind).to_string().into())],
            ))
        }
        Kind::Slug if !raw.is_empty() && !crate::domain::is_slug(raw) => Err(t("adminf-error-slug")),
        // Optional text columns are `NOT NULL DEFAULT ''`; see `NullableText` for the others.
        Kind::Text { .. } | Kind::Slug => Ok(json!(raw)),
        Kind::NullableText { .. } => empty_is_null(&|r| Some(json!(r)), String::new()),
        Kind::Markdown if raw.chars().count() > 100_000 => Err(t("adminf-error-text-too-long")),
        Kind::Markdown => Ok(json!(input.get(f.name).replace("\r\n", "\n").trim_end())),
        Kind::Date => empty_is_null(&|r| parse_date(r).map(|d| json!(d.to_string())), t("adminf-error-date")),
        Kind::Integer { min, max } => empty_is_null(
            &|r| r.parse::<i64>().ok().filter(|n| (min..=max).contains(n)).map(|n| json!(n)),
            lang().t_with("adminf-error-integer", &[("min", min.to_string().into()), ("max", max.to_string().into())]),
        ),
        Kind::Decimal => empty_is_null(
            &|r| {
                // German 1.234,5; a lone point with no comma is a decimal point (1.5, as English
                // pages show it), unless it groups thousands (1.500).
                let lone_point = !r.contains(',') && r.matches('.').count() == 1;
                let grouped = lone_point && r.rsplit('.').next().is_some_and(|d| d.len() == 3);
                let normal = if lone_point && !grouped { r.to_string() } else { r.replace('.', "").replace(',', ".") };
                let n = normal.parse::<f64>().ok()?;
                (n >= 0.0 && n.is_finite() && n < 1e12).then(|| json!(n))
            },
            t("adminf-error-decimal"),
        ),
        Kind::Bool => Ok(json!(!raw.is_empty())),
        Kind::Choice(choices) => empty_is_null(
            &|r| choices().iter().any(|(v, _)| *v == r).then(|| json!(r)),
            t_arg("adminf-error-choice", f.label()),
        ),
        Kind::Ref { .. } => empty_is_null(
            &|r| {
                let id = r.parse::<i64>().ok()?;
                options.get(f.name).is_some_and(|o| o.iter().any(|(i, _)| *i == id)).then(|| json!(id))
            },
            t_arg("adminf-error-ref", f.label()),
        ),
        // Lists are read by `validate` itself; they have no column.
        Kind::Links { .. } | Kind::Lines | Kind::Pairs => Ok(Value::Null),
    }
}

/// The chosen ids of a links field; an id that was not offered is an error.
fn links(f: &Field, input: &Input, options: &Options, errors: &mut Vec<(&'static str, String)>) -> Vec<Value> {
    let known: std::collections::HashSet<i64> = options.get(f.name).into_iter().flatten().map(|(id, _)| *id).collect();
    let mut ids = Vec::new();
    for v in input.all(f.name) {
        match v.parse::<i64>().ok().filter(|id| known.contains(id)) {
            Some(id) => ids.push(id),
            None => errors.push((f.name, t_arg("adminf-error-links", f.label()))),
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().map(|id| json!(id)).collect()
}

/// The filled pairs of a pairs field; a half-filled pair is an error.
fn pairs(f: &Field, input: &Input, errors: &mut Vec<(&'static str, String)>) -> Vec<Value> {
    let mut pairs = Vec::new();
    for (i, (a, b)) in pair_inputs(input, f.name).into_iter().enumerate() {
        match (a.trim().is_empty(), b.trim().is_empty()) {
            (true, true) => {}
            (false, false) => pairs.push(json!([a.replace("\r\n", "\n").trim(), b.replace("\r\n", "\n").trim()])),
            _ => errors.push((f.name, t_arg("adminf-error-pair", i + 1))),
        }
    }
    pairs
}

/// The `(first, second)` inputs of a pairs field, in order: `NAME_1_a`, `NAME_1_b`, …
pub fn pair_inputs(input: &Input, name: &str) -> Vec<(String, String)> {
    (1..=500)
        .map_while(|i| {
            let (a, b) = (format!("{name}_{i}_a"), format!("{name}_{i}_b"));
            input.values.contains_key(&a).then(|| (input.get(&a).to_string(), input.get(&b).to_string()))
        })
        .collect()
}

fn max_len(kind: Kind) -> usize {
    match kind {
        Kind::Text { max } | Kind::NullableText { max } => max,
        _ => 80,
    }
}

/// One field as the form template shows it (label and help in the request's language).
pub struct FieldView {
    pub name: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub required: bool,
    /// "text", "slug", "markdown", "date", "number", "bool", "select", "links", "lines"
    pub widget: &'static str,
    pub value: String,
    pub checked: bool,
    /// `(value, label, selected)`
    pub options: Vec<(String, String, bool)>,
    pub error: Option<String>,
    pub preview: Option<SafeHtml>,
    /// Slugs cannot change once created (they are addresses).
    pub readonly: bool,
    /// Pairs fields: `(number, first, second)`, with two empty pairs to add more.
    pub pairs: Vec<(usize, String, String)>,
}

impl FieldView {
    pub fn id(&self) -> String {
        format!("f-{}", self.name)
    }
}

// Long because: one exhaustive match from field kind to widget, so that a new kind cannot be
// forgotten here.
pub fn views(
    fields: &[Field],
    input: &Input,
    errors: &[(&'static str, String)],
    options: &Options,
    preview: bool,
    existing: bool,
) -> Vec<FieldView> {
    fields
        .iter()
        .map(|f| {
            let value = input.get(f.name).to_string();
            let error = errors.iter().find(|(n, _)| *n == f.name).map(|(_, m)| m.clone());
            let (widget, opts) = match f.kind {
                Kind::Text { .. } | Kind::NullableText { .. } => ("text", Vec::new()),
                Kind::Slug => ("slug", Vec::new()),
                Kind::Markdown => ("markdown", Vec::new()),
                Kind::Date => ("date", Vec::new()),
                Kind::Integer { .. } | Kind::Decimal => ("number", Vec::new()),
                Kind::Bool => ("bool", Vec::new()),
                Kind::Choice(choices) => {
                    ("select", choices().into_iter().map(|(v, l)| (v.to_string(), l.to_string(), v == value)).collect())
                }
                Kind::Ref { .. } => (
                    "select",
                    options
                        .get(f.name)
                        .into_iter()
                        .flatten()
                        .map(|(id, l)| (id.to_string(), l.clone(), id.to_string() == value))
                        .collect(),
                ),
                Kind::Links { .. } => {
                    let chosen = input.all(f.name);
                    (
                        "links",
                        options
                            .get(f.name)
                            .into_iter()
                            .flatten()
                            .map(|(id, l)| (id.to_string(), l.clone(), chosen.contains(&id.to_string())))
                            .collect(),
                    )
                }
                Kind::Lines => ("lines", Vec::new()),
                Kind::Pairs => ("pairs", Vec::new()),
            };
            let pairs = if matches!(f.kind, Kind::Pairs) {
                let mut pairs: Vec<(String, String)> = pair_inputs(input, f.name);
                pairs.retain(|(a, b)| !(a.trim().is_empty() && b.trim().is_empty()));
                pairs.extend([(String::new(), String::new()), (String::new(), String::new())]);
                pairs.into_iter().enumerate().map(|(i, (a, b))| (i + 1, a, b)).collect()
            } else {
                Vec::new()
            };
            FieldView {
                name: f.name,
                label: f.label(),
                help: f.help_text(),
                required: f.required,
                widget,
                checked: matches!(f.kind, Kind::Bool) && !value.is_empty(),
                preview: (preview && matches!(f.kind, Kind::Markdown | Kind::Lines)).then(|| render(&value)),
                readonly: existing && matches!(f.kind, Kind::Slug),
                value,
                options: opts,
                error,
                pairs,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[Field] = &[
        field("title", "adminf-field-title", Kind::Text { max: 10 }).required(),
        field("on", "Datum", Kind::Date),
        field("n", "Zahl", Kind::Integer { min: 0, max: 100 }),
        field("slug", "Kurzname", Kind::Slug),
    ];

    #[test]
    fn errors_name_the_field_in_german_and_keep_nothing_invalid() {
        let input = Input::parse(b"title=&on=31.02.2023&n=101&slug=Gro%C3%9F");
        let parsed = validate(FIELDS, &input, &Options::new());
        let fields: Vec<&str> = parsed.errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["title", "on", "n", "slug"]);
        assert!(parsed.errors[0].1.contains("Bitte geben Sie „Titel“ an."));
    }

    #[test]
    fn german_and_iso_dates_are_accepted() {
        assert_eq!(parse_date("12.05.2023"), NaiveDate::from_ymd_opt(2023, 5, 12));
        assert_eq!(parse_date("2023-05-12"), NaiveDate::from_ymd_opt(2023, 5, 12));
        assert_eq!(parse_date("12/05/2023"), None);
    }

    #[test]
    fn valid_input_becomes_a_row() {
        let parsed = validate(FIELDS, &Input::parse(b"title=Hallo&on=12.05.2023&n=7&slug=hallo"), &Options::new());
        assert!(parsed.errors.is_empty());
        assert_eq!(parsed.row["on"], "2023-05-12");
        assert_eq!(parsed.row["n"], 7);
    }
}
