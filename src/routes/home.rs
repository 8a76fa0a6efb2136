//! The home page: the newest posts, a page at a time (`/`, `/page/2/`, …).

use crate::components::post_list::{Pagination, PostList};
use crate::routes::not_found::NotFound;
use crate::state::IndexResource;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use quire_core::listing::{page_count, page_url};

#[component]
pub fn HomePage() -> impl IntoView {
    let IndexResource(index) = expect_context();
    let params = use_params_map();
    // `/page/<n>/`; no number is page 1, a number that is not a page is not found.
    let page = Memo::new(move |_| match params.read().get("n") {
        None => Some(1),
        Some(n) => n.parse::<usize>().ok().filter(|&n| n >= 2),
    });
    let content = move || {
        let page = page.get();
        Suspend::new(async move {
            index.await.map(|index| {
                let Some((page, posts)) = page.and_then(|n| Some((n, index.page(n)?.to_vec())))
                else {
                    return Either::Right(view! { <NotFound /> });
                };
                let pages = page_count(index.posts.len(), index.site.posts_per_page);
                let empty = index
                    .posts
                    .is_empty()
                    .then(|| view! { <p class="empty">"No posts have been published yet."</p> });
                let title = if page == 1 {
                    String::new()
                } else {
                    format!("Page {page}")
                };
                let description = index.site.description.clone();
                crate::head::page_head(move || title.clone(), Some(description));
                Either::Left(view! {
                    <section class="home" aria-labelledby="home-title">
                        <h1 id="home-title" class="visually-hidden">
                            {index.site.title.clone()}
                        </h1>
                        <p class="site-description">{index.site.description.clone()}</p>
                        <PostList posts />
                        {empty}
                        <Pagination page pages href=page_href />
                    </section>
                })
            })
        })
    };
    crate::routes::listing::index_page(index, content)
}

/// Page `n` of the home list, as a site path.
fn page_href(n: usize) -> String {
    page_url(n)
}
