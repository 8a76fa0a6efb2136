//! The head of a post: title, date, authors, tags and banner. All text from front matter is
//! set as text, never as markup.

use crate::base_path;
use leptos::prelude::*;
use quire_core::PostMeta;
use quire_core::date::format_for_readers;

/// Date and authors, as shown under a post's title.
#[component]
pub fn Byline(post: PostMeta) -> impl IntoView {
    let authors = (!post.authors.is_empty()).then(|| {
        view! {
            " · "
            <span class="post-authors">{post.authors.join(", ")}</span>
        }
    });
    view! {
        <p class="post-meta">
            <time datetime=post.published.clone()>{format_for_readers(&post.date)}</time>
            {authors}
        </p>
    }
}

/// The full header of a post page.
#[component]
pub fn PostHeader(post: PostMeta) -> impl IntoView {
    let tags = (!post.tags.is_empty()).then(|| {
        view! {
            <ul class="post-tags" aria-label="Tags">
                {post.tags.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}
            </ul>
        }
    });
    let banner = post.banner.clone().map(|b| {
        let caption = b
            .caption
            .clone()
            .map(|c| view! { <figcaption>{c}</figcaption> });
        view! {
            <figure class="post-banner">
                <img
                    src=base_path::link(&b.src)
                    alt=b.alt
                    width="1200"
                    height="500"
                    decoding="async"
                />
                {caption}
            </figure>
        }
    });
    view! {
        <header class="post-header">
            <h1 class="post-title">{post.title.clone()}</h1>
            <Byline post=post.clone() />
            {tags}
            {banner}
        </header>
    }
}
