//! Building the search index: every post and every highlight is a document; each word gets
//! its postings; the sorted words are cut into shards of about a target size, so a query
//! fetches a few small files however large the blog grows.

use super::shard::{self, BODY, Posting, TAG, TITLE};
use super::text::{is_stop_word, tokens};
use super::{SEARCH_VERSION, SearchManifest, ShardRef};
use std::collections::HashMap;

/// What the index reads of a post.
#[derive(Clone, Copy, Debug)]
pub struct PostText<'a> {
    pub title: &'a str,
    pub tags: &'a [String],
    /// The summary and the body as plain text.
    pub body: &'a str,
}

/// What the index reads of a highlight, and the post (its number in the post index) it is in.
#[derive(Clone, Copy, Debug)]
pub struct HighlightText<'a> {
    pub post: u32,
    pub name: &'a str,
    pub text: &'a str,
}

/// The files of a built index: the manifest and each shard's bytes, in manifest order.
#[derive(Clone, Debug)]
pub struct SearchFiles {
    pub manifest: SearchManifest,
    pub shards: Vec<Vec<u8>>,
}

/// A shard is closed once it holds about this many bytes (a single very common word may
/// make one larger).
pub const SHARD_TARGET_BYTES: usize = 24 * 1024;

type Postings = HashMap<String, Vec<Posting>>;

fn add_document(postings: &mut Postings, doc: u32, title: &str, tags: &[String], body: &str) {
    let mut fields: HashMap<String, (u8, u8)> = HashMap::new();
    for word in tokens(title) {
        fields.entry(word).or_default().0 |= TITLE;
    }
    for word in tags.iter().flat_map(|t| tokens(t)) {
        fields.entry(word).or_default().0 |= TAG;
    }
    for word in tokens(body).filter(|w| !is_stop_word(w)) {
        let entry = fields.entry(word).or_default();
        entry.0 |= BODY;
        entry.1 = entry.1.saturating_add(1);
    }
    for (word, (bits, count)) in fields {
        postings.entry(word).or_default().push(Posting {
            doc,
            fields: bits,
            body_count: count.min(15),
        });
    }
}

/// Builds the index. Post `i` of `posts` is document `i`; highlight `j` is document
/// `posts.len() + j`.
pub fn build_index(
    posts: &[PostText<'_>],
    highlights: &[HighlightText<'_>],
    target_shard_bytes: usize,
) -> SearchFiles {
    let mut postings = Postings::new();
    for (doc, post) in (0u32..).zip(posts) {
        add_document(&mut postings, doc, post.title, post.tags, post.body);
    }
    let first_highlight = posts.len() as u32;
    for (doc, h) in (first_highlight..).zip(highlights) {
        add_document(&mut postings, doc, h.name, &[], h.text);
    }
    let mut words: Vec<(String, Vec<Posting>)> = postings.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    let mut shards = Vec::new();
    let mut refs = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (i, (word, list)) in words.iter().enumerate() {
        size += word.len() + 2 + list.len() * 2;
        if size >= target_shard_bytes || i + 1 == words.len() {
            let run = &words[start..=i];
            let bytes = shard::encode(run.iter().map(|(w, p)| (w.as_str(), p.as_slice())));
            refs.push(ShardRef {
                first: run[0].0.clone(),
                file: format!("{:016x}.bin", fnv1a(&bytes)),
            });
            shards.push(bytes);
            start = i + 1;
            size = 0;
        }
    }
    SearchFiles {
        manifest: SearchManifest {
            version: SEARCH_VERSION,
            posts: first_highlight,
            highlight_posts: highlights.iter().map(|h| h.post).collect(),
            shards: refs,
        },
        shards,
    }
}

/// FNV-1a, 64 bits: names a shard by its content, so a reader never mixes two builds.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
