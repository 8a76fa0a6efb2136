//! The banner at the top of every page: the site's name, linking home.

use crate::app::IndexResource;
use crate::components::search_box::SearchBox;
use crate::components::theme_toggle::ThemeToggle;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let index: IndexResource = expect_context();
    let title = move || index.site_title().unwrap_or_else(|| "Home".to_string());
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <A href="/" attr:class="site-title">
                    {title}
                </A>
                <nav class="site-nav" aria-label="Site">
                    <A href="/highlights">"Highlights"</A>
                </nav>
                <SearchBox />
                <ThemeToggle />
            </div>
        </header>
    }
}
