//! `/search?q=…`: the results page. The query lives in the URL, so the page survives a
//! reload and can be shared; it is shown as text, never as markup.

use crate::base_path;
use crate::components::loading::Loading;
use crate::components::search_result::SearchResult;
use crate::search;
use crate::state::IndexResource;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Results shown at first, and added by each "Show more".
const PAGE: usize = 20;

#[component]
pub fn SearchPage() -> impl IntoView {
    // Its list depends on what is typed: the app renders it (the entry file's copy goes).
    crate::takeover::discard();
    let IndexResource(index) = expect_context();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.read().get("q").unwrap_or_default());
    let navigate = use_navigate();
    // Results are shown a page at a time; each one shown may fetch its post for a snippet.
    let shown = RwSignal::new(PAGE);
    Effect::new(move |_| {
        query.track();
        shown.set(PAGE);
    });
    let results = LocalResource::new(move || {
        let (q, limit) = (query.get(), shown.get());
        async move {
            let posts = index.await?;
            let page = search::search(&posts, &q, limit).await?;
            Ok::<_, crate::api::ApiError>((posts.posts.len(), page))
        }
    });
    let on_input = move |e: leptos::ev::Event| {
        let value = event_target_value(&e);
        let options = crate::base_path::replace_options();
        navigate(&search::search_page_href(&value), options);
    };
    let title = move || match query.get().trim() {
        "" => "Search".to_string(),
        q => format!("Search: {q}"),
    };
    let content = move || {
        Suspend::new(async move {
            results.await.map(|(total, page)| {
                let (found, matches) = (page.found, page.total);
                let q = query.get_untracked();
                let q = q.trim();
                if q.is_empty() {
                    let what = if total == 1 { "post" } else { "posts" };
                    return view! {
                        <p class="search-empty">
                            {format!("Type a word to search {total} {what}, their highlights and tags.")}
                        </p>
                    }
                    .into_any();
                }
                if found.is_empty() {
                    return view! {
                        <div class="search-empty">
                            <p>"No posts match “" {q.to_string()} "”."</p>
                            <p>"Check the spelling, use fewer words, or browse the "
                                <a href=base_path::link("/highlights")>"highlights"</a> "."
                            </p>
                        </div>
                    }
                    .into_any();
                }
                let count = match matches {
                    1 => "1 post found".to_string(),
                    n => format!("{n} posts found"),
                };
                let more = (matches > found.len()).then(|| {
                    let next = (matches - found.len()).min(PAGE);
                    view! {
                        <button
                            type="button"
                            class="search-show-more"
                            on:click=move |_| shown.update(|n| *n += PAGE)
                        >
                            {format!("Show {next} more")}
                        </button>
                    }
                });
                view! {
                    <p class="search-count" role="status">{count}</p>
                    <ol class="search-results search-page-results">
                        {found.into_iter().map(|found| view! { <SearchResult found /> }).collect_view()}
                    </ol>
                    {more}
                }
                .into_any()
            })
        })
    };
    crate::head::page_head(title, Some("Search the posts and their highlights.".into()));
    view! {
        <section class="search-page" aria-labelledby="search-title">
            <h1 id="search-title">"Search"</h1>
            <label class="visually-hidden" for="search-page-input">
                "Search posts"
            </label>
            <input
                id="search-page-input"
                class="search-page-input"
                type="search"
                autocomplete="off"
                prop:value=move || query.get()
                on:input=on_input
            />
            <Loading
                fallback=|| view! { <p class="search-loading">"Searching…"</p> }
                on_retry=move |_| results.refetch()
            >
                {content}
            </Loading>
        </section>
    }
}
