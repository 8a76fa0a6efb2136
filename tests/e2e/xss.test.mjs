// Proof in a real browser that no XSS vector runs. Every payload of the shared XSS corpus
// (../shared/corpus/xss) is put into posts in six placements (raw HTML block, inline HTML, link
// URL, link URL in <>, image URL, table cell), the posts are built by the builder from this
// working tree into a copy of the release build (dist/), served by nginx with our rules and
// opened in headless Chromium: each post's entry file, which shows the post (rendered by the
// builder) and which the app takes over as it is, and then the same post as the app renders it
// itself, after going home and back inside the app. support/xss-probe.mjs says what counts as
// execution and which DOM findings fail. A payload that hides the payloads after it (an unclosed fence or
// <script> block swallows the rest of its post) does not hide them from the proof: those are
// put in posts of their own in a later round, until every payload has rendered in every placement.
// Each post is also opened with JavaScript off: its entry file (written by `quire-build pages`,
// as Trunk's post_build hook does) shows the body, rendered by the builder, in its <main>, which
// must be as clean; as served, its <body> holds only the skip link, the header and <main>
// (nothing broke out of them). Hostile front matter must build and show as text (page as served
// and as the app renders it, head tags, JSON-LD, feed, home page); a script URL as banner image
// must not build.
// A self-check first proves that the detector fires on a page that does run payloads.
//
// Runs in about 1.5 min. XSS_WORKERS (pages at once, 4) and XSS_BATCH (posts per browser
// context, 10) tune it; QUIRE_XSS_CORPUS points at another corpus, QUIRE_DIST at another build.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNginx, distDir, repoRoot } from './support/site.mjs';
import {
  corpusDir, loadPayloads, placements, postBody, frontMatter, CONTROL_POST, writePosts, runBuilder, runPages,
} from './support/xss-corpus.mjs';
import {
  probe, probeWith, baselineOf, verdict, openProbe, openNoScriptProbe, probeNoScriptWith,
} from './support/xss-probe.mjs';
import { appStarted } from './support/browser.mjs';
import { requireCorpus, skipWithout } from './support/corpus.mjs';
import { useSite } from './support/suite.mjs';

const PLACEMENTS = Object.keys(placements);
const CHUNK = 50;
const BATCH = Number(process.env.XSS_BATCH ?? 10);
const WORKERS = Number(process.env.XSS_WORKERS ?? 4);
// Rounds 1 and 2 put up to 50 payloads in a post, later ones up to 5 (to shorten chains of
// payloads that each hide the rest), the last one payload a post.
const ROUNDS = 8;
const EXPECTED_LINES = 873;
const postUrl = (slug) => `/blog/2024/01/${slug}/`;

let tmp;
let site;

// The browser; the site under test is made by the first test that needs it (getSite).
const suite = useSite({
  server: false,
  async teardown() {
    await site?.nginx.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  },
});

/** A copy of the release build served by nginx; `build(posts)` replaces its posts. */
async function getSite() {
  if (site) return site;
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error(`${distDir}/index.html is missing: the XSS proof runs against the release build, which is not there: build it first (make dist)`);
  }
  tmp = mkdtempSync(join(tmpdir(), 'quire-xss-'));
  const root = join(tmp, 'dist');
  const content = join(tmp, 'content');
  cpSync(distDir, root, { recursive: true });
  // The sample posts' entry files; the builder writes those of the posts under test.
  rmSync(join(root, 'blog'), { recursive: true, force: true });
  const nginx = await startNginx(root);
  site = {
    url: nginx.url,
    nginx,
    build(posts) {
      writePosts(content, [CONTROL_POST, ...posts]);
      const index = runBuilder(content, root);
      if (index.status !== 0) throw new Error(`the builder failed (exit ${index.status}):\n${index.stderr}`);
      // As Trunk's post_build hook: every route's entry file, from the shell in the copy.
      const pages = runPages(root);
      if (pages.status !== 0) throw new Error(`the builder's pages step failed (exit ${pages.status}):\n${pages.stderr}`);
    },
    baseline: null,
  };
  return site;
}

async function baseline(s) {
  if (!s.baseline) s.baseline = (await baselineOf(suite.browser, s.url, postUrl(CONTROL_POST.slug), { entryFile: true, app: true })).hashes;
  return s.baseline;
}

async function pool(items, workers, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(workers, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }));
  return results;
}

/** A plain static server for the self-check: no CSP, so its payloads do run. */
async function startPlainServer(dir) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = join(dir, path === '/' ? 'index.html' : path.slice(1));
    if (!/^[\w.-]+$/.test(path.slice(1) || 'index.html') || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}

const short = (s, n = 90) => JSON.stringify(s.length > n ? `${s.slice(0, n)}…` : s);

// ---------------------------------------------------------------------------------------------

test('self-check: the detector fires on a page that does run payloads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-xss-self-'));
  const page = (body) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body><div class="post-body">${body}</div></body></html>`;
  writeFileSync(join(dir, 'index.html'), page('<p>Payload 0:</p><p>nothing here</p>'));
  writeFileSync(join(dir, 'dirty.html'), page([
    '<p>Payload 1:</p><img src="x" onerror="alert(1)">',
    '<p>Payload 2:</p><b onmouseover="confirm(2)">hover me</b>',
    '<p>Payload 3:</p><img src="y" onerror="window.__quiet = 1">',
    '<p>Payload 4:</p><a href=" jav&#x09;ascript:void(0)">a script URL nobody clicks</a>',
    '<p>Payload 5:</p><svg><a xlink:href="javascript:void(0)"><text>x</text></a></svg>',
    '<p>Payload 6:</p><iframe srcdoc="<script>parent.prompt(6)</script>"></iframe>',
    '<p>Payload 7:</p><img src="http://evil.example/x.png">',
    '<p>Payload 8:</p><img src="z" onerror="document.body.appendChild(document.createElement(\'iframe\')).contentWindow.confirm(8)">',
    '<p>Payload 9:</p><script>throw new Error("boom 9")</script>',
  ].join('\n')));
  // An entry file in the shape the builder writes (skip link, header, <main> with the post)
  // whose post breaks out of its <main> (as an unescaped `</main>` in a title or a body would
  // make it), with a <noscript> left in it too.
  writeFileSync(join(dir, 'entry.html'), `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head>
<body><a class="skip-link" href="#main" target="_self">Skip to content</a><header class="site-header"><div class="site-header-inner"><a href="/" class="site-title">t</a></div></header><main id="main" tabindex="-1" data-quire-page="/entry.html" data-quire-title="t"><article class="post"><div class="post-body"><p>Payload 1:</p><p><a href="javascript:void(0)">x</a></p><p>a closing tag as text: </main><b id="broke">out</b></p></div></article></main><noscript><p>no script</p></noscript></body></html>`);
  const nginx = await startPlainServer(dir);
  try {
    const clean = await baselineOf(suite.browser, nginx.url, '/');
    const entry = verdict(await probe(suite.browser, nginx.url, '/entry.html', { baseline: clean.hashes, entryFile: true }));
    const said = entry.map((f) => f.detail).join(' | ');
    assert.ok(entry.some((f) => /the body as served holds a\.skip-link, header\.site-header, main#main, b#broke/.test(f.detail)), `content out of its <main> is found: ${said}`);
    assert.ok(entry.some((f) => /1 <noscript> elements in the page as served/.test(f.detail)), `a <noscript> is found: ${said}`);
    assert.ok(entry.some((f) => f.payload === 1 && /^url href/.test(f.detail)), `the post in the entry file is inspected with JavaScript on: ${said}`);
    const noScript = await openNoScriptProbe(suite.browser, nginx.url);
    try {
      const shown = await probeNoScriptWith(noScript, '/entry.html');
      assert.ok(shown.rendered, 'the no-JS probe finds the <main>');
      assert.ok(shown.findings.some((f) => f.kind === 'url' && f.marker === 1), `the no-JS <main> is inspected: ${JSON.stringify(shown.findings)}`);
    } finally {
      await noScript.close();
    }

    // One session opens page after page, as the proof does: each result is its page's only.
    const session = await openProbe(suite.browser, nginx.url);
    let dirty;
    try {
      for (const url of ['/', '/', '/dirty.html', '/']) {
        const result = await probeWith(session, url, { baseline: clean.hashes });
        if (url === '/dirty.html') { dirty = result; continue; }
        assert.deepEqual(verdict(result), [], 'a clean page has no findings');
        assert.deepEqual(result.markers, [0]);
      }
    } finally {
      await session.close();
    }
    const found = verdict(dirty);
    const sinks = dirty.hits.map((h) => `${h.sink}@${h.marker}`);
    assert.ok(sinks.includes('alert@1'), `onerror alert mapped to payload 1: ${sinks}`);
    assert.ok(dirty.hits.some((h) => h.sink === 'confirm' && h.marker === 2 && h.event === 'mouseover'), `hover handler found: ${sinks}`);
    assert.ok(sinks.includes('prompt@null'), `a srcdoc frame calling its parent: ${sinks}`);
    assert.ok(dirty.unknownScripts.some((s) => s.source.includes('window.__quiet = 1')), 'a handler that calls no sink is still seen compiled');
    assert.ok(dirty.hits.some((h) => h.sink === 'confirm' && h.frame === 'about:blank') || dirty.dialogs.some((d) => d.includes('8')), `a fresh frame's confirm is seen: ${sinks} ${dirty.dialogs}`);
    assert.ok(dirty.problems.some((p) => /page error: .*boom 9/.test(p)), 'page errors count');
    const dom = found.filter((f) => !f.execution).map((f) => `${f.payload}:${f.detail.split(' in ')[0]}`);
    for (const want of ['1:attribute onerror', '2:attribute onmouseover', '4:url href', '5:element <svg>', '5:url xlink:href', '6:element <iframe>', '9:element <script>']) {
      assert.ok(dom.some((d) => d.startsWith(want)), `DOM finding ${want} in ${dom.join(' | ')}`);
    }
    assert.ok(dirty.offsite.some((r) => r.url.startsWith('http://evil.example/')), 'off-site request recorded');
    assert.ok(!found.some((f) => /evil\.example/.test(f.detail) && f.execution), 'an off-site image is not execution');
  } finally {
    await nginx.stop();
  }
  // The same page served with our nginx rules: whatever the CSP stops is reported too.
  const shipped = await startNginx(dir);
  try {
    const clean = await baselineOf(suite.browser, shipped.url, '/');
    const found = verdict(await probe(suite.browser, shipped.url, '/dirty.html', { baseline: clean.hashes }));
    const headers = join(repoRoot, 'deploy', 'nginx', 'quire-headers.conf');
    const shipsCsp = existsSync(headers) && /Content-Security-Policy/i.test(readFileSync(headers, 'utf8'));
    if (shipsCsp) assert.ok(found.some((f) => f.blocked), `script the CSP blocks is reported: ${found.map((f) => f.detail).join(' | ')}`);
    assert.ok(found.some((f) => f.payload === 1 && /^attribute onerror/.test(f.detail)), 'the DOM findings stand with the CSP');
  } finally {
    await shipped.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(document.domain)</script>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '<a href="javascript:alert(1)">click</a>',
  "' onmouseover='alert(1)' x='",
  '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
  '{{constructor.constructor("alert(1)")()}}',
];
const at = (i) => HOSTILE[i % HOSTILE.length];
const HOSTILE_POSTS = HOSTILE.map((_, i) => ({
  slug: `hostile-fm-${i + 1}`,
  title: at(i),
  author: at(i + 1),
  tags: [...new Set([at(i + 2), 'javascript:alert(1)', at(i + 3)])], // the builder drops repeats
  summary: `${at(i + 3)} and ${at(i + 4)}`,
  banner: {
    image: [`x.png" onerror="alert(1)`, '<img src=x onerror=alert(1)>', `/assets/x.png?"><script>alert(1)</script>`, `x.svg#"onload="alert(1)`][i % 4],
    alt: at(i + 5),
    caption: at(i + 6),
  },
}));

test('hostile front matter builds and shows as text only', { timeout: 300_000 }, async () => {
  const s = await getSite();
  s.build(HOSTILE_POSTS.map((p) => ({
    file: `2024-01-02-${p.slug}.md`,
    content: `${frontMatter({ title: p.title, author: p.author, date: '2024-01-02', tags: p.tags, summary: p.summary, banner: p.banner })}
The body of a post whose front matter is hostile.
`,
  })));
  const base = await baseline(s);
  const problems = [];
  const check = (cond, what) => { if (!cond) problems.push(what); };

  const pages = await pool(HOSTILE_POSTS, WORKERS, async (p) => {
    const url = `/blog/2024/01/${p.slug}/`;
    const result = await probe(suite.browser, s.url, url, { selector: '.post-body', baseline: base, entryFile: true, app: true });
    return { p, url, result };
  });
  for (const { p, url, result } of pages) {
    for (const f of verdict(result)) problems.push(`${url}: ${f.execution ? 'EXECUTED' : 'finding'}: ${f.detail}`);
  }
  // Header, banner and list as the reader sees them: every hostile string exactly as text, in
  // the page the entry file shows and in the page the app renders when the post is opened in it.
  const readPost = (page) => page.evaluate(() => ({
    title: document.querySelector('h1.post-title')?.textContent,
    docTitle: document.title,
    // The app adds its own description after the entry file's: the last one is the page's.
    description: [...document.querySelectorAll('meta[name="description"]')].at(-1)?.getAttribute('content'),
    authors: document.querySelector('.post-authors')?.textContent,
    tags: [...document.querySelectorAll('.post-tags li')].map((li) => li.textContent),
    bannerSrc: document.querySelector('.post-banner img')?.getAttribute('src'),
    bannerAlt: document.querySelector('.post-banner img')?.getAttribute('alt'),
    caption: document.querySelector('.post-banner figcaption')?.textContent,
    header: document.querySelector('.post-header').outerHTML,
    ogTitle: document.querySelector('meta[property="og:title"]')?.getAttribute('content'),
    ogImageAlt: document.querySelector('meta[property="og:image:alt"]')?.getAttribute('content'),
    jsonLd: (() => {
      const el = document.querySelector('script[type="application/ld+json"]');
      try { return el ? JSON.parse(el.textContent) : null; } catch (e) { return { unreadable: String(e) }; }
    })(),
    elementsInHeader: [...document.querySelectorAll('.post-header *')].map((e) => e.localName),
    attributesInHeader: [...document.querySelectorAll('.post-header *')].flatMap((e) => e.getAttributeNames()),
  }));
  const checkPost = (where, p, shown) => {
    check(shown.title === p.title, `${where}: title ${short(shown.title ?? '(none)')} is not ${short(p.title)}`);
    check(shown.docTitle.startsWith(p.title), `${where}: document title ${short(shown.docTitle)}`);
    check(shown.description === p.summary, `${where}: meta description ${short(shown.description ?? '(none)')}`);
    check(shown.authors === p.author, `${where}: authors ${short(shown.authors ?? '(none)')}`);
    check(JSON.stringify(shown.tags) === JSON.stringify(p.tags), `${where}: tags ${JSON.stringify(shown.tags)}`);
    check(shown.bannerAlt === p.banner.alt, `${where}: banner alt ${short(shown.bannerAlt ?? '(none)')}`);
    check(shown.bannerSrc?.endsWith(p.banner.image.replace(/^\//, '')), `${where}: banner src ${short(shown.bannerSrc ?? '(none)')}`);
    check(shown.caption === p.banner.caption, `${where}: caption ${short(shown.caption ?? '(none)')}`);
    const allowed = new Set(['h1', 'p', 'time', 'span', 'ul', 'li', 'figure', 'img', 'figcaption', 'a', 'nav', 'div']);
    const odd = shown.elementsInHeader.filter((e) => !allowed.has(e));
    check(odd.length === 0, `${where}: unexpected elements in the header: ${odd}`);
    const onAttrs = shown.attributesInHeader.filter((a) => /^on/i.test(a));
    check(onAttrs.length === 0, `${where}: event handler attributes in the header: ${onAttrs}`);
  };
  const readCards = (page) => page.$$eval('.post-card', (cs) => cs.map((c) => ({
    href: c.querySelector('.post-card-title a')?.getAttribute('href'),
    title: c.querySelector('.post-card-title')?.textContent,
    summary: c.querySelector('.post-card-summary')?.textContent,
    authors: c.querySelector('.post-authors')?.textContent,
    onAttrs: [...c.querySelectorAll('*')].flatMap((e) => e.getAttributeNames()).filter((a) => /^on/i.test(a)),
    elements: [...c.querySelectorAll('*')].map((e) => e.localName),
  })));
  const checkCards = (where, cards) => {
    for (const p of HOSTILE_POSTS) {
      const card = cards.find((c) => c.href === `/blog/2024/01/${p.slug}/`);
      check(card, `${where}: no card for ${p.slug}`);
      if (!card) continue;
      check(card.title === p.title, `${where}: card title ${short(card.title)} is not ${short(p.title)}`);
      check(card.summary === p.summary, `${where}: card summary ${short(card.summary)}`);
      check(card.authors === p.author, `${where}: card authors ${short(card.authors ?? '(none)')}`);
      check(card.onAttrs.length === 0, `${where}: event handler attributes in the card of ${p.slug}`);
      const odd = card.elements.filter((e) => ['script', 'iframe', 'svg', 'img', 'style'].includes(e));
      check(odd.length === 0, `${where}: elements ${odd} in the card of ${p.slug}`);
    }
  };
  const { page, context } = await openProbe(suite.browser, s.url);
  try {
    for (const p of HOSTILE_POSTS) {
      const url = `/blog/2024/01/${p.slug}/`;
      await page.goto(s.url + url);
      await page.waitForSelector('.post-body');
      const shown = await readPost(page);
      checkPost(`${url} (entry file)`, p, shown);
      // The entry file's head, as link previews and search engines read it.
      check(shown.ogTitle === p.title, `${url}: og:title ${short(shown.ogTitle ?? '(none)')}`);
      check(shown.ogImageAlt === p.banner.alt, `${url}: og:image:alt ${short(shown.ogImageAlt ?? '(none)')}`);
      const ld = shown.jsonLd ?? {};
      check(ld.headline === p.title, `${url}: JSON-LD headline ${short(JSON.stringify(ld.headline ?? ld.unreadable ?? '(none)'))}`);
      check(ld.description === p.summary, `${url}: JSON-LD description ${short(JSON.stringify(ld.description ?? '(none)'))}`);
      check(JSON.stringify(ld.author?.map((a) => a.name)) === JSON.stringify([p.author]), `${url}: JSON-LD author ${JSON.stringify(ld.author)}`);
    }
    // The Atom feed: well-formed, every hostile title as plain text.
    const feed = await page.request.get(s.url + '/feed.xml');
    check(feed.ok(), `feed.xml answered ${feed.status()}`);
    const feedTitles = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      if (doc.querySelector('parsererror')) return { error: doc.querySelector('parsererror').textContent.slice(0, 200) };
      return { titles: [...doc.querySelectorAll('entry > title')].map((t) => t.textContent) };
    }, await feed.text());
    check(!feedTitles.error, `feed.xml is not well-formed XML: ${feedTitles.error}`);
    for (const p of HOSTILE_POSTS) check(feedTitles.titles?.includes(p.title), `feed.xml: no entry titled ${short(p.title)}`);

    await page.goto(s.url + '/');
    await page.waitForSelector('.post-card');
    checkCards('home (entry file)', await readCards(page));
    // Each post opened from the home page inside the app, which renders it (and then the home
    // page) itself.
    await appStarted(page);
    await page.evaluate(() => { window.__sameDocument = true; });
    for (const p of HOSTILE_POSTS) {
      const url = `/blog/2024/01/${p.slug}/`;
      await page.click(`.post-card-title a[href="${url}"]`);
      await page.waitForFunction((u) => location.pathname === u, url);
      await page.waitForSelector('.post-body');
      checkPost(`${url} (opened in the app)`, p, await readPost(page));
      await page.click('header.site-header .site-title');
      await page.waitForSelector('.post-card');
    }
    checkCards('home (rendered by the app)', await readCards(page));
    check(await page.evaluate(() => window.__sameDocument) === true, 'the posts and the home page opened inside the app');
  } finally {
    await context.close();
  }
  const home = await probe(suite.browser, s.url, '/', { selector: '.post-list', baseline: base, entryFile: true });
  for (const f of verdict(home)) problems.push(`home page: ${f.execution ? 'EXECUTED' : 'finding'}: ${f.detail}`);
  assert.deepEqual(problems, [], `hostile front matter:\n${problems.join('\n')}`);
});

test('a script URL as banner image is rejected by the builder, naming the file and line', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-xss-banner-'));
  try {
    const bad = [
      // [slug, front matter lines after `---`, [first, last] acceptable line]
      ['nested', ['title: "Nested banner"', 'date: 2024-01-03', 'banner:', '  image: javascript:alert(1)', '  alt: "x"'], [4, 5]],
      ['top-level', ['title: "Top-level image"', 'date: 2024-01-03', 'image: javascript:alert(1)'], [4, 4]],
      ['string', ['title: "Banner as a string"', 'date: 2024-01-03', 'banner: "JaVaScRiPt:alert(1)"'], [4, 4]],
      ['tab', ['title: "Tab in the scheme"', 'date: 2024-01-03', 'banner:', '  image: "java\\tscript:alert(1)"'], [4, 5]],
      ['control', ['title: "Control character first"', 'date: 2024-01-03', 'banner:', '  image: "\\u0001 javascript:alert(1)"'], [4, 5]],
      ['data', ['title: "Data URL"', 'date: 2024-01-03', 'banner:', '  image: "data:text/html,<script>alert(1)</script>"'], [4, 5]],
      ['vbscript', ['title: "VBScript"', 'date: 2024-01-03', 'banner:', '  image: vbscript:msgbox(1)'], [4, 5]],
    ];
    const posts = bad.map(([slug, lines]) => ({
      file: `2024-01-03-bad-banner-${slug}.md`,
      content: `---\n${lines.join('\n')}\n---\nBody.\n`,
    }));
    posts.push({ file: '2024-01-03-good.md', content: '---\ntitle: "Good"\ndate: 2024-01-03\nbanner:\n  image: good.png\n---\nBody.\n' });
    writePosts(join(dir, 'content'), posts);
    const out = join(dir, 'out');
    const { status, stderr } = runBuilder(join(dir, 'content'), out);
    assert.notEqual(status, 0, `the build must fail:\n${stderr}`);
    for (const [slug, , [first, last]] of bad) {
      const file = `2024-01-03-bad-banner-${slug}.md`;
      const line = stderr.split('\n').find((l) => l.includes(file));
      assert.ok(line, `no message names ${file}:\n${stderr}`);
      const m = /\.md:(\d+): error: (.+)$/.exec(line);
      assert.ok(m, `the message for ${file} gives a line: ${line}`);
      const n = Number(m[1]);
      assert.ok(n >= first && n <= last, `${file}: line ${n}, expected ${first}–${last}: ${line}`);
    }
    assert.ok(!stderr.includes('2024-01-03-good.md'), `the good post is not blamed:\n${stderr}`);
    assert.equal(existsSync(join(out, 'posts')), false, 'nothing is written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------

const corpus = requireCorpus(corpusDir, '../shared/corpus/xss', 'the XSS proof') && loadPayloads();

test('no XSS payload of the corpus executes in any placement', { timeout: 900_000, skip: skipWithout(corpus) }, async () => {
  const started = Date.now();
  const { payloads, lineCount, fixtureCount, files } = corpus;
  console.log(`XSS corpus: ${lineCount} payload lines in ${files.length} lists (${files.join(', ')}) + ${fixtureCount} multi-line DOMPurify fixtures = ${payloads.length} payloads`);
  assert.equal(lineCount, EXPECTED_LINES, `the corpus's SOURCE.txt promises ${EXPECTED_LINES} non-empty payload lines`);
  const byNumber = new Map(payloads.map((p) => [p.n, p]));

  const s = await getSite();
  // Groups of payloads to render together, in order; a round puts each group in posts of up to
  // CHUNK payloads. Payloads hidden by an earlier one (their marker is not in the page) go on,
  // as a run, to the next round, where the first of each run is sure to be seen.
  let groups = PLACEMENTS.map((placement) => ({ placement, items: payloads }));
  const seen = new Set(); // `${placement}:${n}` rendered under its own marker
  const seenNoScript = new Set(); // the same, in the entry file's <main> with JavaScript off
  const findings = []; // { execution, placement, payloads: [n], post, detail }
  const offsite = new Map(); // url -> { type, where: Set }
  const unrendered = []; // payloads whose page did not render
  let pagesOpened = 0;

  for (let round = 1; round <= ROUNDS && groups.length > 0; round++) {
    const roundStarted = Date.now();
    const chunk = round === ROUNDS ? 1 : round <= 2 ? CHUNK : 5;
    const posts = [];
    const count = {};
    for (const { placement, items } of groups) {
      for (let i = 0; i < items.length; i += chunk) {
        count[placement] = (count[placement] ?? 0) + 1;
        const slug = `xss-${placement}-${round > 1 ? `r${round}-` : ''}${String(count[placement]).padStart(2, '0')}`;
        posts.push({ placement, items: items.slice(i, i + chunk), slug });
      }
    }
    const buildStarted = Date.now();
    s.build(posts.map((post) => ({
      file: `2024-01-01-${post.slug}.md`,
      content: `${frontMatter({
        title: `XSS ${post.placement}: payloads ${post.items[0].n}–${post.items.at(-1).n}`,
        date: '2024-01-01',
        summary: `XSS payloads in placement ${post.placement}.`,
      })}\n${postBody(post.placement, post.items)}`,
    })));
    const buildMs = Date.now() - buildStarted;
    const base = await baseline(s);
    // A fresh browser context for each batch of up to 10 posts of one placement.
    const batches = [];
    for (const post of posts) {
      const last = batches.at(-1);
      if (last && last[0].placement === post.placement && last.length < BATCH) last.push(post);
      else batches.push([post]);
    }
    const results = new Map();
    const shownNoScript = new Map();
    await pool(batches, WORKERS, async (batch) => {
      const session = await openProbe(suite.browser, s.url);
      const noScript = await openNoScriptProbe(suite.browser, s.url);
      try {
        for (const post of batch) {
          results.set(post, await probeWith(session, postUrl(post.slug), { baseline: base, entryFile: true, app: true }));
          shownNoScript.set(post, await probeNoScriptWith(noScript, postUrl(post.slug)));
        }
      } finally {
        await session.close();
        await noScript.close();
      }
    });
    pagesOpened += posts.length;

    const next = [];
    const notRendered = [];
    for (const post of posts) {
      const result = results.get(post);
      const markers = new Set(result.markers);
      let run = null;
      for (const p of post.items) {
        if (!result.rendered) {
          // A page that does not render is a finding of its own; retrying it would not help.
          notRendered.push({ placement: post.placement, p });
        } else if (markers.has(p.n)) {
          seen.add(`${post.placement}:${p.n}`);
          run = null;
        } else {
          if (!run) next.push(run = { placement: post.placement, items: [] });
          run.items.push(p);
        }
      }
      const range = `${post.items[0].n}–${post.items.at(-1).n}`;
      for (const f of verdict(result)) {
        let nums = f.payload != null ? [f.payload] : [];
        if (!nums.length) {
          // An unattributed script: the payloads of this post whose text holds its source.
          const src = f.source?.trim();
          if (src && src.length >= 4) nums = post.items.filter((p) => p.text.includes(src)).map((p) => p.n);
        }
        findings.push({ execution: f.execution, blocked: !!f.blocked, placement: post.placement, payloads: nums, post: `${post.slug} (payloads ${range})`, detail: f.detail });
      }
      // The same post with JavaScript off: its entry file's <main>, rendered by the builder.
      const noScript = shownNoScript.get(post);
      for (const n of noScript.markers) seenNoScript.add(`${post.placement}:${n}`);
      if (!noScript.rendered) {
        findings.push({ execution: false, placement: `${post.placement}, no JavaScript`, payloads: [], post: `${post.slug} (payloads ${range})`, detail: `the entry file has no <main> to read (status ${noScript.status})` });
      }
      for (const f of noScript.findings) {
        findings.push({ execution: false, placement: `${post.placement}, no JavaScript`, payloads: f.marker != null ? [f.marker] : [], post: `${post.slug} (payloads ${range})`, detail: `${f.kind} ${f.detail} in ${f.element}` });
      }
      for (const r of [...result.offsite, ...noScript.offsite]) {
        const entry = offsite.get(r.url) ?? { type: r.type, where: new Set() };
        const host = (() => { try { return new URL(r.url).host; } catch { return r.url; } })();
        const suspects = post.items.filter((p) => p.text.includes(host)).map((p) => p.n);
        entry.where.add(`${post.placement} ${suspects.length ? `payload ${suspects.join(', ')}` : post.slug}`);
        offsite.set(r.url, entry);
      }
    }
    const hidden = next.reduce((a, g) => a + g.items.length, 0);
    console.log(`round ${round}: ${posts.length} posts, ${posts.reduce((a, p) => a + p.items.length, 0) - hidden} payload renders seen, ${hidden} hidden by an earlier payload of their post${hidden && round < ROUNDS ? ' (next round)' : ''}; ${((Date.now() - roundStarted) / 1000).toFixed(1)} s (build ${(buildMs / 1000).toFixed(1)} s)`);
    groups = next;
    unrendered.push(...notRendered);
    if (posts.length > 0 && notRendered.length === posts.reduce((a, p) => a + p.items.length, 0)) break; // nothing renders
  }
  const pending = [...unrendered, ...groups.flatMap((g) => g.items.map((p) => ({ placement: g.placement, p })))];

  const renders = seen.size;
  const key = (f) => `${f.placement}:${f.payloads.join(',') || f.post}`;
  const executed = new Set(findings.filter((f) => f.execution && !f.blocked).map(key));
  const blocked = new Set(findings.filter((f) => f.blocked).map(key));
  const domFailures = findings.filter((f) => !f.execution);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  if (offsite.size) {
    console.log(`off-site requests attempted (blocked; not execution): ${offsite.size} URL(s)`);
    for (const [url, { type, where }] of offsite) console.log(`  ${type} ${url}  ← ${[...where].join('; ')}`);
  }
  const describe = (f) => {
    const which = f.payloads.length
      ? f.payloads.map((n) => `payload ${n} (${byNumber.get(n)?.source ?? '?'}) ${short(byNumber.get(n)?.text ?? '', 70)}`).join('; ')
      : f.post;
    return `  [${f.placement}] ${which}\n      ${f.detail}`;
  };
  const executions = findings.filter((f) => f.execution && !f.blocked).map(describe);
  if (executions.length) console.log(`EXECUTED:\n${executions.join('\n')}`);
  const blockings = findings.filter((f) => f.blocked).map(describe);
  if (blockings.length) console.log(`BLOCKED BY THE CSP (the sanitizer let script through):\n${blockings.join('\n')}`);
  const domLines = domFailures.map(describe);
  if (domLines.length) console.log(`DOM findings:\n${domLines.join('\n')}`);
  const unseen = pending.map((x) => `[${x.placement}] payload ${x.p.n}`);
  if (unseen.length) console.log(`not rendered under their own marker (${unseen.length}): ${unseen.slice(0, 50).join(', ')}${unseen.length > 50 ? ', …' : ''}`);
  console.log(`without JavaScript: ${seenNoScript.size} of the ${payloads.length * PLACEMENTS.length} payload placements seen under their own marker (not retried: informative)`);
  console.log(`XSS: ${payloads.length} payloads × ${PLACEMENTS.length} placements = ${renders} renders, ${executed.size} executed, ${blocked.size} blocked by the CSP (${pagesOpened} pages, ${seconds} s)`);

  const head = (lines) => lines.slice(0, 20).join('\n') + (lines.length > 20 ? `\n  … and ${lines.length - 20} more above` : '');
  assert.equal(executed.size, 0, `${executed.size} payload placement(s) executed script:\n${head(executions)}`);
  assert.equal(blocked.size, 0, `${blocked.size} payload placement(s) got script into the page that only the CSP stopped:\n${head(blockings)}`);
  assert.equal(domFailures.length, 0, `${domFailures.length} DOM finding(s):\n${head(domLines)}`);
  assert.equal(unseen.length, 0, `${unseen.length} payload placement(s) never rendered under their own marker: ${unseen.slice(0, 20).join(', ')}`);
  assert.equal(renders, payloads.length * PLACEMENTS.length);
});
