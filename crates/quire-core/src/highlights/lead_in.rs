//! One block's inline events read as a highlight: the lead-in (bold text, a bold link, or a
//! plain link where the block's place allows it) and the rest of the block as plain text.

use crate::html_policy::allowlist;
use crate::url_policy::is_safe_url;
use pulldown_cmark::{Event, Tag, TagEnd};

/// Where a block stands, which decides whether a plain link at its start is a lead-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Place {
    /// The first block of a list item: a link at its start is a lead-in.
    ListItem,
    /// A paragraph: a plain link at its start is a lead-in only when a separator or a whole
    /// sentence follows, so that a caption such as "[Ann](…) on Nakadi at FOSDEM" is not.
    Paragraph,
}

/// A block read as a highlight.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct LeadIn {
    pub name: String,
    pub url: Option<String>,
    pub text: String,
    /// Whether the lead-in is bold: a bold lead-in with no text is a label for what follows.
    pub bold: bool,
}

/// The inline events a reader sees: no raw HTML, nothing inside an element the HTML policy
/// drops with its content (`<script>…</script>`), no images, footnote marks or task boxes.
/// Inline tags are kept even where their text is dropped, so spans stay balanced.
pub(super) fn visible(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut image_depth = 0usize;
    let mut dropped: Option<String> = None;
    for event in events {
        match event {
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::InlineHtml(html) | Event::Html(html) => match &dropped {
                Some(element) if allowlist::closes_element(&html, element) => dropped = None,
                Some(_) => {}
                None => dropped = allowlist::opens_dropped_element(&html),
            },
            Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak
                if dropped.is_some() => {}
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
            other => out.push(other),
        }
    }
    out
}

/// Plain text of visible events: line breaks as spaces, whitespace collapsed.
pub(super) fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&text)
}

/// A heading's text as the renderer reads it to make the heading's id: its text and code,
/// nothing for a line break.
pub(super) fn heading_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text.trim().to_string()
}

/// A sub-heading as a highlight's name, and the URL when the heading opens with a link.
pub(super) fn heading_name(events: &[Event<'_>]) -> (String, Option<String>) {
    (trim_name(&plain_text(events)), leading_link(events))
}

/// Reads a block as a highlight: a lead-in at its start, or one that opens the second sentence
/// before a separator ("A new operator joins. [Es-operator](…) - an operator for …").
pub(super) fn read_lead_in(events: &[Event<'_>], place: Place) -> Option<LeadIn> {
    let start = events.iter().position(is_significant)?;
    lead_in_at(events, start, place).or_else(|| after_first_sentence(events, start))
}

fn lead_in_at(events: &[Event<'_>], start: usize, place: Place) -> Option<LeadIn> {
    let end = span_end(events, start)?;
    let inner = &events[start + 1..end];
    let (bold, url) = match &events[start] {
        Event::Start(Tag::Strong) => (true, leading_link(inner)),
        // `***Name***` is emphasis around strong.
        Event::Start(Tag::Emphasis) if opens_with_strong(inner) => (true, leading_link(inner)),
        Event::Start(Tag::Link { dest_url, .. }) => {
            (opens_with_strong(inner), Some(dest_url.to_string()))
        }
        _ => return None,
    };
    let rest = plain_text(&events[end + 1..]);
    let plain_link_allowed =
        place == Place::ListItem || starts_with_separator(&rest) || reads_as_sentence(&rest);
    if !bold && !plain_link_allowed {
        return None;
    }
    let name = trim_name(&plain_text(inner));
    if name.is_empty() {
        return None;
    }
    Some(LeadIn {
        name,
        url: url.filter(|u| is_safe_url(u)),
        text: trim_separators(&rest).to_string(),
        bold,
    })
}

fn after_first_sentence(events: &[Event<'_>], start: usize) -> Option<LeadIn> {
    // The last visible character so far, and whether a space followed it.
    let mut last = None;
    let mut spaced = false;
    let mut depth = 0usize;
    for (i, event) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Strong)
                if depth == 0 && spaced && matches!(last, Some('.' | '!' | '?')) =>
            {
                let end = span_end(events, i)?;
                if let Some(Event::Text(next)) = events.get(end + 1)
                    && starts_with_separator(next)
                {
                    return lead_in_at(events, i, Place::ListItem);
                }
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = t.chars().rev().find(|c| !c.is_whitespace()) {
                    last = Some(c);
                    spaced = t.ends_with(char::is_whitespace);
                } else if !t.is_empty() {
                    spaced = true;
                }
            }
            Event::SoftBreak | Event::HardBreak => spaced = true,
            _ => {}
        }
    }
    None
}

fn is_significant(event: &Event<'_>) -> bool {
    match event {
        Event::Text(t) => !t.trim().is_empty(),
        Event::SoftBreak | Event::HardBreak => false,
        _ => true,
    }
}

/// The index of the `End` that closes the `Start` at `start`.
fn span_end(events: &[Event<'_>], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, event) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The URL of a link that opens these events, inside any emphasis.
fn leading_link(events: &[Event<'_>]) -> Option<String> {
    for event in events.iter().filter(|e| is_significant(e)) {
        match event {
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {}
            Event::Start(Tag::Link { dest_url, .. }) => return Some(dest_url.to_string()),
            _ => return None,
        }
    }
    None
}

fn opens_with_strong(events: &[Event<'_>]) -> bool {
    for event in events.iter().filter(|e| is_significant(e)) {
        match event {
            Event::Start(Tag::Emphasis) => {}
            Event::Start(Tag::Strong) => return true,
            _ => return false,
        }
    }
    false
}

/// Whether the text holds a sentence end: `.`, `!` or `?` before a space or at the end.
fn reads_as_sentence(text: &str) -> bool {
    text.char_indices().any(|(i, c)| {
        matches!(c, '.' | '!' | '?')
            && text[i + c.len_utf8()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    })
}

fn is_separator(c: char) -> bool {
    matches!(c, ':' | '-' | '–' | '—' | ',' | ';')
}

/// Whether the text opens with a separator standing on its own (`- `, `: `, `, `).
fn starts_with_separator(text: &str) -> bool {
    let mut chars = text.trim_start().chars();
    chars.next().is_some_and(is_separator)
        && chars
            .next()
            .is_none_or(|c| c.is_whitespace() || is_separator(c))
}

/// The text without the separators between it and its lead-in (`: `, ` - `, ` – `, `, `).
fn trim_separators(text: &str) -> &str {
    let mut text = text.trim_start();
    while starts_with_separator(text) {
        let mut chars = text.chars();
        chars.next();
        text = chars.as_str().trim_start();
    }
    text
}

/// A name without the punctuation that joined it to its text (`**Skipper:**`, `Flair -`).
fn trim_name(name: &str) -> String {
    name.trim()
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | '-' | '–' | '—'))
        .to_string()
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_between_lead_in_and_text_are_trimmed() {
        assert_eq!(trim_separators(" - one of the"), "one of the");
        assert_eq!(trim_separators(": text"), "text");
        assert_eq!(trim_separators(" -- *x*"), "*x*");
        assert_eq!(trim_separators(", PGObserver is"), "PGObserver is");
        assert_eq!(trim_separators(" — a tool"), "a tool");
        assert_eq!(trim_separators("-5% latency"), "-5% latency");
        assert_eq!(trim_separators("is ready"), "is ready");
    }

    #[test]
    fn names_lose_the_punctuation_that_joined_them_to_their_text() {
        assert_eq!(trim_name(" Skipper: "), "Skipper");
        assert_eq!(trim_name("Fernlog."), "Fernlog");
        assert_eq!(trim_name("Flair –"), "Flair");
        assert_eq!(
            trim_name("ExternalDNS version 0.5.9"),
            "ExternalDNS version 0.5.9"
        );
        assert_eq!(trim_name("Node.js"), "Node.js");
    }

    #[test]
    fn a_sentence_ends_at_a_stop_before_a_space() {
        assert!(reads_as_sentence("made its way to FOSDEM 2019. This is"));
        assert!(reads_as_sentence("is out!"));
        assert!(!reads_as_sentence("on Nakadi at FOSDEM 2019"));
        assert!(!reads_as_sentence("version 0.5.9 and v1.2"));
    }
}
