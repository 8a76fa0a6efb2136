//! A post's URLs under the site's earlier patterns (`previous_permalinks`) become its aliases,
//! so that they lead to it, unless another post has the same URL: then it leads to neither
//! (the old site cannot have had both there), with a warning.

use crate::diagnostic::Diagnostic;
use quire_core::ParsedPost;
use quire_core::permalink::file_key;
use std::collections::HashMap;
use std::path::PathBuf;

/// Adds each post's earlier URLs to its aliases, but those another post also has (as its URL,
/// an alias or an earlier URL, compared as files on any disk); the warnings for those left out.
pub(crate) fn add(posts: &mut [(PathBuf, ParsedPost)]) -> Vec<Diagnostic> {
    // Who has each path: posts by their URL and aliases first, then by their earlier URLs.
    let mut owners: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (_, post)) in posts.iter().enumerate() {
        let written = std::iter::once(&post.meta.url).chain(&post.meta.aliases);
        for url in written.chain(&post.earlier_urls) {
            let owners = owners.entry(file_key(url)).or_default();
            if owners.last() != Some(&i) {
                owners.push(i);
            }
        }
    }
    let mut warnings = Vec::new();
    for i in 0..posts.len() {
        let earlier = std::mem::take(&mut posts[i].1.earlier_urls);
        for old in earlier {
            let shared = &owners[&file_key(&old)];
            match shared.iter().find(|&&other| other != i) {
                None => posts[i].1.meta.aliases.push(old),
                Some(&other) => warnings.push(Diagnostic::warning(
                    &posts[i].0,
                    1,
                    format!(
                        "`{old}`, this post's URL under a `previous_permalinks` pattern, is \
                         also claimed by {}: it does not lead to this post (an `aliases` entry \
                         of the post it should lead to makes it)",
                        posts[other].0.display()
                    ),
                )),
            }
        }
    }
    warnings
}
