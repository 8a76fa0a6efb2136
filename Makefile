# Quire: `make serve` to write, `make test` to check everything, `make dist` to deploy.
# Every target first installs whatever is missing (scripts/setup.sh; a no-op once done).

SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
# /usr/sbin: Debian installs nginx there, which a non-root PATH often leaves out.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH):/usr/sbin
# Trunk must never reach for the network: no version check, no tool downloads.
export TRUNK_SKIP_VERSION_CHECK := true

.PHONY: serve dist dist-subpath test test-rust lint test-e2e bench bench-reader bench-search bench-setup screenshots setup setup-build clean

# The path the site is served under: / (the default) or e.g. /blog/ for
# https://example.github.io/blog/. Absolute URLs (feed, sitemap, link previews) come from
# base_url in quire.toml; a base_url of only a host gets this path added.
PUBLIC_URL ?= /
# Where the tests' sub-path build goes, and the path it is built for.
SUBPATH_DIST := target/dist-subpath
SUBPATH_URL := /quire-sub/

## serve: the blog with its sample posts at http://127.0.0.1:8080, rebuilt on every edit (drafts shown)
serve: setup-build
	QUIRE_BUILD_FLAGS=--drafts trunk serve --offline

# Release builds make their wasm small with a pinned nightly Rust when it is installed
# (scripts/small-wasm.sh says how, and what it saves); QUIRE_STABLE_WASM=1 builds on stable.
## dist: the release build into dist/, ready for any static host (PUBLIC_URL=/blog/ for a sub-path)
dist: setup-build
	bash scripts/small-wasm.sh trunk build --release --offline --public-url "$(PUBLIC_URL)"

## dist-subpath: the release build for the path /quire-sub/, into target/dist-subpath (for the tests)
dist-subpath: setup-build
	bash scripts/small-wasm.sh trunk build --release --offline --public-url "$(SUBPATH_URL)" --dist "$(SUBPATH_DIST)"

## test: everything: unit and builder tests, lints, the release build, browser tests against nginx
test: setup test-rust lint dist dist-subpath test-e2e
# The builder binary `cargo test --workspace` has just built (its CLI tests run it) is the one
# Trunk's hooks and the browser tests run: `cargo run -p quire-build` would build it a second
# time, with the features of that package alone (two minutes on a fresh clone).
test: export QUIRE_BUILDER = $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)/debug/quire-build

test-rust:
	cargo test --workspace --locked

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

test-e2e:
	cd tests/e2e && node --test --test-concurrency=1 *.test.mjs

## bench: benchmarks that print numbers (not tests): builder time at 750 and 7,500 posts, then bench-reader and bench-search
bench: setup
	cargo bench -p quire-build --bench build
	$(MAKE) --no-print-directory bench-reader
	$(MAKE) --no-print-directory bench-search

## bench-search: search at 100, 750, 1,000 and 10,000 posts (index bytes, first search, each keystroke) beside Pagefind and MiniSearch
bench-search: setup dist
	node benches/search.mjs

## bench-reader: what a reader waits for: bundle, deep link vs a static page, navigation, rendering, Lighthouse
## (options: make bench-reader ARGS="--runs 5 --no-lighthouse")
bench-reader: setup dist bench-setup
	node benches/reader.mjs $(ARGS)

# Lighthouse for bench-reader, from benches/package-lock.json, and twiggy for its bundle breakdown
# (where the wasm's bytes go); nothing to do (and no network) once installed.
TWIGGY_VERSION := 0.8.0
bench-setup:
	@installed=$$(node -e 'try { console.log(require("./benches/node_modules/lighthouse/package.json").version) } catch {}'); \
	wanted=$$(node -e 'console.log(require("./benches/package-lock.json").packages["node_modules/lighthouse"].version)'); \
	if [ "$$installed" != "$$wanted" ]; then \
	  echo "setup: installing lighthouse $$wanted from npm (for bench-reader)"; \
	  cd benches && npm ci --no-audit --no-fund --loglevel=error; \
	fi
	@installed=$$(twiggy --version 2>/dev/null | awk '{ print $$NF }' || true); \
	if [ "$$installed" != "$(TWIGGY_VERSION)" ]; then \
	  echo "setup: installing twiggy $(TWIGGY_VERSION) from crates.io (for bench-reader's bundle breakdown, about 2 minutes, once)"; \
	  cargo install twiggy --version $(TWIGGY_VERSION) --locked; \
	fi

## screenshots: pictures of the main pages, light and dark, phone and desktop
screenshots: dist
	node tests/e2e/screenshots.mjs

setup:
	@bash scripts/setup.sh

setup-build:
	@bash scripts/setup.sh build

clean:
	rm -rf dist target tests/e2e/artifacts
