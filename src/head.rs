//! The document's `<title>` and description, set by each page as it is shown (the entry file
//! carries the first page's own; in-app navigation updates the same elements).

use crate::state::IndexResource;
use leptos::prelude::*;
use quire_core::index::page_title;

/// Shows `title` (followed by the site's name) as the document's title while the calling page
/// is shown, following the signals `title` reads; replaces the description if one is given.
pub fn page_head(title: impl Fn() -> String + 'static, description: Option<String>) {
    if let Some(description) = description {
        set_description(&description);
    }
    let index = use_context::<IndexResource>();
    Effect::new(move |_| {
        let site = index.and_then(IndexResource::site_title);
        let site = site.or_else(site_title).unwrap_or_default();
        document().set_title(&page_title(&title(), &site));
    });
}

fn set_description(text: &str) {
    let document = document();
    let existing = document
        .query_selector("meta[name=\"description\"]")
        .ok()
        .flatten();
    let meta = existing.or_else(|| {
        let meta = document.create_element("meta").ok()?;
        let _ = meta.set_attribute("name", "description");
        document
            .query_selector("head")
            .ok()??
            .append_child(&meta)
            .ok()?;
        Some(meta)
    });
    if let Some(meta) = meta {
        let _ = meta.set_attribute("content", text);
    }
}

/// The site's name as the entry file gives it, until the index has loaded.
pub fn site_title() -> Option<String> {
    document()
        .query_selector("meta[property=\"og:site_name\"]")
        .ok()??
        .get_attribute("content")
}
