//! The app's side of the render worker (`render_worker.rs`): Markdown is rendered, and search
//! is run, by a second wasm in a Web Worker, so that the app's own wasm carries neither the
//! Markdown parser nor the search engine. The worker is
//! started on first use, or warmed once the app is idle; its script's path comes from the
//! page (`<meta name="quire-render-worker">`, written by the builder). Requests are answered
//! by id. A worker that fails (its script or wasm not loading, a crash) fails what it was
//! asked, and the next request starts a new one.

use crate::fetch::js_message;
use crate::render_protocol::{FoundPost, FromWorker, Job, Outcome, RenderSettings, Request};
use futures::channel::oneshot;
use leptos::prelude::document;
use quire_core::json::ToJson;
use quire_core::markdown::TocEntry;
use quire_core::search::SnippetPart;
use quire_core::site_path::RENDER_WORKER_META;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use thiserror::Error;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};

/// Why a body could not be rendered.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum RenderError {
    #[error("the renderer could not be loaded ({0}); check your connection and try again")]
    Unavailable(String),
    #[error("the renderer failed: {0}")]
    Failed(String),
    /// Search could not load or run; says why in a reader's words.
    #[error("{0}")]
    Search(String),
}

/// A body as HTML (safe to insert: `quire_core::render` made it) and its headings.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderedBody {
    pub html: String,
    pub toc: Vec<TocEntry>,
}

/// Renders a post body in the worker.
pub async fn render(
    markdown: String,
    options: RenderSettings,
) -> Result<RenderedBody, RenderError> {
    match request(Job::Render { markdown, options }).await? {
        Outcome::Rendered { html, toc } => Ok(RenderedBody { html, toc }),
        other => Err(unexpected(other)),
    }
}

/// Loads search in the worker ahead of the first query.
pub async fn load_search(base_path: String) -> Result<(), RenderError> {
    match search_request(Job::LoadSearch { base_path }).await? {
        Outcome::SearchReady => Ok(()),
        other => Err(unexpected(other)),
    }
}

/// What a query found (see `Outcome::Found`).
pub struct Found {
    pub total: u32,
    pub words: Vec<String>,
    pub found: Vec<FoundPost>,
    pub rank_us: u32,
}

/// Runs a query in the worker.
pub async fn search(base_path: String, input: String, limit: u32) -> Result<Found, RenderError> {
    let job = Job::Search {
        base_path,
        input,
        limit,
    };
    match search_request(job).await? {
        Outcome::Found {
            total,
            words,
            found,
            rank_us,
        } => Ok(Found {
            total,
            words,
            found,
            rank_us,
        }),
        other => Err(unexpected(other)),
    }
}

/// A snippet of a post body around the words a query matched.
pub async fn body_snippet(
    markdown: String,
    words: Vec<String>,
) -> Result<Option<Vec<SnippetPart>>, RenderError> {
    match request(Job::BodySnippet { markdown, words }).await? {
        Outcome::Snippet { parts } => Ok(parts),
        other => Err(unexpected(other)),
    }
}

/// A search request: the worker's own failures (a file that did not come) are search errors.
async fn search_request(job: Job) -> Result<Outcome, RenderError> {
    request(job).await.map_err(|e| match e {
        RenderError::Failed(why) => RenderError::Search(why),
        other => other,
    })
}

/// Starts the worker once the browser is idle (at most a few seconds later), so that the
/// first post opened inside the app does not wait for its download. Once per visit.
pub fn warm_when_idle() {
    if WARMING.replace(true) {
        return;
    }
    let warm = Closure::once_into_js(warm_up);
    let Some(window) = web_sys::window() else {
        return;
    };
    // requestIdleCallback is missing in some browsers (Safari): a timer instead.
    let idle = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeout".into(), &WARM_TIMEOUT_MS.into());
    let scheduled = match idle {
        Some(idle) => idle.call2(&window, &warm, &options).is_ok(),
        None => false,
    };
    if !scheduled {
        let f = warm.unchecked_ref();
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(f, 1000);
    }
}

/// How long the warm-up waits for the browser to be idle at most, in milliseconds.
const WARM_TIMEOUT_MS: u32 = 5000;

/// The idle warm-up: starts the worker (marked for the tests and benchmarks).
fn warm_up() {
    crate::perf::mark("quire-render-warm");
    start_worker();
}

/// Starts the worker now, if it is not running: before a body is fetched, so that its
/// download goes beside the body's.
pub fn start_worker() {
    WORKER.with_borrow_mut(|w| {
        if w.is_none() {
            *w = start().ok();
        }
    });
}

type Reply = oneshot::Sender<Result<Outcome, RenderError>>;

/// A started worker and what it was asked.
struct Running {
    generation: u32,
    worker: Worker,
    /// Whether it has said it listens; until then requests wait in `queued`.
    ready: bool,
    queued: Vec<String>,
    pending: HashMap<u32, Reply>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
}

thread_local! {
    static WORKER: RefCell<Option<Running>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    static GENERATION: Cell<u32> = const { Cell::new(0) };
    static WARMING: Cell<bool> = const { Cell::new(false) };
}

async fn request(job: Job) -> Result<Outcome, RenderError> {
    let id = NEXT_ID.replace(NEXT_ID.get().wrapping_add(1).max(1));
    let text = Request { id, job }.to_json();
    let (reply, answer) = oneshot::channel();
    WORKER.with_borrow_mut(|w| {
        let running = match w {
            Some(running) => running,
            None => w.insert(start()?),
        };
        if running.ready {
            post(&running.worker, &text)?;
        } else {
            running.queued.push(text);
        }
        running.pending.insert(id, reply);
        Ok::<_, RenderError>(())
    })?;
    match answer.await {
        Ok(Ok(Outcome::Failed { error })) => Err(RenderError::Failed(error)),
        Ok(result) => result,
        Err(_) => Err(RenderError::Failed("the renderer stopped".to_string())),
    }
}

fn start() -> Result<Running, RenderError> {
    let url = worker_url().ok_or_else(|| {
        RenderError::Unavailable("this build has no render worker: build it with Trunk".into())
    })?;
    let worker = Worker::new(&url).map_err(|e| RenderError::Unavailable(js_message(&e)))?;
    let generation = GENERATION.get().wrapping_add(1);
    GENERATION.set(generation);
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        received(generation, event.data().as_string());
    });
    let on_error = Closure::<dyn Fn(Event)>::new(move |event: Event| {
        let why = match event.dyn_ref::<ErrorEvent>() {
            Some(error) => {
                event.prevent_default();
                RenderError::Failed(error.message())
            }
            // A plain event: the script did not load.
            None => RenderError::Unavailable(format!("{url} did not load")),
        };
        stopped(generation, why);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Running {
        generation,
        worker,
        ready: false,
        queued: Vec::new(),
        pending: HashMap::new(),
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// A message from the worker of `generation`: it listens, or an answer.
fn received(generation: u32, text: Option<String>) {
    let Some(message) = text.and_then(|t| quire_core::json::from_str::<FromWorker>(&t).ok()) else {
        return;
    };
    let failed = WORKER.with_borrow_mut(|w| {
        let running = w.as_mut().filter(|r| r.generation == generation)?;
        match message {
            FromWorker::Ready => {
                running.ready = true;
                for text in std::mem::take(&mut running.queued) {
                    if let Err(e) = post(&running.worker, &text) {
                        return Some(e);
                    }
                }
            }
            FromWorker::Answer { id, outcome } => {
                if let Some(reply) = running.pending.remove(&id) {
                    let _ = reply.send(Ok(outcome));
                }
            }
        }
        None
    });
    if let Some(why) = failed {
        stopped(generation, why);
    }
}

/// The worker of `generation` failed: it is stopped and what it was asked fails with `why`.
fn stopped(generation: u32, why: RenderError) {
    let running = WORKER.with_borrow_mut(|w| match w {
        Some(r) if r.generation == generation => w.take(),
        _ => None,
    });
    if let Some(running) = running {
        running.worker.terminate();
        for (_, reply) in running.pending {
            let _ = reply.send(Err(why.clone()));
        }
    }
}

fn post(worker: &Worker, text: &str) -> Result<(), RenderError> {
    worker
        .post_message(&JsValue::from_str(text))
        .map_err(|e| RenderError::Failed(js_message(&e)))
}

/// The worker script's URL, as the builder wrote it into the page.
fn worker_url() -> Option<String> {
    document()
        .query_selector(&format!("meta[name=\"{RENDER_WORKER_META}\"]"))
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|url| url.starts_with('/') && !url.starts_with("//"))
}

/// An answer of the wrong kind (named, not printed: the app carries no `Debug` of answers).
fn unexpected(outcome: Outcome) -> RenderError {
    let kind = match outcome {
        Outcome::Rendered { .. } => "a rendered body",
        Outcome::SearchReady => "search ready",
        Outcome::Found { .. } => "search results",
        Outcome::Snippet { .. } => "a snippet",
        Outcome::Failed { .. } => "a failure",
    };
    RenderError::Failed(format!("unexpected answer: {kind}"))
}
