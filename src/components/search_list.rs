//! The search box's list: what the search found so far (or why not), the first results, and a
//! link to all of them.

use crate::components::search_result::SearchResult;
use crate::components::search_state::{SHOWN, SearchState};
use crate::search;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SearchList(state: SearchState) -> impl IntoView {
    let SearchState {
        query,
        active,
        results,
        ..
    } = state;
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
        state
            .found()
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
        let n = state.total();
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
        <div class="search-popup" hidden=move || !state.expanded()>
            <p class="search-status" role="status">
                {status}
            </p>
            <ul id="search-listbox" class="search-results" role="listbox" aria-label="Search results">
                {list}
            </ul>
            {more}
        </div>
    }
}
