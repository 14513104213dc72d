//! A record's text in the page's language: its English text where the city
//! provides one; else, on an English page, the German text inside `lang="de"`
//! (so that screen readers switch voice, WCAG 3.1.2) with a short note for bodies.

use crate::i18n::{self, Lang};
use crate::markdown::SafeHtml;
use crate::model::English;

/// A title or other one-line text.
pub fn line(lang: Lang, german: &str, english: &str) -> SafeHtml {
    match lang {
        Lang::En if !english.is_empty() => SafeHtml::trusted(escape(english)),
        Lang::En => SafeHtml::trusted(format!("<span lang=\"de\">{}</span>", escape(german))),
        Lang::De => SafeHtml::trusted(escape(german)),
    }
}

/// A Markdown body rendered by `render` (which fixes its heading levels).
pub fn body(lang: Lang, german_md: &str, en: &English, render: impl Fn(&str) -> SafeHtml) -> SafeHtml {
    match lang {
        Lang::En if !en.body.is_empty() => {
            let note = if en.illustrative {
                format!("<p class=\"hint\">{}</p>", escape(&lang.t("translation-illustrative")))
            } else {
                String::new()
            };
            SafeHtml::trusted(format!("{}{note}", render(&en.body)))
        }
        Lang::En if !german_md.trim().is_empty() => SafeHtml::trusted(format!(
            "<p class=\"hint\">{}</p><div lang=\"de\">{}</div>",
            escape(&lang.t("german-original-note")),
            render(german_md)
        )),
        _ => render(german_md),
    }
}

/// [`line`] in the current request's language.
pub fn title(german: &str, en: &English) -> SafeHtml {
    line(i18n::lang(), german, &en.title)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_where_given_else_german_marked() {
        let en = English { title: "Data platform".into(), ..English::default() };
        assert_eq!(line(Lang::En, "Datenplattform", &en.title).as_str(), "Data platform");
        assert_eq!(
            line(Lang::En, "Datenplattform <neu>", "").as_str(),
            "<span lang=\"de\">Datenplattform &lt;neu&gt;</span>"
        );
        assert_eq!(line(Lang::De, "Datenplattform", "Data platform").as_str(), "Datenplattform");
        let render = |md: &str| SafeHtml::trusted(format!("<p>{md}</p>"));
        let german_only = body(Lang::En, "Text", &English::default(), render);
        assert!(german_only.as_str().contains("<div lang=\"de\"><p>Text</p></div>"), "{german_only}");
        let translated = English { body: "Text in English".into(), illustrative: true, ..English::default() };
        let shown = body(Lang::En, "Text", &translated, render);
        assert!(shown.as_str().starts_with("<p>Text in English</p><p class=\"hint\">"), "{shown}");
        assert_eq!(body(Lang::De, "Text", &translated, render).as_str(), "<p>Text</p>");
    }
}
