#!/usr/bin/env bash
# Runs a release build command (`trunk build --release …`, or the benchmark's `cargo build`) so
# that its wasm comes out small: built with a pinned nightly Rust whose standard library is
# rebuilt for size, and whose panics abort at once without formatting a message
# (`-Zbuild-std` with `optimize_for_size`, `-Cpanic=immediate-abort`, `-Zlocation-detail=none`,
# `-Zfmt-debug=none`). Measured here: the app's initial bundle 222.6 KB -> 197.9 KB brotli.
#
# Only the two wasm files are built this way: the builder (run by Trunk's hooks, which drop
# these variables), the tests and `make serve` stay on stable Rust. Without that nightly and its
# rust-src (scripts/setup.sh installs them; `--install` here), or with QUIRE_STABLE_WASM=1, the
# command runs unchanged on stable and the bundle is the larger one.
#
#   scripts/small-wasm.sh trunk build --release --offline     # what `make dist` runs
#   scripts/small-wasm.sh --install                           # what scripts/setup.sh runs
set -euo pipefail

NIGHTLY=nightly-2026-05-19

if [[ "${1:-}" == --install ]]; then
  if ! rustup run "$NIGHTLY" rustc --print sysroot > /dev/null 2>&1 \
    || [[ ! -d "$(rustup run "$NIGHTLY" rustc --print sysroot)/lib/rustlib/src/rust/library/std" ]]; then
    echo "setup: installing Rust $NIGHTLY with rust-src (only the release wasm is built with it; about a minute, once)"
    if ! rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src; then
      echo "setup: WARNING: could not install $NIGHTLY: release builds fall back to stable Rust (a larger bundle)" >&2
      exit 0
    fi
  fi
  # The crates the standard library is rebuilt from, into Cargo's cache (release builds run
  # offline); nothing to download once they are there.
  library="$(rustup run "$NIGHTLY" rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
  if ! rustup run "$NIGHTLY" cargo fetch --quiet --manifest-path "$library"; then
    echo "setup: WARNING: could not fetch the crates of $NIGHTLY's standard library: release builds will fail offline; run scripts/setup.sh again with the registry reachable" >&2
  fi
  exit 0
fi

sysroot=$(rustup run "$NIGHTLY" rustc --print sysroot 2> /dev/null || true)
if [[ "${QUIRE_STABLE_WASM:-}" != 1 && -n "$sysroot" && -d "$sysroot/lib/rustlib/src/rust/library/std" ]]; then
  export RUSTUP_TOOLCHAIN="$NIGHTLY"
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  # Replaces .cargo/config.toml's wasm flags, so they are repeated here.
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
  echo "small-wasm: the release wasm is built with $NIGHTLY (std rebuilt for size, panics abort at once)" >&2
elif [[ "${QUIRE_STABLE_WASM:-}" == 1 ]]; then
  echo "small-wasm: QUIRE_STABLE_WASM=1: the release wasm is built with stable Rust (about 25 KB brotli larger)" >&2
else
  echo "small-wasm: $NIGHTLY with rust-src is not installed (scripts/setup.sh installs it): the release wasm is built with stable Rust (about 25 KB brotli larger)" >&2
fi
exec "$@"
