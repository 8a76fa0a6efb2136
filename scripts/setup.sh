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
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages: Node for wasm-opt and the test driver; for the tests, the browser, the web
# server and its brotli_static module (for the precompressed .br files, quire-brotli.conf).
packages=()
if [ "$MODE" = all ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || packages+=(nginx)
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || packages+=(libnginx-mod-http-brotli-static)
fi
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [ ${#packages[@]} -gt 0 ]; then
  say "installing ${packages[*]} from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 5 minutes, once)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
  # Not --locked: the registry lacks one of its locked transitive versions.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

npm_ci() { # folder, what
  say "installing $2 from npm"
  (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
}
if ! tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  npm_ci tools "wasm-opt (binaryen $BINARYEN_VERSION)"
fi
if [ "$MODE" = all ]; then
  # Every package of the e2e lock file (playwright-core, axe-core) at its locked version?
  e2e_installed() {
    node -e '
      const { packages } = require("./tests/e2e/package-lock.json");
      for (const [path, { version }] of Object.entries(packages)) {
        if (path && require(`./tests/e2e/${path}/package.json`).version !== version) process.exit(1);
      }' 2>/dev/null
  }
  e2e_installed || npm_ci tests/e2e "playwright-core and axe-core (the browser test driver and checker)"
fi

# Trunk builds offline: every crate must already be in cargo's cache.
cargo fetch --locked --quiet
say "all tools present"
