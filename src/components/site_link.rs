//! The one way the app links to one of the site's own pages: a site path (`/blog/…`, `/tags/x/`)
//! becomes a link on the served site, under the public path the site is served from, followed
//! inside the app.

use crate::base_path;
use leptos::prelude::*;
use leptos_router::components::A;

/// A link to the site path `to` (a `#fragment` may follow the path). Attributes given as
/// `attr:…` land on the `<a>`.
#[component]
pub fn SiteLink(#[prop(into)] to: String, children: Children) -> impl IntoView {
    view! { <A href=base_path::link(&to)>{children()}</A> }
}
