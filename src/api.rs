//! Every network access of the app: the post index and post bodies, fetched from the site's
//! own static files. A server that answers a missing file with its SPA fallback page (status
//! 200, HTML) is caught here, so HTML is never taken for data.

use gloo_net::http::{Request, Response};
use leptos::prelude::on_cleanup;
use quire_core::index::INDEX_VERSION;
use quire_core::search::shard::{self, Shard};
use quire_core::search::{
    HIGHLIGHTS_FILE, HighlightsFile, MANIFEST_FILE, SEARCH_VERSION, SearchManifest,
};
use quire_core::{PostIndex, PostMeta};
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use thiserror::Error;

/// Why data could not be loaded, in words a reader can act on.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ApiError {
    #[error("could not reach the server for {url} ({detail}); check your connection")]
    Network { url: String, detail: String },
    #[error("the server answered {status} for {url}")]
    Status { url: String, status: u16 },
    #[error("{url} is missing from this site: the server sent a web page instead of the {what}")]
    NotData { url: String, what: &'static str },
    #[error("{url} is not a readable {what}: {detail}")]
    Malformed {
        url: String,
        what: &'static str,
        detail: String,
    },
    /// The body came, but the render worker could not render it.
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
    /// Post bodies fetched so far: a post opened again, or prefetched, shows at once.
    static BODIES: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// The Markdown body of a post, from the cache when it was fetched before.
pub async fn fetch_body(meta: &PostMeta) -> Result<String, ApiError> {
    let url = format!("/{}", meta.body);
    if let Some(body) = BODIES.with_borrow(|b| b.get(&url).cloned()) {
        return Ok(body);
    }
    let body = fetch_text(&url, "post", Fetch::ForPage).await?;
    BODIES.with_borrow_mut(|b| b.insert(url, body.clone()));
    Ok(body)
}

/// The search manifest, fetched on first use of search.
pub async fn fetch_search_manifest() -> Result<SearchManifest, ApiError> {
    let url = format!("/posts/{MANIFEST_FILE}");
    let version = |m: &SearchManifest| m.version;
    fetch_versioned(&url, "search index", Fetch::Shared, SEARCH_VERSION, version).await
}

/// One shard of the search index.
pub async fn fetch_shard(file: &str) -> Result<Shard, ApiError> {
    let url = format!("/posts/search/{file}");
    let response = get(&url, Fetch::Shared).await?;
    let bytes = response.binary().await.map_err(|e| ApiError::Network {
        url: url.clone(),
        detail: e.to_string(),
    })?;
    shard::decode(&bytes).map_err(|e| ApiError::Malformed {
        url,
        what: "search index part",
        detail: e.to_string(),
    })
}

/// Every highlight of every post.
pub async fn fetch_highlights() -> Result<HighlightsFile, ApiError> {
    let url = format!("/posts/{HIGHLIGHTS_FILE}");
    let version = |f: &HighlightsFile| f.version;
    fetch_versioned(
        &url,
        "highlights list",
        Fetch::Shared,
        SEARCH_VERSION,
        version,
    )
    .await
}

/// Whether a fetch belongs to the component that asked for it or to everyone.
#[derive(Clone, Copy)]
enum Fetch {
    /// Aborted when the component that asked for it goes away.
    ForPage,
    /// Never aborted: a file several readers share (the search index).
    Shared,
}

/// A JSON file the builder writes with a format version: fetched, read, and refused with a
/// reload hint when its version is not the one this app reads.
async fn fetch_versioned<T: serde::de::DeserializeOwned>(
    url: &str,
    what: &'static str,
    fetch: Fetch,
    wanted: u32,
    version: impl Fn(&T) -> u32,
) -> Result<T, ApiError> {
    let text = fetch_text(url, what, fetch).await?;
    let value: T = parse_json(url, what, &text)?;
    match version(&value) {
        found if found == wanted => Ok(value),
        found => Err(stale(url, what, found, wanted)),
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(
    url: &str,
    what: &'static str,
    text: &str,
) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Malformed {
        url: url.to_string(),
        what,
        detail: e.to_string(),
    })
}

fn stale(url: &str, what: &'static str, found: u32, wanted: u32) -> ApiError {
    ApiError::Malformed {
        url: url.to_string(),
        what,
        detail: format!(
            "it is format version {found}, this app reads version {wanted}; reload the page"
        ),
    }
}

async fn fetch_text(url: &str, what: &'static str, fetch: Fetch) -> Result<String, ApiError> {
    let response = get(url, fetch).await?;
    let content_type = response.headers().get("content-type").unwrap_or_default();
    if content_type.to_ascii_lowercase().contains("text/html") {
        return Err(ApiError::NotData {
            url: url.to_string(),
            what,
        });
    }
    response.text().await.map_err(|e| ApiError::Network {
        url: url.to_string(),
        detail: e.to_string(),
    })
}

/// Sends a GET for a site path (the site may be served under a sub-path) and checks its
/// status.
async fn get(url: &str, fetch: Fetch) -> Result<Response, ApiError> {
    let mut request = Request::get(&crate::base_path::link(url));
    let controller = match fetch {
        Fetch::ForPage => SendWrapper::new(web_sys::AbortController::new().ok()),
        Fetch::Shared => SendWrapper::new(None),
    };
    let signal = controller.as_ref().map(|c| c.signal());
    if signal.is_some() {
        request = request.abort_signal(signal.as_ref());
        on_cleanup(move || {
            if let Some(controller) = controller.take() {
                controller.abort();
            }
        });
    }
    let response = request.send().await.map_err(|e| ApiError::Network {
        url: url.to_string(),
        detail: e.to_string(),
    })?;
    if !response.ok() {
        return Err(ApiError::Status {
            url: url.to_string(),
            status: response.status(),
        });
    }
    Ok(response)
}
