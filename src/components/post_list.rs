//! A list of posts and the links between pages of a long list.

use crate::components::post_card::PostCard;
use leptos::prelude::*;
use leptos_router::components::A;
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
                <A href=href(page - 1) attr:rel="prev" attr:class="pagination-newer">
                    "← Newer posts"
                </A>
            }
        });
        let older = (page < pages).then(|| {
            view! {
                <A href=href(page + 1) attr:rel="next" attr:class="pagination-older">
                    "Older posts →"
                </A>
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
