//! The post files of a site: found in the posts folder and its sub-folders, the sections
//! (symbolic links refused), and parsed, and where in a post the author fixes what the builder reports: its render warnings, its
//! banner's line, its URL's line.

use crate::diagnostic::Diagnostic;
use crate::fs;
use quire_core::markdown::RenderWarning;
use quire_core::permalink::UrlScheme;
use quire_core::{ParsedPost, PostFile, parse_site_post};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Zola's file of a section's own settings and text, which is not a post.
const SECTION_FILE: &str = "_index.md";

/// The post of a page bundle (Zola's): a folder holding `index.md` is one post, and every other
/// file in it (sub-folders too) is the post's own.
pub(crate) const BUNDLE_FILE: &str = "index.md";

/// Every `*.md` in the posts folder and its sub-folders (but hidden ones and Zola's
/// `_index.md`), in path order; of a page bundle, a folder holding `index.md`, only that file
/// (the rest is the post's own files). A symbolic link there, to a post or a folder, is an
/// error: it could publish any file of the machine that builds the site.
pub(crate) fn post_files(content: &Path) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut folders = vec![content.join("posts")];
    let mut files = Vec::new();
    let mut refused = Vec::new();
    while let Some(dir) = folders.pop() {
        let entries =
            fs::read_dir(&dir).map_err(|e| vec![Diagnostic::from(e.naming("the posts folder"))])?;
        if dir != content.join("posts")
            && let Some((post, others)) = bundle_post(&entries)
        {
            files.push(post);
            refused.extend(others);
            continue;
        }
        for fs::Entry { path, name, kind } in entries {
            // The entry's own type: a symbolic link is not followed.
            if kind.is_dir() && !name.starts_with('.') {
                folders.push(path);
                continue;
            }
            if kind.is_symlink() && path.is_dir() {
                refused.push(Diagnostic::error(
                    &path,
                    0,
                    "is a symbolic link to a folder: a section must be a folder in the posts \
                     folder (a link can publish any file of this machine); move it in instead",
                ));
                continue;
            }
            if path.extension().is_none_or(|e| e != "md") || name == SECTION_FILE {
                continue;
            }
            if kind.is_symlink() {
                refused.push(Diagnostic::error(
                    &path,
                    0,
                    "is a symbolic link: a post must be a file in the posts folder (a link can \
                     publish any file of this machine); copy the post in instead",
                ));
            } else if kind.is_file() {
                files.push(path);
            }
        }
    }
    if !refused.is_empty() {
        refused.sort_by(|a, b| a.path.cmp(&b.path));
        return Err(refused);
    }
    files.sort();
    Ok(files)
}

/// A page bundle's post, if the folder's `entries` hold `index.md`, with an error for each
/// other post beside it: it would never be published, so it is said, not lost.
fn bundle_post(entries: &[fs::Entry]) -> Option<(PathBuf, Vec<Diagnostic>)> {
    let post = entries
        .iter()
        .find(|e| e.name == BUNDLE_FILE && e.kind.is_file())?;
    let others = entries.iter().filter(|e| {
        e.name.ends_with(".md")
            && ![BUNDLE_FILE, SECTION_FILE].contains(&e.name.as_str())
            && !e.name.starts_with('.')
    });
    let errors = others.map(|e| {
        Diagnostic::error(
            &e.path,
            0,
            "is beside a page bundle's index.md, whose folder is one post: move this post out \
             of the folder (or rename index.md to make the folder a section)",
        )
    });
    Some((post.path.clone(), errors.collect()))
}

/// The front matter line of a post's URL (`permalink`, `path`) or of its aliases; 1 when the
/// URL comes from the file name.
pub(crate) fn claim_line(post: &ParsedPost, is_alias: bool) -> usize {
    let keys: &[&str] = match is_alias {
        true => &["aliases", "redirect_from"],
        false => &["permalink", "path", "url"],
    };
    keys.iter()
        .find_map(|k| post.front_matter.key_lines.get(*k).copied())
        .unwrap_or(1)
}

/// A post file of the site's `content` folder, parsed, its URL following `urls`; an error at
/// its line when it cannot be.
pub(crate) fn read_post(
    content: &Path,
    path: &Path,
    urls: &UrlScheme,
) -> Result<ParsedPost, Diagnostic> {
    let text = fs::read_to_string(path).map_err(|e| e.naming("the post"))?;
    // A page bundle's post is named by its folder (`2024-05-01-slug/index.md`).
    let named = match is_bundle(content, path) {
        true => path.parent().unwrap_or(path),
        false => path,
    };
    let stem = named
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let section = section(content, named);
    let file = PostFile {
        stem,
        section: &section,
    };
    parse_site_post(file, &text, urls).map_err(|e| Diagnostic::error(path, e.line, e.message))
}

/// Whether a post file of the site's `content` folder is a page bundle's
/// (`posts/<folder>/index.md`, as [`post_files`] finds them; `posts/index.md` is a post).
pub(crate) fn is_bundle(content: &Path, path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == BUNDLE_FILE)
        && path.parent() != Some(content.join("posts").as_path())
}

/// The section of a post: the sub-folders of the posts folder it is in, joined by `/`
/// (`inside-rust`), `""` for a post at its top.
fn section(content: &Path, path: &Path) -> String {
    let folder = path.parent().unwrap_or(path);
    let inside = folder
        .strip_prefix(content.join("posts"))
        .unwrap_or(Path::new(""));
    let names: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    names.join("/")
}

/// What an author should fix but that does not stop the build: raw HTML the policy removed,
/// unsafe link URLs (the render's `warnings`), a banner without alt text.
pub(crate) fn post_warnings(
    path: &Path,
    post: &ParsedPost,
    found: Vec<RenderWarning>,
) -> Vec<Diagnostic> {
    // One warning per kind of problem, at its first line, so a post full of `style`
    // attributes does not bury everything else.
    let mut kinds: Vec<(String, usize, usize)> = Vec::new();
    let mut kind_of: HashMap<String, usize> = HashMap::new();
    for w in found {
        let count = w.count.max(1);
        match kind_of.get(&w.message) {
            Some(&i) => {
                let (_, line, n) = &mut kinds[i];
                *line = (*line).min(w.line);
                *n += count;
            }
            None => {
                kind_of.insert(w.message.clone(), kinds.len());
                kinds.push((w.message, w.line, count));
            }
        }
    }
    let mut warnings: Vec<Diagnostic> = kinds
        .into_iter()
        .map(|(message, line, count)| {
            let more = match count {
                1 => String::new(),
                n => format!(" (and {} more times further on)", n - 1),
            };
            Diagnostic::warning(path, post.body_line + line - 1, format!("{message}{more}"))
        })
        .collect();
    if post
        .meta
        .banner
        .as_ref()
        .is_some_and(|b| b.alt.trim().is_empty())
    {
        warnings.push(Diagnostic::warning(
            path,
            banner_line(post),
            "the banner has no `alt`: describe the image for readers who cannot see it",
        ));
    }
    warnings.sort_by_key(|w| w.line);
    warnings
}

/// The front matter line of a post's banner.
pub(crate) fn banner_line(post: &ParsedPost) -> usize {
    let lines = &post.front_matter.key_lines;
    lines
        .get("banner")
        .or(lines.get("image"))
        .copied()
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_core::{RenderOptions, parse_post};

    /// Warnings are grouped by kind with a map: 10 times the kinds, about 10 times the time.
    #[test]
    fn grouping_warnings_is_linear() {
        let time = |kinds: usize| {
            let body: String = (0..kinds)
                .map(|i| format!("[link {i}](javascript:alert({i}))\n\n"))
                .collect();
            let post = parse_post("2024-01-01-x", &format!("---\ntitle: T\n---\n{body}")).unwrap();
            let started = std::time::Instant::now();
            let rendered = quire_core::render(&post.markdown, RenderOptions::default());
            let warnings = post_warnings(Path::new("x.md"), &post, rendered.warnings);
            let took = started.elapsed();
            assert_eq!(warnings.len(), kinds);
            assert_eq!(warnings[0].line, 4);
            took
        };
        // The smallest of a few runs: what the work costs, not what the machine was doing.
        let best = |kinds: usize| (0..3).map(|_| time(kinds)).min().unwrap_or_default();
        let (small, large) = (best(3_000), best(30_000));
        assert!(
            large < small * 30,
            "10x the kinds took {large:?} against {small:?}"
        );
    }

    #[test]
    fn repeated_warnings_are_one_with_a_count() {
        let body = "[a](javascript:x)\n\n[b](javascript:x)\n\n[c](javascript:x)\n";
        let post = parse_post("2024-01-01-x", &format!("---\ntitle: T\n---\n{body}")).unwrap();
        let rendered = quire_core::render(&post.markdown, RenderOptions::default());
        let warnings = post_warnings(Path::new("x.md"), &post, rendered.warnings);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].line, 4);
        assert!(
            warnings[0]
                .message
                .ends_with("(and 2 more times further on)"),
            "{warnings:?}"
        );
    }
}
