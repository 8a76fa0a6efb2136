//! A post page at its URL (`/blog/YYYY/MM/slug/` or the author's own): the header from the
//! index at once, the body fetched and rendered from Markdown (by the render worker).

use crate::base_path;
use crate::components::loading::Loading;
use crate::components::post_body::PostBody;
use crate::components::post_header::PostHeader;
use crate::components::search_marks::MARKS_PARAM;
use crate::components::site_link::SiteLink;
use crate::components::skeleton::{BodySkeleton, PostSkeleton};
use crate::components::toc::TableOfContents;
use crate::post_bodies;
use crate::render_client::RenderedBody;
use crate::routes::not_found::NotFound;
use crate::state::IndexResource;
use crate::takeover;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos::tachys::view::{Mountable, Render};
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use quire_core::search::text::tokens;
use quire_core::{PathMatch, PostMeta, SiteInfo};
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

/// Any path that is not another route: a post by its URL (with or without the trailing
/// slash), a redirect from one of its old URLs, or the not-found page.
#[component]
pub fn PostPage() -> impl IntoView {
    let IndexResource(index) = expect_context();
    let location = use_location();
    let content = move || {
        let path = base_path::site_path(&location.pathname.get());
        Suspend::new(async move {
            index.await.map(|index| {
                // A path outside the public path is no post either.
                let found = path.as_deref().and_then(|p| index.find_by_path(p));
                match found {
                    Some(PathMatch::Post(meta)) => {
                        let (newer, older) = index.neighbours(&meta.url);
                        EitherOf3::A(view! {
                            <PostView
                                meta=meta.clone()
                                site=index.site.clone()
                                newer=newer.cloned()
                                older=older.cloned()
                            />
                        })
                    }
                    // The router puts its base before the site path.
                    Some(PathMatch::Alias(meta)) => {
                        EitherOf3::B(view! { <Redirect path=meta.url.clone() /> })
                    }
                    None => EitherOf3::C(view! { <NotFound /> }),
                }
            })
        })
    };
    // The page the entry file shows is kept as it is, given the behaviour every body gets,
    // and the words of a search result (`?highlight=`) marked in it.
    let marks = marked_words();
    takeover::or_adopted(
        move || enhance_adopted_post(marks),
        move || {
            view! {
                <Loading fallback=PostSkeleton on_retry=move |_| index.refetch()>
                    {content}
                </Loading>
            }
        },
    )
}

/// The words carried from a search result (`?highlight=a+b`), to mark in the body.
fn marked_words() -> Memo<Vec<String>> {
    let query = use_query_map();
    Memo::new(move |_| {
        let value = query.read().get(MARKS_PARAM).unwrap_or_default();
        let mut words: Vec<String> = tokens(&value).collect();
        words.dedup();
        words
    })
}

#[component]
fn PostView(
    meta: PostMeta,
    site: SiteInfo,
    newer: Option<PostMeta>,
    older: Option<PostMeta>,
) -> impl IntoView {
    let marks = marked_words();
    // A body rendered before (prefetched on hover or focus, or read already) shows at once,
    // with no placeholder.
    let body = match post_bodies::cached(&meta) {
        Some(rendered) => Either::Left(rendered_body(&rendered, marks)),
        None => Either::Right(fetched_body(meta.clone(), site, marks)),
    };
    let title = meta.title.clone();
    crate::head::page_head(move || title.clone(), Some(meta.summary.clone()));
    view! {
        <article class="post">
            <PostHeader post=meta />
            <MarksBar marks />
            {body}
        </article>
        <PostNav newer=newer older=older />
    }
}

/// What the post the entry file shows gets once adopted, as the app's own view has it: video
/// players and keyboard-scrollable blocks, and the searched words marked, with the bar that
/// clears them after the post's header.
fn enhance_adopted_post(marks: Memo<Vec<String>>) {
    let body = document()
        .query_selector("main .post-body")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(body) = body else { return };
    let enhanced = body.clone();
    request_animation_frame(move || crate::components::post_body::enhance(&enhanced));
    if let Some(after) = document()
        .query_selector("main article.post > header.post-header")
        .ok()
        .flatten()
        .and_then(|header| header.next_sibling())
        && let Some(article) = after.parent_element()
    {
        let mut bar = view! { <MarksBar marks /> }.into_view().build();
        bar.mount(&article, Some(&after));
        // The bar lives as long as the route; it leaves the page with the adopted article.
        let bar = SendWrapper::new(bar);
        on_cleanup(move || drop(bar));
    }
    Effect::new(move |_| crate::components::post_body::mark(&body, &marks.get()));
}

fn fetched_body(meta: PostMeta, site: SiteInfo, marks: Memo<Vec<String>>) -> impl IntoView {
    let body = LocalResource::new(move || {
        let (meta, site) = (meta.clone(), site.clone());
        async move { post_bodies::load(&meta, &site).await }
    });
    let rendered = move || {
        Suspend::new(async move { body.await.map(|rendered| rendered_body(&rendered, marks)) })
    };
    view! {
        <Loading fallback=BodySkeleton on_retry=move |_| body.refetch()>
            {rendered}
        </Loading>
    }
}

fn rendered_body(rendered: &RenderedBody, marks: Memo<Vec<String>>) -> impl IntoView + use<> {
    let toc = rendered.toc.clone();
    let toc = (toc.len() >= quire_core::markdown::TOC_MIN_ENTRIES)
        .then(|| view! { <TableOfContents entries=toc /> });
    let html = rendered.html.clone();
    view! {
        {toc}
        <PostBody html marks />
    }
}

/// Says which searched words are marked, with a button that takes the marks away.
#[component]
fn MarksBar(marks: Memo<Vec<String>>) -> impl IntoView {
    let navigate = use_navigate();
    let location = use_location();
    let clear = move |_| {
        let options = crate::base_path::replace_options();
        navigate(&location.pathname.get_untracked(), options);
    };
    move || {
        let words = marks.get();
        (!words.is_empty()).then(|| {
            let clear = clear.clone();
            view! {
                <p class="marks-bar" role="status">
                    <span>"Marked: " <mark class="search-mark">{words.join(" ")}</mark></span>
                    <button type="button" class="marks-clear" on:click=clear>
                        "Clear marks"
                    </button>
                </p>
            }
        })
    }
}

/// Links to the newer and the older post.
#[component]
fn PostNav(newer: Option<PostMeta>, older: Option<PostMeta>) -> impl IntoView {
    let link = |post: Option<PostMeta>, rel: &'static str, label: &'static str| {
        post.map(|p| {
            view! {
                <SiteLink to=p.url.clone() attr:rel=rel attr:class=format!("post-nav-{rel}")>
                    <span class="post-nav-label">{label}</span>
                    <span class="post-nav-title">{p.title.clone()}</span>
                </SiteLink>
            }
        })
    };
    (newer.is_some() || older.is_some()).then(|| {
        view! {
            <nav class="post-nav" aria-label="More posts">
                {link(older, "prev", "← Older")}
                {link(newer, "next", "Newer →")}
            </nav>
        }
    })
}
