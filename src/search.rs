//! The reader's side of search. The search engine runs in the render worker
//! (`worker_search`): nothing is fetched until search is first used, then the worker loads
//! what every query needs and, for each query, only the index shards it needs.

use crate::api::ApiError;
use crate::components::search_marks::MARKS_PARAM;
use crate::render_client;
use quire_core::search::{HighlightEntry, SNIPPET_BYTES, SnippetPart, snippet};
use quire_core::{PostIndex, PostMeta};
use std::rc::Rc;

/// Starts loading search in the background (on first focus of the search box).
pub fn warm_up() {
    leptos::task::spawn_local(async {
        let _ = render_client::load_search(crate::base_path::base_path()).await;
    });
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
        format!("{url}?{MARKS_PARAM}={}", encode_words(&self.words))
    }
}

/// Runs a query in the worker (which fetches the shards it needs, ranks, and cuts snippets
/// from highlights); results without one get theirs from the post's summary here.
pub async fn search(posts: &PostIndex, input: &str, limit: usize) -> Result<SearchPage, ApiError> {
    if input.trim().is_empty() {
        return Ok(SearchPage::default());
    }
    crate::perf::mark("quire-search-start");
    let limit = u32::try_from(limit).unwrap_or(u32::MAX);
    let answer =
        render_client::search(crate::base_path::base_path(), input.to_string(), limit).await?;
    let words = Rc::new(answer.words);
    let found = answer
        .found
        .into_iter()
        .filter_map(|f| {
            let post = posts.posts.get(f.post as usize)?.clone();
            let snippet = f
                .snippet
                .or_else(|| snippet(&post.summary, &words, SNIPPET_BYTES));
            Some(Found {
                post,
                highlight: f.highlight,
                words: words.clone(),
                snippet,
            })
        })
        .collect();
    // For benchmarks: the whole query (with any fetching and the worker's round trip), and
    // the ranking alone, as the worker timed it.
    crate::perf::measure("quire-search", "quire-search-start");
    crate::perf::measure_last("quire-search-rank", f64::from(answer.rank_us) / 1000.0);
    Ok(SearchPage {
        total: answer.total as usize,
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
    let markdown = crate::api::fetch_body(&found.post).await?;
    let words = found.words.as_ref().clone();
    Ok(render_client::body_snippet(markdown, words).await?)
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
