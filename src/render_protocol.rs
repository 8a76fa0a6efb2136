//! The messages between the app (`render_client`) and its render worker (`render_worker.rs`),
//! one definition for both binaries: JSON text, each request answered once under its id.

use quire_core::json::{Fields, FromJson, JsonError, ToJson, Value, write_object, write_variant};
use quire_core::markdown::TocEntry;
use quire_core::markdown::code::CodeRuns;
use quire_core::search::{HighlightEntry, SnippetPart};
use quire_core::{ImageSizes, RenderOptions};
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
    /// Loads what search needs before the first query (the search manifest and the
    /// highlights), from the site served under `base_path`.
    LoadSearch { base_path: String },
    /// Runs a query: the first `limit` posts found, with snippets.
    Search {
        base_path: String,
        input: String,
        limit: u32,
    },
    /// A snippet of a post body (Markdown) around the `words` a query matched.
    BodySnippet {
        markdown: String,
        words: Vec<String>,
    },
}

/// `quire_core::RenderOptions`, owned, to be sent.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct RenderSettings {
    pub site_url: Option<String>,
    pub video_hosts: Option<Vec<String>>,
    pub remote_posters: bool,
    pub base_path: String,
    pub images: Option<ImageSizes>,
    /// The post's highlighted code: its runs file (`PostMeta::code_runs_path`) as fetched,
    /// JSON text that only the worker reads (`code_runs`), so that the app carries no
    /// decoder for it; a file it cannot read leaves the code plain.
    #[serde(default)]
    pub code: Option<String>,
    /// The post's URL and its own files (`PostMeta::files`), served beside it.
    #[serde(default)]
    pub post_url: String,
    #[serde(default)]
    pub files: Vec<String>,
}

impl From<RenderOptions<'_>> for RenderSettings {
    /// The options to send (made by `RenderOptions::for_site`, the one place settings become
    /// options).
    fn from(o: RenderOptions<'_>) -> Self {
        RenderSettings {
            site_url: o.site_url.map(str::to_string),
            video_hosts: o.video_hosts.map(<[String]>::to_vec),
            remote_posters: o.remote_posters,
            base_path: o.base_path.to_string(),
            images: o.images.cloned(),
            code: None,
            post_url: o.files.map_or(String::new(), |f| f.url.to_string()),
            files: o.files.map_or(Vec::new(), |f| f.files.to_vec()),
        }
    }
}

impl RenderSettings {
    /// The options again, on the worker's side (this file is compiled into both binaries;
    /// the app never calls it).
    #[allow(dead_code)]
    pub fn options<'s>(&'s self, code: Option<&'s CodeRuns>) -> RenderOptions<'s> {
        let options = RenderOptions {
            site_url: self.site_url.as_deref(),
            video_hosts: self.video_hosts.as_deref(),
            remote_posters: self.remote_posters,
            base_path: &self.base_path,
            images: self.images.as_ref(),
            code,
            plain_code: false,
            files: None,
        };
        match self.files.is_empty() {
            true => options,
            false => options.with_files(&self.post_url, &self.files),
        }
    }

    /// The runs in `code`, read (on the worker's side, as `options`).
    #[allow(dead_code)]
    pub fn code_runs(&self) -> Option<CodeRuns> {
        serde_json::from_str(self.code.as_deref()?).ok()
    }
}

/// What the worker tells the app.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker listens: requests sent before this are queued by the app.
    Ready,
    /// The answer to the request `id`.
    Answer { id: u32, outcome: Outcome },
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    Rendered {
        html: String,
        toc: Vec<TocEntry>,
    },
    /// Search is loaded.
    SearchReady,
    /// What a query found: `total` posts, the first few of them in `found`, and the index
    /// words that matched (to mark them). `rank_us`: how long the ranking took, in microseconds
    /// (an integer: no float formatting in the app for it).
    Found {
        total: u32,
        words: Vec<String>,
        found: Vec<FoundPost>,
        rank_us: u32,
    },
    Snippet {
        parts: Option<Vec<SnippetPart>>,
    },
    /// The request could not be done; says why.
    Failed {
        error: String,
    },
}

/// A post a query found (its number in the post index), with the highlight that matched (if
/// one did) and a snippet from that highlight when the words are there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FoundPost {
    pub post: u32,
    pub highlight: Option<HighlightEntry>,
    pub snippet: Option<Vec<SnippetPart>>,
}

// The app reads the worker's answers with `quire_core::json` (serde's decoders would cost the
// app's wasm far more bytes); the worker writes them with serde. The tests in
// `render_worker.rs` read every kind of answer back both ways.

/// An enum as serde writes it: `"Unit"` or `{"Variant": {fields}}`.
fn variant(value: &Value) -> Result<(&str, Option<Fields<'_>>), JsonError> {
    match value {
        Value::String(name) => Ok((name, None)),
        Value::Object(pairs) if pairs.len() == 1 => {
            let (name, inner) = &pairs[0];
            Ok((name, Some(inner.fields(name)?)))
        }
        _ => Err(unknown("a message")),
    }
}

fn unknown(what: &str) -> JsonError {
    JsonError::new(format!("not {what}"))
}

impl FromJson for FromWorker {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        match variant(value)? {
            ("Ready", None) => Ok(FromWorker::Ready),
            ("Answer", Some(f)) => Ok(FromWorker::Answer {
                id: f.read("id")?,
                outcome: f.read("outcome")?,
            }),
            _ => Err(unknown("a message from the worker")),
        }
    }
}

impl FromJson for Outcome {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        match variant(value)? {
            ("Rendered", Some(f)) => Ok(Outcome::Rendered {
                html: f.read("html")?,
                toc: f.read("toc")?,
            }),
            ("SearchReady", None) => Ok(Outcome::SearchReady),
            ("Found", Some(f)) => Ok(Outcome::Found {
                total: f.read("total")?,
                words: f.read("words")?,
                found: f.read("found")?,
                rank_us: f.read("rank_us")?,
            }),
            ("Snippet", Some(f)) => Ok(Outcome::Snippet {
                parts: f.optional("parts")?,
            }),
            ("Failed", Some(f)) => Ok(Outcome::Failed {
                error: f.read("error")?,
            }),
            _ => Err(unknown("an answer")),
        }
    }
}

impl FromJson for FoundPost {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let f = value.fields("a post found")?;
        Ok(FoundPost {
            post: f.read("post")?,
            highlight: f.optional("highlight")?,
            snippet: f.optional("snippet")?,
        })
    }
}

// The app writes its requests with `quire_core::json` too; the worker reads them with serde.

impl ToJson for Request {
    fn write_json(&self, out: &mut String) {
        write_object(out, &[("id", &self.id), ("job", &self.job)]);
    }
}

impl ToJson for Job {
    fn write_json(&self, out: &mut String) {
        match self {
            Job::Render { markdown, options } => {
                write_variant(
                    out,
                    "Render",
                    &[("markdown", markdown), ("options", options)],
                );
            }
            Job::LoadSearch { base_path } => {
                write_variant(out, "LoadSearch", &[("base_path", base_path)]);
            }
            Job::Search {
                base_path,
                input,
                limit,
            } => write_variant(
                out,
                "Search",
                &[("base_path", base_path), ("input", input), ("limit", limit)],
            ),
            Job::BodySnippet { markdown, words } => {
                write_variant(
                    out,
                    "BodySnippet",
                    &[("markdown", markdown), ("words", words)],
                );
            }
        }
    }
}

impl ToJson for RenderSettings {
    fn write_json(&self, out: &mut String) {
        write_object(
            out,
            &[
                ("site_url", &self.site_url),
                ("video_hosts", &self.video_hosts),
                ("remote_posters", &self.remote_posters),
                ("base_path", &self.base_path),
                ("images", &self.images),
                ("code", &self.code),
                ("post_url", &self.post_url),
                ("files", &self.files),
            ],
        );
    }
}
