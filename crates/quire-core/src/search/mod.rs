//! Search across posts and their highlights. The builder writes a small manifest and the
//! index cut into shards (`build`); the app loads the manifest on first use, fetches the
//! shards a query needs and ranks posts there (`query`), and cuts snippets with the matched
//! words marked (`snippet`). Both sides use one tokenizer (`text`).

pub mod build;
pub mod query;
pub mod shard;
pub mod snippet;
pub mod text;

pub use build::{HighlightText, PostText, SearchFiles, build_index};
pub use query::{Query, SearchHit, SearchIndex, SearchResults};
pub use snippet::{SNIPPET_BYTES, SnippetPart, snippet};

use serde::{Deserialize, Serialize};

/// Bumped when the index format changes incompatibly.
pub const SEARCH_VERSION: u32 = 1;

/// Where the manifest lives, under the posts directory.
pub const MANIFEST_FILE: &str = "search/manifest.json";

/// Where every highlight is listed, under the posts directory (the `/highlights` page and
/// search results read it).
pub const HIGHLIGHTS_FILE: &str = "highlights.json";

/// `posts/highlights.json`: every highlight of every published post, newest post first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HighlightsFile {
    pub version: u32,
    pub highlights: Vec<HighlightEntry>,
}

/// A highlight and the post it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HighlightEntry {
    /// The post's number in the post index.
    pub post: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default)]
    pub text: String,
    /// The id of the heading of the section it is in, for a link straight to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// `posts/search/manifest.json`: what the app needs before the first query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchManifest {
    pub version: u32,
    /// Documents `0..posts` are the posts, in the order of the post index.
    pub posts: u32,
    /// The post of each highlight document (`posts + j`), by its number in the post index.
    pub highlight_posts: Vec<u32>,
    /// The shards, in word order.
    pub shards: Vec<ShardRef>,
}

/// A shard: its first word and its file under `posts/search/`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardRef {
    pub first: String,
    pub file: String,
}
