//! The banner at the top of every page: the site's name, linking home.

use crate::app::IndexResource;
use crate::base_path;
use crate::components::search_box::SearchBox;
use crate::components::theme_toggle::ThemeToggle;
use crate::takeover;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let index: IndexResource = expect_context();
    // Until the index arrives, the name and links are those of the entry file's header,
    // which this one replaces: nothing changes on screen.
    let title = move || {
        index
            .site_title()
            .or_else(takeover::site_title)
            .unwrap_or_else(|| "Home".to_string())
    };
    let static_nav = takeover::static_nav_links();
    // Links the settings add (`[[nav]]` in quire.toml).
    let nav = move || {
        let links = match index.0.get().and_then(Result::ok) {
            Some(i) => i
                .site
                .nav
                .iter()
                .map(|l| (l.title.clone(), base_path::link(&l.url)))
                .collect(),
            None => static_nav.clone(),
        };
        links
            .into_iter()
            .map(|(title, href)| view! { <a href=href data-nav="">{title}</a> })
            .collect_view()
    };
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <A href=base_path::link("/") attr:class="site-title">
                    {title}
                </A>
                <nav class="site-nav" aria-label="Site">
                    <A href=base_path::link("/archive")>"Archive"</A>
                    <A href=base_path::link("/highlights")>"Highlights"</A>
                    {nav}
                </nav>
                <SearchBox />
                <ThemeToggle />
            </div>
        </header>
    }
}
