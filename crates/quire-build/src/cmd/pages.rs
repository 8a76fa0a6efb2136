//! `quire-build pages`: every route's entry file, the feed, the sitemap, robots.txt and
//! `_headers`, beside the app Trunk built.

use std::path::PathBuf;
use std::time::Instant;

/// Write every route's entry file, the feed, the sitemap, robots.txt and _headers into OUT
/// (Trunk's post_build)
///
/// They are made from the app shell Trunk wrote and the index already there, for the public
/// path the app was built for (`trunk build --public-url /blog/`).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output folder, holding the app Trunk built and the index (Trunk's staging folder when
    /// run as a hook).
    #[arg(long, env = "TRUNK_STAGING_DIR")]
    out: PathBuf,
    /// Content folder holding `posts/`, read again only to name the file and line of a post
    /// whose URL cannot be written.
    #[arg(long, env = "QUIRE_CONTENT", default_value = "content")]
    content: PathBuf,
    /// Then precompress OUT, as `quire-build compress` does (release builds, in one hook).
    #[arg(long)]
    compress: bool,
}

/// Writes the pages (and compresses, if asked); false on errors (each printed).
pub fn run(args: Args) -> bool {
    let started = Instant::now();
    let written = match quire_build::write_pages(&args.out, &args.content) {
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
    };
    written && (!args.compress || super::compress::compress(&args.out))
}
