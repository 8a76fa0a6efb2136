//! Builder benchmark (not a test): `cargo bench -p quire-build --bench build` (or `make bench`).
//! Builds the Rust blog corpus (750 posts) and a generated 7,500-post copy of it, several
//! times each, and prints medians beside a floor measured in the same run: reading every file
//! and rendering it with bare pulldown-cmark.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use quire_build::{BuildOptions, build};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time<T>(mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

/// Reading and parsing every post with nothing else: the floor for any builder.
fn floor(content: &Path) -> usize {
    let mut bytes = 0;
    for entry in std::fs::read_dir(content.join("posts")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&text));
        bytes += html.len();
    }
    bytes
}

/// Copies of the corpus under new names (and new paths), `copies` times over.
fn generate(corpus: &Path, copies: usize, into: &Path) -> PathBuf {
    let posts = into.join("content/posts");
    std::fs::create_dir_all(&posts).unwrap();
    for entry in std::fs::read_dir(corpus.join("posts")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        for copy in 0..copies {
            let text = text
                .replacen("path = \"", &format!("path = \"copy-{copy}/"), 1)
                .replace("aliases = [\"", &format!("aliases = [\"copy-{copy}/"));
            std::fs::write(posts.join(format!("{stem}-copy{copy}.md")), text).unwrap();
        }
    }
    into.join("content")
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/rust-blog");
    if !corpus.is_dir() {
        eprintln!(
            "SKIPPED: {} not found — builder benchmark NOT run",
            corpus.display()
        );
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let settings = work.path().join("quire.toml");
    std::fs::write(
        &settings,
        "title = \"Bench\"\nbase_url = \"https://blog.rust-lang.org/\"\n",
    )
    .unwrap();
    let large = generate(&corpus, 10, &work.path().join("large"));

    println!(
        "builder, median of {RUNS} runs ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("| posts | quire-build | floor: read + bare pulldown-cmark | ratio |");
    println!("|---|---|---|---|");
    for (label, content) in [("750 (rust-blog)", corpus), ("7,500 (generated)", large)] {
        let options = BuildOptions {
            settings: settings.clone(),
            content: content.clone(),
            out: work.path().join("out"),
            drafts: false,
            public: None,
            image_cache: None,
        };
        let ours = time(|| build(&options).map(|r| r.published).unwrap_or(0));
        let base = time(|| floor(&content));
        println!(
            "| {label} | {:.0} ms | {:.0} ms | {:.2}x |",
            ours.as_secs_f64() * 1e3,
            base.as_secs_f64() * 1e3,
            ours.as_secs_f64() / base.as_secs_f64()
        );
    }
}
