//! Posts by tag (`/tags/<tag>/`), by author (`/authors/<name>/`) and by year
//! (`/archive/`, `/archive/<year>/`).

use crate::components::loading::Loading;
use crate::components::post_list::PostList;
use crate::components::site_link::SiteLink;
use crate::components::skeleton::PostListSkeleton;
use crate::routes::not_found::NotFound;
use crate::state::IndexResource;
use crate::takeover;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use quire_core::date::format_for_readers;
use quire_core::listing::{ListWording, archive_description, author_url, tag_url, year_url};
use quire_core::{PostIndex, PostMeta};
use std::sync::Arc;

/// What a list page shows: its heading, description and posts, and the site path of its feed.
struct Listing {
    heading: String,
    description: String,
    posts: Vec<PostMeta>,
    feed: Option<String>,
}

impl Listing {
    fn new(wording: ListWording, posts: Vec<&PostMeta>) -> Self {
        let (heading, description) = wording.words(posts.len());
        let posts = posts.into_iter().cloned().collect();
        Listing {
            heading,
            description,
            posts,
            feed: wording.feed(),
        }
    }
}

/// A page made from the post index: the entry file's copy when it is this page, else a list's
/// placeholder while the index loads and an error view with a retry if it fails.
pub(crate) fn index_page<V: IntoView + 'static>(
    index: LocalResource<Result<Arc<PostIndex>, crate::api::ApiError>>,
    content: impl Fn() -> V + Copy + Send + Sync + 'static,
) -> impl IntoView {
    takeover::or_adopted(
        || {},
        move || {
            view! {
                <Loading fallback=PostListSkeleton on_retry=move |_| index.refetch()>
                    {content}
                </Loading>
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
                    Some(list) => Either::Left({
                        let heading = list.heading.clone();
                        crate::head::page_head_with_feed(
                            move || heading.clone(),
                            Some(list.description.clone()),
                            list.feed,
                        );
                        view! {
                        <section class="listing" aria-labelledby="listing-title">
                            <h1 id="listing-title">{list.heading}</h1>
                            <p class="listing-description">{list.description}</p>
                            <PostList posts=list.posts />
                        </section>
                        }
                    }),
                })
        })
    };
    index_page(index, content)
}

#[component]
pub fn TagPage() -> impl IntoView {
    list_page(|index, key| {
        let (name, posts) = index.tagged(key)?;
        Some(Listing::new(ListWording::Tag(name), posts))
    })
}

#[component]
pub fn AuthorPage() -> impl IntoView {
    list_page(|index, key| {
        let (name, posts) = index.by_author(key)?;
        Some(Listing::new(ListWording::Author(name), posts))
    })
}

#[component]
pub fn YearPage() -> impl IntoView {
    list_page(|index, key| {
        let key = key.trim_matches('/');
        let (year, posts) = index.years().into_iter().find(|(y, _)| *y == key)?;
        Some(Listing::new(ListWording::Year(year), posts))
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
                                let (url, title) = (p.url.clone(), p.title.clone());
                                view! {
                                    <li>
                                        <time datetime=p.published.clone()>
                                            {format_for_readers(&p.date)}
                                        </time>
                                        " "
                                        <SiteLink to=url>{title}</SiteLink>
                                    </li>
                                }
                            })
                            .collect_view();
                        let (to, year) = (year_url(year), year.to_string());
                        view! {
                            <h2 class="archive-year">
                                <SiteLink to>{year}</SiteLink>
                            </h2>
                            <ul class="archive-list">{items}</ul>
                        }
                    })
                    .collect_view();
                let links = |names: Vec<(&str, usize)>, url: fn(&str) -> String| {
                    names
                        .into_iter()
                        .map(|(name, n)| {
                            let (to, name) = (url(name), name.to_string());
                            view! {
                                <li>
                                    <SiteLink to>{name}</SiteLink>
                                    <span class="count">{format!(" ({n})")}</span>
                                </li>
                            }
                        })
                        .collect_view()
                };
                let description = archive_description(index.posts.len());
                crate::head::page_head(|| "Archive".into(), Some(description));
                view! {
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
