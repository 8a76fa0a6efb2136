//! The one rule for Rust tests that read a shared corpus (`../shared/corpus` beside the
//! repository, read in place), the same as the browser tests' `tests/e2e/support/corpus.mjs`:
//! a corpus that is there is tested; an absent one fails the test when the environment
//! variable `CI` is set, and otherwise skips it after a banner that says what was NOT tested.
//! Test files include it with `#[path = ".../support/shared_corpus.rs"] mod shared_corpus;`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// `../shared/corpus/<name>` (or `$QUIRE_SHARED_CORPUS/<name>`) when it exists. When it does
/// not, panics if `CI` is set (to anything but "", "0" or "false"); else prints a banner past
/// libtest's output capture and returns `None`, and the caller returns (a skip). `what` says
/// what goes untested without it.
pub fn shared_corpus(name: &str, what: &str) -> Option<PathBuf> {
    let root = std::env::var_os("QUIRE_SHARED_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
        PathBuf::from,
    );
    let dir = root.join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    let ci = std::env::var("CI").unwrap_or_default();
    let in_ci = !matches!(ci.trim().to_ascii_lowercase().as_str(), "" | "0" | "false");
    let line = if in_ci {
        format!(
            "FAILED: ../shared/corpus/{name} not found (looked in {}) and CI is set — {what} cannot be tested",
            dir.display()
        )
    } else {
        format!(
            "SKIPPED: ../shared/corpus/{name} not found (looked in {}) — {what} NOT tested",
            dir.display()
        )
    };
    let bar = "!".repeat(line.chars().count().min(120));
    // Written to the process's stderr directly, so libtest's capture cannot hide it.
    let _ = writeln!(std::io::stderr(), "\n{bar}\n{line}\n{bar}\n");
    assert!(!in_ci, "{line}");
    None
}
