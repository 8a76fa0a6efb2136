//! A post's table of contents, from its level 2 and 3 headings.

use leptos::prelude::*;
use quire_core::markdown::TocEntry;

#[component]
pub fn TableOfContents(entries: Vec<TocEntry>) -> impl IntoView {
    let items = entries
        .into_iter()
        .map(|e| {
            let class = format!("toc-level-{}", e.level);
            view! {
                <li class=class>
                    <a href=format!("#{}", e.id)>{e.text}</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="toc" aria-labelledby="toc-title">
            <h2 id="toc-title">"Contents"</h2>
            <ol>{items}</ol>
        </nav>
    }
}
