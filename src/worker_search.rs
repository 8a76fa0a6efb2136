//! Search, run in the render worker so that the app's own wasm carries neither the search
//! engine nor its index formats, and ranking never holds up the page. Nothing is fetched
//! until search is first used; then the manifest and the highlights, and for each query only
//! the index shards it needs. Everything fetched is kept for the worker's life. Posts are
//! answered by their number in the post index, which the app holds.

use crate::fetch::{FetchError, Get};
use crate::render_protocol::{FoundPost, Outcome};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use quire_core::search::{
    HIGHLIGHTS_FILE, HighlightsFile, MANIFEST_FILE, Query, SEARCH_VERSION, SNIPPET_BYTES,
    SearchIndex, SearchManifest, SnippetPart, shard, snippet,
};
use quire_core::site_path::prefixed;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;

struct Engine {
    base_path: String,
    index: SearchIndex,
    highlights: HighlightsFile,
}

type Loading = Shared<LocalBoxFuture<'static, Result<Rc<RefCell<Engine>>, FetchError>>>;

thread_local! {
    static ENGINE: RefCell<Option<Rc<RefCell<Engine>>>> = const { RefCell::new(None) };
    /// The one load, shared by every query that waits for it.
    static LOADING: RefCell<Option<Loading>> = const { RefCell::new(None) };
}

/// Loads what every query needs (once). A failed load is forgotten, so the next query tries
/// again.
async fn engine(base_path: &str) -> Result<Rc<RefCell<Engine>>, FetchError> {
    if let Some(engine) = ENGINE.with_borrow(Clone::clone)
        && engine.borrow().base_path == base_path
    {
        return Ok(engine);
    }
    let loading = LOADING.with_borrow_mut(|l| {
        l.get_or_insert_with(|| load(base_path.to_string()).boxed_local().shared())
            .clone()
    });
    let result = loading.await;
    LOADING.with_borrow_mut(|l| *l = None);
    if let Ok(engine) = &result {
        ENGINE.with_borrow_mut(|e| *e = Some(engine.clone()));
    }
    result
}

async fn load(base_path: String) -> Result<Rc<RefCell<Engine>>, FetchError> {
    let manifest_path = format!("/posts/{MANIFEST_FILE}");
    let highlights_path = format!("/posts/{HIGHLIGHTS_FILE}");
    let (manifest, highlights) = futures::future::join(
        versioned(
            &base_path,
            &manifest_path,
            "search index",
            SEARCH_VERSION,
            |m: &SearchManifest| m.version,
        ),
        versioned(
            &base_path,
            &highlights_path,
            "highlights list",
            SEARCH_VERSION,
            |f: &HighlightsFile| f.version,
        ),
    )
    .await;
    Ok(Rc::new(RefCell::new(Engine {
        base_path,
        index: SearchIndex::new(manifest?),
        highlights: highlights?,
    })))
}

async fn versioned<T: serde::de::DeserializeOwned>(
    base_path: &str,
    path: &str,
    what: &'static str,
    wanted: u32,
    version: impl Fn(&T) -> u32,
) -> Result<T, FetchError> {
    let url = prefixed(base_path, path);
    let get = Get {
        path,
        url: url.as_ref(),
        what,
        signal: None,
    };
    let decode = |t: &str| serde_json::from_str(t).map_err(|e| e.to_string());
    get.versioned(decode, wanted, version).await
}

async fn fetch_shard(base_path: &str, file: &str) -> Result<shard::Shard, FetchError> {
    let path = format!("/posts/search/{file}");
    let url = prefixed(base_path, &path);
    let get = Get {
        path: &path,
        url: url.as_ref(),
        what: "search index part",
        signal: None,
    };
    let bytes = get.bytes().await?;
    shard::decode(&bytes).map_err(|e| get.malformed(e.to_string()))
}

/// Loads search ahead of the first query.
pub async fn warm(base_path: &str) -> Outcome {
    match engine(base_path).await {
        Ok(_) => Outcome::SearchReady,
        Err(e) => failed(e),
    }
}

/// Runs a query: fetches the shards it needs (twice at most: the second time for the
/// candidates of a typo), then ranks, and cuts snippets from the matched highlights of the
/// posts to be shown (the app cuts those from summaries: it holds the post index).
pub async fn search(base_path: &str, input: &str, limit: usize) -> Outcome {
    match run(base_path, input, limit).await {
        Ok(outcome) => outcome,
        Err(e) => failed(e),
    }
}

async fn run(base_path: &str, input: &str, limit: usize) -> Result<Outcome, FetchError> {
    let query = Query::parse(input);
    if query.is_empty() {
        return Ok(Outcome::Found {
            total: 0,
            words: Vec::new(),
            found: Vec::new(),
            rank_us: 0,
        });
    }
    let engine = engine(base_path).await?;
    for _ in 0..2 {
        let missing: Vec<(usize, String)> = {
            let e = engine.borrow();
            let files = &e.index.manifest().shards;
            e.index
                .missing_shards(&query)
                .into_iter()
                .filter_map(|i| Some((i, files.get(i)?.file.clone())))
                .collect()
        };
        if missing.is_empty() {
            break;
        }
        let fetched =
            futures::future::join_all(missing.iter().map(|(_, f)| fetch_shard(base_path, f))).await;
        let mut e = engine.borrow_mut();
        for ((i, _), shard) in missing.iter().zip(fetched) {
            e.index.insert_shard(*i, shard?);
        }
    }
    let started = now();
    let e = engine.borrow();
    let results = e.index.search(&query);
    let words = results.words;
    // Only the results to be shown are made (and get snippets).
    let found = results
        .hits
        .iter()
        .take(limit)
        .map(|hit| {
            let highlight = hit
                .highlight
                .and_then(|h| e.highlights.highlights.get(h as usize).cloned());
            let snippet = highlight
                .as_ref()
                .and_then(|h| snippet(&format!("{}: {}", h.name, h.text), &words, SNIPPET_BYTES));
            FoundPost {
                post: hit.post,
                highlight,
                snippet,
            }
        })
        .collect();
    Ok(Outcome::Found {
        total: u32::try_from(results.hits.len()).unwrap_or(u32::MAX),
        words,
        found,
        rank_us: ((now() - started) * 1000.0) as u32,
    })
}

/// A snippet from a post's body, for a result whose words are not in its summary.
pub fn body_snippet(markdown: &str, words: &[String]) -> Option<Vec<SnippetPart>> {
    let text = quire_core::markdown::plain_text(markdown);
    snippet(&text, words, SNIPPET_BYTES)
}

fn failed(error: FetchError) -> Outcome {
    Outcome::Failed {
        error: error.to_string(),
    }
}

/// The worker's clock, in milliseconds.
fn now() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
}
