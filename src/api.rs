//! Every network access of the app: the post index and post bodies, fetched from the site's
//! own static files. A server that answers a missing file with its SPA fallback page (status
//! 200, HTML) is caught here, so HTML is never taken for data.

use gloo_net::http::{Request, Response};
use leptos::prelude::on_cleanup;
use quire_core::index::INDEX_VERSION;
use quire_core::{PostIndex, PostMeta};
use send_wrapper::SendWrapper;
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

/// The Markdown body of a post.
pub async fn fetch_body(meta: &PostMeta) -> Result<String, ApiError> {
    fetch_text(&format!("/{}", meta.body), "post").await
}

async fn fetch_text(url: &str, what: &'static str) -> Result<String, ApiError> {
    let response = send(url).await?;
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
