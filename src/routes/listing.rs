//! Posts by tag (`/tags/<tag>/`), by author (`/authors/<name>/`) and by year
//! (`/archive/`, `/archive/<year>/`).

use crate::app::IndexResource;
use crate::base_path;
use crate::components::error_view::ErrorView;
use crate::components::post_list::PostList;
use crate::components::skeleton::PostListSkeleton;
use crate::routes::not_found::NotFound;
use crate::takeover;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use quire_core::date::format_for_readers;
use quire_core::listing::{author_url, tag_url, year_url};
use quire_core::{PostIndex, PostMeta};
use std::sync::Arc;

/// What a list page shows: its heading, description and posts.
struct Listing {
    heading: String,
    description: String,
    posts: Vec<PostMeta>,
}

/// A page listing posts chosen from the index by `pick`; not found when it picks `None`.
/// A page made from the post index: the entry file's copy when it is this page, else a list's
/// placeholder while the index loads and an error view with a retry if it fails.
pub(crate) fn index_page<V: IntoView + 'static>(
    index: LocalResource<Result<Arc<PostIndex>, crate::api::ApiError>>,
    content: impl Fn() -> V + Copy + Send + Sync + 'static,
) -> impl IntoView {
    takeover::or_adopted(
        true,
        || {},
        move || {
            view! {
                <Transition fallback=PostListSkeleton>
                    <ErrorBoundary fallback=move |errors| {
                        view! { <ErrorView errors on_retry=move |_| index.refetch() /> }
                    }>{content}</ErrorBoundary>
                </Transition>
            }
        },
    )
}

fn list_page(
    pick: impl Fn(&PostIndex, &str) -> Option<Listing> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let IndexResource(index) = expect_context();
    let params = use_params_map();
    let key = Memo::new(move |_| params.read().get("key").unwrap_or_default());
    let content = move || {
        let key = key.get();
        Suspend::new(async move {
            index
                .await
                .map(|index: Arc<PostIndex>| match pick(&index, &key) {
                    None => Either::Right(view! { <NotFound /> }),
                    Some(list) => Either::Left(view! {
                        <Title text=list.heading.clone() />
                        <Meta name="description" content=list.description.clone() />
                        <section class="listing" aria-labelledby="listing-title">
                            <h1 id="listing-title">{list.heading}</h1>
                            <p class="listing-description">{list.description}</p>
                            <PostList posts=list.posts />
                        </section>
                    }),
                })
        })
    };
    index_page(index, content)
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 post".into()
    } else {
        format!("{n} posts")
    }
}

#[component]
pub fn TagPage() -> impl IntoView {
    list_page(|index, key| {
        let (name, posts) = index.tagged(key)?;
        Some(Listing {
            heading: format!("Tagged “{name}”"),
            description: format!("{} tagged {name}.", count(posts.len())),
            posts: posts.into_iter().cloned().collect(),
        })
    })
}

#[component]
pub fn AuthorPage() -> impl IntoView {
    list_page(|index, key| {
        let (name, posts) = index.by_author(key)?;
        Some(Listing {
            heading: format!("Posts by {name}"),
            description: format!("{} by {name}.", count(posts.len())),
            posts: posts.into_iter().cloned().collect(),
        })
    })
}

#[component]
pub fn YearPage() -> impl IntoView {
    list_page(|index, key| {
        let key = key.trim_matches('/');
        let (year, posts) = index.years().into_iter().find(|(y, _)| *y == key)?;
        Some(Listing {
            heading: format!("Posts from {year}"),
            description: format!("{} published in {year}.", count(posts.len())),
            posts: posts.into_iter().cloned().collect(),
        })
    })
}

/// `/archive/`: every post by year, then every tag and author.
#[component]
pub fn ArchivePage() -> impl IntoView {
    let IndexResource(index) = expect_context();
    let content = move || {
        Suspend::new(async move {
            index.await.map(|index| {
                let years = index
                    .years()
                    .into_iter()
                    .map(|(year, posts)| {
                        let items = posts
                            .into_iter()
                            .map(|p| {
                                let (url, title) = (base_path::link(&p.url), p.title.clone());
                                view! {
                                    <li>
                                        <time datetime=p.published.clone()>
                                            {format_for_readers(&p.date)}
                                        </time>
                                        " "
                                        <A href=url>{title}</A>
                                    </li>
                                }
                            })
                            .collect_view();
                        let (href, year) = (base_path::link(&year_url(year)), year.to_string());
                        view! {
                            <h2 class="archive-year">
                                <A href=href>{year}</A>
                            </h2>
                            <ul class="archive-list">{items}</ul>
                        }
                    })
                    .collect_view();
                let links = |names: Vec<(&str, usize)>, url: fn(&str) -> String| {
                    names
                        .into_iter()
                        .map(|(name, n)| {
                            let (href, name) = (base_path::link(&url(name)), name.to_string());
                            view! {
                                <li>
                                    <A href=href>{name}</A>
                                    <span class="count">{format!(" ({n})")}</span>
                                </li>
                            }
                        })
                        .collect_view()
                };
                view! {
                    <Title text="Archive" />
                    <Meta name="description" content=format!("All {} by year, tag and author.", count(index.posts.len())) />
                    <section class="archive" aria-labelledby="archive-title">
                        <h1 id="archive-title">"Archive"</h1>
                        {years}
                        <h2>"Tags"</h2>
                        <ul class="term-list">{links(index.tags(), tag_url)}</ul>
                        <h2>"Authors"</h2>
                        <ul class="term-list">{links(index.authors(), author_url)}</ul>
                    </section>
                }
            })
        })
    };
    index_page(index, content)
}
