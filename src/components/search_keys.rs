//! The search box's keyboard: `/` anywhere but in a text field focuses it; in the box, arrow
//! keys move through the results, Enter opens the chosen one (or the results page), Escape
//! closes the list, then clears the box.

use crate::components::search_state::{SHOWN, SearchState};
use crate::search::{self, Found};
use leptos::ev;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

/// Focuses `input` when `/` is pressed outside a text field.
pub fn focus_on_slash(input: NodeRef<Input>) {
    let _ = window_event_listener(ev::keydown, move |e| {
        if e.key() != "/" || e.ctrl_key() || e.meta_key() || e.alt_key() || in_text_field(&e) {
            return;
        }
        if let Some(input) = input.get_untracked() {
            e.prevent_default();
            let _ = input.focus();
        }
    });
}

/// The box's `keydown` handler.
pub fn on_keydown(state: SearchState) -> impl Fn(ev::KeyboardEvent) + 'static {
    let navigate = use_navigate();
    let SearchState {
        query,
        open,
        active,
        ..
    } = state;
    move |e: ev::KeyboardEvent| {
        let n = state.found().len().min(SHOWN);
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
                    Some(i) => state.found().get(i).map(Found::href),
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
