//! `quire-build compress`: precompressed `.br` and `.gz` siblings of the output's text files.

use quire_build::compress::compress_dir;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Write `.br` and `.gz` siblings of OUT's text files, for servers that send them as they are
///
/// Every text file of at least 1 KiB gets them where they are smaller; siblings left from an
/// earlier build of a file that no longer gets one are removed.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output folder (Trunk's staging folder when run as a hook).
    #[arg(long, env = "TRUNK_STAGING_DIR")]
    out: PathBuf,
}

pub fn run(args: Args) -> bool {
    compress(&args.out)
}

/// Precompresses `out`; false on failure (printed).
pub fn compress(out: &Path) -> bool {
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
