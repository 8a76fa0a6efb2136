//! The reader's side of search. Nothing is fetched until search is first used; then the
//! manifest and the highlights list, and for each query only the index shards it needs.
//! Everything fetched is kept for the rest of the visit.

use crate::api::{self, ApiError};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use quire_core::search::{
    HighlightEntry, HighlightsFile, Query, SearchIndex, SnippetPart, snippet,
};
use quire_core::{PostIndex, PostMeta};
use std::cell::RefCell;
use std::rc::Rc;

/// How long a snippet is, in bytes of text.
pub const SNIPPET_BYTES: usize = 180;

struct Engine {
    index: SearchIndex,
    highlights: Rc<HighlightsFile>,
}

thread_local! {
    static ENGINE: RefCell<Option<Rc<RefCell<Engine>>>> = const { RefCell::new(None) };
}

type Loading = Shared<LocalBoxFuture<'static, Result<Rc<RefCell<Engine>>, ApiError>>>;

thread_local! {
    /// The one load of the manifest and highlights, shared by everyone who waits for it.
    static LOADING: RefCell<Option<Loading>> = const { RefCell::new(None) };
}

/// Loads what every query needs (once): the manifest and the highlights. A failed load is
/// forgotten, so the next use tries again.
async fn engine() -> Result<Rc<RefCell<Engine>>, ApiError> {
    if let Some(engine) = ENGINE.with_borrow(Clone::clone) {
        return Ok(engine);
    }
    let loading = LOADING.with_borrow_mut(|l| {
        l.get_or_insert_with(|| load().boxed_local().shared())
            .clone()
    });
    let result = loading.await;
    LOADING.with_borrow_mut(|l| *l = None);
    if let Ok(engine) = &result {
        ENGINE.with_borrow_mut(|e| *e = Some(engine.clone()));
    }
    result
}

async fn load() -> Result<Rc<RefCell<Engine>>, ApiError> {
    let (manifest, highlights) =
        futures::future::join(api::fetch_search_manifest(), api::fetch_highlights()).await;
    Ok(Rc::new(RefCell::new(Engine {
        index: SearchIndex::new(manifest?),
        highlights: Rc::new(highlights?),
    })))
}

/// Starts loading search in the background (on first focus of the search box).
pub fn warm_up() {
    leptos::task::spawn_local(async {
        let _ = engine().await;
    });
}

/// Every highlight of the blog.
pub async fn highlights() -> Result<Rc<HighlightsFile>, ApiError> {
    Ok(engine().await?.borrow().highlights.clone())
}

/// A post found by a query.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub post: PostMeta,
    pub highlight: Option<HighlightEntry>,
    /// The index words that matched, to mark them (shared by the results of a query).
    pub words: Rc<Vec<String>>,
    /// From the highlight or the summary when the words are there; else `None`, and the
    /// body is fetched for one (`body_snippet`).
    pub snippet: Option<Vec<SnippetPart>>,
}

impl Found {
    /// The post's URL, carrying the matched words to mark them there.
    pub fn href(&self) -> String {
        let url = crate::base_path::link(&self.post.url);
        format!("{url}?highlight={}", encode_words(&self.words))
    }
}

/// Runs a query: fetches the shards it needs (twice at most: the second time for the
/// candidates of a typo), then ranks.
pub async fn search(posts: &PostIndex, input: &str, limit: usize) -> Result<SearchPage, ApiError> {
    let query = Query::parse(input);
    if query.is_empty() {
        return Ok(SearchPage::default());
    }
    crate::perf::mark("quire-search-start");
    let engine = engine().await?;
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
            futures::future::join_all(missing.iter().map(|(_, f)| api::fetch_shard(f))).await;
        let mut e = engine.borrow_mut();
        for ((i, _), shard) in missing.iter().zip(fetched) {
            e.index.insert_shard(*i, shard?);
        }
    }
    crate::perf::mark("quire-search-rank-start");
    let e = engine.borrow();
    let results = e.index.search(&query);
    let words = Rc::new(results.words);
    // Only the results to be shown are made (and get snippets).
    let found: Vec<Found> = results
        .hits
        .iter()
        .take(limit)
        .filter_map(|hit| {
            let post = posts.posts.get(hit.post as usize)?.clone();
            let highlight = hit
                .highlight
                .and_then(|h| e.highlights.highlights.get(h as usize).cloned());
            let snippet = highlight
                .as_ref()
                .and_then(|h| snippet(&format!("{}: {}", h.name, h.text), &words, SNIPPET_BYTES))
                .or_else(|| snippet(&post.summary, &words, SNIPPET_BYTES));
            Some(Found {
                post,
                highlight,
                words: words.clone(),
                snippet,
            })
        })
        .collect();
    // For benchmarks: the whole query (with any fetching) and the ranking alone.
    crate::perf::measure("quire-search", "quire-search-start");
    crate::perf::measure("quire-search-rank", "quire-search-rank-start");
    Ok(SearchPage {
        total: results.hits.len(),
        found,
    })
}

/// The first results of a query, and how many there are in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchPage {
    pub total: usize,
    pub found: Vec<Found>,
}

/// A snippet from the post's body, for a result whose words are not in its summary.
pub async fn body_snippet(found: &Found) -> Result<Option<Vec<SnippetPart>>, ApiError> {
    let markdown = api::fetch_body(&found.post).await?;
    let text = crate::render_client::plain_text(markdown).await?;
    Ok(snippet(&text, &found.words, SNIPPET_BYTES))
}

/// Words for a `?highlight=` value: percent-encoded, joined by `+`.
pub fn encode_words(words: &[String]) -> String {
    encode_query_value(&words.join(" "))
}

/// Text as a URL query value: spaces as `+`, everything but letters, digits and `-._~`
/// percent-encoded.
pub fn encode_query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b' ' => out.push('+'),
            b if b.is_ascii_alphanumeric() || b"-._~".contains(&b) => out.push(b as char),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The search page's URL for a query.
pub fn search_page_href(query: &str) -> String {
    let page = crate::base_path::link("/search");
    format!("{page}?q={}", encode_query_value(query.trim()))
}
