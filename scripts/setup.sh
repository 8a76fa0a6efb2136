#!/usr/bin/env bash
# Installs what Quire's build and tests need, skipping everything already present at the
# right version, so a second run installs nothing. Nothing here downloads a prebuilt binary:
# tools come from crates.io, npm and Debian through their normal clients.
#
# `scripts/setup.sh build` installs only what building needs (`make dist`, `make serve`, CI
# deploys); with no argument the browser tests' tools come too (`make test`).
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-all}

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/.*= *"|"/, ""); print; exit }' Cargo.lock)

say() { printf 'setup: %s\n' "$*"; }
# /usr/sbin: where Debian puts nginx, and which a non-root PATH often leaves out.
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH:/usr/sbin"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages: Node for wasm-opt and the test driver; for the tests, the browser, the web
# server and its brotli_static module (for the precompressed .br files, quire-brotli.conf).
packages=()
if [ "$MODE" = all ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  command -v nginx >/dev/null 2>&1 || packages+=(nginx)
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || packages+=(libnginx-mod-http-brotli-static)
fi
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
command -v python3 >/dev/null 2>&1 || packages+=(python3)
# Debian's packages download and unpack while cargo compiles below (one waits on the network
# and the disk, the other on the processors); we wait for them before the first npm step.
apt_pid=
apt_log=$(mktemp)
if [ ${#packages[@]} -gt 0 ]; then
  say "installing ${packages[*]} from Debian (in the background)"
  (
    as_root apt-get update -qq &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
  ) >"$apt_log" 2>&1 &
  apt_pid=$!
fi
wait_for_apt() {
  [ -n "$apt_pid" ] || return 0
  if ! wait "$apt_pid"; then
    cat "$apt_log" >&2
    say "installing ${packages[*]} from Debian failed"
    exit 1
  fi
  apt_pid=
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The pinned nightly Rust (with rust-src) that release builds use for a smaller wasm
# (scripts/small-wasm.sh); without it they fall back to stable.
bash "$(dirname "$0")/small-wasm.sh" --install

fast_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=0 \
    cargo install "$@"
}
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (several minutes, once)"
  # Trunk only drives other tools: it needs no full optimisation, and builds much faster
  # without LTO, with parallel code generation and opt-level 1.
  fast_install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
  # Not --locked: the registry lacks one of its locked transitive versions.
  fast_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

wait_for_apt
npm_ci() { # folder, what
  say "installing $2 from npm"
  (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
}
if ! tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  npm_ci tools "wasm-opt (binaryen $BINARYEN_VERSION)"
fi
if [ "$MODE" = all ]; then
  # Every package of the e2e lock file (playwright-core, axe-core, wrangler and theirs) at its
  # locked version? Packages for other systems (wrangler's workerd and esbuild binaries for
  # macOS, Windows, ...) are in the lock but not installed here: they are left out by os, cpu
  # and libc; an optional package without those (a dependency of one left out) counts if present.
  e2e_installed() {
    node -e '
      const { existsSync } = require("node:fs");
      const { packages } = require("./tests/e2e/package-lock.json");
      const libc = process.report.getReport().header.glibcVersionRuntime ? "glibc" : "musl";
      const fits = (list, value) => !list || list.some((v) => v === value || (v.startsWith("!") && v.slice(1) !== value))
        && !list.includes(`!${value}`);
      for (const [path, meta] of Object.entries(packages)) {
        if (!path) continue;
        if (!fits(meta.os, process.platform) || !fits(meta.cpu, process.arch) || !fits(meta.libc, libc)) continue;
        const file = `./tests/e2e/${path}/package.json`;
        const targeted = meta.os || meta.cpu || meta.libc;
        if (meta.optional && !targeted && !existsSync(file)) continue;
        if (require(file).version !== meta.version) process.exit(1);
      }' 2>/dev/null
  }
  e2e_installed || npm_ci tests/e2e "playwright-core, axe-core and wrangler (the browser test driver, the checker, Cloudflare's runtime)"
  # The tests run these by name; nginx may be only in /usr/sbin (on PATH above, and in the Makefile).
  for program in chromium nginx python3; do
    command -v "$program" >/dev/null 2>&1 || { say "$program is missing after the install"; exit 1; }
  done
fi

# Trunk builds offline: every crate must already be in cargo's cache.
cargo fetch --locked --quiet
say "all tools present"
