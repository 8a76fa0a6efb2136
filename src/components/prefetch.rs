//! Prefetching: when a reader points at or focuses a link to a post, its body is fetched and
//! rendered into the cache, so opening it shows the post at once.

use crate::post_bodies;
use crate::state::IndexResource;
use leptos::ev;
use leptos::prelude::*;
use quire_core::PathMatch;
use wasm_bindgen::JsCast;

/// Listens on the whole document; renders nothing.
#[component]
pub fn Prefetch() -> impl IntoView {
    let IndexResource(index) = expect_context();
    let prefetch = move |target: Option<web_sys::EventTarget>| {
        let Some(link) = target
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
        else {
            return;
        };
        let href = link.get_attribute("href").unwrap_or_default();
        // Only the site's own paths: `/…` but not `//host/…`.
        if !href.starts_with('/') || href.starts_with("//") {
            return;
        }
        let href = href.split(['?', '#']).next().unwrap_or_default();
        let Some(path) = crate::base_path::site_path(href) else {
            return;
        };
        let Some(Ok(posts)) = index.get_untracked() else {
            return;
        };
        let meta = match posts.find_by_path(&path) {
            Some(PathMatch::Post(meta) | PathMatch::Alias(meta)) => meta.clone(),
            None => return,
        };
        post_bodies::prefetch(meta, posts.site.clone());
    };
    let _ = window_event_listener(ev::pointerover, move |e| prefetch(e.target()));
    let _ = window_event_listener(ev::focusin, move |e| prefetch(e.target()));
}
