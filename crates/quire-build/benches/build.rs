//! Builder benchmark (not a test): `cargo bench -p quire-build --bench build` (or `make bench`).
//! Builds the Rust blog corpus (750 posts) and a generated 7,500-post copy of it, several
//! times each, and prints medians beside a floor measured in the same run: reading every file
//! and rendering it with bare pulldown-cmark. Each is built with code highlighting and
//! without, run by run in turn, for what highlighting costs in time and in bytes of `posts/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use quire_build::compress::{Report, compress_dir};
use quire_build::{BuildOptions, build};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

/// The suffix of the runs files highlighting adds beside the bodies.
const RUNS_SUFFIX: &str = ".code.json";

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
            let prefix = format!("copy-{copy}/");
            let text = text.replacen("path = \"", &format!("path = \"{prefix}"), 1);
            let text = move_aliases(&text, &prefix);
            std::fs::write(posts.join(format!("{stem}-copy{copy}.md")), text).unwrap();
        }
    }
    into.join("content")
}

/// `text` with every alias of its front matter's `aliases = [...]` (on one line or several)
/// moved under `prefix`, so that no two copies claim one URL.
fn move_aliases(text: &str, prefix: &str) -> String {
    let Some(start) = text.find("aliases = [") else {
        return text.to_owned();
    };
    let end = start + text[start..].find(']').unwrap();
    let mut moved = text[..start].to_owned();
    // Between `[` and `]`, every odd piece split at `"` is an alias.
    for (i, piece) in text[start..end].split('"').enumerate() {
        if i > 0 {
            moved.push('"');
        }
        if i % 2 == 1 {
            moved.push_str(prefix);
        }
        moved.push_str(piece);
    }
    moved + &text[end..]
}

/// Build times with highlighting and without (medians), the two builds taken in turn run by
/// run, the first one swapped each run, so that the machine's load falls on both alike.
fn time_both(highlighted: &BuildOptions, plain: &BuildOptions) -> (Duration, Duration) {
    let timed = |options: &BuildOptions| {
        let start = Instant::now();
        std::hint::black_box(build(options).map(|r| r.published).unwrap_or(0));
        start.elapsed()
    };
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for run in 0..RUNS {
        if run % 2 == 0 {
            with.push(timed(highlighted));
            without.push(timed(plain));
        } else {
            without.push(timed(plain));
            with.push(timed(highlighted));
        }
    }
    (median(with), median(without))
}

/// The files under a build's `posts/`: their bytes, and the runs files among them.
#[derive(Default)]
struct PostsBytes {
    total: u64,
    index: u64,
    runs_files: Vec<PathBuf>,
    runs: u64,
}

fn posts_bytes(out: &Path) -> PostsBytes {
    let dir = out.join("posts");
    let mut bytes = PostsBytes {
        index: std::fs::metadata(dir.join("index.json")).unwrap().len(),
        ..PostsBytes::default()
    };
    add_files(&dir, &mut bytes);
    bytes
}

fn add_files(dir: &Path, bytes: &mut PostsBytes) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            add_files(&path, bytes);
            continue;
        }
        let size = entry.metadata().unwrap().len();
        bytes.total += size;
        if entry.file_name().to_string_lossy().ends_with(RUNS_SUFFIX) {
            bytes.runs += size;
            bytes.runs_files.push(path);
        }
    }
}

/// The runs files as the deploy serves them: copied into `into` and compressed by the
/// builder's compress step (`.br` and `.gz` of files of at least 1 KiB).
fn served_runs(files: &[PathBuf], into: &Path) -> Report {
    std::fs::create_dir_all(into).unwrap();
    for (i, file) in files.iter().enumerate() {
        std::fs::copy(file, into.join(format!("{i}{RUNS_SUFFIX}"))).unwrap();
    }
    compress_dir(into).unwrap()
}

/// One corpus measured: times, and the bytes of `posts/` with highlighting and without.
struct Measured {
    label: &'static str,
    posts: usize,
    with: Duration,
    without: Duration,
    floor: Duration,
    bytes_with: PostsBytes,
    bytes_without: PostsBytes,
    served: Report,
}

fn measure(label: &'static str, options: BuildOptions, work: &Path) -> Measured {
    let plain = BuildOptions {
        out: options.out.with_extension("plain"),
        highlight_code: false,
        ..options.clone()
    };
    // Once each before timing: both outputs in place, so every timed build replaces files.
    let posts = build(&options).unwrap().published;
    build(&plain).unwrap();
    let (with, without) = time_both(&options, &plain);
    let floor = time(|| floor(&options.content));
    let (bytes_with, bytes_without) = (posts_bytes(&options.out), posts_bytes(&plain.out));
    let served = served_runs(&bytes_with.runs_files, &work.join(format!("runs-{posts}")));
    Measured {
        label,
        posts,
        with,
        without,
        floor,
        bytes_with,
        bytes_without,
        served,
    }
}

fn ms(time: Duration) -> String {
    format!("{:.0} ms", time.as_secs_f64() * 1e3)
}

fn per(bytes: u64, count: usize) -> String {
    format!("{:.0} B", bytes as f64 / count.max(1) as f64)
}

fn print_times(rows: &[Measured]) {
    println!("| posts | quire-build | floor: read + bare pulldown-cmark | ratio |");
    println!("|---|---|---|---|");
    for m in rows {
        let ratio = m.with.as_secs_f64() / m.floor.as_secs_f64();
        println!(
            "| {} | {} | {} | {ratio:.2}x |",
            m.label,
            ms(m.with),
            ms(m.floor)
        );
    }
    println!();
    println!("code highlighting, the builds taken in turn run by run:");
    println!("| posts | with highlighting | without | difference | ratio |");
    println!("|---|---|---|---|---|");
    for m in rows {
        let difference = m.with.as_secs_f64() - m.without.as_secs_f64();
        println!(
            "| {} | {} | {} | {:+.0} ms | {:.2}x |",
            m.label,
            ms(m.with),
            ms(m.without),
            difference * 1e3,
            m.with.as_secs_f64() / m.without.as_secs_f64()
        );
    }
}

fn print_bytes(rows: &[Measured]) {
    println!();
    println!("bytes of `posts/`, with highlighting and without:");
    println!(
        "| posts | with | without | added | runs files (posts with code runs) | runs files \
         per post, over all posts | over posts with runs | index.json added |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for m in rows {
        let (with, without) = (&m.bytes_with, &m.bytes_without);
        let files = with.runs_files.len();
        println!(
            "| {} | {} | {} | {} | {} B ({files}) | {} | {} | {} B |",
            m.label,
            with.total,
            without.total,
            with.total as i64 - without.total as i64,
            with.runs,
            per(with.runs, m.posts),
            per(with.runs, files),
            with.index as i64 - without.index as i64
        );
    }
    println!();
    println!("runs files as served (compress step: .gz/.br of files of 1 KiB or more):");
    println!(
        "| posts | raw | gzip | brotli | brotli per post, over all posts | over posts with runs |"
    );
    println!("|---|---|---|---|---|---|");
    for m in rows {
        let s = &m.served;
        println!(
            "| {} | {} B | {} B | {} B | {} | {} |",
            m.label,
            s.raw,
            s.gzip,
            s.brotli,
            per(s.brotli, m.posts),
            per(s.brotli, s.files)
        );
    }
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
    let mut rows = Vec::new();
    for (label, content) in [("750 (rust-blog)", corpus), ("7,500 (generated)", large)] {
        let options = BuildOptions {
            settings: settings.clone(),
            content,
            out: work.path().join(format!("out-{}", rows.len())),
            drafts: false,
            public: None,
            image_cache: None,
            highlight_code: true,
        };
        rows.push(measure(label, options, work.path()));
    }
    print_times(&rows);
    print_bytes(&rows);
}
