//! Where the site is served from (`/`, or a sub-path such as `/blog/`), as the builder wrote it
//! into every page (`<meta name="quire-base-path">`): the router's base, and the prefix of every
//! fetch and of every link to a site path. Posts and the index speak in site paths only.

use leptos::prelude::document;
use quire_core::site_path::{BASE_META, normalize_base, prefixed, site_address, unprefixed};

thread_local! {
    static BASE_PATH: String = read();
}

fn read() -> String {
    document()
        .query_selector(&format!("meta[name=\"{BASE_META}\"]"))
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .and_then(|content| normalize_base(&content))
        .unwrap_or_else(|| "/".to_string())
}

/// The public path, `/` or `/some/path/`.
pub fn base_path() -> String {
    BASE_PATH.with(Clone::clone)
}

/// The router's base: the public path without its trailing slash (empty at the root).
pub fn router_base() -> String {
    base_path().trim_end_matches('/').to_string()
}

/// A site path (`/blog/x/`) as a URL on the served site (`/blog/blog/x/` under `/blog/`);
/// other URLs unchanged.
pub fn link(path: &str) -> String {
    BASE_PATH.with(|base| prefixed(base, path).into_owned())
}

/// The site path of the page's path, `None` when it lies outside the public path.
pub fn site_path(pathname: &str) -> Option<String> {
    BASE_PATH.with(|base| unprefixed(base, pathname).map(|p| p.into_owned()))
}

/// The site's absolute address (`base_url` with the public path), as the builder computes it.
pub fn address(base_url: &str) -> String {
    BASE_PATH.with(|base| site_address(base_url, base))
}

/// How the app navigates to a URL it built with [`link`]: the path is complete, public path
/// included, so the router must not put its base before it again.
pub fn navigate_options() -> leptos_router::NavigateOptions {
    leptos_router::NavigateOptions {
        resolve: false,
        ..Default::default()
    }
}

/// Like [`navigate_options`], replacing the current history entry and keeping the scroll
/// position: for a query typed into the page (`?q=`) or marks taken away.
pub fn replace_options() -> leptos_router::NavigateOptions {
    leptos_router::NavigateOptions {
        replace: true,
        scroll: false,
        ..navigate_options()
    }
}
