// Benchmark (not a test): search at 100, 750, 1,000 and 10,000 posts. Each size is built from the
// Rust blog corpus (../shared/corpus/rust-blog) with the release builder into a copy of dist/,
// served by nginx with Quire's rules, and searched in headless Chromium as a reader would: focus
// the box, type the ten "later" queries of ../shared/ANCHORS.md key by key. Prints the index bytes
// per size, the builder time, the first search and every later keystroke, and a side-by-side with
// Pagefind and MiniSearch as ANCHORS.md gives them.
//
//   node benches/search.mjs        (from the repository root; needs dist/ and cargo; ~6 minutes)
//   BENCH_RUNS=3 BENCH_SIZES=750,10000 node benches/search.mjs   (fewer runs or sizes)
//   BENCH_KEEP=1 node benches/search.mjs                          (keeps the built sites in /tmp)
//
// How it measures (all times are in the page, from `performance.now()`):
// - first search, cold: a fresh context, the home page settled, focus on `#search-input` (which
//   starts loading the manifest and highlights), then the first query entered at once (one input
//   event, as a paste); time from the focus to the first DOM change after its `quire-search`
//   measure ended (results or "No posts match" shown). The same definition as Pagefind's "init +
//   query" in ANCHORS.md.
// - typed session: another fresh context; focus, then the ten queries typed key by key
//   (`TYPE_DELAY_MS` between keys), waiting for each query's results before clearing the box.
//   Every keystroke after the first query is one sample of the app's `quire-search` measure
//   (query incl. shard fetches and snippets) and `quire-search-rank` (ranking and snippets only).
//   The app runs one query at a time and skips to the newest text, so keys typed while a query
//   runs have no sample of their own.
// - bytes: Resource Timing (`transferSize`: body as sent plus response headers; `encodedBodySize`:
//   body as sent) of posts/search/* and posts/highlights.json fetched since the focus. nginx as
//   shipped gzips JSON (gzip_comp_level 1) and sends the .bin shards uncompressed (their type,
//   application/octet-stream, is not in gzip_types). Post bodies fetched for snippets are counted
//   apart.
//
// Not picked up by `node --test`: the end-to-end tests run from tests/e2e only, and this file's
// name matches none of node's test patterns.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { distDir, repoRoot, startNginx } from '../tests/e2e/support/site.mjs';
import { launch, newPage, settled } from '../tests/e2e/support/browser.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Between keys: a fast typist; fast enough that keys bunch while a shard is fetched. */
const TYPE_DELAY_MS = 50;
/** After a query's results are shown, before the box is cleared for the next one. */
const READ_PAUSE_MS = 150;
const SIZES = (process.env.BENCH_SIZES ?? '100,750,1000,10000').split(',').map(Number);
// The "later" queries of ANCHORS.md, in its order.
const QUERIES = ['async await', 'cargo', 'borrow checker', 'wasm', 'edition 2021', 'const generics',
  'security advisory', 'compiler team', 'rustup', 'survey results'];
// Quire's aims (ANCHORS.md): up to 1,000 posts, and at 10,000.
const AIMS = {
  small: { firstMs: 100, firstKB: 150, keyMs: 5 },
  large: { firstMs: 100, firstKB: 300, keyMs: 10 },
};

const shared = resolve(repoRoot, '..', 'shared');
const corpus = join(shared, 'corpus', 'rust-blog');
if (!existsSync(join(corpus, 'posts'))) {
  const line = `SKIPPED: ${corpus}/posts not found — the search benchmark needs ../shared/corpus/rust-blog; NOTHING measured`;
  process.stderr.write(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n\n`);
  process.exit(0);
}
if (!existsSync(join(distDir, 'index.html'))) {
  console.error(`${distDir}/index.html is missing: run the release build first (make dist)`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Formatting

const median = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const percentile = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const kb = (n) => (Number.isFinite(n) ? `${(n / 1024).toFixed(1)} KB` : '—');
const ms = (n, digits = 1) => (Number.isFinite(n) ? `${n.toFixed(digits)} ms` : '—');
const count = (n) => n.toLocaleString('en-US');

function table(rows, { title, alignLeft = [0] } = {}) {
  if (title) console.log(`\n${title}\n`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  const line = (r) => r.map((cell, i) => {
    const c = String(cell ?? '');
    return alignLeft.includes(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]);
  }).join('  │  ');
  console.log(line(rows[0]));
  console.log(widths.map((w) => '─'.repeat(w)).join('──┼──'));
  for (const r of rows.slice(1)) console.log(line(r));
}

// ---------------------------------------------------------------------------------------------
// Content: the corpus, and copies of it under new slugs, titles and dates

const originals = readdirSync(join(corpus, 'posts'))
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(corpus, 'posts', name), 'utf8') }));

function shiftDate(y, m, d, days) {
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)) - days * 86_400_000);
  const p = (n) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}/${p(t.getUTCMonth() + 1)}/${p(t.getUTCDate())}`;
}

/**
 * Copy `k` (k ≥ 1) of a Zola post: its `path` gets a date `k` weeks earlier and the slug suffix
 * `-copyk`, its title " (copy k)"; its aliases are dropped (they would clash with the original's).
 */
function copyOf(name, text, k) {
  const m = /^\+\+\+\r?\n([\s\S]*?)\r?\n\+\+\+\r?\n/.exec(text);
  if (!m) throw new Error(`${name}: no TOML front matter`);
  const out = [];
  let inAliases = false;
  let inTable = false;
  let path = false;
  let title = false;
  for (const line of m[1].split('\n')) {
    if (inAliases) {
      if (line.includes(']')) inAliases = false;
      continue;
    }
    if (/^\s*\[/.test(line)) inTable = true;
    if (!inTable && /^aliases\s*=/.test(line)) {
      inAliases = !line.includes(']');
      continue;
    }
    const p = !inTable && /^path\s*=\s*"(.*?)(\d{4})\/(\d{2})\/(\d{2})\/([^"]+)"\s*$/.exec(line);
    if (p) {
      out.push(`path = "${p[1]}${shiftDate(p[2], p[3], p[4], 7 * k)}/${p[5]}-copy${k}"`);
      path = true;
      continue;
    }
    const t = !inTable && /^(title\s*=\s*)('''|"|')(.*)\2\s*$/.exec(line);
    if (t) {
      out.push(`${t[1]}${t[2]}${t[3]} (copy ${k})${t[2]}`);
      title = true;
      continue;
    }
    out.push(line);
  }
  if (!path || !title) throw new Error(`${name}: no ${path ? 'title' : 'path'} line to rewrite`);
  return `+++\n${out.join('\n')}\n+++\n${text.slice(m[0].length)}`;
}

/** `n` posts: the corpus in file-name order, then copies 1, 2, … of it. */
function writeContent(dir, n) {
  mkdirSync(join(dir, 'posts'), { recursive: true });
  for (let i = 0; i < n; i++) {
    const { name, text } = originals[i % originals.length];
    const k = Math.floor(i / originals.length);
    const file = k === 0 ? name : name.replace(/\.md$/, `--copy${k}.md`);
    writeFileSync(join(dir, 'posts', file), k === 0 ? text : copyOf(name, text, k));
  }
}

// ---------------------------------------------------------------------------------------------
// Building

function run(cmd, args, what) {
  const started = performance.now();
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const elapsed = performance.now() - started;
  if (r.error || r.status !== 0) {
    throw new Error(`${what} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`}):\n${r.stderr}${r.stdout}`);
  }
  return { elapsed, stderr: r.stderr };
}

const brotli = (b) => brotliCompressSync(b, {
  params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: b.length },
}).length;
const sizes = (b) => ({ raw: b.length, gz: gzipSync(b, { level: 9 }).length, br: brotli(b) });
const sum = (xs, key) => xs.reduce((a, x) => a + x[key], 0);

/** What the builder wrote for search, file by file, raw, gzip -9 and brotli 11. */
function indexBytes(root) {
  const posts = join(root, 'posts');
  const manifestBytes = readFileSync(join(posts, 'search', 'manifest.json'));
  const manifest = JSON.parse(manifestBytes);
  const shards = manifest.shards.map((s) => ({ file: s.file, ...sizes(readFileSync(join(posts, 'search', s.file))) }));
  const largest = shards.reduce((a, s) => (s.raw > a.raw ? s : a), shards[0]);
  const files = new Map(); // URL path -> sizes, to price what a session fetched
  const manifestSizes = sizes(manifestBytes);
  const highlights = sizes(readFileSync(join(posts, 'highlights.json')));
  files.set('/posts/search/manifest.json', manifestSizes);
  files.set('/posts/highlights.json', highlights);
  for (const s of shards) files.set(`/posts/search/${s.file}`, s);
  return {
    manifest: manifestSizes,
    highlights,
    highlightCount: manifest.highlight_posts.length,
    shards: { raw: sum(shards, 'raw'), gz: sum(shards, 'gz'), br: sum(shards, 'br') },
    shardCount: shards.length,
    largest,
    postIndex: sizes(readFileSync(join(posts, 'index.json'))),
    files,
  };
}

// ---------------------------------------------------------------------------------------------
// The browser side

/** In the page: timestamps of input events and DOM changes, and a big resource timing buffer. */
function instrument() {
  performance.setResourceTimingBufferSize(1_000_000);
  const b = (window.__bench = { focus: null, inputs: [], mutations: [] });
  document.addEventListener('focusin', (e) => {
    if (e.target.id === 'search-input' && b.focus === null) b.focus = performance.now();
  }, true);
  document.addEventListener('input', (e) => {
    if (e.target.id === 'search-input') b.inputs.push({ t: performance.now(), value: e.target.value });
  }, true);
  const observe = () => new MutationObserver(() => b.mutations.push(performance.now()))
    .observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  if (document.documentElement) observe();
  else document.addEventListener('readystatechange', observe, { once: true });
}

/**
 * In the page: waits for the results of the query typed last (a `quire-search` measure that
 * started after the last input event, and results or "No posts match" in the popup). Visible =
 * the first DOM change after that measure ended (or its end, if the DOM had nothing to change).
 */
async function waitForResults({ timeout }) {
  const b = window.__bench;
  const since = b.inputs.at(-1)?.t ?? 0;
  const deadline = performance.now() + timeout;
  for (;;) {
    const m = performance.getEntriesByName('quire-search').find((e) => e.startTime >= since);
    const popup = document.querySelector('.search-popup');
    const status = popup?.querySelector('.search-status')?.textContent ?? '';
    if (status.startsWith('Search is unavailable')) return { error: status };
    const results = popup && !popup.hidden ? popup.querySelectorAll('.search-result') : [];
    if (m && (results.length || status.startsWith('No posts match'))) {
      const end = m.startTime + m.duration;
      const visible = b.mutations.find((t) => t >= end) ?? end;
      return {
        visible,
        lastKey: since,
        status,
        top: results[0]?.querySelector('.result-title')?.textContent ?? null,
        topHighlight: results[0]?.querySelector('.result-highlight strong')?.textContent ?? null,
        topSnippet: results[0]?.querySelector('.result-snippet')?.textContent ?? null,
      };
    }
    if (performance.now() > deadline) return { timeout: true, status };
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * What search fetched and its measures (`collect`), with the resource timings of the page and,
 * since search runs in the render worker, of its workers, all on the page's clock.
 */
async function collectAll(page) {
  const c = await page.evaluate(collect);
  c.resources = [];
  for (const target of [page, ...page.workers()]) {
    const t = await target.evaluate(timings).catch(() => null);
    if (!t) continue;
    const shift = t.timeOrigin - c.timeOrigin;
    c.resources.push(...t.resources.map((r) => ({ ...r, start: r.start + shift, end: r.end + shift })));
  }
  return c;
}

/** In the page or a worker: its resource timings and its clock's origin. */
function timings() {
  const origin = location.origin;
  return {
    timeOrigin: performance.timeOrigin,
    resources: performance.getEntriesByType('resource').map((r) => ({
      path: r.name.startsWith(origin) ? new URL(r.name).pathname : r.name,
      start: r.startTime,
      end: r.responseEnd,
      transfer: r.transferSize,
      encoded: r.encodedBodySize,
      decoded: r.decodedBodySize,
    })),
  };
}

/** In the page: the input events and every `quire-search` / `quire-search-rank` measure. */
function collect() {
  const measures = (name) => performance.getEntriesByName(name).map((e) => ({ start: e.startTime, duration: e.duration }));
  return {
    timeOrigin: performance.timeOrigin,
    focus: window.__bench.focus,
    inputs: window.__bench.inputs,
    search: measures('quire-search'),
    rank: measures('quire-search-rank'),
  };
}

const isSearchFile = (p) => p.startsWith('/posts/search/') || p === '/posts/highlights.json';
const isBody = (p) => /^\/posts\/.+\.md$/.test(p);

async function openHome(browser, url) {
  const page = await newPage(browser, url);
  const encodings = new Map();
  page.on('response', (r) => {
    const p = new URL(r.url()).pathname;
    if (isSearchFile(p) || isBody(p)) encodings.set(p.endsWith('.bin') ? '.bin shards' : p.endsWith('.md') ? '.md bodies' : p, r.headers()['content-encoding'] ?? 'none');
  });
  await page.addInitScript(instrument);
  await page.goto(url + '/');
  await settled(page);
  await page.waitForSelector('#search-input');
  // Let the app finish its start (the post list of 10,000 cards) before the clock starts.
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(300);
  page.encodings = encodings;
  return page;
}

async function results(page, what) {
  const r = await page.evaluate(waitForResults, { timeout: 30_000 });
  if (r.error || r.timeout) throw new Error(`${what}: ${r.error ?? `no results after 30 s (status "${r.status}")`}`);
  return r;
}

/** Bytes of `filter`ed resources that had arrived by `until`. */
function bytesOf(resources, filter, from, until = Infinity) {
  const rs = resources.filter((r) => filter(r.path) && r.start >= from - 1 && r.end <= until);
  return {
    requests: rs.length,
    transfer: rs.reduce((a, r) => a + r.transfer, 0),
    encoded: rs.reduce((a, r) => a + r.encoded, 0),
    decoded: rs.reduce((a, r) => a + r.decoded, 0),
    paths: rs.map((r) => r.path),
  };
}

/** Cold first search: focus, the whole first query at once. */
async function coldFirst(browser, url) {
  const page = await openHome(browser, url);
  try {
    await page.focus('#search-input');
    await page.keyboard.insertText(QUERIES[0]);
    const r = await results(page, `cold "${QUERIES[0]}"`);
    const c = await collectAll(page);
    return {
      ms: r.visible - c.focus,
      bytes: bytesOf(c.resources, isSearchFile, c.focus, r.visible),
      status: r.status,
      problems: [...page.problems],
      encodings: page.encodings,
    };
  } finally {
    await page.context().close();
  }
}

/** The ten queries typed key by key. */
async function typedSession(browser, url) {
  const page = await openHome(browser, url);
  try {
    await page.focus('#search-input');
    const perQuery = [];
    for (const q of QUERIES) {
      const from = await page.evaluate(() => performance.now());
      await page.keyboard.type(q, { delay: TYPE_DELAY_MS });
      const r = await results(page, `typed "${q}"`);
      perQuery.push({ q, from, ...r });
      await page.waitForTimeout(READ_PAUSE_MS);
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.waitForTimeout(50);
    }
    // Body snippets of the last results may still be on their way.
    await page.waitForLoadState('networkidle').catch(() => {});
    const c = await collectAll(page);
    const first = perQuery[0];
    const laterFrom = perQuery[1].from;
    const later = c.search.filter((m) => m.start >= laterFrom);
    const laterRank = c.rank.filter((m) => m.start >= laterFrom);
    const queries = perQuery.map((p, i) => {
      const until = perQuery[i + 1]?.from ?? Infinity;
      const inQuery = (m) => m.start >= p.from && m.start < until;
      const keys = c.inputs.filter((x) => x.t >= p.from && x.t < until && x.value !== '').length;
      return {
        q: p.q,
        keys,
        search: c.search.filter(inQuery).map((m) => m.duration),
        rank: c.rank.filter(inQuery).map((m) => m.duration),
        afterLastKey: p.visible - p.lastKey,
        status: p.status,
        top: p.top,
        topHighlight: p.topHighlight,
        topSnippet: p.topSnippet,
        bytes: bytesOf(c.resources, isSearchFile, p.from, p.visible),
        bodies: bytesOf(c.resources, isBody, p.from, until),
      };
    });
    // Each sample with the text it answered: the box's value at its start (queries run one at
    // a time, on the newest text).
    const textAt = (t) => c.inputs.filter((x) => x.t <= t).at(-1)?.value ?? '';
    // A sample fetched shards when a search file was requested while it ran.
    const fetched = (m) => c.resources.some((r) => isSearchFile(r.path) && r.start >= m.start && r.start <= m.start + m.duration);
    const samples = c.search.map((m, i) => ({ text: textAt(m.start), search: m.duration, rank: c.rank[i]?.duration, fetched: fetched(m) }));
    return {
      samples,
      firstVisible: first.visible - c.focus,
      firstAfterLastKey: first.visible - first.lastKey,
      firstAnyResults: Math.min(...c.search.map((m) => m.start + m.duration)) - c.focus,
      firstBytes: bytesOf(c.resources, isSearchFile, c.focus, first.visible),
      totalBytes: bytesOf(c.resources, isSearchFile, c.focus),
      bodies: bytesOf(c.resources, isBody, c.focus),
      keys: c.inputs.filter((x) => x.t >= laterFrom && x.value !== '').length,
      later: later.map((m) => m.duration),
      laterFetching: later.filter(fetched).map((m) => m.duration),
      laterLocal: later.filter((m) => !fetched(m)).map((m) => m.duration),
      laterRank: laterRank.map((m) => m.duration),
      queries,
      problems: [...page.problems],
      encodings: page.encodings,
    };
  } finally {
    await page.context().close();
  }
}

// ---------------------------------------------------------------------------------------------
// Main

const work = mkdtempSync(join(tmpdir(), 'quire-search-bench-'));
const servers = [];
let browser;
try {
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(repoRoot, 'target');
  run('cargo', ['build', '--release', '--locked', '--quiet', '-p', 'quire-build'], 'cargo build --release -p quire-build');
  const builder = join(targetDir, 'release', 'quire-build');
  // One snapshot of dist/, so a rebuild of dist/ during the run changes nothing here.
  const snapshot = join(work, 'dist');
  cpSync(distDir, snapshot, { recursive: true });
  const settingsFile = join(work, 'quire.toml');
  writeFileSync(settingsFile, [
    'title = "Rust Blog"',
    'description = "Empowering everyone to build reliable and efficient software."',
    'base_url = "https://blog.rust-lang.org/"',
    '',
  ].join('\n'));

  const sites = [];
  for (const n of SIZES) {
    const content = join(work, `content-${n}`);
    writeContent(content, n);
    const root = join(work, `site-${n}`);
    cpSync(snapshot, root, { recursive: true });
    rmSync(join(root, 'posts'), { recursive: true, force: true });
    rmSync(join(root, 'blog'), { recursive: true, force: true });
    const build = run(builder, ['index', '--settings', settingsFile, '--content', content, '--out', root], `quire-build (${n} posts)`);
    const pages = run(builder, ['pages', '--out', root], `quire-build pages (${n} posts)`);
    const published = Number(/(\d+) post\(s\) published/.exec(build.stderr)?.[1]);
    if (published !== n) throw new Error(`${n} posts written, ${published} published:\n${build.stderr}`);
    const warnings = build.stderr.split('\n').filter((l) => /: warning: /.test(l)).length;
    sites.push({ n, root, build: build.elapsed, pages: pages.elapsed, warnings, index: indexBytes(root) });
  }

  const label = (n) => (n === 750 ? '750 (the corpus)' : count(n));
  table([
    ['posts', 'build (index, search, highlights)', 'pages', 'warnings'],
    ...sites.map((s) => [label(s.n), ms(s.build, 0), ms(s.pages, 0), String(s.warnings)]),
  ], { title: `Builder, release, one run per size, wall clock incl. process start (${cpus().length} cores; \`make bench\` has the proper builder benchmark):` });

  const rbg = (x) => `${kb(x.raw)} / ${kb(x.gz)} / ${kb(x.br)}`;
  table([
    ['posts', 'manifest', 'highlights.json', 'all shards', 'shards', 'largest shard', 'post index (app start)'],
    ...sites.map((s) => [label(s.n), rbg(s.index.manifest), rbg(s.index.highlights), rbg(s.index.shards),
      String(s.index.shardCount), rbg(s.index.largest), rbg(s.index.postIndex)]),
  ], { title: 'Index bytes per size, raw / gzip -9 / brotli 11 (each file compressed on its own, as served):' });
  console.log(`Highlights: ${sites.map((s) => `${count(s.n)} posts → ${count(s.index.highlightCount)}`).join(', ')}.`);

  // ------------------------------------------------------------------- the browser
  for (const s of sites) {
    s.nginx = await startNginx(s.root);
    servers.push(s.nginx);
    s.cold = [];
    s.typed = [];
  }
  browser = await launch();
  const started = performance.now();
  const loadBefore = loadavg()[0];
  // Interleaved, so that every size sees the same machine state.
  for (let r = 0; r < RUNS; r++) {
    for (const s of sites) {
      s.cold.push(await coldFirst(browser, s.nginx.url));
      s.typed.push(await typedSession(browser, s.nginx.url));
    }
    process.stderr.write(`run ${r + 1}/${RUNS} done after ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  const load = `load average (1 min) ${loadBefore.toFixed(1)} when the browser part started, ${loadavg()[0].toFixed(1)} when it ended, on ${cpus().length} cores`;
  console.log(`\nBrowser part: ${RUNS} runs in ${((performance.now() - started) / 1000).toFixed(0)} s; ${load}.`);
  if (Math.max(loadBefore, loadavg()[0]) > cpus().length) {
    console.log('!! The machine was busy with other work: every time below is inflated; compare sizes with each other, not with ANCHORS.md.');
  }

  for (const s of sites) {
    const t = s.typed;
    s.res = {
      coldMs: median(s.cold.map((c) => c.ms)),
      coldBytes: median(s.cold.map((c) => c.bytes.transfer)),
      coldEncoded: median(s.cold.map((c) => c.bytes.encoded)),
      coldRequests: median(s.cold.map((c) => c.bytes.requests)),
      coldBrotli: median(s.cold.map((c) => c.bytes.paths.reduce((a, p) => a + (s.index.files.get(p)?.br ?? 0), 0))),
      typedVisible: median(t.map((x) => x.firstVisible)),
      typedAfterKey: median(t.map((x) => x.firstAfterLastKey)),
      typedAny: median(t.map((x) => x.firstAnyResults)),
      typedBytes: median(t.map((x) => x.firstBytes.transfer)),
      typedRequests: median(t.map((x) => x.firstBytes.requests)),
      totalBytes: median(t.map((x) => x.totalBytes.transfer)),
      totalEncoded: median(t.map((x) => x.totalBytes.encoded)),
      totalRequests: median(t.map((x) => x.totalBytes.requests)),
      totalBrotli: median(t.map((x) => x.totalBytes.paths.reduce((a, p) => a + (s.index.files.get(p)?.br ?? 0), 0))),
      bodyBytes: median(t.map((x) => x.bodies.transfer)),
      bodyRequests: median(t.map((x) => x.bodies.requests)),
      later: t.flatMap((x) => x.later),
      laterFetching: t.flatMap((x) => x.laterFetching),
      laterLocal: t.flatMap((x) => x.laterLocal),
      laterRank: t.flatMap((x) => x.laterRank),
      keys: t.reduce((a, x) => a + x.keys, 0),
    };
  }

  table([
    ['posts', 'cold: focus → results', 'cold: bytes (requests)', 'typed: focus → first results', 'focus → query shown', 'last key → shown', 'typed: bytes (requests)'],
    ...sites.map((s) => [label(s.n), ms(s.res.coldMs), `${kb(s.res.coldBytes)} (${s.res.coldRequests})`,
      ms(s.res.typedAny), ms(s.res.typedVisible), ms(s.res.typedAfterKey), `${kb(s.res.typedBytes)} (${s.res.typedRequests})`]),
  ], { title: `First search, "${QUERIES[0]}" (median of ${RUNS} fresh contexts each; bytes = transferSize, headers included):` });
  console.log(`cold = the query entered at once right after the focus; typed = key by key, ${TYPE_DELAY_MS} ms apart, right after the focus`);
  console.log(`(the focus starts loading manifest and highlights, so typing hides part of it). Bodies only (encodedBodySize), cold:`);
  console.log(`${sites.map((s) => `${count(s.n)} → ${kb(s.res.coldEncoded)}`).join(', ')}; the same files as brotli 11: ${sites.map((s) => `${count(s.n)} → ${kb(s.res.coldBrotli)}`).join(', ')}.`);

  table([
    ['posts', 'samples / keys', 'quire-search median', 'p95', 'max', 'no fetch: n, median, p95', 'fetching shards: n, median, p95', 'quire-search-rank median', 'p95', 'max'],
    ...sites.map((s) => [label(s.n), `${s.res.later.length} / ${s.res.keys}`,
      ms(median(s.res.later), 2), ms(percentile(s.res.later, 95), 2), ms(Math.max(...s.res.later), 2),
      `${s.res.laterLocal.length}, ${ms(median(s.res.laterLocal), 2)}, ${ms(percentile(s.res.laterLocal, 95), 2)}`,
      `${s.res.laterFetching.length}, ${ms(median(s.res.laterFetching), 2)}, ${ms(percentile(s.res.laterFetching, 95), 2)}`,
      ms(median(s.res.laterRank), 2), ms(percentile(s.res.laterRank, 95), 2), ms(Math.max(...s.res.laterRank), 2)]),
  ], { title: `Later keystrokes (queries 2–10 typed key by key; all ${RUNS} runs pooled; quire-search includes shard fetches, quire-search-rank is ranking and snippets alone):` });

  table([
    ['posts', 'search files after 10 queries', 'bodies only', 'as brotli 11', 'requests', 'post bodies fetched for snippets'],
    ...sites.map((s) => [label(s.n), kb(s.res.totalBytes), kb(s.res.totalEncoded), kb(s.res.totalBrotli),
      String(s.res.totalRequests), `${kb(s.res.bodyBytes)} (${s.res.bodyRequests} requests)`]),
  ], { title: `Bytes of the whole typed session (median of ${RUNS}; search files = manifest, highlights.json, shards):` });
  const enc = sites[sites.length - 1].typed[0].encodings;
  console.log(`Content-Encoding from nginx: ${[...enc].map(([p, e]) => `${p}: ${e}`).join(', ')}.`);

  for (const s of sites.filter((x) => x.n === 750 || x.n === 10000 || sites.length === 1)) {
    const rows = [['query', 'keys', 'samples', 'quire-search med', 'max', 'rank med', 'last key → shown', 'found', 'fetched', 'top result']];
    for (let i = 0; i < QUERIES.length; i++) {
      const qs = s.typed.map((x) => x.queries[i]);
      const search = qs.flatMap((q) => q.search);
      rows.push([
        QUERIES[i],
        String(median(qs.map((q) => q.keys))),
        String(search.length),
        ms(median(search), 2),
        ms(Math.max(...search), 2),
        ms(median(qs.flatMap((q) => q.rank)), 2),
        ms(median(qs.map((q) => q.afterLastKey))),
        qs[0].status.replace(/ posts? found\./, ''),
        `${kb(median(qs.map((q) => q.bytes.transfer)))} / ${median(qs.map((q) => q.bytes.requests))}`,
        `${(qs[0].top ?? '').slice(0, 60)}${qs[0].topHighlight ? ` [highlight: ${qs[0].topHighlight.slice(0, 30)}]` : ''}`,
      ]);
    }
    table(rows, { title: `Per query at ${label(s.n)} posts (samples pooled over ${RUNS} runs; the first query is cold; fetched = search files, median KB / requests):` });
  }
  for (const s of sites) {
    // The slowest keystrokes after the first query, by the median over runs of the same text.
    const byText = new Map();
    for (const x of s.typed) {
      for (const m of x.samples.slice(x.queries[0].search.length)) {
        if (!byText.has(m.text)) byText.set(m.text, { search: [], rank: [] });
        byText.get(m.text).search.push(m.search);
        byText.get(m.text).rank.push(m.rank);
      }
    }
    const slow = [...byText].map(([text, v]) => ({ text, search: median(v.search), rank: median(v.rank), n: v.search.length }))
      .sort((a, b) => b.search - a.search).slice(0, 6);
    console.log(`Slowest keystrokes at ${label(s.n)} posts (median over runs): ${slow.map((x) => `"${x.text}" ${ms(x.search)} (rank ${ms(x.rank)})`).join(', ')}`);
  }
  const s750 = sites.find((s) => s.n === 750) ?? sites[0];
  console.log(`\nSnippets of the top result at ${label(s750.n)} posts (first run):`);
  for (const q of s750.typed[0].queries) console.log(`  ${q.q.padEnd(18)} ${(q.topSnippet ?? '(none)').replace(/\s+/g, ' ').slice(0, 150)}`);

  // ------------------------------------------------------------------- side by side
  const anchorsFile = join(shared, 'ANCHORS.md');
  const anchors = existsSync(anchorsFile) ? readFileSync(anchorsFile, 'utf8') : '';
  const anchorRow = (name) => {
    const line = anchors.split('\n').find((l) => l.startsWith(`| ${name}`));
    return line ? line.split('|').slice(1, -1).map((c) => c.trim()) : [name, 'not found in ANCHORS.md', '', '', ''];
  };
  const pagefind = anchorRow('Pagefind');
  const minisearch = anchorRow('MiniSearch');
  const q = s750.res;
  table([
    [`${count(s750.n)} posts of the Rust blog`, `${pagefind[0]} * (750 posts)`, `${minisearch[0]} * (750 posts)`, 'Quire (this run)'],
    ['first search', pagefind[1], minisearch[1],
      `${ms(q.coldMs, 0)} (focus → results, query at once); typed: ${ms(q.typedAfterKey, 0)} after the last key`],
    ['later queries', pagefind[2], minisearch[2],
      `per keystroke median ${ms(median(q.later), 2)}, p95 ${ms(percentile(q.later, 95), 2)}, max ${ms(Math.max(...q.later), 1)}, with snippets`],
    ['bytes', pagefind[3], minisearch[3],
      `${kb(q.coldBytes)} for the first query (${kb(q.typedBytes)} typed); ${kb(q.totalBytes)} after 10 queries typed (+ ${kb(q.bodyBytes)} of post bodies for snippets)`],
  ], { title: 'Side by side (* from ANCHORS.md, measured on this machine type; Quire measured now):' });

  const verdict = (value, aim, unit, fmt) => (value <= aim ? `${fmt(value)} ok (≤ ${aim} ${unit})` : `${fmt(value)} MISSED by ${fmt(value - aim)} (aim ≤ ${aim} ${unit})`);
  const rows = [['posts', 'first search (cold)', 'first search bytes (typed)', 'later keystroke p95 (quire-search)', 'max']];
  for (const s of sites) {
    const aim = s.n >= 10000 ? AIMS.large : AIMS.small;
    rows.push([
      label(s.n),
      verdict(s.res.coldMs, aim.firstMs, 'ms', (v) => ms(v, 0)),
      verdict(s.res.typedBytes / 1024, aim.firstKB, 'KB', (v) => `${v.toFixed(1)} KB`),
      verdict(percentile(s.res.later, 95), aim.keyMs, 'ms', (v) => ms(v, 2)),
      ms(Math.max(...s.res.later), 1),
    ]);
  }
  table(rows, { title: "Quire against its aims (ANCHORS.md: ≤ 100 ms and ≤ 150 KB first search, ≤ 5 ms per keystroke; at 10,000 posts ≤ 300 KB and ≤ 10 ms; the 100 ms first-search aim is applied at every size):" });
  console.log('Bytes judged on the typed first query (key by key fetches the shards of every prefix: the larger figure); time on the cold one (nothing hidden behind typing).');

  const problems = sites.flatMap((s) => [...s.cold, ...s.typed].flatMap((x) => x.problems.map((p) => `${count(s.n)} posts: ${p}`)));
  console.log(`\nBrowser console errors and page errors: ${problems.length ? '' : 'none'}`);
  for (const p of [...new Set(problems)]) console.log(`  ${p} (×${problems.filter((x) => x === p).length})`);
} finally {
  await browser?.close();
  for (const s of servers) await s.stop();
  if (process.env.BENCH_KEEP) console.error(`kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
