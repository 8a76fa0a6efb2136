//! `/highlights`: every highlight of every post, newest post first, filterable as you type
//! (the filter is in the URL as `?q=`).

use crate::base_path;
use crate::components::loading::Loading;
use crate::components::site_link::SiteLink;
use crate::search;
use crate::state::IndexResource;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use quire_core::PostMeta;
use quire_core::date::format_for_readers;
use quire_core::search::HighlightEntry;
use quire_core::search::text::fold;

#[component]
pub fn HighlightsPage() -> impl IntoView {
    // Its list depends on what is typed: the app renders it (the entry file's copy goes).
    crate::takeover::discard();
    let IndexResource(index) = expect_context();
    let query_map = use_query_map();
    let filter = Memo::new(move |_| query_map.read().get("q").unwrap_or_default());
    let navigate = use_navigate();
    let data = LocalResource::new(move || async move {
        let posts = index.await?;
        let highlights = crate::api::fetch_highlights().await?;
        Ok::<_, crate::api::ApiError>((posts, highlights))
    });
    let on_input = move |e: leptos::ev::Event| {
        let value = event_target_value(&e);
        let href = match value.trim() {
            "" => base_path::link("/highlights"),
            v => format!(
                "{}?q={}",
                base_path::link("/highlights"),
                search::encode_query_value(v)
            ),
        };
        let options = crate::base_path::replace_options();
        navigate(&href, options);
    };
    let content = move || {
        Suspend::new(async move {
            data.await.map(|(posts, highlights)| {
                let needle = fold(filter.get().trim());
                let mut groups: Vec<(PostMeta, Vec<HighlightEntry>)> = Vec::new();
                for h in &highlights.highlights {
                    let Some(post) = posts.posts.get(h.post as usize) else { continue };
                    let hay = fold(&format!("{} {} {}", h.name, h.text, post.title));
                    if !needle.is_empty() && !hay.contains(&needle) {
                        continue;
                    }
                    match groups.last_mut() {
                        Some((p, list)) if p.url == post.url => list.push(h.clone()),
                        _ => groups.push((post.clone(), vec![h.clone()])),
                    }
                }
                let shown: usize = groups.iter().map(|(_, l)| l.len()).sum();
                let total = highlights.highlights.len();
                let count = if needle.is_empty() {
                    format!("{total} highlights in {} posts", groups.len())
                } else {
                    format!("{shown} of {total} highlights match")
                };
                let empty = (shown == 0).then(|| view! {
                    <p class="search-empty">
                        {if total == 0 { "No post has highlights yet.".to_string() } else { "No highlight matches this filter.".to_string() }}
                    </p>
                });
                view! {
                    <p class="search-count" role="status">{count}</p>
                    {empty}
                    {groups.into_iter().map(|(post, list)| view! { <HighlightGroup post list /> }).collect_view()}
                }
            })
        })
    };
    let description = "Every project and topic highlighted in the posts.";
    crate::head::page_head(|| "Highlights".into(), Some(description.into()));
    view! {
        <section class="highlights-page" aria-labelledby="highlights-title">
            <h1 id="highlights-title">"Highlights"</h1>
            <label class="filter-label" for="highlights-filter">
                "Filter highlights"
            </label>
            <input
                id="highlights-filter"
                class="search-page-input"
                type="search"
                autocomplete="off"
                prop:value=move || filter.get()
                on:input=on_input
            />
            <Loading
                fallback=|| view! { <p class="search-loading">"Loading highlights…"</p> }
                on_retry=move |_| data.refetch()
            >
                {content}
            </Loading>
        </section>
    }
}

#[component]
fn HighlightGroup(post: PostMeta, list: Vec<HighlightEntry>) -> impl IntoView {
    let items = list
        .into_iter()
        .map(|h| {
            let to = match &h.section {
                Some(id) => format!("{}#{id}", post.url),
                None => post.url.clone(),
            };
            let text = (!h.text.is_empty()).then(|| view! { " " {h.text.clone()} });
            view! {
                <li class="highlight">
                    <SiteLink to attr:class="highlight-name">{h.name.clone()}</SiteLink>
                    {text}
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="highlight-group">
            <h2 class="highlight-post">
                <SiteLink to=post.url.clone()>{post.title.clone()}</SiteLink>
            </h2>
            <p class="post-meta">
                <time datetime=post.published.clone()>{format_for_readers(&post.date)}</time>
            </p>
            <ul class="highlight-list">{items}</ul>
        </article>
    }
}
