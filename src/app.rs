//! The root component: the page frame and the routes (the shared index is in `state`).

use crate::api;
use crate::base_path;
use crate::components::post_body::BodyBehaviour;
use crate::components::prefetch::Prefetch;
use crate::components::site_header::SiteHeader;
use crate::routes::highlights::HighlightsPage;
use crate::routes::listing::{ArchivePage, AuthorPage, TagPage, YearPage};
use crate::routes::search::SearchPage;
use crate::routes::{home::HomePage, not_found::NotFound, post::PostPage};
use crate::state::IndexResource;
use crate::takeover;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let index = LocalResource::new(api::fetch_index);
    let resource = IndexResource(index);
    provide_context(resource);
    // Once the index is here the app is running: the render worker is started when the
    // browser is next idle, so that the first post opened inside the app need not wait.
    Effect::new(move || {
        if matches!(index.get(), Some(Ok(_))) {
            crate::render_client::warm_when_idle();
        }
    });

    view! {
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
