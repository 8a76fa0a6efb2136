//! A post page at its URL (`/blog/YYYY/MM/slug/` or the author's own): the header from the
//! index at once, the body fetched and rendered from Markdown.

use crate::api;
use crate::app::IndexResource;
use crate::base_path;
use crate::components::error_view::ErrorView;
use crate::components::post_body::PostBody;
use crate::components::post_header::PostHeader;
use crate::components::skeleton::{BodySkeleton, PostSkeleton};
use crate::components::toc::{self, TableOfContents};
use crate::routes::not_found::NotFound;
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use quire_core::{PathMatch, PostMeta, RenderOptions, Rendered, SiteInfo, render};

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
                    Some(PathMatch::Post(meta)) => EitherOf3::A(view! {
                        <PostView meta=meta.clone() site=index.site.clone() />
                    }),
                    // The router puts its base before the site path.
                    Some(PathMatch::Alias(meta)) => {
                        EitherOf3::B(view! { <Redirect path=meta.url.clone() /> })
                    }
                    None => EitherOf3::C(view! { <NotFound /> }),
                }
            })
        })
    };
    view! {
        <Transition fallback=PostSkeleton>
            <ErrorBoundary fallback=move |errors| {
                view! { <ErrorView errors on_retry=move |_| index.refetch() /> }
            }>{content}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn PostView(meta: PostMeta, site: SiteInfo) -> impl IntoView {
    let body_meta = meta.clone();
    let body = LocalResource::new(move || {
        let meta = body_meta.clone();
        async move { api::fetch_body(&meta).await }
    });
    let rendered = move || {
        let site = site.clone();
        Suspend::new(async move {
            body.await.map(move |markdown| {
                let (address, base) = (base_path::address(&site.base_url), base_path::base_path());
                let options = RenderOptions {
                    site_url: Some(address.as_str()).filter(|u| !u.is_empty()),
                    video_hosts: Some(&site.video_hosts),
                    remote_posters: site.remote_posters,
                    base_path: &base,
                };
                let Rendered { html, toc, .. } = render(&markdown, options);
                let toc = (toc.len() >= toc::MIN_ENTRIES)
                    .then(|| view! { <TableOfContents entries=toc /> });
                view! {
                    {toc}
                    <PostBody html />
                }
            })
        })
    };
    view! {
        <Title text=meta.title.clone() />
        <Meta name="description" content=meta.summary.clone() />
        <article class="post">
            <PostHeader post=meta />
            <Transition fallback=BodySkeleton>
                <ErrorBoundary fallback=move |errors| {
                    view! { <ErrorView errors on_retry=move |_| body.refetch() /> }
                }>{rendered}</ErrorBoundary>
            </Transition>
        </article>
    }
}
