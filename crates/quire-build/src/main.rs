//! The `quire-build` command: one subcommand per step of a site's build, each printing
//! `path:line: message` for every problem and exiting non-zero on errors.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod cmd {
    pub mod compress;
    pub mod index;
    pub mod pages;
}

/// Builds a Quire site's files from its Markdown posts: the index before Trunk builds the
/// app, the pages (and, for release builds, precompressed files) after it.
#[derive(Parser, Debug)]
#[command(version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Index(cmd::index::Args),
    Pages(cmd::pages::Args),
    Compress(cmd::compress::Args),
}

fn main() -> ExitCode {
    let done = match Cli::parse().command {
        Command::Index(args) => cmd::index::run(args),
        Command::Pages(args) => cmd::pages::run(args),
        Command::Compress(args) => cmd::compress::run(args),
    };
    match done {
        true => ExitCode::SUCCESS,
        false => ExitCode::FAILURE,
    }
}
