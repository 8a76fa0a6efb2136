// Benchmark (not a test): what a reader of a Quire blog waits for, each figure beside a baseline
// measured in the same run (issue #7, issue #11, PRODUCT.md §7):
//   1. the release bundle (dist/ wasm and JS: raw, gzip, brotli): the app's initial bundle
//      against the budget, the render worker (loaded lazily) apart; then where
//      the wasm's bytes go: the release wasm built again (cargo, a cached no-op after make dist),
//      wasm-bindgen --keep-debug, wasm-opt -Oz -g (the names kept), twiggy; printed per crate
//      (raw bytes, share, an estimated brotli share) and for the 15 largest functions and data
//      segments, so that growth is attributable;
//   2. a cold deep link to a post until its title and first paragraph are on screen, against the
//      same post as bare static HTML (no CSS, no JS: the physical floor), both served by nginx
//      with the shipped rules — the method of ../shared/ANCHORS.md (polling on animation frames
//      with performance.now(), 11 runs, median); in the same runs, first paint, first
//      contentful paint and largest contentful paint (PerformanceObserver, buffered; the last
//      LCP candidate once the content is on screen after the load event, plus two frames);
//   3. in-app navigation from one post to another, first visit and after hovering the link,
//      against the same click between the two static pages;
//   4. Markdown rendering in the browser, a small post and a ~200 KB one;
//   5. Lighthouse scores for home and a post (npm `lighthouse`, installed in benches/).
//
//   make bench-reader                      (or: node benches/reader.mjs [--runs N] ...)
//
// Options: --runs N (default 11) for every timed measurement; --lighthouse-runs N (default 3);
// --lighthouse desktop,mobile (default both) or --no-lighthouse.
//
// Needs the release build in dist/ (make dist), cargo (to build the temp sites with
// quire-build), nginx, Debian's Chromium and the node modules of tests/e2e (playwright-core) and
// benches/ (lighthouse); for the bundle breakdown, wasm-bindgen, tools/' wasm-opt and twiggy
// (make bench-setup installs it; without it the breakdown says NOT MEASURED and the rest runs).
// Tables go to stdout as Markdown; progress goes to stderr.
// Not picked up by `node --test`: the end-to-end tests run from tests/e2e only.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { distDir, repoRoot, startNginx } from '../tests/e2e/support/site.mjs';
import { appStarted, launch } from '../tests/e2e/support/browser.mjs';
import { buildTempSite, buildZalandoSite, sharedCorpus, ZALANDO_SETTINGS } from '../tests/e2e/support/temp-site.mjs';

// ---------------------------------------------------------------------------------------------
// Options, budgets

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
  return v;
};
for (const a of argv) {
  if (a.startsWith('--') && !['--runs', '--lighthouse-runs', '--lighthouse', '--no-lighthouse'].includes(a)) {
    throw new Error(`unknown option ${a}; known: --runs N, --lighthouse-runs N, --lighthouse desktop,mobile, --no-lighthouse`);
  }
}
const RUNS = Number(option('--runs', 11));
const LH_RUNS = Number(option('--lighthouse-runs', 3));
const LH_FORMS = argv.includes('--no-lighthouse') ? [] : option('--lighthouse', 'desktop,mobile').split(',').filter(Boolean);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a positive integer');
if (!Number.isInteger(LH_RUNS) || LH_RUNS < 1) throw new Error('--lighthouse-runs must be a positive integer');
for (const f of LH_FORMS) if (!['desktop', 'mobile'].includes(f)) throw new Error(`--lighthouse: unknown form factor ${f}`);

const KB = 1024;
const BUDGET = {
  bundleBrotli: 200 * KB, // wasm + JS, brotli (issue #11)
  bundleAim: 200 * KB, // ANCHORS.md
  deepLinkRatio: 1.1, // deep link ≤ 1.1× the static page (issue #11)
  deepLinkAim: 1.1, // ANCHORS.md
  navMs: 50, // in-app navigation
  lhPerformance: 98, // mobile (issue #11); desktop 100
  lhOthers: 100,
};
const VIEWPORT = { width: 1280, height: 900 };
const HOVER_MS = 300;
const LARGE_BYTES = 200 * KB;
const SENTINEL = 'End of the large benchmark post: this paragraph is the last element of its body.';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const LH_BIN = join(repoRoot, 'benches', 'node_modules', '.bin', 'lighthouse');

// ---------------------------------------------------------------------------------------------
// Small helpers

const t00 = Date.now();
const log = (...a) => process.stderr.write(`reader-bench [${((Date.now() - t00) / 1000).toFixed(0)} s]: ${a.join(' ')}\n`);
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const ms = (n, digits = 0) => (n == null || Number.isNaN(n) ? '—' : `${n.toFixed(digits)} ms`);
const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);
const fmtRatio = (r) => (r == null ? '—' : `${r.toFixed(2)}×`);
/** "median (min–max)" of a list of milliseconds. */
const spread = (xs, digits = 0) => {
  const v = xs.filter((x) => x != null && !Number.isNaN(x));
  if (!v.length) return '—';
  const s = sorted(v);
  return `${ms(median(v), digits)} (${s[0].toFixed(digits)}–${s[s.length - 1].toFixed(digits)})${v.length < xs.length ? ` [${xs.length - v.length} missing]` : ''}`;
};
/** "OK" or "MISSED by …" for a value that must stay at or below `limit`. */
const atMost = (value, limit, unit) => {
  if (value == null) return 'not measured';
  if (value <= limit) return 'OK';
  const by = value - limit;
  return `MISSED by ${unit === 'KB' ? kb(by) : unit === '×' ? `${by.toFixed(2)}×` : `${by.toFixed(0)} ${unit}`}`;
};
const atLeast = (value, limit) => (value == null ? 'not measured' : value >= limit ? 'OK' : `MISSED by ${Math.ceil(limit - value)}`);
const norm = (s) => s.replace(/\s+/g, ' ').trim();
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const slashed = (p) => (p.endsWith('/') ? p : `${p}/`);

/** A Markdown table with padded columns. */
function table(head, rows) {
  const all = [head, ...rows].map((r) => r.map((c) => String(c)));
  const widths = head.map((_, i) => Math.max(3, ...all.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(all[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...all.slice(1).map(line)].join('\n');
}
const out = [];
const verdicts = []; // [what, measured, limit, verdict] for the summary at the end
const print = (s = '') => out.push(s);
const flush = () => { process.stdout.write(`${out.join('\n')}\n`); out.length = 0; };

// ---------------------------------------------------------------------------------------------
// In-page instrumentation, installed before any script of the page runs (context init script).
// `__benchWatch(probes)` polls on animation frames and records performance.now() when each
// probe's element is first on screen (in the DOM, with a layout box, with the expected text);
// with `{ dom: true }` a MutationObserver also records when it is first in the DOM (no layout).
// The init script starts a watch by itself for the paths listed in `config.watch`.

function benchInit(config) {
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  const textOk = (el, p) => {
    if (p.exact == null && p.prefix == null) return true;
    const t = norm(el.textContent ?? '');
    return p.exact != null ? t === p.exact : t.startsWith(p.prefix);
  };
  const find = (p, layout) => {
    for (const el of document.querySelectorAll(p.selector)) {
      if (!textOk(el, p)) continue;
      if (!layout) return true;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) return true;
    }
    return false;
  };
  window.__benchWatch = (probes, { dom = false, timeout = 30_000 } = {}) => new Promise((done) => {
    const names = Object.keys(probes);
    const screen = {};
    const inDom = {};
    const start = performance.now();
    let observer = null;
    if (dom) {
      observer = new MutationObserver(() => {
        const now = performance.now();
        for (const n of names) if (!(n in inDom) && find(probes[n], false)) inDom[n] = now;
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true });
    }
    const tick = () => {
      const now = performance.now();
      for (const n of names) if (!(n in screen) && find(probes[n], true)) screen[n] = now;
      if (Object.keys(screen).length === names.length || now - start > timeout) {
        observer?.disconnect();
        done({ screen, inDom, timeOrigin: performance.timeOrigin });
      } else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  if (config.paint) {
    // First paint, first contentful paint and the largest contentful paint candidates, from
    // navigation start; `__benchPaintRead()` reads them (the last LCP candidate wins).
    const paint = { fp: null, fcp: null, lcp: null, lcpElement: null, lcpEntries: 0 };
    const describe = (e) => {
      const el = e.element;
      if (!el) return e.url ? 'img (removed)' : '(removed)';
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/)[0]}` : '';
      const file = e.url ? ` ${e.url.split('?')[0].split('/').pop()}` : '';
      return `${el.tagName.toLowerCase()}${cls}${file}`;
    };
    const onPaint = (entries) => {
      for (const e of entries) {
        if (e.name === 'first-paint') paint.fp = e.startTime;
        if (e.name === 'first-contentful-paint') paint.fcp = e.startTime;
      }
    };
    const onLcp = (entries) => {
      for (const e of entries) { paint.lcp = e.startTime; paint.lcpElement = describe(e); paint.lcpEntries++; }
    };
    const observers = [];
    try {
      const p = new PerformanceObserver((l) => onPaint(l.getEntries()));
      p.observe({ type: 'paint', buffered: true });
      const l = new PerformanceObserver((l) => onLcp(l.getEntries()));
      l.observe({ type: 'largest-contentful-paint', buffered: true });
      observers.push([p, onPaint], [l, onLcp]);
    } catch (e) {
      paint.error = String(e);
    }
    window.__benchPaintRead = async (timeout = 5_000) => {
      const frames = async () => { for (let i = 0; i < 2; i++) await new Promise((ok) => requestAnimationFrame(() => ok())); };
      const drain = () => { for (const [o, on] of observers) on(o.takeRecords()); };
      const start = performance.now();
      await frames();
      drain();
      // The entries come once a frame is presented, which lags on a busy machine: wait for them
      // (then two frames more), so a run is not missing its paints.
      if (observers.length && (paint.fcp == null || paint.lcp == null)) {
        while ((paint.fcp == null || paint.lcp == null) && performance.now() - start < timeout) {
          await new Promise((ok) => setTimeout(ok, 20));
          drain();
        }
        await frames();
        drain();
      }
      return paint;
    };
  }
  const probes = config.watch?.[location.pathname];
  if (probes) window.__benchSeen = window.__benchWatch(probes, { dom: !!config.dom });
  if (config.renderWatch) {
    // When the rendered body first is in the DOM: the app sets the whole rendered HTML at once.
    const mo = new MutationObserver(() => {
      const body = document.querySelector('.post-body');
      if (body && body.lastElementChild) {
        window.__bodyInDom = { t: performance.now(), last: norm(body.lastElementChild.textContent ?? '').slice(0, 80) };
        mo.disconnect();
      }
    });
    mo.observe(document, { childList: true, subtree: true });
  }
}

/** A fresh browser context (cold cache) with the instrumentation; problems are collected. */
async function openPage(browser, siteUrl, config) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(benchInit, config);
  const page = await context.newPage();
  const origin = new URL(siteUrl).origin;
  const problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const at = m.location()?.url ? ` (at ${m.location().url.replace(origin, '')}:${m.location().lineNumber})` : '';
    problems.push(`console error on ${new URL(page.url()).pathname}${at}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Only observed, not intercepted: routing every request through the driver would add latency.
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:')) problems.push(`off-site request: ${u}`);
  });
  page.problems = problems;
  return page;
}

const problemsSeen = new Map(); // message -> count
function keepProblems(page) {
  for (const p of page.problems) problemsSeen.set(p, (problemsSeen.get(p) ?? 0) + 1);
}

/** Resource Timing of the page: the milestones of a load, relative to navigation start. */
function milestones() {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const end = (re) => res.filter((e) => re.test(new URL(e.name).pathname)).map((e) => e.responseEnd);
  const first = (re) => { const xs = end(re); return xs.length ? Math.max(...xs) : null; };
  return {
    document: nav?.responseEnd ?? null,
    js: first(/\.js$/),
    wasm: first(/\.wasm$/),
    index: first(/\/posts\/index\.json$/),
    md: first(/\/posts\/.+\.md$/),
    transfer: Object.fromEntries(res.map((e) => [new URL(e.name).pathname, e.transferSize])),
  };
}

/** Loads `url` cold and returns the watch's on-screen times plus the load's milestones. */
async function coldLoad(browser, siteUrl, url, config) {
  const page = await openPage(browser, siteUrl, config);
  try {
    await page.goto(siteUrl + url, { waitUntil: 'load', timeout: 60_000 });
    const seen = await page.evaluate(() => window.__benchSeen);
    if (!seen) throw new Error(`${url}: the instrumentation did not run`);
    // The app starts once the page has loaded: wait for it, so its downloads are in the marks
    // (a bare static page has no app to wait for).
    await page.waitForFunction(() => document.documentElement.dataset.quireApp === 'started' || !document.querySelector('script[type=module]'), null, { timeout: 30_000 });
    const marks = await page.evaluate(milestones);
    // After the load event and the probes on screen, two animation frames more: then the paint
    // entries (the last LCP candidate) are read.
    const paint = config.paint ? await page.evaluate(() => window.__benchPaintRead()) : null;
    keepProblems(page);
    return { seen, marks, paint };
  } finally {
    await page.context().close();
  }
}

/**
 * The render time of a post in a running app: opens home (cold), waits for the list, clicks the
 * post's card, and measures from the post's .md Resource Timing responseEnd until the rendered
 * body is first in the DOM; then, in the same page, the browser alone parsing the same HTML.
 */
async function warmRender(browser, siteUrl, post, lastProbe) {
  const page = await openPage(browser, siteUrl, { watch: { '/': { list: { selector: '.post-list a' } } }, renderWatch: true });
  try {
    await page.goto(`${siteUrl}/`, { waitUntil: 'load', timeout: 60_000 });
    await page.evaluate(() => window.__benchSeen);
    // The entry file shows the list before the app runs (it starts once the page has loaded):
    // the click must wait for the app, or it is a full page load.
    await appStarted(page, { timeout: 30_000 });
    const t0 = await page.evaluate(({ url, lastProbe }) => {
      const a = [...document.querySelectorAll('.post-list a[href]')].find((x) => new URL(x.href).pathname.replace(/\/?$/, '/') === url.replace(/\/?$/, '/'));
      if (!a) return null;
      const t = performance.now();
      window.__benchNav = window.__benchWatch({ last: lastProbe });
      a.click();
      return t;
    }, { url: post.url, lastProbe });
    if (t0 == null) throw new Error(`no link to ${post.url} on the home page`);
    const r = await page.evaluate(async (mdPath) => {
      const seen = await window.__benchNav;
      for (let i = 0; i < 600 && !window.__bodyInDom; i++) await new Promise((ok) => setTimeout(ok, 50));
      const md = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === mdPath).pop();
      const body = document.querySelector('.post-body');
      // The browser alone parsing the same (already rendered) HTML into the DOM, measured like
      // the app's render (up to DOM insertion, no layout). Style attributes the app set through
      // the CSSOM are dropped: as markup, the Content-Security-Policy would refuse them.
      const html = body.innerHTML.replace(/ style="[^"]*"/g, '');
      const t = performance.now();
      const copy = document.createElement('div');
      copy.className = 'post-body';
      copy.innerHTML = html;
      body.parentElement.append(copy);
      const floor = performance.now() - t;
      copy.remove();
      const measures = performance.getEntriesByType('measure').map((m) => ({ name: m.name, duration: m.duration }));
      const marks = performance.getEntriesByType('mark').map((m) => m.name);
      return { seen, bodyInDom: window.__bodyInDom ?? null, mdEnd: md?.responseEnd ?? null, floor, measures, marks };
    }, `/${post.body}`);
    keepProblems(page);
    return {
      render: r.bodyInDom && r.mdEnd != null ? r.bodyInDom.t - r.mdEnd : null,
      complete: r.bodyInDom?.last ?? '',
      floor: r.floor,
      click: r.seen.screen.last != null ? r.seen.screen.last - t0 : null,
      measures: r.measures,
      marks: r.marks,
    };
  } finally {
    await page.context().close();
  }
}

// ---------------------------------------------------------------------------------------------
// Sites

/** A bare HTML page of a post, its title and the body from its entry file: no CSS, no JS. */
function staticPage(root, post, rewrite = (html) => html) {
  const entry = readFileSync(join(root, ...post.url.split('/').filter(Boolean), 'index.html'), 'utf8');
  const open = '<div class="post-body">';
  const start = entry.indexOf(open);
  const end = entry.lastIndexOf('</div></article>');
  if (start < 0 || end < start) throw new Error(`${post.url}: the entry file has no post body to make a static page from`);
  const article = `<article><h1>${escapeHtml(post.title)}</h1>${entry.slice(start + open.length, end)}</article>`;
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(post.title)}</title></head>
<body>
${rewrite(article)}
</body>
</html>
`;
}

function stripFrontMatter(md) {
  const m = /^(---|\+\+\+)\r?\n[\s\S]*?\r?\n\1\r?\n/.exec(md);
  return m ? md.slice(m[0].length) : md;
}

/** A ~200 KB post made of the corpus' own post bodies, one after the other, until large enough. */
function largePost(postsDir) {
  const files = readdirSync(postsDir).filter((f) => f.endsWith('.md')).sort();
  const parts = [
    '---',
    'title: "The large benchmark post"',
    'date: 2030-01-01',
    'summary: "Every post of the corpus, one after the other, until the Markdown is about 200 KB."',
    '---',
    '',
    'This post is every post of the corpus, one after the other, to measure rendering a very large post.',
    '',
  ];
  let size = parts.join('\n').length;
  for (let pass = 1; size < LARGE_BYTES; pass++) {
    for (const f of files) {
      const body = stripFrontMatter(readFileSync(join(postsDir, f), 'utf8'));
      const chunk = `\n## ${f.replace(/\.md$/, '')} (copy ${pass})\n\n${body.trim()}\n`;
      parts.push(chunk);
      size += chunk.length;
      if (size >= LARGE_BYTES) break;
    }
  }
  parts.push('', SENTINEL, '');
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Lighthouse

async function lighthouseRun(url, form, dir, n) {
  const file = join(dir, `lh-${n}.json`);
  const flags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const args = [url, '--output=json', `--output-path=${file}`, '--quiet',
    `--chrome-flags=${flags.join(' ')}`,
    '--only-categories=performance,accessibility,best-practices,seo',
    '--throttling-method=simulate', '--max-wait-for-load=30000'];
  if (form === 'desktop') args.push('--preset=desktop');
  const child = spawn(LH_BIN, args, { env: { ...process.env, CHROME_PATH: CHROMIUM }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const code = await new Promise((r) => child.on('exit', r));
  if (code !== 0 || !existsSync(file)) throw new Error(`lighthouse exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' / ')}`);
  const lhr = JSON.parse(readFileSync(file, 'utf8'));
  if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const scores = {};
  const failing = [];
  for (const [id, cat] of Object.entries(lhr.categories)) {
    scores[id] = cat.score == null ? null : Math.round(cat.score * 100);
    for (const ref of cat.auditRefs) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a && a.score != null && a.score < 1 && (id !== 'performance' || a.score < 0.9)) {
        const items = (a.details?.items ?? []).slice(0, 3)
          .map((it) => it.url ?? it.sourceLocation?.url ?? it.node?.snippet ?? null).filter(Boolean)
          .map((u) => u.replace(/^http:\/\/127\.0\.0\.1:\d+/, ''));
        failing.push({ key: `${id}: ${a.id} (${a.title})`, value: a.displayValue ?? '', items });
      }
    }
  }
  const metrics = Object.fromEntries(['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
    .map((id) => [id, lhr.audits[id]?.displayValue ?? '—']));
  return { scores, failing, metrics, version: lhr.lighthouseVersion, warnings: lhr.runWarnings ?? [] };
}

// ---------------------------------------------------------------------------------------------
// Where the wasm's bytes go: the release wasm built again (a cached no-op after `make dist`),
// through wasm-bindgen and wasm-opt as Trunk does, but keeping the name section, then twiggy.

const TWIGGY_VERSION = '0.8.0'; // what `make bench-setup` installs
// The tools as the Makefile finds them: tools/node_modules/.bin (wasm-opt) and ~/.cargo/bin.
const toolEnv = { ...process.env, PATH: [join(repoRoot, 'tools', 'node_modules', '.bin'), join(os.homedir(), '.cargo', 'bin'), process.env.PATH].join(':') };
// The features the wasm uses (Rust's wasm32 defaults); -Oz like Trunk's data-wasm-opt="z".
const WASM_OPT_ARGS = ['-Oz', '--enable-bulk-memory', '--enable-reference-types', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals'];
const DATA_CRATE = '(data: strings, tables)';

/** Runs a tool (without blocking the event loop) and returns its stdout; throws with its last stderr lines. */
function runTool(cmd, args) {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env: toolEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    let stderr = '';
    child.stdout.on('data', (d) => stdout.push(d));
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (e) => fail(new Error(`${cmd}: ${e.message}`)));
    child.on('close', (code) => (code === 0
      ? done(Buffer.concat(stdout).toString('utf8'))
      : fail(new Error(`\`${cmd} ${args.join(' ')}\` exited with ${code}: ${stderr.trim().split('\n').slice(-4).join(' / ')}`))));
  });
}

/** The version a tool prints for --version, or null when it is not installed. */
function toolVersion(cmd) {
  const r = spawnSync(cmd, ['--version'], { env: toolEnv, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** RFC 4180 CSV (twiggy's output: quoted fields, doubled quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** The sections of a wasm module: id, custom section name, byte range (header included). */
function wasmSections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  let off = 8;
  const leb = () => {
    let v = 0;
    let shift = 0;
    let b;
    do { b = buf[off++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return v;
  };
  const sections = [];
  while (off < buf.length) {
    const start = off;
    const id = buf[off++];
    const size = leb();
    const payload = off;
    let name = null;
    if (id === 0) { const n = leb(); name = buf.subarray(off, off + n).toString('utf8'); }
    off = payload + size;
    sections.push({ id, name, start, end: off });
  }
  return sections;
}

/** A twiggy item's name without the symbol hash and the crate disambiguators. */
const cleanName = (name) => name.replace(/\[[0-9a-f]{16}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');

/**
 * The crate a twiggy item belongs to: data segments and drop glue apart, else the first path
 * segment of its demangled name (`<reactive_graph::…>` → reactive_graph); impls on a generic
 * parameter (`<T as …>`) apart; an impl on a primitive (`<str as core::fmt::Debug>`) counts for
 * the trait's crate.
 */
function crateOf(rawName) {
  if (rawName.startsWith('data segment ')) return DATA_CRATE;
  const name = cleanName(rawName);
  if (name.startsWith('core::ptr::drop_in_place<')) return '(drop glue)';
  if (/^code\[\d+\]$/.test(name)) return '(functions without a name)';
  if (/^(import |export |type\[|elem\[|global\[|table\[|memory\[|func\[)/.test(name)) return '(wasm: imports, exports, types, tables)';
  let n = name;
  for (let prev = null; prev !== n;) { prev = n; n = n.replace(/^(<|&|mut |dyn |\*const |\*mut )/, ''); }
  const asTrait = /^([^:<>]*?) as (.*)$/.exec(n);
  if (asTrait && !asTrait[1].includes('::')) {
    if (/^[A-Z]/.test(asTrait[1])) return '(generic impls)';
    n = asTrait[2].replace(/^(<|&|mut |dyn )+/, ''); // str, u8, [T], (A, B): the trait's crate
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(n);
  return m ? m[1] : '(wasm-bindgen shims, builtins)';
}

/**
 * Builds the wasm, runs wasm-bindgen, wasm-opt (with names kept) and twiggy, and returns
 * { rows: [{ name, crate, bytes }], ...sizes } or { missing } / throws on a failing step.
 */
async function wasmBreakdown(dir) {
  const twiggy = toolVersion('twiggy');
  if (!twiggy) return { missing: 'twiggy missing, run make bench-setup' };
  const cargoWasm = join(repoRoot, 'target', 'wasm32-unknown-unknown', 'release', 'quire.wasm');
  log('1/5 bundle breakdown: cargo build (the release wasm; a no-op when dist/ is current), wasm-bindgen, wasm-opt -Oz -g, twiggy');
  // Through scripts/small-wasm.sh, as `make dist` builds it (the pinned nightly when installed,
  // else stable with .cargo/config.toml's wasm flags).
  await runTool('bash', ['scripts/small-wasm.sh', 'cargo', 'build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'quire', '--bin', 'quire', '--locked']);
  const built = statSync(cargoWasm).mtime;
  await runTool('wasm-bindgen', ['--target', 'web', '--keep-debug', '--out-dir', dir, cargoWasm]);
  const bindgen = readdirSync(dir).find((f) => f.endsWith('_bg.wasm'));
  const optimized = join(dir, 'optimized-with-names.wasm');
  await runTool('wasm-opt', [...WASM_OPT_ARGS, '-g', join(dir, bindgen), '-o', optimized]);
  const csv = await runTool('twiggy', ['top', '-n', '1000000', '--format', 'csv', optimized]);
  const [head, ...body] = parseCsv(csv).filter((r) => r.length > 1);
  if (head[0] !== 'Name' || head[1] !== 'ShallowSize') throw new Error(`twiggy: unexpected CSV header ${head.join(',')}`);
  const rows = body
    .filter(([name]) => !/^"[^"]+" subsection$/.test(name) && !name.startsWith('"module name"') && !name.startsWith('custom section '))
    .map(([name, size]) => ({ name, crate: crateOf(name), bytes: Number(size) }));
  const wasm = readFileSync(optimized);
  const sections = wasmSections(wasm);
  const nameSection = sections.filter((s) => s.id === 0 && s.name === 'name').reduce((t, s) => t + s.end - s.start, 0);
  const custom = sections.filter((s) => s.id === 0).reduce((t, s) => t + s.end - s.start, 0);
  // The same module without its name section: what the breakdown's shares are shares of.
  const stripped = Buffer.concat([wasm.subarray(0, 8), ...sections.filter((s) => !(s.id === 0 && s.name === 'name')).map((s) => wasm.subarray(s.start, s.end))]);
  return { twiggy, wasmBindgen: toolVersion('wasm-bindgen'), wasmOpt: toolVersion('wasm-opt'), built, rows, withNames: wasm.length, nameSection, custom, stripped };
}

// ---------------------------------------------------------------------------------------------
// The run

const started = Date.now();
const temps = [];
const servers = [];
let browser;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  for (const s of servers) await s.stop().catch(() => {});
  for (const t of temps) t();
};
process.on('SIGINT', async () => { await cleanup(); process.exit(130); });

try {
  if (!existsSync(join(distDir, 'index.html'))) throw new Error(`${distDir}/index.html is missing: run make dist first`);
  browser = await launch();
  const chromiumVersion = browser.version();
  const commit = spawnSync('git', ['-C', repoRoot, 'describe', '--always', '--dirty'], { encoding: 'utf8' }).stdout.trim();
  print('# Quire reader benchmark');
  print();
  print(`Chromium ${chromiumVersion} (${CHROMIUM}, headless), ${os.availableParallelism?.() ?? os.cpus().length} cores ` +
    `(${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start; ` +
    `node ${process.version}; ${RUNS} runs per timing; app ${commit}, dist/ built ${statSync(join(distDir, 'index.html')).mtime.toISOString()}.`);
  print();

  // ---- 1. Bundle ---------------------------------------------------------------------------
  log('1/5 bundle');
  // The app's files: everything Trunk wrote (wasm-bindgen snippets included), not the content.
  const appFiles = readdirSync(distDir, { recursive: true })
    .filter((f) => !/^(posts|blog|assets)\//.test(f) && statSync(join(distDir, f)).isFile()).sort();
  const scripts = appFiles.filter((f) => /\.(wasm|m?js)$/.test(f));
  // The render worker (its loader, wasm-bindgen glue and wasm) is loaded only when the app first
  // renders Markdown, or once it is idle: apart from the initial bundle the budget counts.
  const isWorker = (f) => /^quire-render-/.test(f);
  const bundleFiles = scripts.filter((f) => !isWorker(f));
  const workerFiles = scripts.filter(isWorker);
  const cssFiles = appFiles.filter((f) => /\.css$/.test(f));
  const sizes = (f) => {
    const data = readFileSync(join(distDir, f));
    return {
      file: f,
      raw: data.length,
      gzip: gzipSync(data, { level: 9 }).length,
      brotli: brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length } }).length,
    };
  };
  const bundle = bundleFiles.map(sizes);
  const sum = (list) => list.reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip, brotli: t.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const total = sum(bundle);
  const worker = workerFiles.map(sizes);
  const workerTotal = sum(worker);
  print('## 1. Release bundle (dist/)');
  print();
  print('The initial bundle (what every page loads to start the app; the budget counts it), then the render worker, loaded ' +
    'apart when the app first renders Markdown (a post opened inside the app, `?highlight=`, search snippets) or once it is idle.');
  print();
  print(table(['file', 'raw', 'gzip -9', 'brotli q11'], [
    ...bundle.map((s) => [s.file, kb(s.raw), kb(s.gzip), kb(s.brotli)]),
    ['**initial bundle: wasm + JS**', `**${kb(total.raw)}**`, `**${kb(total.gzip)}**`, `**${kb(total.brotli)}**`],
    ...worker.map((s) => [`${s.file} (render worker)`, kb(s.raw), kb(s.gzip), kb(s.brotli)]),
    ...(worker.length
      ? [['**render worker, loaded lazily: loader + JS + wasm (not in the budget)**', `**${kb(workerTotal.raw)}**`, `**${kb(workerTotal.gzip)}**`, `**${kb(workerTotal.brotli)}**`]]
      : [['render worker', '—', '—', 'none in dist/']]),
    ...cssFiles.map(sizes).map((s) => [`${s.file} (CSS, not in the budget)`, kb(s.raw), kb(s.gzip), kb(s.brotli)]),
  ]));
  print();
  verdicts.push(['wasm + JS, brotli', kb(total.brotli), `≤ ${kb(BUDGET.bundleBrotli)} (aim ${kb(BUDGET.bundleAim)})`,
    `${atMost(total.brotli, BUDGET.bundleBrotli, 'KB')} (aim: ${atMost(total.brotli, BUDGET.bundleAim, 'KB')})`]);
  print(table(['wasm + JS brotli', 'limit', 'ratio', 'verdict'], [
    [kb(total.brotli), `budget ${kb(BUDGET.bundleBrotli)}`, fmtRatio(total.brotli / BUDGET.bundleBrotli), atMost(total.brotli, BUDGET.bundleBrotli, 'KB')],
    [kb(total.brotli), `ANCHORS' aim ${kb(BUDGET.bundleAim)}`, fmtRatio(total.brotli / BUDGET.bundleAim), atMost(total.brotli, BUDGET.bundleAim, 'KB')],
  ]));
  print();
  flush();

  // Where the wasm's bytes go, per crate and for the largest items (twiggy).
  print('### Where the wasm\'s bytes go');
  print();
  const distWasm = bundle.find((s) => s.file.endsWith('.wasm'));
  const twiggyDir = mkdtempSync(join(os.tmpdir(), 'quire-reader-twiggy-'));
  temps.push(() => rmSync(twiggyDir, { recursive: true, force: true }));
  let breakdown;
  try {
    breakdown = await wasmBreakdown(twiggyDir);
  } catch (e) {
    breakdown = { error: e.message };
  }
  if (breakdown.missing) {
    print(`NOT MEASURED: ${breakdown.missing}.`);
  } else if (breakdown.error) {
    print(`NOT MEASURED: the breakdown failed: ${breakdown.error}`);
  } else {
    const { rows, stripped } = breakdown;
    const counted = rows.reduce((t, r) => t + r.bytes, 0);
    const off = distWasm ? (stripped.length - distWasm.raw) / distWasm.raw : null;
    // dist/ is this build when Trunk wrote its wasm after cargo's (cargo did not rebuild: the
    // sources are the ones make dist built) and the sizes agree.
    const distTime = distWasm ? statSync(join(distDir, distWasm.file)).mtime : null;
    const rebuilt = distTime != null && breakdown.built > distTime;
    const current = off != null && Math.abs(off) <= 0.01 && !rebuilt;
    // The brotli size the shares are spread over: dist's wasm when it is this build, else (dist/
    // built from other sources) this build's own wasm without its name section.
    const brotliOf = (data) => brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length } }).length;
    const brotliBase = current ? distWasm.brotli : brotliOf(stripped);
    const pct = (n) => `${((100 * n) / counted).toFixed(1)} %`;
    const estBrotli = (n) => `~${kb((brotliBase * n) / counted)}`;
    print(`Method: \`cargo build --release --target wasm32-unknown-unknown -p quire --bin quire --locked\` (Trunk's build with .cargo/config.toml's ` +
      `flags, a cached no-op after make dist; target/wasm32-unknown-unknown/release/quire.wasm written ${breakdown.built.toISOString()}), ` +
      `\`wasm-bindgen --target web --keep-debug\` (${breakdown.wasmBindgen}), \`wasm-opt ${WASM_OPT_ARGS.join(' ')} -g\` (${breakdown.wasmOpt}; -g keeps ` +
      `the function names), \`twiggy top\` (${breakdown.twiggy}${breakdown.twiggy.endsWith(` ${TWIGGY_VERSION}`) ? '' : `, not the ${TWIGGY_VERSION} that make bench-setup installs`}), shallow sizes. The optimized wasm is ` +
      `${breakdown.withNames.toLocaleString('en')} bytes with its name section (${breakdown.nameSection.toLocaleString('en')} bytes) and ` +
      `${stripped.length.toLocaleString('en')} bytes (${kb(stripped.length)}) without it, against ` +
      `${distWasm ? `${distWasm.raw.toLocaleString('en')} bytes (${kb(distWasm.raw)}) for dist/${distWasm.file}` : 'no wasm in dist/'} ` +
      `(${off == null ? '—' : `${off >= 0 ? '+' : ''}${(100 * off).toFixed(2)} %`}).`);
    print();
    if (!current) {
      print(`> **WARNING: the wasm analysed here is not the one in dist/ (${rebuilt ? `cargo rebuilt it at ${breakdown.built.toISOString()}, after ` +
        `dist/'s wasm was written at ${distTime.toISOString()}: the sources changed since make dist` : 'their sizes differ by more than 1 %'}). ` +
        `The breakdown is of the sources in the work tree now; the brotli estimates below use this build's own wasm without names ` +
        `(${kb(brotliBase)} brotli), not dist/'s. Run make dist for figures that match section 1's table.**`);
      print();
    }
    print(`Shares are of the ${kb(counted)} that twiggy's items add up to (code, data segments, imports, exports, types, tables; the name ` +
      `section and the other custom sections, ${kb(breakdown.custom)} together, left out). A crate is the first path segment of the item's ` +
      `demangled name (\`<reactive_graph::…>\` counts for reactive_graph; an impl on a primitive, for the trait's crate; generic code of ` +
      `core, alloc or std instantiated for other crates' types, for core, alloc or std; an impl on a generic parameter, \`<T as …>\`, for ` +
      `"(generic impls)"); inlined code counts for the function it was inlined into. "brotli, est.": the share × ${kb(brotliBase)}, the brotli q11 size of ` +
      `${current ? `dist/${distWasm.file}` : 'this build\'s wasm'} — an estimate, brotli compresses code and data unequally.`);
    print();
    const byCrate = new Map();
    for (const r of rows) {
      const c = byCrate.get(r.crate) ?? { bytes: 0, items: 0 };
      c.bytes += r.bytes;
      c.items++;
      byCrate.set(r.crate, c);
    }
    const crates = [...byCrate].sort((a, b) => b[1].bytes - a[1].bytes);
    const shown = crates.filter(([, c]) => c.bytes >= KB);
    const rest = crates.filter(([, c]) => c.bytes < KB);
    const restBytes = rest.reduce((t, [, c]) => t + c.bytes, 0);
    print(table(['crate', 'bytes (optimized wasm, raw)', 'share', 'brotli, est.', 'items'], [
      ...shown.map(([name, c]) => [name, c.bytes.toLocaleString('en'), pct(c.bytes), estBrotli(c.bytes), String(c.items)]),
      ...(rest.length ? [[`${rest.length} more crates, under 1 KB each`, restBytes.toLocaleString('en'), pct(restBytes), estBrotli(restBytes),
        String(rest.reduce((t, [, c]) => t + c.items, 0))]] : []),
      ['**total**', `**${counted.toLocaleString('en')}**`, '**100 %**', `**${kb(brotliBase)}**`, `**${rows.length}**`],
    ]));
    print();
    if (rest.length) { print(`Under 1 KB each: ${rest.map(([n, c]) => `${n} ${c.bytes.toLocaleString('en')}`).join(', ')}.`); print(); }
    print('The 15 largest functions and data segments:');
    print();
    const shorten = (s) => (s.length > 120 ? `${s.slice(0, 119)}…` : s);
    print(table(['#', 'item', 'crate', 'bytes', 'share', 'brotli, est.'], [...rows].sort((a, b) => b.bytes - a.bytes).slice(0, 15)
      .map((r, i) => [String(i + 1), `\`${shorten(cleanName(r.name)).replace(/\|/g, '\\|')}\``, r.crate, r.bytes.toLocaleString('en'), pct(r.bytes), estBrotli(r.bytes)])));
    print();
  }
  flush();

  // ---- Sites -------------------------------------------------------------------------------
  log('building the temp sites (quire-build)');
  const zalando = sharedCorpus('zalando-blog', 'the reader benchmark on the Zalando corpus');
  let corpus;
  let site;
  if (zalando) {
    corpus = { name: '../shared/corpus/zalando-blog', dir: zalando, assets: join(zalando, 'assets') };
    site = await buildZalandoSite(zalando, 'reader-bench');
  } else {
    const settings = readFileSync(join(repoRoot, 'quire.toml'), 'utf8');
    corpus = { name: 'content/ (our own sample posts)', dir: join(repoRoot, 'content'), settings };
    site = await buildTempSite({ name: 'reader-bench', content: corpus.dir, settings });
    print('> **WARNING: ../shared/corpus/zalando-blog is missing: these figures are for our own sample posts (content/),');
    print('> not the November Review post of the Zalando corpus that ANCHORS.md measured. Do not compare them with ANCHORS.**');
    print();
  }
  temps.push(site.cleanup);
  const posts = site.index.posts;
  const byPath = new Map(posts.map((p) => [slashed(p.url), p]));
  // The November Review, as ANCHORS.md measured; on other content, the first post whose body
  // links to another post (so that navigation can be measured), else the newest.
  const linksToAnotherPost = (p) => {
    const entry = readFileSync(join(site.root, ...p.url.split('/').filter(Boolean), 'index.html'), 'utf8');
    const body = entry.slice(entry.indexOf('<body'));
    return [...body.matchAll(/href="(\/[^"#?]*)/g)].map(([, h]) => slashed(h)).some((h) => h !== slashed(p.url) && byPath.has(h));
  };
  const post = posts.find((p) => p.slug === 'november-review') ?? posts.find(linksToAnotherPost) ?? posts[0];
  const anchorsPost = zalando && post.slug === 'november-review';

  // The large post: the corpus' bodies concatenated, built into a site of its own (the same
  // posts plus it), so the deep-link site stays exactly the corpus that ANCHORS measured.
  const largeContent = mkdtempSync(join(os.tmpdir(), 'quire-reader-large-'));
  temps.push(() => rmSync(largeContent, { recursive: true, force: true }));
  mkdirSync(join(largeContent, 'posts'));
  for (const f of readdirSync(join(corpus.dir, 'posts'))) copyFileSync(join(corpus.dir, 'posts', f), join(largeContent, 'posts', f)); // the builder refuses links
  const largeMd = largePost(join(corpus.dir, 'posts'));
  writeFileSync(join(largeContent, 'posts', '2030-01-01-large-benchmark-post.md'), largeMd);
  const largeSite = await buildTempSite({
    name: 'reader-bench-large',
    content: largeContent,
    assets: corpus.assets,
    settings: zalando ? ZALANDO_SETTINGS : corpus.settings,
  });
  temps.push(largeSite.cleanup);
  const large = largeSite.index.posts.find((p) => p.slug === 'large-benchmark-post');

  const nginx = await startNginx(site.root);
  servers.push(nginx);
  const nginxLarge = await startNginx(largeSite.root);
  servers.push(nginxLarge);

  // The link the navigation follows: found on the post as the app shows it (warm-up load).
  log('finding a link to another post');
  const probePage = await openPage(browser, nginx.url, {});
  await probePage.goto(nginx.url + post.url);
  await probePage.waitForSelector('.post-body p', { timeout: 30_000 });
  const links = await probePage.evaluate((postPaths) => {
    const own = new URL(location.href).pathname.replace(/\/?$/, '/');
    return [...document.querySelectorAll('a[href]')].map((a) => {
      const path = new URL(a.href).pathname.replace(/\/?$/, '/');
      return { href: a.getAttribute('href'), path, text: a.textContent.replace(/\s+/g, ' ').trim().slice(0, 60), rel: a.rel, cls: a.className, inBody: !!a.closest('.post-body'), sameOrigin: new URL(a.href).origin === location.origin };
    }).filter((l) => l.sameOrigin && l.path !== own && postPaths.includes(l.path));
  }, [...byPath.keys()]);
  await probePage.context().close();
  // A link outside the body (previous/next, when the app has them) first, else one in the body.
  const link = links.find((l) => !l.inBody) ?? links.find((l) => l.inBody);
  const target = link ? byPath.get(link.path) : null;

  // The first paragraph and the last element of each post's body as the app renders them:
  // what "content visible" and "body on screen" wait for.
  const bodyText = async (siteUrl, p) => {
    const page = await openPage(browser, siteUrl, {});
    try {
      await page.goto(siteUrl + p.url);
      await page.waitForSelector('.post-body p', { timeout: 30_000 });
      return await page.evaluate(() => {
        const text = (el) => el.textContent.replace(/\s+/g, ' ').trim().slice(0, 50);
        return { para: text(document.querySelector('.post-body p')), last: text(document.querySelector('.post-body > :last-child')) };
      });
    } finally {
      await page.context().close();
    }
  };
  const { para: postPara, last: postLast } = await bodyText(nginx.url, post);
  const targetPara = target ? (await bodyText(nginx.url, target)).para : null;
  const { para: largePara } = await bodyText(nginxLarge.url, large);

  // The static pages: each post's no-script fallback as bare HTML, links between them rewritten.
  mkdirSync(join(site.root, 'bench'));
  const staticUrl = (p) => `/bench/${p.slug}.html`;
  const linkTo = target ? new RegExp(`href="(${target.url.replace(/\/$/, '')}/?|${link.href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})"`, 'g') : null;
  let staticLinkKind = 'none';
  writeFileSync(join(site.root, 'bench', `${post.slug}.html`), staticPage(site.root, post, (html) => {
    if (!target) return html;
    if (linkTo.test(html)) { staticLinkKind = 'the same link in the body'; return html.replace(linkTo, `href="${staticUrl(target)}"`); }
    staticLinkKind = 'a link added after the article';
    return html.replace('</article>', `</article><p><a href="${staticUrl(target)}">${escapeHtml(target.title)}</a></p>`);
  }));
  if (target) writeFileSync(join(site.root, 'bench', `${target.slug}.html`), staticPage(site.root, target));
  mkdirSync(join(largeSite.root, 'bench'));
  writeFileSync(join(largeSite.root, 'bench', `${large.slug}.html`), staticPage(largeSite.root, large));

  const title = (p) => ({ selector: 'h1', exact: norm(p.title) });
  const appProbes = (p, para) => ({ title: title(p), para: { selector: '.post-body p', prefix: para } });
  const staticProbes = (p, para) => ({ title: title(p), para: { selector: 'p', prefix: para } });

  // ---- 2. Cold deep link ----------------------------------------------------------------------
  log(`2/5 cold deep link, ${RUNS} runs (+1 warm-up)`);
  const deepCases = [
    { name: 'bare static HTML of the post (no CSS, no JS): the floor', url: staticUrl(post), probes: { ...staticProbes(post, postPara), last: { selector: 'article > :last-child', prefix: postLast } } },
    { name: 'Quire: the post\'s deep link (entry file + app)', url: post.url, probes: { ...appProbes(post, postPara), last: { selector: '.post-body > :last-child', prefix: postLast } } },
  ];
  const deep = new Map(deepCases.map((c) => [c.name, []]));
  for (let run = 0; run <= RUNS; run++) {
    const order = run % 2 ? [...deepCases].reverse() : deepCases;
    for (const c of order) {
      const r = await coldLoad(browser, nginx.url, c.url, { watch: { [c.url]: c.probes }, paint: true });
      if (run > 0) deep.get(c.name).push(r); // run 0 warms the browser and the file cache
    }
  }
  const col = (name, key) => deep.get(name).map((r) => r.seen.screen[key] ?? null);
  const [floorName, appName] = deepCases.map((c) => c.name);
  const deepRatio = (key) => ratio(median(col(appName, key).filter((x) => x != null)), median(col(floorName, key).filter((x) => x != null)));
  print(`## 2. Cold load of a post deep link (${corpus.name}: "${norm(post.title)}")`);
  print();
  print(`Time from navigation start to on screen (polled on animation frames with performance.now()), fresh browser context (cold cache) per run, ` +
    `nginx with deploy/nginx rules on 127.0.0.1, viewport ${VIEWPORT.width}×${VIEWPORT.height}; median (min–max) of ${RUNS}, ` +
    `the two pages interleaved. Title: the \`h1\` with the post's title, on screen (the entry file shows it; the app takes it over). ` +
    `Content: the title and the first paragraph of the body ("${postPara.slice(0, 40)}…") both on screen (rendered with a layout box, not necessarily above the fold).`);
  print();
  const content = (rs) => rs.map((r) => (r.seen.screen.title != null && r.seen.screen.para != null ? Math.max(r.seen.screen.title, r.seen.screen.para) : null));
  const contentRatio = ratio(median(content(deep.get(appName)).filter((x) => x != null)), median(content(deep.get(floorName)).filter((x) => x != null)));
  print(table(['page', 'title on screen', 'ratio', 'title + first paragraph', 'ratio'], [
    [floorName, spread(col(floorName, 'title')), '1.00×', spread(content(deep.get(floorName))), '1.00×'],
    [appName, spread(col(appName, 'title')), fmtRatio(deepRatio('title')), spread(content(deep.get(appName))), fmtRatio(contentRatio)],
  ]));
  print();
  // First paint, FCP and LCP of the same runs.
  const paintCol = (name, key) => deep.get(name).map((r) => r.paint?.[key] ?? null);
  const paintRatio = (key) => fmtRatio(ratio(median(paintCol(appName, key).filter((x) => x != null)), median(paintCol(floorName, key).filter((x) => x != null))));
  const lcpElements = (name) => {
    const counts = new Map();
    for (const e of paintCol(name, 'lcpElement')) counts.set(e ?? 'none', (counts.get(e ?? 'none') ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]).map(([e, n]) => `${e} (${n})`).join(', ');
  };
  const paintErrors = [...new Set([...deep.values()].flat().map((r) => r.paint?.error).filter(Boolean))];
  print(`First paint, first contentful paint and largest contentful paint of the same runs, from navigation start (PerformanceObserver ` +
    `types 'paint' and 'largest-contentful-paint', buffered, observed from before the page's first script). LCP is the last candidate's ` +
    `startTime, read after the load event, once the title, the first paragraph and the last element of the body are on screen, plus two ` +
    `animation frames; the browser reports a new candidate only for a larger element than the last one, so an element replaced by one of the ` +
    `same size at take-over keeps the first time. The paint times are those of the presented frame, so they come later than the ` +
    `on-screen times above, which are taken in the animation frame callback before that frame is painted. "LCP element": the last ` +
    `candidate's tag, first class and, for an image, its file (runs).`);
  print();
  print(table(['page', 'first paint', 'ratio', 'first contentful paint', 'ratio', 'largest contentful paint', 'ratio', 'LCP element (runs)'], [
    [floorName, spread(paintCol(floorName, 'fp')), '1.00×', spread(paintCol(floorName, 'fcp')), '1.00×', spread(paintCol(floorName, 'lcp')), '1.00×', lcpElements(floorName)],
    [appName, spread(paintCol(appName, 'fp')), paintRatio('fp'), spread(paintCol(appName, 'fcp')), paintRatio('fcp'), spread(paintCol(appName, 'lcp')), paintRatio('lcp'), lcpElements(appName)],
  ]));
  print();
  if (paintErrors.length) { print(`Paint timing could not be observed: ${paintErrors.join('; ')}`); print(); }
  verdicts.push(['deep link, content visible, vs static page', fmtRatio(contentRatio), `≤ ${BUDGET.deepLinkRatio.toFixed(1)}× (aim ${BUDGET.deepLinkAim.toFixed(1)}×)`,
    `${atMost(contentRatio, BUDGET.deepLinkRatio, '×')} (aim: ${atMost(contentRatio, BUDGET.deepLinkAim, '×')})`]);
  print(table(['deep link, content visible', 'limit', 'verdict'], [
    [fmtRatio(contentRatio), `budget ≤ ${BUDGET.deepLinkRatio.toFixed(1)}× the static page`, atMost(contentRatio, BUDGET.deepLinkRatio, '×')],
    [fmtRatio(contentRatio), `ANCHORS' aim ≤ ${BUDGET.deepLinkAim.toFixed(1)}×`, atMost(contentRatio, BUDGET.deepLinkAim, '×')],
  ]));
  print();
  if (anchorsPost) {
    print(`For scale: ANCHORS.md measured this post at 117 ms as bare static HTML and 138 ms (1.18×) as a minimal Leptos app, on this ` +
      `machine kind; absolute times drift with the machine and its load, so compare the ratios.`);
    print();
  }
  const mk = (key) => spread(deep.get(appName).map((r) => r.marks[key]));
  print('Where the app\'s time goes (Resource Timing responseEnd, from navigation start; median (min–max)):');
  print();
  print(table(['entry file', 'JS', 'wasm', 'index.json', 'post .md', 'title on screen', 'first paragraph on screen'], [
    [mk('document'), mk('js'), mk('wasm'), mk('index'), mk('md'), spread(col(appName, 'title')), spread(col(appName, 'para'))],
  ]));
  print();
  const transfer = deep.get(appName)[0].marks.transfer;
  const served = Object.entries(transfer).filter(([p]) => /\.(wasm|js)$/.test(p));
  print(`As served by this nginx (gzip at nginx's default level 1, no brotli module), the app's wasm + JS transferred ` +
    `${kb(served.reduce((t, [, n]) => t + n, 0))} (${served.map(([p, n]) => `${p.slice(1)} ${kb(n)}`).join(', ')}).`);
  print();
  flush();

  // ---- 3. In-app navigation -------------------------------------------------------------------
  print('## 3. In-app navigation between two posts');
  print();
  if (!target) {
    print(`NOT MEASURED: "${norm(post.title)}" has no link to another post (no previous/next link, none in the body).`);
    verdicts.push(['in-app navigation', '—', `< ${BUDGET.navMs} ms`, 'not measured (no link to another post)']);
    print();
  } else {
    log(`3/5 navigation, ${RUNS} runs (+1 warm-up)`);
    const linkKind = link.inBody
      ? `a plain link in the post's body (no previous/next link found outside the body)`
      : `a link outside the post's body (previous/next${link.rel ? `, rel="${link.rel}"` : ''}${link.cls ? `, class="${link.cls}"` : ''})`;
    const mdPath = `/${target.body}`;
    // Marks the chosen link in the page, so the same one is hovered and clicked every run.
    const markLink = (page) => page.evaluate(({ href, inBody }) => {
      const a = [...document.querySelectorAll('a[href]')].find((x) => x.getAttribute('href') === href && !!x.closest('.post-body') === inBody);
      if (!a) return false;
      a.setAttribute('data-bench-link', '');
      return true;
    }, { href: link.href, inBody: link.inBody });
    // Clicks the marked link in the page and measures, in the page, until the target's title
    // and first paragraph are on screen. A full page load (not in-app) is measured too, across
    // the two documents, from their common time origin.
    const clickAndMeasure = async (page, probes, targetPath) => {
      const before = await page.evaluate(({ probes, mdPath }) => {
        window.__benchKeep = true;
        const fetched = performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname === mdPath);
        const a = document.querySelector('[data-bench-link]');
        const t0 = performance.now();
        window.__benchNav = window.__benchWatch(probes, { dom: true });
        a.click();
        return { t0: performance.timeOrigin + t0, fetched };
      }, { probes, mdPath });
      // The address changes at once in the app (history.pushState); a full page load is
      // waited for until its load event.
      await page.waitForURL((u) => u.pathname.replace(/\/$/, '') === targetPath.replace(/\/$/, ''), { timeout: 30_000 });
      let after;
      for (let attempt = 0; ; attempt++) {
        try {
          after = await page.evaluate(async () => {
            const inApp = window.__benchKeep === true;
            const seen = await (inApp ? window.__benchNav : window.__benchSeen);
            return { inApp, seen };
          });
          break;
        } catch (e) {
          // A document that went away under the evaluation: ask the new one.
          if (attempt >= 5 || !/context was destroyed|navigation/i.test(e.message)) throw e;
          await page.waitForLoadState('load');
        }
      }
      if (!after.seen) throw new Error(`no measurement on ${page.url()} after the click`);
      const abs = (t) => (t == null ? null : after.seen.timeOrigin + t - before.t0);
      const s = after.seen.screen;
      return {
        inApp: after.inApp,
        prefetched: before.fetched,
        screen: s.title != null && s.para != null ? abs(Math.max(s.title, s.para)) : null,
        title: abs(s.title),
        dom: after.seen.inDom.title != null && after.seen.inDom.para != null ? abs(Math.max(after.seen.inDom.title, after.seen.inDom.para)) : null,
      };
    };
    // Should the app load the target as a new document instead, it is measured there.
    const fullLoad = Object.fromEntries([link.path, link.path.replace(/\/$/, '')].map((p) => [p, appProbes(target, targetPara)]));
    const navCases = [
      {
        name: 'static page → static page (full page load): the floor',
        start: staticUrl(post),
        startProbes: staticProbes(post, postPara),
        watch: { [staticUrl(target)]: staticProbes(target, targetPara) },
        probes: staticProbes(target, targetPara),
        target: staticUrl(target),
        mark: (page) => page.evaluate((href) => {
          const a = document.querySelector(`a[href="${href}"]`);
          a?.setAttribute('data-bench-link', '');
          return !!a;
        }, staticUrl(target)),
      },
      { name: 'Quire, first visit (link clicked without hovering)', start: post.url, startProbes: appProbes(post, postPara), probes: appProbes(target, targetPara), target: link.path, watch: fullLoad, mark: markLink },
      { name: `Quire, after hovering the link for ${HOVER_MS} ms`, start: post.url, startProbes: appProbes(post, postPara), probes: appProbes(target, targetPara), target: link.path, watch: fullLoad, mark: markLink, hover: true },
    ];
    const nav = new Map(navCases.map((c) => [c.name, []]));
    for (let run = 0; run <= RUNS; run++) {
      for (const c of navCases) {
        const page = await openPage(browser, nginx.url, { watch: { [c.start]: c.startProbes, ...(c.watch ?? {}) }, dom: true });
        try {
          await page.goto(nginx.url + c.start, { waitUntil: 'load' });
          await page.evaluate(() => window.__benchSeen); // the start page's content is on screen
          if (c.start === post.url) await appStarted(page, { timeout: 30_000 }); // the app's navigation, not a page load
          if (!(await c.mark(page))) throw new Error(`${c.name}: the link to ${target.url} is not on ${c.start}`);
          let hoverFetched = null;
          if (c.hover) {
            await page.hover('[data-bench-link]');
            await page.waitForTimeout(HOVER_MS);
          }
          const r = await clickAndMeasure(page, c.probes, c.target);
          if (c.hover) hoverFetched = r.prefetched;
          keepProblems(page);
          if (run > 0) nav.get(c.name).push({ ...r, hoverFetched });
        } finally {
          await page.context().close();
        }
      }
    }
    print(`From the click on a link to "${norm(target.title)}" to its title and first paragraph on screen (polled on animation frames; ` +
      `"in the DOM": a MutationObserver, no layout). Each run starts in a fresh browser context (cold cache) on "${norm(post.title)}", ` +
      `waits until it is on screen, then clicks from inside the page. Link used: ${linkKind}: ` +
      `\`<a href="${link.href}">${link.text}</a>\`; the static pages use ${staticLinkKind}. Median (min–max) of ${RUNS}.`);
    print();
    const floorNav = nav.get(navCases[0].name);
    const floorMedian = median(floorNav.map((r) => r.screen).filter((x) => x != null));
    for (const c of navCases.slice(1)) {
      const m = median(nav.get(c.name).map((r) => r.screen).filter((x) => x != null));
      verdicts.push([`in-app navigation: ${c.name.replace(/^Quire, /, '')}`, ms(m), `< ${BUDGET.navMs} ms`, m < BUDGET.navMs ? 'OK' : `MISSED by ${(m - BUDGET.navMs).toFixed(0)} ms`]);
    }
    print(table(['navigation', 'title on screen', 'title + first paragraph on screen', 'in the DOM', 'vs static', 'budget < 50 ms', 'in-app?', 'target .md fetched before the click'], navCases.map((c) => {
      const rs = nav.get(c.name);
      const m = median(rs.map((r) => r.screen).filter((x) => x != null));
      const isFloor = c === navCases[0];
      const inApp = rs.every((r) => r.inApp) ? 'yes' : rs.some((r) => r.inApp) ? 'sometimes' : 'no (full page load)';
      const fetched = isFloor ? '—' : `${rs.filter((r) => r.prefetched).length} of ${rs.length} runs`;
      return [c.name, spread(rs.map((r) => r.title)), spread(rs.map((r) => r.screen)), spread(rs.map((r) => r.dom)),
        isFloor ? '1.00×' : fmtRatio(ratio(m, floorMedian)), isFloor ? '(baseline)' : (m < BUDGET.navMs ? 'OK' : `MISSED by ${(m - BUDGET.navMs).toFixed(0)} ms`),
        isFloor ? '—' : inApp, fetched];
    })));
    print();
    const hovered = nav.get(navCases[2].name);
    const anyPrefetch = hovered.some((r) => r.prefetched);
    const firstPrefetch = nav.get(navCases[1].name).some((r) => r.prefetched);
    print(anyPrefetch
      ? `Prefetch seen: hovering the link fetched the target's Markdown (${mdPath}) before the click in ${hovered.filter((r) => r.prefetched).length} of ${hovered.length} runs.`
      : `No prefetch seen: hovering the link for ${HOVER_MS} ms did not fetch the target's Markdown (${mdPath}) before the click.`);
    if (firstPrefetch) print(`Note: in the first-visit case the target's Markdown was already fetched before the click (the app prefetches without a hover), so "first visit" is not a cold fetch.`);
    print();
  }
  flush();

  // ---- 4. Markdown rendering --------------------------------------------------------------
  log(`4/5 Markdown rendering, ${RUNS} runs (+1 warm-up)`);
  const sentinel = { prefix: SENTINEL.slice(0, 40) };
  const largeCold = { app: [], floor: [] };
  const warm = { small: [], large: [] };
  for (let run = 0; run <= RUNS; run++) {
    for (const kind of run % 2 ? ['app', 'floor'] : ['floor', 'app']) {
      const url = kind === 'app' ? large.url : staticUrl(large);
      const probes = kind === 'app'
        ? { para: appProbes(large, largePara).para, last: { selector: '.post-body > :last-child', ...sentinel } }
        : { para: staticProbes(large, largePara).para, last: { selector: 'article > :last-child', ...sentinel } };
      const r = await coldLoad(browser, nginxLarge.url, url, { watch: { [url]: probes } });
      if (run > 0) largeCold[kind].push(r);
    }
    const small = await warmRender(browser, nginxLarge.url, post, { selector: '.post-body > :last-child', prefix: postLast });
    const big = await warmRender(browser, nginxLarge.url, large, { selector: '.post-body > :last-child', ...sentinel });
    if (run > 0) { warm.small.push(small); warm.large.push(big); }
  }
  print('## 4. Markdown rendering in the browser');
  print();
  print(`Median (min–max) of ${RUNS}. "Cold: body on screen": a deep link in a fresh context, from navigation start until the body's last element ` +
    `is on screen (for the large post, a sentinel paragraph at its very end), beside the same post as bare static HTML (the small post's ` +
    `figures are section 2's runs). "Render": measured in ` +
    `a running app (home opened, then the post's card clicked) from the post's .md Resource Timing responseEnd until the rendered body is ` +
    `in the DOM (a MutationObserver): reading the body text, Markdown + HTML policy in the render worker (with the messages there and back, and the worker's start if it was not warm yet), the Leptos view and the browser's parse of the result, ` +
    `no layout, plus any work of the route change still running when the Markdown arrives. "Parse floor": the same page then inserts the rendered HTML again as innerHTML of a new element — the browser alone, no ` +
    `Markdown. "Click → body on screen": the same in-app navigation, from the click until the body's last element is on screen.`);
  print();
  const lastOf = (rs) => rs.map((r) => r.seen.screen.last ?? null);
  const med = (xs) => median(xs.filter((x) => x != null));
  const renderRow = (name, bytes, appCold, floorCold, w, needSentinel) => {
    const pure = w.map((r) => r.render);
    const parse = w.map((r) => r.floor);
    const incomplete = needSentinel && w.some((r) => !r.complete.startsWith(SENTINEL.slice(0, 40)));
    return [name, kb(bytes), spread(appCold), spread(floorCold), fmtRatio(ratio(med(appCold), med(floorCold))),
      `${spread(pure, 1)}${incomplete ? ' (body incomplete when first in the DOM!)' : ''}`, spread(parse, 1), fmtRatio(ratio(med(pure), med(parse))),
      spread(w.map((r) => r.click))];
  };
  // Performance marks and measures the app itself emits (none for rendering when this was written):
  // listed, so that a render measure added to the app shows up here.
  const appMeasures = new Map();
  const appMarks = new Set();
  for (const r of [...warm.small, ...warm.large]) {
    for (const m of r.measures) appMeasures.set(m.name, [...(appMeasures.get(m.name) ?? []), m.duration]);
    for (const m of r.marks) appMarks.add(m);
  }
  print(appMeasures.size || appMarks.size
    ? `The app emitted its own performance entries during these runs (not used above): ${[...appMeasures].map(([n, d]) => `measure "${n}" ${spread(d, 1)}`).concat([...appMarks].map((n) => `mark "${n}"`)).join(', ')}.`
    : 'The app emitted no performance marks or measures of its own during these runs, so the render time above is measured from outside.');
  print();
  print(table(['post', 'Markdown', 'cold: Quire body on screen', 'cold: static body on screen', 'ratio', 'render (.md responseEnd → in DOM)', 'parse floor (innerHTML)', 'ratio', 'in-app from home: click → body on screen'], [
    renderRow(`small: "${norm(post.title)}"`, statSync(join(site.root, post.body)).size, lastOf(deep.get(appName)), lastOf(deep.get(floorName)), warm.small, false),
    renderRow('large: the corpus\' bodies one after the other', Buffer.byteLength(largeMd), lastOf(largeCold.app), lastOf(largeCold.floor), warm.large, true),
  ]));
  print();
  flush();

  // ---- 5. Lighthouse ---------------------------------------------------------------------------
  print('## 5. Lighthouse');
  print();
  const lhBefore = verdicts.length;
  if (!LH_FORMS.length) {
    print('Skipped (--no-lighthouse).');
  } else if (!existsSync(LH_BIN)) {
    print(`NOT RUN: ${LH_BIN} is missing (make bench-reader installs it: cd benches && npm ci).`);
  } else {
    log(`5/5 Lighthouse, ${LH_FORMS.join(' + ')}, ${LH_RUNS} runs per page`);
    await browser.close(); // Lighthouse starts a Chromium of its own
    browser = null;
    const lhDir = mkdtempSync(join(os.tmpdir(), 'quire-reader-lh-'));
    temps.push(() => rmSync(lhDir, { recursive: true, force: true }));
    const pages = [['home', '/'], ['post', post.url]];
    const rows = [];
    const failing = new Map();
    const notes = new Set();
    let version = '?';
    let n = 0;
    let error = null;
    for (const form of LH_FORMS) {
      for (const [label, path] of pages) {
        const runs = [];
        for (let i = 0; i < LH_RUNS && !error; i++) {
          try {
            const r = await lighthouseRun(nginx.url + path, form, lhDir, n++);
            runs.push(r);
            version = r.version;
            for (const f of r.failing) {
              const key = `${form} ${label}: ${f.key}`;
              const entry = failing.get(key) ?? { runs: 0, values: [], items: new Set() };
              entry.runs++;
              if (f.value) entry.values.push(f.value);
              for (const it of f.items) entry.items.add(it);
              failing.set(key, entry);
            }
            for (const w of r.warnings) notes.add(w);
          } catch (e) {
            error = e;
          }
        }
        if (!runs.length) continue;
        const med = (cat) => median(runs.map((r) => r.scores[cat]).filter((x) => x != null));
        const perf = med('performance');
        const others = ['accessibility', 'best-practices', 'seo'].map(med);
        const lhVerdicts = [atLeast(perf, BUDGET.lhPerformance), ...others.map((s) => atLeast(s, BUDGET.lhOthers))];
        verdicts.push([`Lighthouse ${form}, ${label}: perf / a11y / best practices / SEO`, [perf, ...others].map((x) => x ?? '—').join(' / '),
          `≥ ${BUDGET.lhPerformance} / ${BUDGET.lhOthers} / ${BUDGET.lhOthers} / ${BUDGET.lhOthers}`,
          lhVerdicts.every((v) => v === 'OK') ? 'OK' : lhVerdicts.map((v, i) => (v === 'OK' ? null : `${['performance', 'accessibility', 'best practices', 'SEO'][i]} ${v}`)).filter(Boolean).join('; ')]);
        rows.push([`${label} (${path})`, form, ...[perf, ...others].map((s, i) => `${s ?? '—'} ${lhVerdicts[i] === 'OK' ? '' : `(${lhVerdicts[i]})`}`.trim()),
          `FCP ${runs[0].metrics['first-contentful-paint']}, LCP ${runs[0].metrics['largest-contentful-paint']}, TBT ${runs[0].metrics['total-blocking-time']}, CLS ${runs[0].metrics['cumulative-layout-shift']}`,
          String(runs.length)]);
      }
    }
    if (rows.length) {
      print(`Lighthouse ${version}, Debian's Chromium (--headless=new --no-sandbox), --only-categories=performance,accessibility,best-practices,seo, ` +
        `--throttling-method=simulate (Lantern: an unthrottled load on 127.0.0.1, throttling simulated — mobile: its default 4× CPU, ` +
        `150 ms RTT, 1.6 Mbps; desktop: --preset=desktop, 40 ms RTT, 10 Mbps, no CPU slowdown). The site is the same nginx on 127.0.0.1; ` +
        `nothing off-site is requested. Median of ${LH_RUNS} runs. Budgets: performance ≥ ${BUDGET.lhPerformance}, the others ${BUDGET.lhOthers}.`);
      print();
      print(table(['page', 'form factor', 'performance', 'accessibility', 'best practices', 'SEO', 'metrics (first run)', 'runs'], rows));
      print();
      if (failing.size) {
        print('Audits that lost points (form factor, page: category: audit; runs in which it failed):');
        print();
        for (const [f, e] of failing) {
          print(`- ${f}${e.values.length ? `: ${e.values.join(', ')}` : ''}${e.items.size ? ` — ${[...e.items].join(', ')}` : ''} — in ${e.runs} of ${LH_RUNS} runs`);
        }
        print();
      }
      for (const w of notes) print(`Lighthouse warning: ${w}`);
    }
    if (error) print(`Lighthouse could not complete: ${error.message}`);
  }
  if (verdicts.length === lhBefore) verdicts.push(['Lighthouse', '—', `performance ≥ ${BUDGET.lhPerformance}, the others ${BUDGET.lhOthers}`, 'not measured (see section 5)']);
  print();

  print('## Budgets');
  print();
  print(table(['what', 'measured (median)', 'budget', 'verdict'], verdicts));
  print();
  if (problemsSeen.size) {
    print('Problems the pages reported during the timed runs (message — count):');
    print();
    for (const [p, count] of problemsSeen) print(`- ${p.slice(0, 200)} — ${count}`);
    print();
  }
  print(`Total time of this benchmark: ${((Date.now() - started) / 1000).toFixed(0)} s; load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} ` +
    `(other work on the machine slows every figure; the ratios, measured side by side, drift less).`);
  flush();
} finally {
  flush();
  await cleanup();
}
