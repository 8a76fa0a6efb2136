//! The root component: the shared post index, the page frame and the routes.

use crate::api::{self, ApiError};
use crate::base_path;
use crate::components::post_body::BodyBehaviour;
use crate::components::prefetch::Prefetch;
use crate::components::site_header::SiteHeader;
use crate::routes::highlights::HighlightsPage;
use crate::routes::listing::{ArchivePage, AuthorPage, TagPage, YearPage};
use crate::routes::search::SearchPage;
use crate::routes::{home::HomePage, not_found::NotFound, post::PostPage};
use crate::takeover;
use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use quire_core::PostIndex;
use quire_core::index::page_title;
use std::sync::Arc;

/// The post index, fetched once and shared by every route.
#[derive(Clone, Copy)]
pub struct IndexResource(pub LocalResource<Result<Arc<PostIndex>, ApiError>>);

impl IndexResource {
    /// The blog's name, once the index has loaded.
    pub fn site_title(self) -> Option<String> {
        self.0
            .get()
            .and_then(Result::ok)
            .map(|i| i.site.title.clone())
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let index = LocalResource::new(api::fetch_index);
    let resource = IndexResource(index);
    provide_context(resource);
    // Until the index arrives, the site's name is the one the entry file carries.
    let formatter = move |page: String| {
        let site = resource.site_title().or_else(takeover::site_title);
        page_title(&page, &site.unwrap_or_default())
    };

    view! {
        <Title formatter />
        // The entry file's skip link, header and `<main>` are taken over (see `takeover`).
        <Router base=base_path::router_base()>
            {takeover::skip_link()}
            {takeover::replacing("body > header.site-header", view! { <SiteHeader /> })}
            <Prefetch />
            <BodyBehaviour />
            {takeover::in_main(view! {
                // Posts live at their own URLs, so every other path is looked up in the index
                // (a matched route, not the fallback, so links inside keep the router's context).
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/page/:n") view=HomePage />
                    <Route path=path!("/tags/:key") view=TagPage />
                    <Route path=path!("/authors/:key") view=AuthorPage />
                    <Route path=path!("/archive") view=ArchivePage />
                    <Route path=path!("/archive/:key") view=YearPage />
                    <Route path=path!("/search") view=SearchPage />
                    <Route path=path!("/highlights") view=HighlightsPage />
                    <Route path=path!("/*any") view=PostPage />
                </Routes>
            })}
        </Router>
    }
}
