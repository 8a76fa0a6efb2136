//! `quire-build index`: the post index, post bodies and search files into `OUT/posts/`.

use quire_build::{BuildOptions, build};
use std::path::PathBuf;
use std::time::Instant;

/// Write the post index, post bodies and search files into OUT/posts/ (Trunk's pre_build)
///
/// Every post is read and checked; on any error nothing is written, and every problem is
/// printed as `path:line: message`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output folder (Trunk's staging folder when run as a hook); `posts/` is written inside.
    #[arg(long, env = "TRUNK_STAGING_DIR")]
    out: PathBuf,
    /// Site settings file.
    #[arg(long, default_value = "quire.toml")]
    settings: PathBuf,
    /// Content folder holding `posts/`.
    #[arg(long, env = "QUIRE_CONTENT", default_value = "content")]
    content: PathBuf,
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
}

/// Builds the index; false on errors (each printed).
pub fn run(args: Args) -> bool {
    let started = Instant::now();
    let options = BuildOptions {
        settings: args.settings,
        content: args.content,
        out: args.out,
        drafts: args.drafts,
        public: args.public,
        image_cache: args.image_cache,
        highlight_code: true,
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
            true
        }
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            eprintln!(
                "quire-build: {} error(s); nothing was written",
                errors.len()
            );
            false
        }
    }
}
