//! Every network access of the app: the post index and post bodies, fetched from the site's
//! own static files. A server that answers a missing file with its SPA fallback page (status
//! 200, HTML) is caught here, so HTML is never taken for data.

use crate::fetch::{FetchError, Get};
use leptos::prelude::on_cleanup;
use quire_core::index::INDEX_VERSION;
use quire_core::json::{self, FromJson};
use quire_core::search::{HIGHLIGHTS_FILE, HighlightsFile, SEARCH_VERSION};
use quire_core::{PostIndex, PostMeta};
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use thiserror::Error;

/// Why data could not be loaded, in words a reader can act on.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ApiError {
    /// A file did not come, or came unreadable.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The render worker could not do its part (render a body, search).
    #[error(transparent)]
    Render(#[from] crate::render_client::RenderError),
}

/// Where the index lives, from the site root.
pub const INDEX_URL: &str = "/posts/index.json";

/// The post index, newest post first.
pub async fn fetch_index() -> Result<Arc<PostIndex>, ApiError> {
    let index = fetch_versioned(
        INDEX_URL,
        "post index",
        Fetch::ForPage,
        INDEX_VERSION,
        |i: &PostIndex| i.version,
    );
    index.await.map(Arc::new)
}

thread_local! {
    /// Post bodies (and their runs files) fetched so far: a post opened again, or prefetched,
    /// shows at once.
    static BODIES: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// The Markdown body of a post, from the cache when it was fetched before.
pub async fn fetch_body(meta: &PostMeta) -> Result<String, ApiError> {
    fetch_text(&meta.body, "post").await
}

/// A post's highlighted code (its runs file, when the index says it has one) as JSON text,
/// read only by the render worker. `None` without one, or when it does not come: the code is
/// then shown plain rather than the post not at all.
pub async fn fetch_code_runs(meta: &PostMeta) -> Option<String> {
    fetch_text(&meta.code_runs_path()?, "highlighted code")
        .await
        .ok()
}

/// A text file of a post at `path` from the site root, from the cache when it was fetched
/// before.
async fn fetch_text(path: &str, what: &'static str) -> Result<String, ApiError> {
    let url = format!("/{path}");
    if let Some(body) = BODIES.with_borrow(|b| b.get(&url).cloned()) {
        return Ok(body);
    }
    let body = with_get(&url, what, Fetch::ForPage, async |get| get.text().await).await?;
    BODIES.with_borrow_mut(|b| b.insert(url, body.clone()));
    Ok(body)
}

thread_local! {
    static HIGHLIGHTS: RefCell<Option<Rc<HighlightsFile>>> = const { RefCell::new(None) };
}

/// Every highlight of every post (the `/highlights` page), fetched once per visit.
pub async fn fetch_highlights() -> Result<Rc<HighlightsFile>, ApiError> {
    if let Some(file) = HIGHLIGHTS.with_borrow(Clone::clone) {
        return Ok(file);
    }
    let url = format!("/posts/{HIGHLIGHTS_FILE}");
    let version = |f: &HighlightsFile| f.version;
    let file = fetch_versioned(
        &url,
        "highlights list",
        Fetch::Shared,
        SEARCH_VERSION,
        version,
    )
    .await?;
    let file = Rc::new(file);
    HIGHLIGHTS.with_borrow_mut(|h| *h = Some(file.clone()));
    Ok(file)
}

/// Whether a fetch belongs to the component that asked for it or to everyone.
#[derive(Clone, Copy)]
enum Fetch {
    /// Aborted when the component that asked for it goes away.
    ForPage,
    /// Never aborted: a file several readers share.
    Shared,
}

/// A JSON file the builder writes with a format version (see [`Get::versioned`]), read by
/// `quire_core::json` (serde's decoders would cost the app's wasm far more bytes).
async fn fetch_versioned<T: FromJson>(
    url: &str,
    what: &'static str,
    fetch: Fetch,
    wanted: u32,
    version: impl Fn(&T) -> u32,
) -> Result<T, ApiError> {
    with_get(url, what, fetch, async |get| {
        get.versioned(
            |t| json::from_str(t).map_err(|e| e.to_string()),
            wanted,
            version,
        )
        .await
    })
    .await
}

/// Runs `load` on a GET of a site path (the site may be served under a sub-path); a fetch
/// for a page is aborted when the page goes away.
async fn with_get<T>(
    path: &str,
    what: &'static str,
    fetch: Fetch,
    load: impl AsyncFnOnce(&Get<'_>) -> Result<T, FetchError>,
) -> Result<T, ApiError> {
    let controller = match fetch {
        Fetch::ForPage => SendWrapper::new(web_sys::AbortController::new().ok()),
        Fetch::Shared => SendWrapper::new(None),
    };
    let signal = controller.as_ref().map(|c| c.signal());
    if signal.is_some() {
        on_cleanup(move || {
            if let Some(controller) = controller.take() {
                controller.abort();
            }
        });
    }
    let url = crate::base_path::link(path);
    let get = Get {
        path,
        url: &url,
        what,
        signal: signal.as_ref(),
    };
    Ok(load(&get).await?)
}
