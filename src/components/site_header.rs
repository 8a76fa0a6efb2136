//! The banner at the top of every page: the site's name, linking home.

use crate::app::IndexResource;
use crate::base_path;
use crate::components::search_box::SearchBox;
use crate::components::theme_toggle::ThemeToggle;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let index: IndexResource = expect_context();
    let title = move || index.site_title().unwrap_or_else(|| "Home".to_string());
    // Links the settings add (`[[nav]]` in quire.toml).
    let nav = move || {
        index
            .0
            .get()
            .and_then(Result::ok)
            .map(|i| i.site.nav.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|link| view! { <a href=base_path::link(&link.url)>{link.title}</a> })
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
