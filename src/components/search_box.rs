//! The search box in the header: `/` focuses it; the index loads on first focus; results
//! appear as you type (`search_list`); arrow keys move, Enter opens, Escape closes
//! (`search_keys`). Enter with nothing chosen opens the results page.

use crate::components::search_keys;
use crate::components::search_list::SearchList;
use crate::components::search_state::SearchState;
use crate::search;
use leptos::ev;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

#[component]
pub fn SearchBox() -> impl IntoView {
    let state = SearchState::new(expect_context());
    let input = NodeRef::<Input>::new();
    search_keys::focus_on_slash(input);
    // Leaving the page (opening a result) closes the list.
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        state.close();
    });
    let on_input = move |e: ev::Event| {
        state.query.set(event_target_value(&e));
        state.active.set(None);
        state.open.set(true);
    };
    let on_focus = move |_| {
        search::warm_up();
        if !state.query.get_untracked().is_empty() {
            state.open.set(true);
        }
    };
    // Focus moving out of the whole box closes the list.
    let on_focusout = move |e: ev::FocusEvent| {
        let node =
            |t: Option<web_sys::EventTarget>| t.and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let inside = node(e.related_target())
            .zip(node(e.current_target()))
            .is_some_and(|(to, root)| root.contains(Some(&to)));
        if !inside {
            state.open.set(false);
        }
    };
    let active_id = move || state.active.get().map(|i| format!("search-option-{i}"));

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
                aria-expanded=move || state.expanded().to_string()
                aria-activedescendant=active_id
                prop:value=move || state.query.get()
                on:input=on_input
                on:keydown=search_keys::on_keydown(state)
                on:focus=on_focus
            />
            <SearchList state />
        </div>
    }
}
