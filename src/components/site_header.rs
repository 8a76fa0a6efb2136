//! The banner at the top of every page: the site's name, linking home.

use crate::base_path;
use crate::components::search_box::SearchBox;
use crate::components::site_link::SiteLink;
use crate::components::theme_toggle::ThemeToggle;
use crate::state::IndexResource;
use crate::takeover;
use leptos::prelude::*;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let index: IndexResource = expect_context();
    // Until the index arrives, the name and links are those of the entry file's header,
    // which this one replaces: nothing changes on screen.
    let title = move || {
        index
            .site_title()
            .or_else(crate::head::site_title)
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
                <SiteLink to="/" attr:class="site-title">
                    {title}
                </SiteLink>
                <nav class="site-nav" aria-label="Site">
                    <SiteLink to="/archive">"Archive"</SiteLink>
                    <SiteLink to="/highlights">"Highlights"</SiteLink>
                    {nav}
                </nav>
                <SearchBox />
                <ThemeToggle />
            </div>
        </header>
    }
}
