//! Heading ids (stable, unique within a post: `x`, `x-1`, …) and the table of contents.

use crate::escape::escape_attribute_into;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One heading of a post, for its table of contents (sent by the app's render worker, so
/// serde).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Ids the page already uses; a heading never takes them.
const RESERVED: &[&str] = &[
    "main",
    "home-title",
    "error-title",
    "not-found-title",
    "toc-title",
];

/// Hands out unique heading ids for one post.
///
/// Linear in the number of headings: each base remembers the first suffix it has not yet
/// found taken, so a thousand `# a` cost a thousand lookups, not half a million.
#[derive(Default)]
pub struct HeadingIds {
    used: HashSet<String>,
    /// For each base, the smallest `n` whose candidate (`base`, then `base-n`) may still be free.
    next: HashMap<String, usize>,
}

impl HeadingIds {
    /// The id for a heading: the author's `{#id}` if usable, else a slug of its text; made
    /// unique with `-1`, `-2`, … (the first of `base`, `base-1`, `base-2`, … not yet taken).
    pub fn assign(&mut self, explicit: Option<&str>, text: &str) -> String {
        let explicit = explicit.map(clean_id).filter(|id| !id.is_empty());
        let base = explicit.unwrap_or_else(|| slugify(text));
        // Ids are never given back, so every candidate below `next[base]` is still taken: the
        // search resumes where the last one for this base stopped.
        let n = self.next.entry(base.clone()).or_insert(0);
        let mut id = candidate(&base, *n);
        while self.used.contains(&id) || RESERVED.contains(&id.as_str()) {
            *n += 1;
            id = candidate(&base, *n);
        }
        *n += 1;
        self.used.insert(id.clone());
        id
    }
}

fn candidate(base: &str, n: usize) -> String {
    match n {
        0 => base.to_string(),
        n => format!("{base}-{n}"),
    }
}

/// The opening tag of a heading (with its id and the author's classes) and what closes it
/// (its `#` anchor, named for screen readers, and the end tag). A heading without text keeps
/// its id but gets no anchor: a link named "Link to the section " would name nothing.
pub fn tags(level: u8, id: &str, classes: &[impl AsRef<str>], text: &str) -> (String, String) {
    let mut open = format!("<h{level} id=\"");
    escape_attribute_into(&mut open, id);
    open.push('"');
    let classes: Vec<String> = classes
        .iter()
        .map(|c| {
            c.as_ref()
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
                .collect()
        })
        .collect();
    if !classes.is_empty() {
        open.push_str(" class=\"");
        open.push_str(&classes.join(" "));
        open.push('"');
    }
    open.push('>');
    if text.is_empty() {
        return (open, format!("</h{level}>\n"));
    }
    let mut close = String::from(" <a class=\"heading-anchor\" href=\"#");
    escape_attribute_into(&mut close, id);
    close.push_str("\" aria-label=\"Link to the section ");
    escape_attribute_into(&mut close, text);
    close.push_str(&format!("\">#</a></h{level}>\n"));
    (open, close)
}

/// `Project Highlights: 2024!` → `project-highlights-2024`; letters of any script are kept.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !slug.ends_with('-')
            && !slug.is_empty()
        {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug.to_string()
    }
}

fn clean_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable() {
        assert_eq!(
            slugify("Project Highlights: 2024!"),
            "project-highlights-2024"
        );
        assert_eq!(slugify("  Über — Größe  "), "über-größe");
        assert_eq!(slugify("C++ & Rust"), "c-rust");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn ids_are_unique_and_avoid_the_page_s_own() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.assign(None, "Intro"), "intro");
        assert_eq!(ids.assign(None, "Intro"), "intro-1");
        assert_eq!(ids.assign(Some("intro"), "x"), "intro-2");
        assert_eq!(ids.assign(None, "Main"), "main-1");
        assert_eq!(ids.assign(Some("a\"b<c"), "x"), "abc");
    }

    #[test]
    fn suffixes_skip_ids_taken_by_explicit_and_natural_ones() {
        let mut ids = HeadingIds::default();
        let got: Vec<String> = [
            (None, "A"),
            (Some("a-2"), ""),
            (None, "A 1"),
            (None, "A"),
            (None, "A"),
            (None, "A"),
            (None, "A 1"),
            (Some("a"), ""),
        ]
        .iter()
        .map(|(explicit, text)| ids.assign(*explicit, text))
        .collect();
        assert_eq!(
            got,
            ["a", "a-2", "a-1", "a-3", "a-4", "a-5", "a-1-1", "a-6"]
        );
    }

    #[test]
    fn many_duplicates_are_numbered_in_order() {
        let mut ids = HeadingIds::default();
        for n in 0..5_000 {
            let expected = if n == 0 {
                "x".to_string()
            } else {
                format!("x-{n}")
            };
            assert_eq!(ids.assign(None, "x"), expected);
        }
    }
}
