//! Markdown to safe HTML. Every Markdown field passes through here: raw HTML,
//! scripts, event handlers and `javascript:` links are removed by ammonia.
//!
//! Most texts are plain Markdown: no raw HTML, only web and mail links. For
//! them pulldown-cmark's own output is already safe (it escapes every text and
//! attribute value, and emits only tags ammonia allows), so the sanitiser,
//! which parses the HTML again, is skipped; it was about a third of a project
//! page's rendering time. Anything else takes the sanitiser as before.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};

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

    /// HTML written by the portal's own templates (which escape every value)
    /// from pieces that are themselves safe.
    pub fn trusted(html: String) -> SafeHtml {
        SafeHtml(html)
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
    let plain = events.iter().all(is_plain);
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
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    if plain {
        // As the sanitiser would, links open without handing over the referrer or
        // the window, and void elements are written as HTML (`<br>`, not `<br />`).
        // Text is escaped, so these strings occur only in tags.
        SafeHtml(out.replace("<a href=\"", "<a rel=\"noopener noreferrer\" href=\"").replace(" />", ">"))
    } else {
        SafeHtml(SANITIZER.clean(&out).to_string())
    }
}

/// Whether pulldown-cmark renders this event into markup that needs no
/// sanitising: no raw HTML, no attribute ammonia would drop (`class` on code
/// blocks, `style` on aligned table cells), only URLs with an allowed scheme.
/// Events not named here go through the sanitiser.
fn is_plain(event: &Event) -> bool {
    match event {
        Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::Rule | Event::End(_) => true,
        Event::Start(tag) => match tag {
            Tag::Paragraph
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::BlockQuote(None)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::CodeBlock(CodeBlockKind::Indented) => true,
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => info.is_empty(),
            Tag::Table(alignments) => alignments.iter().all(|a| *a == Alignment::None),
            Tag::Heading { id, classes, attrs, .. } => id.is_none() && classes.is_empty() && attrs.is_empty(),
            Tag::Link { link_type: LinkType::Email, dest_url, .. } => is_plain_url(dest_url),
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => is_plain_url(dest_url),
            _ => false,
        },
        _ => false,
    }
}

/// A relative URL or one with the scheme http, https or mailto (the schemes the
/// sanitiser allows). Anything with whitespace, control or non-ASCII characters
/// goes to the sanitiser: browsers drop tabs and newlines inside URLs, so
/// `java<TAB>script:` would become a script link.
fn is_plain_url(url: &str) -> bool {
    if !url.bytes().all(|b| b.is_ascii_graphic()) {
        return false;
    }
    let scheme_end = url.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')));
    match scheme_end {
        Some(end) if url[end..].starts_with(':') => {
            let scheme = &url[..end];
            ["http", "https", "mailto"].iter().any(|allowed| scheme.eq_ignore_ascii_case(allowed))
        }
        // No scheme: a path, `?query` or `#fragment` on this site.
        _ => true,
    }
}

/// Built once: a builder holds sets of allowed tags and attributes, and
/// building them for every text cost more than the cleaning itself.
static SANITIZER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder.url_schemes(["http", "https", "mailto"].into()).link_rel(Some("noopener noreferrer"));
    builder
});

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

    /// Vectors from the OWASP XSS filter evasion cheat sheet.
    const OWASP: &[&str] = &[
        "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=javascript:alert('XSS')>",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
        "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
        "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
        "<IMG SRC=# onmouseover=\"alert('xxs')\">",
        "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
        "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
        "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
        "<IMG SRC=\"jav\tascript:alert('XSS');\">",
        "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
        "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
        "<SCRIPT/XSS SRC=\"https://xss.example/xss.js\"></SCRIPT>",
        "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
        "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
        "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
        "<svg/onload=alert('XSS')>",
        "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
        "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
        "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
        "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://xss.example/scriptlet.html\"></OBJECT>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
        "[markdown](javascript&#58;alert(1))",
        "[markdown](  javascript:alert(1))",
        "![bild](javascript:alert(1))",
        "<details open ontoggle=alert(1)>",
    ];

    #[test]
    fn the_owasp_filter_evasion_vectors_render_inert() {
        for vector in OWASP {
            let html = render(vector).as_str().to_lowercase();
            // Escaped text (&lt;…) is inert; only real tags can carry code.
            let tags: Vec<&str> = html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")).collect();
            for tag in tags {
                let name = tag.trim_start_matches('/').split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or("");
                assert!(
                    !["script", "iframe", "style", "meta", "object", "embed", "svg", "body", "link", "base", "form"]
                        .contains(&name),
                    "{vector:?}: <{tag}>"
                );
                for bad in ["javascript", "data:", "style=", "background=", "vbscript"] {
                    assert!(!tag.contains(bad), "{vector:?}: <{tag}>");
                }
                assert!(!tag.split_whitespace().any(|attr| attr.starts_with("on")), "{vector:?}: <{tag}>");
            }
        }
    }

    #[test]
    fn urls_that_browsers_could_turn_into_scripts_go_through_the_sanitiser() {
        for url in
            ["javascript:alert(1)", "JAVASCRIPT:x", "java\tscript:x", "data:text/html,x", "vbscript:x", "jävascript:x"]
        {
            assert!(!is_plain_url(url), "{url:?}");
        }
        for url in
            ["https://example.org/a?b=c#d", "http://x", "mailto:a@b.de", "/projekte", "#ziele", "?seite=2", "datei.pdf"]
        {
            assert!(is_plain_url(url), "{url:?}");
        }
        for vector in ["<java\tscript:alert(1)>", "[x](<java\tscript:alert(1)>)", "[x](<java\nscript:alert(1)>)"] {
            let html = render(vector).as_str().to_lowercase();
            // What a browser makes of each href: tabs and newlines removed.
            for href in html.split("href=\"").skip(1).map(|rest| rest.split('"').next().unwrap_or("")) {
                let as_browsed: String = href.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
                assert!(!as_browsed.starts_with("javascript:"), "{vector:?}: {html}");
            }
        }
    }

    /// Plain Markdown skips the sanitiser; its output must be what the
    /// sanitiser lets through (compared after the sanitiser's own serialisation).
    #[test]
    fn plain_markdown_renders_as_the_sanitiser_would() {
        let samples = [
            "## Titel\n\nText mit **fett**, *kursiv*, ~~weg~~, `code` & \"Zitat\" <3.\n\n- eins\n- zwei\n\n3. drei\n4. vier",
            "[Link](https://example.org \"Titel\") und <https://mainz.de> und <post@mainz.de> und [intern](/projekte?art=flagship&status=x)",
            "> Zitat\n\n---\n\n    eingerückter Code\n\n```\nZaun\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n![Bild](/static/x.png)",
        ];
        for sample in samples {
            let events: Vec<Event> =
                Parser::new_ext(sample, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).collect();
            assert!(events.iter().all(is_plain), "{sample:?} should be plain");
            let fast = render(sample);
            let mut raw = String::new();
            html::push_html(&mut raw, Parser::new_ext(sample, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH));
            let normalise = |html: &str| SANITIZER.clean(html).to_string().replace(" rel=\"noopener noreferrer\"", "");
            assert_eq!(normalise(fast.as_str()), normalise(&raw), "{sample:?}");
            // Nothing of the fast output is dropped by the sanitiser.
            let strip = |html: &str| html.replace(" rel=\"noopener noreferrer\"", "").replace("&quot;", "\"");
            assert_eq!(strip(fast.as_str()), strip(&SANITIZER.clean(fast.as_str()).to_string()), "{sample:?}");
        }
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
