//! A post in a list: title, date, authors, summary.

use crate::components::post_header::Byline;
use crate::components::site_link::SiteLink;
use leptos::prelude::*;
use quire_core::PostMeta;

#[component]
pub fn PostCard(post: PostMeta) -> impl IntoView {
    let (url, title, summary) = (post.url.clone(), post.title.clone(), post.summary.clone());
    view! {
        <article class="post-card">
            <h2 class="post-card-title">
                <SiteLink to=url>{title}</SiteLink>
            </h2>
            <Byline post />
            <p class="post-card-summary">{summary}</p>
        </article>
    }
}
