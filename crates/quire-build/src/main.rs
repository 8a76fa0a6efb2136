//! The `quire-build` command: builds the post index, printing `path:line: message` for every
//! problem and exiting non-zero on errors.

use clap::Parser;
use quire_build::compress::compress_dir;
use quire_build::{BuildOptions, build, write_pages};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Builds Quire's post index from Markdown posts.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {
    /// Site settings file.
    #[arg(long, default_value = "quire.toml")]
    settings: PathBuf,
    /// Content folder holding `posts/` (with --pages, read again only to name the file and
    /// line of a post whose URL cannot be written).
    #[arg(long, env = "QUIRE_CONTENT", default_value = "content")]
    content: PathBuf,
    /// Output folder (Trunk's staging folder when run as a hook); `posts/` is written inside.
    #[arg(long, env = "TRUNK_STAGING_DIR")]
    out: PathBuf,
    /// Publish drafts too.
    #[arg(long)]
    drafts: bool,
    /// The site's static files, where the images posts show are read (for their size) [default:
    /// `public` beside the content folder, if there is one].
    #[arg(long, env = "QUIRE_PUBLIC")]
    public: Option<PathBuf>,
    /// A folder that keeps the resized copies of images between builds, so that a rebuild
    /// re-encodes only the images that changed (without it, only OUT keeps them).
    #[arg(long, env = "QUIRE_IMAGE_CACHE")]
    image_cache: Option<PathBuf>,
    /// Instead of the index: write every route's entry file, the feed, the sitemap,
    /// robots.txt and _headers into OUT, from the app shell and index already there, for the
    /// public path the app was built for (Trunk's post_build).
    #[arg(long)]
    pages: bool,
    /// Instead of the index (after --pages, if given): write `.br` and `.gz` beside every
    /// text file in OUT of at least 1 KiB, for servers that send precompressed files.
    #[arg(long)]
    compress: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.pages || cli.compress {
        let done = (!cli.pages || publish(&cli.out, &cli.content))
            && (!cli.compress || compress(&cli.out));
        return match done {
            true => ExitCode::SUCCESS,
            false => ExitCode::FAILURE,
        };
    }
    let started = Instant::now();
    let options = BuildOptions {
        settings: cli.settings,
        content: cli.content,
        out: cli.out,
        drafts: cli.drafts,
        public: cli.public,
        image_cache: cli.image_cache,
    };
    match build(&options) {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("{warning}");
            }
            let drafts = match report.drafts_left_out {
                0 => String::new(),
                n => format!(", {n} draft(s) left out"),
            };
            eprintln!(
                "quire-build: {} post(s) published{drafts} in {} ms",
                report.published,
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            eprintln!(
                "quire-build: {} error(s); nothing was written",
                errors.len()
            );
            ExitCode::FAILURE
        }
    }
}

/// `--pages`: the entry files and the rest; false on failure.
fn publish(out: &Path, content: &Path) -> bool {
    let started = Instant::now();
    match write_pages(out, content) {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("{warning}");
            }
            eprintln!(
                "quire-build: {} page(s) written for {} in {} ms",
                report.written,
                report.base_path,
                started.elapsed().as_millis()
            );
            true
        }
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            eprintln!("quire-build: {} error(s) writing the pages", errors.len());
            false
        }
    }
}

/// `--compress`: precompressed siblings; false on failure.
fn compress(out: &Path) -> bool {
    let started = Instant::now();
    match compress_dir(out) {
        Ok(report) => {
            let kib = |bytes: u64| bytes.div_ceil(1024);
            eprintln!(
                "quire-build: {} file(s) precompressed, {} KiB to {} KiB gzip, {} KiB brotli, in {} ms",
                report.files,
                kib(report.raw),
                kib(report.gzip),
                kib(report.brotli),
                started.elapsed().as_millis()
            );
            true
        }
        Err(error) => {
            eprintln!("{error}");
            false
        }
    }
}
