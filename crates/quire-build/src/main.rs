//! The `quire-build` command: builds the post index, printing `path:line: message` for every
//! problem and exiting non-zero on errors.

use clap::Parser;
use quire_build::{BuildOptions, build, write_pages};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Builds Quire's post index from Markdown posts.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {
    /// Site settings file.
    #[arg(long, default_value = "quire.toml")]
    settings: PathBuf,
    /// Content folder holding `posts/`.
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Output folder (Trunk's staging folder when run as a hook); `posts/` is written inside.
    #[arg(long, env = "TRUNK_STAGING_DIR")]
    out: PathBuf,
    /// Publish drafts too.
    #[arg(long)]
    drafts: bool,
    /// Instead of the index: write every route's entry file, the feed, the sitemap and
    /// robots.txt into OUT, from the app shell and index already there (Trunk's post_build).
    #[arg(long)]
    pages: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    if cli.pages {
        return match write_pages(&cli.out) {
            Ok(count) => {
                eprintln!(
                    "quire-build: {count} page(s) written in {} ms",
                    started.elapsed().as_millis()
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{error}");
                ExitCode::FAILURE
            }
        };
    }
    let options = BuildOptions {
        settings: cli.settings,
        content: cli.content,
        out: cli.out,
        drafts: cli.drafts,
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
