//! Writing the index step's output into `posts/` while the site may be served from it, so
//! that a reader never sees it incomplete. Every file is written under a temporary name and
//! renamed over the old one (a reader gets the old file or the new one, never half of one):
//! the bodies and the search shards first, then `search/manifest.json` and `highlights.json`,
//! and `index.json` last. That one rename switches the site from the old posts to the new:
//! before it, the old index names only files that are still there; after it, the new index
//! names only files already written. Files the new build does not name are removed after it.
//!
//! Why not a fresh folder behind a symbolic link swapped in one rename: hosts and the tools
//! that upload to them each treat links their own way (copied as links, followed, skipped or
//! refused), and a plain folder deploys everywhere. Bodies are named by their post's URL
//! ([`quire_core::permalink::body_path`]), not by their content, so a reader whose page still
//! holds the old index gets the new text of an edited post, not a 404. The search files name
//! posts by their place in the index, so between the renames of the manifest and the index a
//! search could, for a moment, name a neighbouring post; the index naming its search files
//! would close that (and a reader's page loaded before the build has it anyway).

use crate::compress::remove_siblings;
use crate::diagnostic::Diagnostic;
use crate::fs;
use quire_core::PostIndex;
use quire_core::search::{HIGHLIGHTS_FILE, MANIFEST_FILE};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// The index, under `posts/`.
pub const INDEX_FILE: &str = "index.json";

/// Writes `out/posts/index.json`, each body at its `posts/…` path and the `extra` files (paths
/// under `posts/`), then removes every other file under `out/posts`.
pub fn write_posts(
    out: &Path,
    index: &PostIndex,
    bodies: &[(&str, &str)],
    extra: &[(String, Vec<u8>)],
) -> Result<(), Diagnostic> {
    let dir = out.join("posts");
    fs::create_dir_all(&dir)?;
    let json = serde_json::to_vec(index)
        .map_err(|e| Diagnostic::error(&dir, 0, format!("cannot encode the index: {e}")))?;
    let switches = |name: &str| name == MANIFEST_FILE || name == HIGHLIGHTS_FILE;
    let bodies = bodies.iter().map(|(rel, markdown)| {
        let rel = rel.strip_prefix("posts/").unwrap_or(rel);
        (rel, markdown.as_bytes())
    });
    let extra = |switch: bool| {
        extra
            .iter()
            .filter(move |(rel, _)| switches(rel) == switch)
            .map(|(rel, bytes)| (rel.as_str(), bytes.as_slice()))
    };
    let files: Vec<(&str, &[u8])> = bodies
        .chain(extra(false))
        .chain(extra(true))
        .chain(std::iter::once((INDEX_FILE, json.as_slice())))
        .collect();
    let mut keep = HashSet::new();
    for (rel, bytes) in files {
        let path = dir.join(relative(&dir, rel)?);
        replace_file(&path, bytes)?;
        keep.insert(path);
    }
    remove_others(&dir, &keep)
}

/// `rel` as a path inside `dir`: no `..`, no root.
fn relative<'r>(dir: &Path, rel: &'r str) -> Result<&'r Path, Diagnostic> {
    let path = Path::new(rel);
    match path.components().all(|c| matches!(c, Component::Normal(_))) {
        true => Ok(path),
        false => Err(Diagnostic::error(
            dir,
            0,
            format!("`{rel}` is not a file name inside the folder"),
        )),
    }
}

/// Writes `bytes` to `path` under a temporary name beside it and renames that over `path`, so
/// that a reader gets the old file or the new one; `path`'s compressed siblings (now stale)
/// are removed. A symbolic link at `path` is replaced, not followed.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".partial-{}", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let written = fs::write(&temporary, bytes).and_then(|()| fs::rename(&temporary, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(e.into());
    }
    remove_siblings(path);
    Ok(())
}

/// Removes every file under `dir` not in `keep`, and the folders that leaves empty.
fn remove_others(dir: &Path, keep: &HashSet<PathBuf>) -> Result<(), Diagnostic> {
    for fs::Entry { path, kind, .. } in fs::read_dir(dir)? {
        if kind.is_dir() {
            remove_others(&path, keep)?;
            let _ = std::fs::remove_dir(&path);
        } else if !keep.contains(&path) {
            fs::remove_file(&path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_core::index::{INDEX_VERSION, SiteInfo};
    use std::fs;

    fn index(title: &str) -> PostIndex {
        PostIndex {
            version: INDEX_VERSION,
            site: SiteInfo {
                title: title.into(),
                ..SiteInfo::default()
            },
            posts: vec![],
        }
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut found = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                match p.is_dir() {
                    true => stack.push(p),
                    false => found.push(
                        p.strip_prefix(dir)
                            .unwrap()
                            .to_string_lossy()
                            .replace('\\', "/"),
                    ),
                }
            }
        }
        found.sort();
        found
    }

    /// The switch is one rename: at no point during rebuilds is `posts/index.json` missing or
    /// half written, and a body the current index names is there.
    #[test]
    fn readers_always_find_an_index_and_its_bodies() {
        let out = tempfile::tempdir().unwrap();
        let posts = out.path().join("posts");
        // Each build is told by its index's title (unique) and names one of two bodies.
        let build = |round: usize| {
            let body = format!("posts/{}.md", ["a", "b"][round % 2]);
            write_posts(
                out.path(),
                &index(&round.to_string()),
                &[(&body, "text")],
                &[],
            )
            .unwrap();
        };
        let read = || -> (String, String) {
            let text = fs::read_to_string(posts.join(INDEX_FILE)).expect("the index is there");
            let index: PostIndex = serde_json::from_str(&text).expect("and whole");
            let round: usize = index.site.title.parse().unwrap();
            (index.site.title, format!("{}.md", ["a", "b"][round % 2]))
        };
        build(0);
        let stop = std::sync::atomic::AtomicBool::new(false);
        let reads = std::thread::scope(|scope| {
            let reader = scope.spawn(|| {
                let mut reads = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let (build, body) = read();
                    if !posts.join(&body).is_file() {
                        assert_ne!(
                            read().0,
                            build,
                            "build {build} is current, its {body} is not there"
                        );
                    }
                    reads += 1;
                }
                reads
            });
            for round in 1..=300 {
                build(round);
            }
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            reader.join().unwrap()
        });
        assert!(reads > 0);
        assert_eq!(
            files(&posts),
            ["a.md", "index.json"],
            "only the last build's files"
        );
    }

    #[test]
    fn stale_files_and_their_compressed_copies_go() {
        let out = tempfile::tempdir().unwrap();
        let posts = out.path().join("posts");
        fs::create_dir_all(posts.join("search/old")).unwrap();
        for stale in [
            "old.md",
            "old.md.gz",
            "index.json.br",
            "search/old/x.bin",
            ".index.json.partial-1",
        ] {
            fs::write(posts.join(stale), "stale").unwrap();
        }
        let extra = [
            ("search/manifest.json".to_string(), b"{}".to_vec()),
            ("search/0123.bin".to_string(), b"shard".to_vec()),
        ];
        write_posts(out.path(), &index("T"), &[("posts/new.md", "N")], &extra).unwrap();
        assert_eq!(
            files(&posts),
            [
                "index.json",
                "new.md",
                "search/0123.bin",
                "search/manifest.json"
            ]
        );
        let err = write_posts(out.path(), &index("T"), &[("posts/../x.md", "N")], &[]);
        assert!(err.is_err());
        assert!(!out.path().join("x.md").exists());
    }
}
