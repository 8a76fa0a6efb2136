//! The home page: every post, newest first.

use crate::app::IndexResource;
use crate::components::error_view::ErrorView;
use crate::components::post_card::PostCard;
use crate::components::skeleton::PostListSkeleton;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    let IndexResource(index) = expect_context();
    let content = move || {
        Suspend::new(async move {
            index.await.map(|index| {
                let posts = index
                    .posts
                    .iter()
                    .map(|p| view! { <PostCard post=p.clone() /> })
                    .collect_view();
                let empty = index
                    .posts
                    .is_empty()
                    .then(|| view! { <p class="empty">"No posts have been published yet."</p> });
                view! {
                    <Title text="" />
                    <Meta name="description" content=index.site.description.clone() />
                    <section class="home" aria-labelledby="home-title">
                        <h1 id="home-title" class="visually-hidden">
                            {index.site.title.clone()}
                        </h1>
                        <p class="site-description">{index.site.description.clone()}</p>
                        <div class="post-list">{posts}</div>
                        {empty}
                    </section>
                }
            })
        })
    };
    view! {
        <Transition fallback=PostListSkeleton>
            <ErrorBoundary fallback=move |errors| {
                view! { <ErrorView errors on_retry=move |_| index.refetch() /> }
            }>{content}</ErrorBoundary>
        </Transition>
    }
}
