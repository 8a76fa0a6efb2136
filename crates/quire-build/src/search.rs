//! The search files of a build: `posts/search/manifest.json`, the shards beside it, and
//! `posts/highlights.json`, from the published posts in index order.

use quire_core::ParsedPost;
use quire_core::markdown::plain_text;
use quire_core::search::{
    HIGHLIGHTS_FILE, HighlightEntry, HighlightText, HighlightsFile, MANIFEST_FILE, PostText,
    SEARCH_VERSION, build::SHARD_TARGET_BYTES, build_index,
};

/// A file to write under `posts/`: its relative path and its bytes.
pub type PostsFile = (String, Vec<u8>);

/// Every search file for `posts` (newest first, as in the index).
pub fn search_files(posts: &[&ParsedPost]) -> Result<Vec<PostsFile>, serde_json::Error> {
    let bodies: Vec<String> = posts
        .iter()
        .map(|p| format!("{}\n{}", p.meta.summary, plain_text(&p.markdown)))
        .collect();
    let texts: Vec<PostText> = posts
        .iter()
        .zip(&bodies)
        .map(|(p, body)| PostText {
            title: &p.meta.title,
            tags: &p.meta.tags,
            body,
        })
        .collect();
    let entries: Vec<HighlightEntry> = (0u32..)
        .zip(posts)
        .flat_map(|(post, p)| {
            p.highlights.iter().map(move |h| HighlightEntry {
                post,
                name: h.name.clone(),
                url: h.url.clone(),
                text: h.text.clone(),
                section: h.section.clone(),
            })
        })
        .collect();
    let highlights: Vec<HighlightText> = entries
        .iter()
        .map(|h| HighlightText {
            post: h.post,
            name: &h.name,
            text: &h.text,
        })
        .collect();
    let index = build_index(&texts, &highlights, SHARD_TARGET_BYTES);

    let mut files = Vec::with_capacity(index.shards.len() + 2);
    files.push((
        MANIFEST_FILE.to_string(),
        serde_json::to_vec(&index.manifest)?,
    ));
    for (shard, bytes) in index.manifest.shards.iter().zip(index.shards) {
        files.push((format!("search/{}", shard.file), bytes));
    }
    let listing = HighlightsFile {
        version: SEARCH_VERSION,
        highlights: entries,
    };
    files.push((HIGHLIGHTS_FILE.to_string(), serde_json::to_vec(&listing)?));
    Ok(files)
}
