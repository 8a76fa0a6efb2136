//! A post in a list: title, date, authors, summary.

use crate::base_path;
use crate::components::post_header::Byline;
use leptos::prelude::*;
use leptos_router::components::A;
use quire_core::PostMeta;

#[component]
pub fn PostCard(post: PostMeta) -> impl IntoView {
    let url = base_path::link(&post.url);
    let (title, summary) = (post.title.clone(), post.summary.clone());
    view! {
        <article class="post-card">
            <h2 class="post-card-title">
                <A href=url>{title}</A>
            </h2>
            <Byline post />
            <p class="post-card-summary">{summary}</p>
        </article>
    }
}
