//! A list of posts and the links between pages of a long list.

use crate::components::post_card::PostCard;
use crate::components::site_link::SiteLink;
use leptos::prelude::*;
use quire_core::PostMeta;

#[component]
pub fn PostList(posts: Vec<PostMeta>) -> impl IntoView {
    view! {
        <div class="post-list">
            {posts.into_iter().map(|post| view! { <PostCard post /> }).collect_view()}
        </div>
    }
}

/// "Newer posts / Page n of m / Older posts"; nothing when there is one page.
#[component]
pub fn Pagination(page: usize, pages: usize, href: fn(usize) -> String) -> impl IntoView {
    (pages > 1).then(|| {
        let newer = (page > 1).then(|| {
            view! {
                <SiteLink to=href(page - 1) attr:rel="prev" attr:class="pagination-newer">
                    "← Newer posts"
                </SiteLink>
            }
        });
        let older = (page < pages).then(|| {
            view! {
                <SiteLink to=href(page + 1) attr:rel="next" attr:class="pagination-older">
                    "Older posts →"
                </SiteLink>
            }
        });
        view! {
            <nav class="pagination" aria-label="Pages">
                {newer}
                <span class="pagination-current" aria-current="page">
                    {format!("Page {page} of {pages}")}
                </span>
                {older}
            </nav>
        }
    })
}
