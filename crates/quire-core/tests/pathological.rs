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
//! Hostile inputs that are cheap to write but were once quadratic in the renderer (many
//! duplicate headings, many dropped raw-HTML elements and their warnings, text that defeats
//! every autolink attempt) are generated at two sizes 10× apart: the larger may cost at most
//! [`MAX_RATIO`] times the smaller (linear is about 10×, quadratic about 100×). The smaller is
//! rendered ten times per timing, so both timings are about as long and a busy machine slows
//! them alike; each is timed [`ROUNDS`] times, alternating, and the best counts; the timed
//! tests take turns, so that one's load does not skew another's ratio.
//!
//! Without the corpus the corpus test fails when `CI` is set, and otherwise skips after a banner
//! (see `support/shared_corpus.rs`); the generated inputs need no corpus.
//!
//! The tables are written to the process's stderr directly, past libtest's output capture, so
//! they show with or without `--nocapture`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, mpsc};
use std::time::{Duration, Instant};

use quire_core::markdown::{RenderOptions, Rendered, render};

#[path = "support/shared_corpus.rs"]
mod shared_corpus;
use shared_corpus::shared_corpus;

/// Longest a single call may take before it counts as a hang.
const HANG_GUARD: Duration = Duration::from_secs(10);

/// Stack of the thread that renders: Rust's default for spawned threads.
const STACK: usize = 2 * 1024 * 1024;

/// Writes to the process's stderr without going through libtest's output capture.
fn loud(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Most the larger of two sizes 10× apart may cost, as a multiple of the smaller.
const MAX_RATIO: f64 = 30.0;

/// How many times each size is rendered; the best time counts.
const ROUNDS: usize = 5;

/// Held by each timed test, so that they run one at a time.
static TIMING: Mutex<()> = Mutex::new(());

fn take_turn() -> MutexGuard<'static, ()> {
    TIMING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
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
    let Some(dir) = shared_corpus("pathological", "pathological inputs") else {
        return;
    };
    let _turn = take_turn();
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

// --- Generated inputs, sizes 10× apart ----------------------------------------------------

/// Renders `make(small)` and `make(10 * small)`, prints the times, checks each rendering with
/// `check(rendering, n)` and fails unless the larger costs at most [`MAX_RATIO`] times the
/// smaller. Each size is timed [`ROUNDS`] times, alternating, on a guarded thread; the best
/// time of each counts, so a burst of load elsewhere does not decide the ratio.
fn assert_linear(
    name: &str,
    small: usize,
    make: impl Fn(usize) -> String,
    check: impl Fn(&Rendered, usize),
) {
    let _turn = take_turn();
    let sizes = [small, small * 10];
    let inputs = sizes.map(|n| Arc::new(make(n)));
    // The small input is rendered ten times per timing, so that both timings take about as
    // long and a busy machine slows both alike.
    let repeats = [10, 1];
    let mut best = [Duration::MAX; 2];
    for round in 0..ROUNDS {
        for i in 0..2 {
            let (n, input, times) = (sizes[i], &inputs[i], repeats[i]);
            let markdown = Arc::clone(input);
            let (took, rendered) = guarded(&format!("{name} ×{n}"), move || {
                let mut last = Rendered::default();
                for _ in 0..times {
                    last = render(&markdown, RenderOptions::default());
                }
                last
            })
            .unwrap_or_else(|why| panic!("{name} ×{n} ({} bytes): {why}", input.len()));
            if round == 0 {
                check(&rendered, n);
            }
            best[i] = best[i].min(took / times);
        }
    }
    for ((n, input), took) in sizes.iter().zip(&inputs).zip(best) {
        loud(&format!(
            "{name:<44} ×{n:>7} {:>9} bytes {:>10.1} ms",
            input.len(),
            ms(took)
        ));
    }
    let ratio = best[1].as_secs_f64() / best[0].as_secs_f64().max(1e-6);
    loud(&format!(
        "{name:<44} 10× the input took {ratio:.1}× the time (at most {MAX_RATIO})"
    ));
    assert!(
        ratio <= MAX_RATIO,
        "{name}: 10× the input took {ratio:.1}× the time ({:.1} ms, then {:.1} ms): \
         super-linear",
        ms(best[0]),
        ms(best[1])
    );
}

/// Issue #12: heading ids were found by counting up from `x` for every duplicate (41 s for
/// 20,000 `# a`).
#[test]
fn repeated_headings_render_in_linear_time() {
    assert_linear(
        "duplicate headings `# a`",
        2_000,
        |n| "# a\n".repeat(n),
        |r, n| {
            let last = format!("<h1 id=\"a-{}\">", n - 1);
            assert!(r.html.contains(&last), "{last} missing");
        },
    );
    // Natural `a-1` headings and explicit ids interleaved with the duplicates.
    assert_linear(
        "duplicates among `# a 1` and `{#a-2}`",
        1_000,
        |n| "# a\n# a 1\n# b {#a-2}\n".repeat(n),
        |r, n| {
            let ids: std::collections::HashSet<&str> = r
                .html
                .match_indices("<h1 id=\"")
                .filter_map(|(i, m)| r.html[i + m.len()..].split('"').next())
                .collect();
            assert_eq!(ids.len(), 3 * n, "every heading has its own id");
        },
    );
}

/// Issue #12: every element the policy dropped with its content lower-cased the rest of the
/// block again; every drop was mapped to its line by a scan of the block's pieces; and every
/// drop was a warning record of its own.
#[test]
fn dropped_html_and_its_warnings_scale_linearly() {
    let one_warning = |r: &Rendered, n: usize| {
        let counts: Vec<usize> = r.warnings.iter().map(|w| w.count).collect();
        assert_eq!(counts, [n], "one warning, counted: {:?}", r.warnings);
    };
    assert_linear(
        "elements dropped with content in one block",
        4_000,
        |n| format!("<div>\n{}</div>\n", "<script>x</script>".repeat(n)),
        one_warning,
    );
    assert_linear(
        "dropped tags on many lines of one block",
        4_000,
        |n| format!("<div>\n{}</div>\n", "<foo>x\n".repeat(n)),
        |r, n| {
            one_warning(r, n);
            assert_eq!(r.warnings[0].line, 2, "{:?}", r.warnings);
        },
    );
    assert_linear(
        "dropped inline tags in paragraphs",
        4_000,
        |n| "a <foo> b\n\n".repeat(n),
        one_warning,
    );
    assert_linear(
        "attributes of one tag",
        2_000,
        |n| {
            let attributes: String = (0..n).map(|i| format!(" a{i}")).collect();
            format!("<div>\n<p{attributes}>x</p>\n</div>\n")
        },
        |r, n| assert_eq!(r.warnings.len(), n, "a warning per attribute name"),
    );
}

/// Text that makes every extended-autolink attempt read ahead and fail.
#[test]
fn autolink_attempts_scale_linearly() {
    for (name, unit) in [
        ("`www._` repeated", "www._"),
        ("`a@` repeated", "a@"),
        ("`@a.` repeated", "@a."),
        ("`http://_x_.y_` repeated", "http://_x_.y_"),
        ("`(www.x.y` repeated", "(www.x.y"),
    ] {
        assert_linear(
            &format!("autolinks: {name}"),
            4_000,
            |n| unit.repeat(n),
            |r, _| assert!(r.html.starts_with("<p>"), "{}", &r.html[..40]),
        );
    }
}
