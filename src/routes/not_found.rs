//! The not-found page, for unknown paths and unknown posts.

use crate::components::site_link::SiteLink;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::head::page_head(|| "Page not found".into(), None);
    view! {
        <section class="not-found" aria-labelledby="not-found-title">
            <h1 id="not-found-title">"Page not found"</h1>
            <p>"There is no page at this address. It may have moved, or the link may be mistyped."</p>
            <p>
                <SiteLink to="/">"Go to the list of posts"</SiteLink>
            </p>
        </section>
    }
}
