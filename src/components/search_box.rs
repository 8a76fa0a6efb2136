//! The search box in the header: `/` focuses it; the index loads on first focus; results
//! appear as you type; arrow keys move, Enter opens, Escape closes. Enter with nothing
//! chosen opens the results page.

use crate::app::IndexResource;
use crate::components::search_result::SearchResult;
use crate::search::{self, Found};
use leptos::ev;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use wasm_bindgen::JsCast;

/// Results shown in the header's list; the rest are on the results page.
const SHOWN: usize = 6;

#[component]
pub fn SearchBox() -> impl IntoView {
    let IndexResource(index) = expect_context();
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let input = NodeRef::<Input>::new();
    let navigate = use_navigate();
    let results = LocalResource::new(move || {
        let q = query.get();
        async move {
            if q.trim().is_empty() {
                return Ok(search::SearchPage::default());
            }
            let posts = index.await?;
            search::search(&posts, &q, SHOWN).await
        }
    });
    let found = move || {
        results
            .get()
            .and_then(Result::ok)
            .map(|page| page.found)
            .unwrap_or_default()
    };
    let total = move || {
        results
            .get()
            .and_then(Result::ok)
            .map_or(0, |page| page.total)
    };

    // `/` anywhere but in a text field focuses the box.
    let _ = window_event_listener(ev::keydown, move |e| {
        if e.key() != "/" || e.ctrl_key() || e.meta_key() || e.alt_key() || in_text_field(&e) {
            return;
        }
        if let Some(input) = input.get_untracked() {
            e.prevent_default();
            let _ = input.focus();
        }
    });
    // Leaving the page (opening a result) closes the list.
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
        active.set(None);
    });

    let on_keydown = move |e: ev::KeyboardEvent| {
        let n = found().len().min(SHOWN);
        match e.key().as_str() {
            "ArrowDown" if n > 0 => {
                e.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                e.prevent_default();
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Enter" => {
                e.prevent_default();
                let q = query.get_untracked();
                if q.trim().is_empty() {
                    return;
                }
                let target = match active.get_untracked() {
                    Some(i) => found().get(i).map(Found::href),
                    None => None,
                };
                open.set(false);
                let options = crate::base_path::navigate_options();
                navigate(
                    &target.unwrap_or_else(|| search::search_page_href(&q)),
                    options,
                );
            }
            "Escape" => {
                if open.get_untracked() {
                    e.prevent_default();
                    open.set(false);
                    active.set(None);
                } else {
                    query.set(String::new());
                }
            }
            _ => {}
        }
    };
    let on_input = move |e: ev::Event| {
        query.set(event_target_value(&e));
        active.set(None);
        open.set(true);
    };
    let on_focus = move |_| {
        search::warm_up();
        if !query.get_untracked().is_empty() {
            open.set(true);
        }
    };
    // Focus moving out of the whole box closes the list.
    let on_focusout = move |e: ev::FocusEvent| {
        let inside = e
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(
                e.current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok()),
            )
            .is_some_and(|(to, root)| root.contains(Some(&to)));
        if !inside {
            open.set(false);
        }
    };
    let expanded = move || open.get() && !query.get().trim().is_empty();
    let active_id = move || active.get().map(|i| format!("search-option-{i}"));
    let status = move || {
        let q = query.get();
        if q.trim().is_empty() {
            return String::new();
        }
        match results.get() {
            None => "Searching…".to_string(),
            Some(Err(e)) => format!("Search is unavailable: {e}"),
            Some(Ok(r)) if r.total == 0 => format!("No posts match “{}”.", q.trim()),
            Some(Ok(r)) if r.total == 1 => "1 post found.".to_string(),
            Some(Ok(r)) => format!("{} posts found.", r.total),
        }
    };
    let list = move || {
        found()
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                view! {
                    <SearchResult
                        found=f
                        id=format!("search-option-{i}")
                        active=Signal::derive(move || active.get() == Some(i))
                    />
                }
            })
            .collect_view()
    };
    let more = move || {
        let n = total();
        (n > SHOWN).then(|| {
            let href = search::search_page_href(&query.get());
            view! {
                <A href=href attr:class="search-more">
                    {format!("See all {n} results")}
                </A>
            }
        })
    };

    view! {
        <div class="search-box" role="search" on:focusout=on_focusout>
            <label class="visually-hidden" for="search-input">
                "Search posts"
            </label>
            <input
                id="search-input"
                node_ref=input
                type="search"
                placeholder="Search  /"
                autocomplete="off"
                spellcheck="false"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="search-listbox"
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=active_id
                prop:value=move || query.get()
                on:input=on_input
                on:keydown=on_keydown
                on:focus=on_focus
            />
            <div class="search-popup" hidden=move || !expanded()>
                <p class="search-status" role="status">
                    {status}
                </p>
                <ul id="search-listbox" class="search-results" role="listbox" aria-label="Search results">
                    {list}
                </ul>
                {more}
            </div>
        </div>
    }
}

fn in_text_field(e: &ev::KeyboardEvent) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || el.get_attribute("contenteditable").is_some()
}
