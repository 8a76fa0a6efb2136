//! The head of a post: title, date, authors, tags and banner. All text from front matter is
//! set as text, never as markup.

use crate::base_path;
use crate::components::site_link::SiteLink;
use leptos::prelude::*;
use quire_core::PostMeta;
use quire_core::date::format_for_readers;
use quire_core::image::{COLUMN_SIZES, banner_size};
use quire_core::listing::{author_url, tag_url};

/// Date and authors, as shown under a post's title.
#[component]
pub fn Byline(post: PostMeta) -> impl IntoView {
    let authors = (!post.authors.is_empty()).then(|| {
        let last = post.authors.len() - 1;
        let links = post
            .authors
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let sep = (i < last).then_some(", ");
                let (to, name) = (author_url(name), name.clone());
                view! {
                    <SiteLink to>{name}</SiteLink>
                    {sep}
                }
            })
            .collect_view();
        view! {
            " · "
            <span class="post-authors">{links}</span>
        }
    });
    let minutes = post.reading_minutes.max(1);
    view! {
        <p class="post-meta">
            <time datetime=post.published.clone()>{format_for_readers(&post.date)}</time>
            {authors}
            " · "
            <span class="reading-time">{format!("{minutes} min read")}</span>
        </p>
    }
}

/// The full header of a post page.
#[component]
pub fn PostHeader(post: PostMeta) -> impl IntoView {
    let tags = (!post.tags.is_empty()).then(|| {
        view! {
            <ul class="post-tags" aria-label="Tags">
                {post
                    .tags
                    .iter()
                    .map(|t| {
                        let (to, t) = (tag_url(t), t.clone());
                        view! { <li><SiteLink to>{t}</SiteLink></li> }
                    })
                    .collect_view()}
            </ul>
        }
    });
    let banner = post.banner.clone().map(|b| {
        let caption = b
            .caption
            .clone()
            .map(|c| view! { <figcaption>{c}</figcaption> });
        // The size the builder read, and the resized copies it made (as the entry files).
        let size = banner_size(&b.src, &post.images, &base_path::link);
        let sizes = size.srcset.is_some().then_some(COLUMN_SIZES);
        view! {
            <figure class="post-banner">
                <img
                    src=base_path::link(&b.src)
                    alt=b.alt
                    width=format!("{}", size.width)
                    height=format!("{}", size.height)
                    srcset=size.srcset
                    sizes=sizes
                    decoding="async"
                    fetchpriority="high"
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
