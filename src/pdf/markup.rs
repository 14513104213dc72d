//! Typst markup from the portal's text: every piece of text goes in as a string
//! literal (`#"…"`), so nothing a person wrote can turn into Typst code; Markdown
//! becomes the matching Typst elements (headings, paragraphs, lists, emphasis, links).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A Typst string literal of `text`.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` as markup content: shown exactly as written.
pub fn text(text: &str) -> String {
    if text.is_empty() { String::new() } else { format!("#{}", string(text)) }
}

/// Markdown as Typst markup. The text's highest headings get level `top` and
/// no heading skips a level (PDF/UA-1 refuses a jump from 2 to 5), so a report
/// body's `##` become the document's chapters and an answer's sit below its question.
pub fn markdown(source: &str, top: usize) -> String {
    let parser = || Parser::new_ext(source, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let highest = parser()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(heading_depth(level)),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let mut last = top.saturating_sub(1);
    let mut out = String::new();
    // Open lists: Some(n) numbered from n, None bulleted.
    let mut lists: Vec<Option<u64>> = Vec::new();
    for event in parser() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let depth = (heading_depth(level) - highest + top).min(last + 1).clamp(1, 6);
                last = depth;
                out.push_str("\n\n");
                out.push_str(&"=".repeat(depth));
                out.push(' ');
            }
            Event::End(TagEnd::Heading(_)) => out.push_str("\n\n"),
            Event::Start(Tag::Paragraph) if lists.is_empty() => out.push_str("\n\n"),
            Event::End(TagEnd::Paragraph) => out.push_str(if lists.is_empty() { "\n\n" } else { " " }),
            Event::Start(Tag::List(first)) => {
                lists.push(first);
                out.push('\n');
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                out.push_str(if lists.is_empty() { "\n\n" } else { "\n" });
            }
            Event::Start(Tag::Item) => {
                let indent = "  ".repeat(lists.len().saturating_sub(1));
                let marker = match lists.last() {
                    Some(Some(_)) => "+",
                    _ => "-",
                };
                out.push('\n');
                out.push_str(&indent);
                out.push_str(marker);
                out.push(' ');
            }
            Event::End(TagEnd::Item) => {}
            Event::Start(Tag::Emphasis) => out.push_str("#emph["),
            Event::Start(Tag::Strong) => out.push_str("#strong["),
            Event::Start(Tag::Strikethrough) => out.push_str("#strike["),
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => out.push(']'),
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.push_str(&format!("#link({})[", string(&dest_url)));
            }
            Event::Start(Tag::BlockQuote(_)) => out.push_str("\n\n#quote(block: true)["),
            Event::End(TagEnd::BlockQuote(_)) => out.push_str("]\n\n"),
            Event::Text(t) => out.push_str(&text(&t)),
            Event::Code(t) => out.push_str(&format!("#raw({})", string(&t))),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str(" \\\n"),
            Event::Rule => out.push_str("\n\n#line(length: 100%)\n\n"),
            // Code blocks, tables, images and raw HTML: their text only (reports use none).
            Event::Start(Tag::CodeBlock(_)) => out.push_str("\n\n"),
            Event::End(TagEnd::CodeBlock) => out.push_str("\n\n"),
            _ => {}
        }
    }
    out
}

/// 1 for `#` … 6 for `######` (the enum's discriminants).
fn heading_depth(level: HeadingLevel) -> usize {
    level as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_become_code() {
        assert_eq!(text("a \"b\" #c \\"), "#\"a \\\"b\\\" #c \\\\\"");
        assert_eq!(string("x\ny"), "\"x y\"");
    }

    #[test]
    fn markdown_becomes_typst_elements() {
        let out = markdown("## Ziel\n\nEin *kurzer* Text mit **Kern**.\n\n- eins\n- zwei\n", 2);
        assert!(out.contains("== #\"Ziel\""), "{out}");
        assert!(out.contains("#emph[#\"kurzer\"]"), "{out}");
        assert!(out.contains("#strong[#\"Kern\"]"), "{out}");
        assert!(out.contains("\n- #\"eins\""), "{out}");
        assert!(markdown("# A", 2).contains("== #\"A\""));
        assert!(markdown("## B", 1).contains("\n= #\"B\""));
        let skipping = markdown("### C\n\n###### D", 3);
        assert!(skipping.contains("=== #\"C\"") && skipping.contains("\n==== #\"D\""), "{skipping}");
    }
}
