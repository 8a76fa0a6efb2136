//! Writing the build output so that it is complete or absent: everything goes to a fresh
//! folder beside the target, which then replaces the old one in one rename.

use crate::Diagnostic;
use quire_core::PostIndex;
use std::fs;
use std::path::{Path, PathBuf};

/// Writes `out/posts/index.json` and each body at its `posts/…` path, replacing any earlier
/// `out/posts` only once everything is written, with `extra` files (path under `posts/`).
pub fn write_posts(
    out: &Path,
    index: &PostIndex,
    bodies: &[(&str, &str)],
    extra: &[(String, Vec<u8>)],
) -> Result<(), Diagnostic> {
    let fail = |path: &Path, what: &str, e: std::io::Error| {
        Diagnostic::error(path, 0, format!("cannot {what}: {e}"))
    };
    fs::create_dir_all(out).map_err(|e| fail(out, "create the output folder", e))?;
    let target = out.join("posts");
    let staging = out.join(format!(".posts.partial-{}", std::process::id()));
    let result = write_into(&staging, index, bodies, extra);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let old = out.join(format!(".posts.old-{}", std::process::id()));
    if target.exists() {
        fs::rename(&target, &old).map_err(|e| fail(&target, "move the previous index aside", e))?;
    }
    if let Err(e) = fs::rename(&staging, &target) {
        let _ = fs::rename(&old, &target);
        let _ = fs::remove_dir_all(&staging);
        return Err(fail(&target, "put the new index in place", e));
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

fn write_into(
    staging: &Path,
    index: &PostIndex,
    bodies: &[(&str, &str)],
    extra: &[(String, Vec<u8>)],
) -> Result<(), Diagnostic> {
    let write = |path: PathBuf, bytes: &[u8]| -> Result<(), Diagnostic> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(parent, 0, format!("cannot create the folder: {e}"))
            })?;
        }
        fs::write(&path, bytes)
            .map_err(|e| Diagnostic::error(&path, 0, format!("cannot write: {e}")))
    };
    let _ = fs::remove_dir_all(staging);
    let json = serde_json::to_vec(index)
        .map_err(|e| Diagnostic::error(staging, 0, format!("cannot encode the index: {e}")))?;
    write(staging.join("index.json"), &json)?;
    for (rel, markdown) in bodies {
        let rel = rel.strip_prefix("posts/").unwrap_or(rel);
        write(staging.join(rel), markdown.as_bytes())?;
    }
    for (rel, bytes) in extra {
        write(staging.join(rel), bytes)?;
    }
    Ok(())
}
