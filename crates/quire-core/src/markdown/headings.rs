//! Heading ids (stable, unique within a post: `x`, `x-1`, …) and the table of contents.

use std::collections::HashSet;

/// One heading of a post, for its table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Default)]
pub struct HeadingIds {
    used: HashSet<String>,
}

impl HeadingIds {
    /// The id for a heading: the author's `{#id}` if usable, else a slug of its text; made
    /// unique with `-1`, `-2`, … .
    pub fn assign(&mut self, explicit: Option<&str>, text: &str) -> String {
        let explicit = explicit.map(clean_id).filter(|id| !id.is_empty());
        let base = explicit.unwrap_or_else(|| slugify(text));
        let mut id = base.clone();
        let mut n = 0;
        while self.used.contains(&id) || RESERVED.contains(&id.as_str()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(id.clone());
        id
    }
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
}
