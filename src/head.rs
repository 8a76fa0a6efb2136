//! The document's `<title>`, description and feed links, set by each page as it is shown (the
//! entry file carries the first page's own; in-app navigation updates the same elements).

use crate::state::IndexResource;
use leptos::prelude::*;
use quire_core::index::page_title;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// Shows `title` (followed by the site's name) as the document's title while the calling page
/// is shown, following the signals `title` reads; replaces the description if one is given.
/// Links the site's feed only, as the entry files of all but tag and author pages do.
pub fn page_head(title: impl Fn() -> String + 'static, description: Option<String>) {
    page_head_with_feed(title, description, None);
}

/// [`page_head`] for a page that may have a feed of its own (a tag's, an author's: its site
/// path), linked after the site's under the page's full title, as its entry file links it.
pub fn page_head_with_feed(
    title: impl Fn() -> String + 'static,
    description: Option<String>,
    feed: Option<String>,
) {
    if let Some(description) = description {
        set_description(&description);
    }
    show_title(Box::new(title), link_own_feed(feed));
}

/// The head of the entry file's own page, taken over: already right but for a title that
/// follows the index.
pub fn adopted_head(title: impl Fn() -> String + 'static) {
    show_title(Box::new(title), None);
}

/// Not generic: one copy of the effect for every page (the bundle is smaller).
fn show_title(title: Box<dyn Fn() -> String>, feed_link: Option<Element>) {
    let index = use_context::<IndexResource>();
    Effect::new(move |_| {
        let site = index.and_then(IndexResource::site_title);
        let site = site.or_else(site_title).unwrap_or_default();
        let title = page_title(&title(), &site);
        if let Some(link) = &feed_link {
            let _ = link.set_attribute("title", &title);
        }
        document().set_title(&title);
    });
}

/// Leaves the head's feed links the site's (the first: every entry file has it) and, after it,
/// `feed`'s if there is one, as the entry files link them; returns the link to `feed`.
fn link_own_feed(feed: Option<String>) -> Option<Element> {
    let links = document()
        .query_selector_all("link[rel=\"alternate\"][type=\"application/atom+xml\"]")
        .ok()?;
    links.item(0)?;
    let own = links
        .item(1)
        .and_then(|node| node.dyn_into::<Element>().ok());
    let Some(feed) = feed else {
        if let Some(own) = own {
            own.remove();
        }
        return None;
    };
    let own = own.or_else(|| {
        new_in_head(
            "link",
            &[("rel", "alternate"), ("type", "application/atom+xml")],
        )
    })?;
    let _ = own.set_attribute("href", &crate::base_path::link(&feed));
    Some(own)
}

fn set_description(text: &str) {
    let existing = document()
        .query_selector("meta[name=\"description\"]")
        .ok()
        .flatten();
    let meta = existing.or_else(|| new_in_head("meta", &[("name", "description")]));
    if let Some(meta) = meta {
        let _ = meta.set_attribute("content", text);
    }
}

/// A new element at the end of the head, with these attributes.
fn new_in_head(tag: &str, attributes: &[(&str, &str)]) -> Option<Element> {
    let document = document();
    let element = document.create_element(tag).ok()?;
    for (name, value) in attributes {
        let _ = element.set_attribute(name, value);
    }
    document
        .query_selector("head")
        .ok()??
        .append_child(&element)
        .ok()?;
    Some(element)
}

/// The site's name as the entry file gives it, until the index has loaded.
pub fn site_title() -> Option<String> {
    document()
        .query_selector("meta[property=\"og:site_name\"]")
        .ok()??
        .get_attribute("content")
}
