//! Markdown to safe HTML. Every Markdown field passes through here: raw HTML,
//! scripts, event handlers and `javascript:` links are removed by ammonia.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

fn heading_level(n: u8) -> HeadingLevel {
    match n {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// HTML that has been sanitised and may be written into a page unescaped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SafeHtml(String);

impl SafeHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl std::fmt::Display for SafeHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Renders CommonMark (with tables and strikethrough) for a place directly below
/// the page's `<h1>` and sanitises the result.
pub fn render(markdown: &str) -> SafeHtml {
    render_at(markdown, 2)
}

/// Like [`render`], for a place where headings must start at level `top`
/// (for example 3 inside a section headed by an `<h2>`). Heading levels are
/// shifted so the text's highest heading becomes `top`, and never skip a level.
pub fn render_at(markdown: &str, top: u8) -> SafeHtml {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let highest = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let top = top.clamp(1, 6);
    let mut previous = top - 1;
    let mut open_levels = Vec::new();
    let events = events.into_iter().map(|event| match event {
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            let wanted = (level as u8 - highest + top).min(previous + 1).clamp(top, 6);
            previous = wanted;
            let level = heading_level(wanted);
            open_levels.push(level);
            Event::Start(Tag::Heading { level, id, classes, attrs })
        }
        Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Heading(open_levels.pop().unwrap_or(HeadingLevel::H6))),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    SafeHtml(
        ammonia::Builder::default()
            .url_schemes(["http", "https", "mailto"].into())
            .link_rel(Some("noopener noreferrer"))
            .clean(&unsafe_html)
            .to_string(),
    )
}

/// Like [`render`], for one-paragraph text shown inside a heading: the wrapping
/// `<p>` is dropped so that the markup stays valid.
pub fn render_inline(markdown: &str) -> SafeHtml {
    let html = render(markdown);
    let trimmed = html.0.trim();
    match trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => SafeHtml(inner.to_string()),
        _ => html,
    }
}

/// Plain text of a Markdown snippet, for summaries in lists and feeds.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_tags_and_event_handlers_are_removed() {
        let html = render("Hallo <script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!html.as_str().contains("<script"), "{html}");
        assert!(!html.as_str().contains("onerror"), "{html}");
    }

    #[test]
    fn javascript_links_lose_their_target() {
        let html = render("[klick](javascript:alert(1)) [JaVaScRiPt](JaVaScRiPt:alert(1))");
        assert!(!html.as_str().to_lowercase().contains("javascript:"), "{html}");
    }

    #[test]
    fn ordinary_markdown_is_kept() {
        let html = render("## Titel\n\n- **fett**\n\n[Link](https://example.org)");
        assert!(html.as_str().contains("<h2>Titel</h2>"));
        assert!(html.as_str().contains("<strong>fett</strong>"));
        assert!(html.as_str().contains("href=\"https://example.org\""));
    }

    #[test]
    fn inline_rendering_drops_the_paragraph_only_for_one_paragraph() {
        assert_eq!(render_inline("Eine **Frage**?").as_str(), "Eine <strong>Frage</strong>?");
        assert!(render_inline("Eins\n\nZwei").as_str().contains("<p>Zwei</p>"));
    }

    #[test]
    fn headings_start_at_the_given_level_and_never_skip_one() {
        let html = render_at("#### a)\n\n## B\n\n#### c", 3);
        assert_eq!(html.as_str().matches("<h3>").count(), 2, "{html}");
        assert!(html.as_str().contains("<h4>c</h4>"), "{html}");
        assert!(!html.as_str().contains("<h2>") && !html.as_str().contains("<h5>"), "{html}");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(plain_text("Ein **fetter** Satz.\n\nZweiter."), "Ein fetter Satz. Zweiter.");
    }
}
