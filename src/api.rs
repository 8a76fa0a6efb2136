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
}

/// Where the index lives, from the site root.
pub const INDEX_URL: &str = "/posts/index.json";

/// The post index, newest post first.
pub async fn fetch_index() -> Result<Arc<PostIndex>, ApiError> {
    let what = "post index";
    let text = fetch_text(INDEX_URL, what).await?;
    let index: PostIndex = serde_json::from_str(&text).map_err(|e| ApiError::Malformed {
        url: INDEX_URL.to_string(),
        what,
        detail: e.to_string(),
    })?;
    if index.version != INDEX_VERSION {
        return Err(ApiError::Malformed {
            url: INDEX_URL.to_string(),
            what,
            detail: format!(
                "it is format version {}, this app reads version {INDEX_VERSION}; reload the page",
                index.version
            ),
        });
    }
    Ok(Arc::new(index))
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
    let body = fetch_text(&url, "post").await?;
    BODIES.with_borrow_mut(|b| b.insert(url, body.clone()));
    Ok(body)
}

/// A post's body if it was fetched before.
pub fn cached_body(meta: &PostMeta) -> Option<String> {
    BODIES.with_borrow(|b| b.get(&format!("/{}", meta.body)).cloned())
}

/// Whether a post's body is in the cache already.
pub fn has_body(meta: &PostMeta) -> bool {
    BODIES.with_borrow(|b| b.contains_key(&format!("/{}", meta.body)))
}

/// The search manifest, fetched on first use of search.
pub async fn fetch_search_manifest() -> Result<SearchManifest, ApiError> {
    let url = format!("/posts/{MANIFEST_FILE}");
    let what = "search index";
    let manifest: SearchManifest = parse_json(&url, what, &fetch_shared_text(&url, what).await?)?;
    if manifest.version != SEARCH_VERSION {
        return Err(stale(&url, what, manifest.version, SEARCH_VERSION));
    }
    Ok(manifest)
}

/// One shard of the search index.
pub async fn fetch_shard(file: &str) -> Result<Shard, ApiError> {
    let url = format!("/posts/search/{file}");
    let what = "search index part";
    let response = Request::get(&crate::base_path::link(&url))
        .send()
        .await
        .map_err(|e| ApiError::Network {
            url: url.clone(),
            detail: e.to_string(),
        })?;
    if !response.ok() {
        return Err(ApiError::Status {
            url,
            status: response.status(),
        });
    }
    let bytes = response.binary().await.map_err(|e| ApiError::Network {
        url: url.clone(),
        detail: e.to_string(),
    })?;
    shard::decode(&bytes).map_err(|e| ApiError::Malformed {
        url,
        what,
        detail: e.to_string(),
    })
}

/// Every highlight of every post.
pub async fn fetch_highlights() -> Result<HighlightsFile, ApiError> {
    let url = format!("/posts/{HIGHLIGHTS_FILE}");
    let what = "highlights list";
    let file: HighlightsFile = parse_json(&url, what, &fetch_shared_text(&url, what).await?)?;
    if file.version != SEARCH_VERSION {
        return Err(stale(&url, what, file.version, SEARCH_VERSION));
    }
    Ok(file)
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

async fn fetch_text(url: &str, what: &'static str) -> Result<String, ApiError> {
    let response = send(url).await?;
    read_text(url, what, response).await
}

/// Like `fetch_text`, but never aborted: for files several readers share (the search index).
async fn fetch_shared_text(url: &str, what: &'static str) -> Result<String, ApiError> {
    let response = Request::get(&crate::base_path::link(url))
        .send()
        .await
        .map_err(|e| ApiError::Network {
            url: url.to_string(),
            detail: e.to_string(),
        })?;
    read_text(url, what, response).await
}

async fn read_text(url: &str, what: &'static str, response: Response) -> Result<String, ApiError> {
    if !response.ok() {
        return Err(ApiError::Status {
            url: url.to_string(),
            status: response.status(),
        });
    }
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

/// Sends a GET that is aborted if the component that asked for it goes away.
async fn send(url: &str) -> Result<Response, ApiError> {
    let controller = SendWrapper::new(web_sys::AbortController::new().ok());
    let signal = controller.as_ref().map(|c| c.signal());
    on_cleanup(move || {
        if let Some(controller) = controller.take() {
            controller.abort();
        }
    });
    // Data paths are site paths; the site may be served under a sub-path.
    Request::get(&crate::base_path::link(url))
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|e| ApiError::Network {
            url: url.to_string(),
            detail: e.to_string(),
        })
}
