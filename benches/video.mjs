// Benchmark (not a test): what a post with three YouTube videos costs before the reader touches
// anything, as Quire ships it (click-to-load facades) and as a Jekyll-style page ships it (three
// plain <iframe>s). Both are served by the same nginx with Quire's rules and loaded in headless
// Chromium with every off-site request blocked and counted (this runs offline), so off-site
// cost is reported as requests attempted, projected with web.dev's figure for a YouTube player.
//
//   node benches/video.mjs            (from the repository root; needs dist/ and cargo)
//
// Not picked up by `node --test`: the end-to-end tests run from tests/e2e only, and this file's
// name matches none of node's test patterns.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNginx } from '../tests/e2e/support/site.mjs';
import { launch, newPage, settled } from '../tests/e2e/support/browser.mjs';
import { buildTempSite } from '../tests/e2e/support/temp-site.mjs';

const RUNS = 5;
/** web.dev, "Lazy load third-party resources with facades": a YouTube player is ~540 KB of script. */
const YOUTUBE_PLAYER_KB = 540;
const OFF_SITE = 'request outside the site: ';

const VIDEOS = [
  { id: 'aqz-KE-bpKQ', title: 'Big Buck Bunny' },
  { id: 'M7lc1UVf-VE', title: 'YouTube Developers Live: Embedded Web Player Customization' },
  { id: 'dQw4w9WgXcQ', title: 'A music video' },
];
// The markup YouTube's "Share → Embed" gives, as found in the Zalando blog's posts.
const iframe = (v) =>
  `<iframe width="560" height="315" src="https://www.youtube.com/embed/${v.id}" title="${v.title}" frameborder="0" ` +
  'allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" ' +
  'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>';
const PARAGRAPHS = [
  'We gave three talks this autumn. The recordings are below, with the slides linked from each.',
  'The first is about rendering Markdown in the browser.',
  'The second is about what we learned from embedding a player.',
  'And the last one is just for fun.',
];

const markdown = [
  '---',
  'title: "Three talks"',
  'date: 2025-03-01',
  'summary: "Three recorded talks, embedded."',
  '---',
  '',
  PARAGRAPHS[0],
  ...VIDEOS.flatMap((v, i) => ['', PARAGRAPHS[i + 1], '', iframe(v)]),
  '',
].join('\n');

// The baseline: what a static generator such as Jekyll ships for the same post (the post's HTML
// with its iframes as written; no theme CSS or JS, which would only add to it).
const plainHtml = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Three talks</title></head>
<body>
<article>
<h1>Three talks</h1>
<p>${PARAGRAPHS[0]}</p>
${VIDEOS.map((v, i) => `<p>${PARAGRAPHS[i + 1]}</p>\n${iframe(v)}`).join('\n')}
</article>
</body>
</html>
`;

/** Loads `url` in a fresh context and measures everything up to the page's quiet state. */
async function measure(browser, siteUrl, url, ready) {
  const page = await newPage(browser, siteUrl);
  try {
    const origin = new URL(siteUrl).origin;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const urls = new Map(); // requestId -> url
    const transferred = new Map(); // requestId -> encodedDataLength
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => transferred.set(e.requestId, e.encodedDataLength));
    const bodies = [];
    page.on('response', async (r) => {
      if (!r.url().startsWith(origin)) return;
      bodies.push(r.body().then((b) => b.length).catch(() => 0));
    });

    await page.goto(url);
    await ready(page);
    await page.waitForLoadState('networkidle').catch(() => {});
    await page.waitForTimeout(500);

    let requests = 0;
    let bytes = 0;
    const files = [];
    for (const [id, u] of urls) {
      if (!u.startsWith(origin)) continue;
      requests++;
      bytes += transferred.get(id) ?? 0;
      files.push(`${new URL(u).pathname} ${transferred.has(id) ? kb(transferred.get(id)) : 'not finished'}`);
    }
    const offSite = page.problems.filter((p) => p.startsWith(OFF_SITE)).map((p) => p.slice(OFF_SITE.length));
    const others = page.problems.filter((p) => !p.startsWith(OFF_SITE) && !/^console error: Failed to load resource/.test(p));
    if (others.length) throw new Error(`${url}: ${others.join('\n')}`);
    return {
      requests,
      bytes,
      files,
      decoded: (await Promise.all(bodies)).reduce((a, b) => a + b, 0),
      offSite: offSite.length,
      players: offSite.filter((u) => /\/embed\//.test(u)).length,
      hosts: offSite.map((u) => new URL(u).host),
      iframes: await page.$$eval('iframe', (f) => f.length),
      facades: await page.$$eval('.video-embed', (f) => f.length),
    };
  } finally {
    await page.context().close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const countHosts = (hosts) => {
  const c = new Map();
  for (const h of hosts) c.set(h, (c.get(h) ?? 0) + 1);
  return [...c].map(([h, n]) => `${h} ×${n}`).join(', ') || '—';
};

const content = mkdtempSync(join(tmpdir(), 'quire-video-bench-'));
let built;
let nginx;
let browser;
try {
  mkdirSync(join(content, 'posts'));
  writeFileSync(join(content, 'posts', '2025-03-01-three-talks.md'), markdown);
  built = await buildTempSite({
    name: 'video-bench',
    content,
    settings: 'title = "Video bench"\ndescription = "Three videos"\nbase_url = "https://bench.example/"\n',
  });
  writeFileSync(join(built.root, 'plain-iframes.html'), plainHtml);
  nginx = await startNginx(built.root);
  browser = await launch();
  const post = built.index.posts.find((p) => p.slug === 'three-talks');

  const cases = [
    {
      name: 'Quire (facades)',
      url: nginx.url + post.url,
      ready: async (page) => {
        await settled(page);
        await page.waitForSelector('.post-body .video-embed');
      },
    },
    {
      name: 'plain iframes (Jekyll-style)',
      url: nginx.url + '/plain-iframes.html',
      ready: (page) => page.waitForLoadState('load'),
    },
  ];
  const results = new Map(cases.map((c) => [c.name, []]));
  // Interleaved, so that both see the same machine state.
  for (let run = 0; run < RUNS; run++) {
    for (const c of cases) results.get(c.name).push(await measure(browser, nginx.url, c.url, c.ready));
  }

  const rows = [
    ['', ...cases.map((c) => c.name)],
    ['videos on the page (facades / iframes)', ...cases.map((c) => { const r = results.get(c.name)[0]; return `${r.facades} / ${r.iframes}`; })],
    ['same-origin requests', ...cases.map((c) => String(median(results.get(c.name).map((r) => r.requests))))],
    ['same-origin bytes transferred', ...cases.map((c) => kb(median(results.get(c.name).map((r) => r.bytes))))],
    ['same-origin bytes decoded', ...cases.map((c) => kb(median(results.get(c.name).map((r) => r.decoded))))],
    ['off-site requests attempted', ...cases.map((c) => String(median(results.get(c.name).map((r) => r.offSite))))],
    ['off-site hosts (first run)', ...cases.map((c) => countHosts(results.get(c.name)[0].hosts))],
    ['projected off-site online', ...cases.map((c) => {
      const players = median(results.get(c.name).map((r) => r.players));
      return players ? `${players} × ${YOUTUBE_PLAYER_KB} KB = ${players * YOUTUBE_PLAYER_KB} KB` : '0 KB';
    })],
    ['projected total online', ...cases.map((c) => {
      const rs = results.get(c.name);
      return kb(median(rs.map((r) => r.bytes)) + median(rs.map((r) => r.players)) * YOUTUBE_PLAYER_KB * 1024);
    })],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  │  ');
  console.log(`\nA post with ${VIDEOS.length} YouTube videos, before any interaction (median of ${RUNS} runs each, headless Chromium, cold cache, gzip from nginx, off-site blocked):\n`);
  console.log(line(rows[0]));
  console.log(widths.map((w) => '─'.repeat(w)).join('──┼──'));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log(`\nOff-site requests are blocked here (offline), so they transfer nothing in this run. Online, each attempted`);
  console.log(`YouTube player would fetch roughly ${YOUTUBE_PLAYER_KB} KB of script (web.dev, "third-party facades"; ../shared/ANCHORS.md),`);
  console.log(`so the plain page's projected off-site total is attempted players × ${YOUTUBE_PLAYER_KB} KB. Quire's facades attempt none until a click.`);
  console.log(`Same-origin bytes: Quire's are its app (wasm, JS, CSS), the index and the post's Markdown; the baseline's are one HTML file.`);
  for (const c of cases) {
    const rs = results.get(c.name);
    console.log(`  ${c.name}: ${rs[0].files.join(', ')}`);
    console.log(`  ${c.name}: bytes transferred per run ${rs.map((r) => r.bytes).join(', ')}; off-site attempted per run ${rs.map((r) => r.offSite).join(', ')}`);
  }
} finally {
  await browser?.close();
  await nginx?.stop();
  built?.cleanup();
  rmSync(content, { recursive: true, force: true });
}
