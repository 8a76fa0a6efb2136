//! The banner at the top of every page: the site's name, linking home.

use crate::app::IndexResource;
use crate::base_path;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let index: IndexResource = expect_context();
    let title = move || index.site_title().unwrap_or_else(|| "Home".to_string());
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <A href=base_path::link("/") attr:class="site-title">
                    {title}
                </A>
            </div>
        </header>
    }
}
