//! One search result: the post's title (a link that carries the matched words), its date,
//! the highlight that matched and a snippet with the words marked, built as DOM nodes.

use crate::search::{self, Found};
use leptos::ev;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use quire_core::date::format_for_readers;
use quire_core::search::SnippetPart;

/// Snippet parts as text nodes and `<mark>` elements.
#[component]
pub fn Snippet(parts: Vec<SnippetPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|p| {
            if p.marked {
                view! { <mark>{p.text}</mark> }.into_any()
            } else {
                p.text.into_any()
            }
        })
        .collect_view()
}

/// The snippet of a result: from its highlight or summary at once, else from its body,
/// fetched (and then cached for opening the post).
#[component]
fn ResultSnippet(found: Found) -> impl IntoView {
    if let Some(parts) = found.snippet.clone() {
        return view! { <Snippet parts /> }.into_any();
    }
    let summary = found.post.summary.clone();
    let body = LocalResource::new(move || {
        let found = found.clone();
        async move { search::body_snippet(&found).await.ok().flatten() }
    });
    view! {
        <Suspense fallback=move || summary.clone()>
            {move || Suspend::new(async move {
                body.await.map(|parts| view! { <Snippet parts /> })
            })}
        </Suspense>
    }
    .into_any()
}

/// A result as a list entry. With an `id` it is an option of the header's list box, where
/// arrow keys move `active`, and a click opens it (an option may not hold a link: ARIA
/// allows no interactive content in one); without, an entry of the results page.
#[component]
pub fn SearchResult(
    found: Found,
    #[prop(optional)] id: Option<String>,
    #[prop(into, optional)] active: Signal<bool>,
) -> impl IntoView {
    let in_listbox = id.is_some();
    let (href, title) = (found.href(), found.post.title.clone());
    let title = if in_listbox {
        view! { <span class="result-title">{title}</span> }.into_any()
    } else {
        view! { <A href=href.clone() attr:class="result-title">{title}</A> }.into_any()
    };
    let navigate = use_navigate();
    let on_click = move |_| {
        if in_listbox {
            let options = crate::base_path::navigate_options();
            navigate(&href, options);
        }
    };
    // Focus stays in the search box while an option is clicked.
    let on_mousedown = move |e: ev::MouseEvent| {
        if in_listbox {
            e.prevent_default();
        }
    };
    let (published, date) = (
        found.post.published.clone(),
        format_for_readers(&found.post.date),
    );
    let highlight = found.highlight.clone().map(|h| {
        view! {
            <p class="result-highlight">
                <span class="result-label">"Highlight: "</span>
                <strong>{h.name}</strong>
            </p>
        }
    });
    view! {
        <li
            class="search-result"
            class:is-active=move || active.get()
            id=id
            role=in_listbox.then_some("option")
            aria-selected=move || in_listbox.then(|| active.get().to_string())
            on:click=on_click
            on:mousedown=on_mousedown
        >
            {title}
            <p class="result-meta">
                <time datetime=published>{date}</time>
            </p>
            {highlight}
            <p class="result-snippet">
                <ResultSnippet found />
            </p>
        </li>
    }
}
