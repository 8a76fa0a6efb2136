//! Markdown to HTML with pulldown-cmark. One function owns the option set; the event pass keeps
//! what reaches the page safe: raw HTML is left out and link and image URLs are limited to
//! http(s), mailto, relative and fragment URLs.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// The Markdown dialect Quire reads: CommonMark plus the GitHub-flavoured extensions.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a post body to HTML that is safe to insert into the page.
pub fn render_markdown(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).filter_map(safe_event);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Renders Markdown as pulldown-cmark does, raw HTML trusted and no Quire decorations: the
/// mode in which conformance with the CommonMark spec is measured. Never for posts.
pub fn render_trusted(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, options()));
    out
}

/// Drops raw HTML and neutralises URLs with schemes a reader's browser could run.
fn safe_event(event: Event<'_>) -> Option<Event<'_>> {
    match event {
        Event::Html(_) | Event::InlineHtml(_) => None,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Some(Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        })),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Some(Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        })),
        other => Some(other),
    }
}

/// Keeps http(s), mailto, relative and fragment URLs; anything else becomes `#`.
pub fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if is_safe_url(&url) {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

/// Whether a URL may appear in an `href` or `src`: browsers ignore ASCII whitespace and control
/// characters inside a scheme, so those are removed before the scheme is read.
pub fn is_safe_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    match compact.find([':', '/', '?', '#']) {
        Some(i) if compact.as_bytes()[i] == b':' => {
            let scheme = &compact[..i];
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// The first paragraph of a body as plain text, shortened to about `max_chars` at a word
/// boundary: the summary of a post whose author gave none.
pub fn first_paragraph_text(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    let mut in_paragraph = false;
    let mut image_depth = 0usize;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::End(TagEnd::Paragraph) if !text.trim().is_empty() => break,
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::Text(t) | Event::Code(t) if in_paragraph => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    shorten(text.trim(), max_chars)
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max_chars / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_github_flavoured_markdown() {
        let html = render_markdown(
            "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n- [x] done\n\n[^1]: note\n",
        );
        for part in [
            "<table>",
            "<del>old</del>",
            "type=\"checkbox\"",
            "footnote-definition",
        ] {
            assert!(html.contains(part), "{part} missing in {html}");
        }
    }

    #[test]
    fn leaves_raw_html_out() {
        let html = render_markdown("<script>alert(1)</script>\n\nHi <b onclick=x>there</b>\n");
        assert!(
            !html.contains("<script") && !html.contains("onclick"),
            "{html}"
        );
        assert!(html.contains("there"), "{html}");
    }

    #[test]
    fn neutralises_script_urls() {
        let html = render_markdown(
            "[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](java\tscript:x) ![d](data:text/html,x) \
             [e](https://ok.example/) [f](/blog/x/) [g](#top) [h](mailto:a@b.c) [i](vbscript:x)",
        );
        assert!(!html.to_lowercase().contains("href=\"javascript"), "{html}");
        assert!(!html.to_lowercase().contains("vbscript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        for ok in ["https://ok.example/", "/blog/x/", "#top", "mailto:a@b.c"] {
            assert!(html.contains(ok), "{ok} missing in {html}");
        }
    }

    #[test]
    fn url_safety_ignores_hidden_characters_in_the_scheme() {
        assert!(!is_safe_url(" javascript:x"));
        assert!(!is_safe_url("jav\u{0}ascript:x"));
        assert!(!is_safe_url("\njavascript:x"));
        assert!(is_safe_url("relative/path:with-colon"));
        assert!(is_safe_url("?q=a:b"));
    }

    #[test]
    fn first_paragraph_is_the_summary() {
        let md = "![banner](x.png)\n\nFirst *para* with `code`\nand a break.\n\nSecond.";
        assert_eq!(
            first_paragraph_text(md, 200),
            "First para with code and a break."
        );
        let long = "word ".repeat(100);
        let short = first_paragraph_text(&long, 50);
        assert!(
            short.ends_with('…') && short.chars().count() <= 51,
            "{short}"
        );
    }
}
