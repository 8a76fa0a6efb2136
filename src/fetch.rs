//! GETs of the site's own files, for the app (`api`) and its worker (`worker_search`) alike,
//! through the global `fetch` (a window's or a worker's). A server that answers a missing
//! file with its SPA fallback page (status 200, HTML) is caught here, so HTML is never taken
//! for data. Errors name the site path asked for, in words a reader can act on.

use js_sys::futures::JsFuture;
use thiserror::Error;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, RequestInit, Response};

/// Why a file could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum FetchError {
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

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, in a window and in a worker alike.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> js_sys::Promise;
}

/// A file to GET: `path` is the site path errors name, `url` what is asked of the server
/// (the path under the public path).
pub struct Get<'a> {
    pub path: &'a str,
    pub url: &'a str,
    pub what: &'static str,
    /// Aborts the request (a page that went away).
    pub signal: Option<&'a AbortSignal>,
}

impl Get<'_> {
    fn network(&self, error: &JsValue) -> FetchError {
        FetchError::Network {
            url: self.path.to_string(),
            detail: js_message(error),
        }
    }

    /// Sends the request and checks its status.
    async fn response(&self) -> Result<Response, FetchError> {
        let init = RequestInit::new();
        if let Some(signal) = self.signal {
            init.set_signal(Some(signal));
        }
        let response = JsFuture::from(global_fetch(self.url, &init))
            .await
            .map_err(|e| self.network(&e))?
            .dyn_into::<Response>()
            .map_err(|e| self.network(&e))?;
        if !response.ok() {
            return Err(FetchError::Status {
                url: self.path.to_string(),
                status: response.status(),
            });
        }
        Ok(response)
    }

    /// The file as text; an HTML answer (a server's fallback page) is refused.
    pub async fn text(&self) -> Result<String, FetchError> {
        let response = self.response().await?;
        let content_type = response
            .headers()
            .get("content-type")
            .ok()
            .flatten()
            .unwrap_or_default();
        if content_type.to_ascii_lowercase().contains("text/html") {
            return Err(FetchError::NotData {
                url: self.path.to_string(),
                what: self.what,
            });
        }
        let text = response.text().map_err(|e| self.network(&e))?;
        let text = JsFuture::from(text).await.map_err(|e| self.network(&e))?;
        Ok(text.as_string().unwrap_or_default())
    }

    /// The file's bytes (the worker's search shards; the app reads no binary file).
    #[allow(dead_code)]
    pub async fn bytes(&self) -> Result<Vec<u8>, FetchError> {
        let response = self.response().await?;
        let buffer = response.array_buffer().map_err(|e| self.network(&e))?;
        let buffer = JsFuture::from(buffer).await.map_err(|e| self.network(&e))?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }

    /// A JSON file the builder writes with a format version: fetched, read by `decode`, and
    /// refused with a reload hint when its version is not the one this app reads.
    pub async fn versioned<T>(
        &self,
        decode: impl Fn(&str) -> Result<T, String>,
        wanted: u32,
        version: impl Fn(&T) -> u32,
    ) -> Result<T, FetchError> {
        let text = self.text().await?;
        let value = decode(&text).map_err(|e| self.malformed(e))?;
        match version(&value) {
            found if found == wanted => Ok(value),
            found => Err(self.malformed(format!(
                "it is format version {found}, this app reads version {wanted}; reload the page"
            ))),
        }
    }

    /// The file came but cannot be read.
    pub fn malformed(&self, detail: String) -> FetchError {
        FetchError::Malformed {
            url: self.path.to_string(),
            what: self.what,
            detail,
        }
    }
}

/// A JavaScript error's message.
pub fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}
