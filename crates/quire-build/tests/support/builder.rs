//! Running the `quire-build` binary from the builder's integration tests (each test file is its
//! own crate and takes this file with `#[path = "support/builder.rs"] mod builder;`).
#![allow(dead_code)] // each test file uses what it needs

use std::path::Path;
use std::process::{Command, Output};

/// Runs `quire-build` with `args` in `dir`. Trunk's staging variable is removed, so `--out`
/// alone says where the output goes.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire-build"))
        .current_dir(dir)
        .args(args)
        .env_remove("TRUNK_STAGING_DIR")
        .output()
        .expect("the builder runs")
}

/// What the run printed to standard error.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
