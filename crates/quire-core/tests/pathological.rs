//! Inputs that make Markdown renderers super-linear or crash (`../shared/corpus/pathological/`,
//! read in place: marked's ReDoS cases and generated deep nesting and long runs) must render
//! with the safe renderer used for posts, and go through the builder's `parse_post` (front
//! matter, then the summary from the first paragraph), without a panic, a stack overflow or a
//! hang.
//!
//! Each call runs in its own thread with a 2 MiB stack (Rust's default for spawned threads, the
//! least the builder can count on) and must answer within [`HANG_GUARD`]; a hang fails the test
//! instead of hanging CI. A stack overflow aborts the whole test binary, which fails it too:
//! each row of the table is written as soon as it is measured, so the last row shows which input
//! was running. Times are printed (input, bytes, ms, MB/s) but not asserted beyond the guard:
//! they depend on the machine and the build profile.
//!
//! The table is written to the process's stderr directly, past libtest's output capture, so it
//! shows with or without `--nocapture`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Longest a single call may take before it counts as a hang.
const HANG_GUARD: Duration = Duration::from_secs(10);

/// Stack of the thread that renders: Rust's default for spawned threads.
const STACK: usize = 2 * 1024 * 1024;

/// Writes to the process's stderr without going through libtest's output capture.
fn loud(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn corpus_dir() -> Option<PathBuf> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if shared.exists() {
        return Some(shared.join("corpus/pathological"));
    }
    loud("");
    loud("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
    loud("SKIPPED: ../shared/corpus not found — pathological inputs NOT rendered");
    loud(&format!("(looked for {})", shared.display()));
    loud("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
    loud("");
    None
}

/// Runs `work` on a fresh thread with a [`STACK`]-byte stack. `Ok((elapsed, result))` when it
/// returns within [`HANG_GUARD`]; otherwise why not. A thread that hangs is left behind (it
/// cannot be stopped); the test fails and the process ends with it.
fn guarded<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<(Duration, T), String> {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(name.to_string())
        .stack_size(STACK)
        .spawn(move || {
            let start = Instant::now();
            let out = work();
            let _ = tx.send((start.elapsed(), out));
        });
    if let Err(e) = spawned {
        return Err(format!("could not start a thread: {e}"));
    }
    match rx.recv_timeout(HANG_GUARD) {
        Ok(done) => Ok(done),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "still running after {} s: hangs or is super-linear",
            HANG_GUARD.as_secs()
        )),
        // The sender was dropped without sending: the thread panicked (its message is on stderr).
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("panicked".to_string()),
    }
}

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    files.retain(|p| p.extension().is_some_and(|e| e == "md"));
    files.sort();
    files
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64().max(1e-9)
}

#[test]
fn pathological_inputs_render_in_bounded_time() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let files = inputs(&dir);
    assert!(
        !files.is_empty(),
        "no *.md in {}: the corpus is incomplete",
        dir.display()
    );

    loud("");
    loud(&format!(
        "pathological inputs: render_markdown and parse_post, each call on a thread with a {} MiB \
         stack and a {} s hang guard (times are not asserted)",
        STACK / (1024 * 1024),
        HANG_GUARD.as_secs()
    ));
    loud(&format!(
        "{:<40} {:>9} {:>10} {:>8} {:>10} {:>14} {:>8}",
        "input", "bytes", "render ms", "MB/s", "html bytes", "parse_post ms", "MB/s"
    ));

    let mut failures = Vec::new();
    let mut rows = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {name}: {e}"));
        let body = String::from_utf8_lossy(&bytes).into_owned();
        // marked's cases come with marked's HTML for reference; renderers differ, so only the
        // fact that the input renders is checked.
        let has_reference_html = path.with_extension("html").exists();
        let failures_before = failures.len();

        let render = {
            let body = body.clone();
            guarded(&format!("render {name}"), move || {
                quire_core::render_markdown(&body).len()
            })
        };
        let post = {
            let content = format!("---\ntitle: T\n---\n{body}");
            guarded(&format!("parse_post {name}"), move || {
                quire_core::parse_post("2024-01-01-x", &content).map(|p| p.meta.summary.len())
            })
        };

        let (render_cell, render_rate, html_len, render_ms) = match &render {
            Ok((d, len)) => (
                format!("{:.1}", ms(*d)),
                format!("{:.2}", mb_per_s(bytes.len(), *d)),
                len.to_string(),
                ms(*d),
            ),
            Err(why) => {
                failures.push(format!("{name}: render_markdown {why}"));
                ("FAIL".into(), "-".into(), "-".into(), f64::INFINITY)
            }
        };
        let (post_cell, post_rate) = match &post {
            Ok((d, Ok(_))) => (
                format!("{:.1}", ms(*d)),
                format!("{:.2}", mb_per_s(bytes.len(), *d)),
            ),
            Ok((_, Err(e))) => {
                failures.push(format!("{name}: parse_post returned an error: {e}"));
                ("ERR".into(), "-".into())
            }
            Err(why) => {
                failures.push(format!("{name}: parse_post {why}"));
                ("FAIL".into(), "-".into())
            }
        };
        let label = if has_reference_html {
            format!("{name} (marked)")
        } else {
            name.clone()
        };
        loud(&format!(
            "{label:<40} {:>9} {render_cell:>10} {render_rate:>8} {html_len:>10} \
             {post_cell:>14} {post_rate:>8}",
            bytes.len()
        ));
        rows.push((render_ms, name, failures.len() == failures_before));
    }

    let finished = rows.iter().filter(|r| r.2).count();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let slowest = rows
        .iter()
        .take(3)
        .map(|(t, n, _)| format!("{n} {t:.0} ms"))
        .collect::<Vec<_>>()
        .join(", ");
    let summary = format!(
        "pathological: {finished}/{} inputs rendered and parsed within the guard; slowest \
         renders: {slowest}",
        files.len()
    );
    loud(&summary);
    assert!(
        failures.is_empty(),
        "{summary}\nfailures:\n  {}",
        failures.join("\n  ")
    );
}
