//! The messages between the app (`render_client`) and its render worker (`render_worker.rs`),
//! one definition for both binaries: JSON text, each request answered once under its id.

use quire_core::ImageSizes;
use quire_core::markdown::TocEntry;
use serde::{Deserialize, Serialize};

/// What the app asks the worker to do.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    pub id: u32,
    pub job: Job,
}

#[derive(Debug, Serialize, Deserialize)]
pub enum Job {
    /// A post body to HTML, as `quire_core::render` makes it.
    Render {
        markdown: String,
        options: RenderSettings,
    },
    /// The readable text of Markdown (`quire_core::markdown::plain_text`), for search snippets.
    PlainText { markdown: String },
}

/// `quire_core::RenderOptions`, owned, to be sent.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct RenderSettings {
    pub site_url: Option<String>,
    pub video_hosts: Option<Vec<String>>,
    pub remote_posters: bool,
    pub base_path: String,
    pub images: Option<ImageSizes>,
}

/// What the worker tells the app.
#[derive(Debug, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker listens: requests sent before this are queued by the app.
    Ready,
    /// The answer to the request `id`.
    Answer { id: u32, outcome: Outcome },
}

#[derive(Debug, Serialize, Deserialize)]
pub enum Outcome {
    Rendered {
        html: String,
        toc: Vec<TocEntry>,
    },
    Text {
        text: String,
    },
    /// The request could not be done; says why.
    Failed {
        error: String,
    },
}
