// Embedded video (PRODUCT.md §3): YouTube and Vimeo embeds are click-to-load facades. Before the
// reader asks, the page holds no iframe and makes no third-party request at all; a click, Enter
// or Space puts the privacy-enhanced player in the facade's place (same box, focus moved into
// it). Every other iframe is dropped, with a builder warning naming the file and line.
//
// Read on the sample site (the release build in dist/), on posts of our own built into a copy of
// it (three kinds of video, hostile iframes, a site that allows Vimeo only) and on the Zalando
// blog's real YouTube iframes. Off-site requests are blocked by the harness and recorded in
// `page.problems`: counting them is how "no third-party request" is checked.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtIndex } from './support/site.mjs';
import { appStarted, settled, unexpectedProblems } from './support/browser.mjs';
import { buildTempSite, buildZalandoSite } from './support/temp-site.mjs';
import { useSite } from './support/suite.mjs';
import { sharedCorpus, skipWithout } from './support/corpus.mjs';

const PLAYER_ALLOW = 'autoplay; encrypted-media; fullscreen; picture-in-picture';
const PLAYER_ATTRIBUTES = ['allow', 'allowfullscreen', 'loading', 'referrerpolicy', 'src', 'title'];
const OFF_SITE = 'request outside the site: ';
const youtubePlayer = (id, start) =>
  `https://www.youtube-nocookie.com/embed/${id}?autoplay=1${start ? `&start=${start}` : ''}`;
const vimeoPlayer = (id) => `https://player.vimeo.com/video/${id}?autoplay=1&dnt=1`;

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * Before navigating: records every iframe that is ever put into the document (or whose src or
 * srcdoc changes), even for an instant, in `window.__iframes`, and every dialog (alert, …) the
 * page opens in `page.dialogs`.
 */
async function watchIframes(page) {
  page.dialogs = [];
  page.on('dialog', (d) => {
    page.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await page.addInitScript(() => {
    if (window.top !== window) return;
    window.__iframes = [];
    const record = (el) => window.__iframes.push({ src: el.getAttribute('src'), srcdoc: el.getAttribute('srcdoc') });
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') {
          if (r.target.tagName === 'IFRAME') record(r.target);
          continue;
        }
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          if (n.tagName === 'IFRAME') record(n);
          n.querySelectorAll?.('iframe').forEach(record);
        }
      }
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['src', 'srcdoc'] });
  });
}

/** The off-site URLs the page tried to load so far (the harness blocked them). */
const offSite = (page) => page.problems.filter((p) => p.startsWith(OFF_SITE)).map((p) => p.slice(OFF_SITE.length));

/** The problems of a page other than the blocked requests of the players it was asked to load. */
const problemsBesidesPlayers = (page) =>
  unexpectedProblems(page, [/^request outside the site: https:\/\/(www\.youtube-nocookie\.com|player\.vimeo\.com)\//]);

/** Two animation frames: the app gives a body its behaviour (`enhance`) in the next one. */
const nextFrames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/**
 * Opens a post by deep link and waits until its body is shown, the app has taken it over and
 * given its facades their behaviour (the entry file shows the facades before that: a click
 * then does nothing), and the network is quiet.
 */
async function openPost(page, url) {
  const response = await page.goto(url);
  assert.equal(response.status(), 200, url);
  await settled(page);
  await page.waitForSelector('.post-body', { timeout: 10_000 });
  await appStarted(page);
  await nextFrames(page);
  await page.waitForLoadState('networkidle').catch(() => {});
}

/** The facades of the page, as their markup says. */
const facades = (page) =>
  page.$$eval('.video-embed', (figs) =>
    figs.map((f) => ({
      provider: f.dataset.provider,
      id: f.dataset.videoId,
      start: f.dataset.start ?? null,
      ratio: f.dataset.ratio,
      title: f.dataset.title,
      label: f.querySelector('button.video-play')?.getAttribute('aria-label') ?? null,
      buttonType: f.querySelector('button.video-play')?.getAttribute('type') ?? null,
      html: f.outerHTML,
    })),
  );

/** The document-relative box of the nth element matching `selector`, and its viewport's width. */
const boxOf = (page, selector, nth = 0) =>
  page.$$eval(
    selector,
    (els, nth) => {
      const r = els[nth].getBoundingClientRect();
      return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
    },
    nth,
  );

function assertSameBox(after, before, what) {
  for (const k of ['x', 'y', 'width', 'height']) {
    assert.ok(Math.abs(after[k] - before[k]) <= 1, `${what}: ${k} ${before[k]} -> ${after[k]} (box ${JSON.stringify(before)} -> ${JSON.stringify(after)})`);
  }
}

/** Every iframe in the document, with all its attributes. */
const iframesInDocument = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('iframe')].map((f) => Object.fromEntries(f.getAttributeNames().map((n) => [n, f.getAttribute(n)]))),
  );

/** The attributes the player must carry, exactly. */
function assertPlayer(attrs, { src, title }, what) {
  assert.deepEqual(Object.keys(attrs).sort(), PLAYER_ATTRIBUTES, `${what}: the player's attributes`);
  assert.equal(attrs.src, src, `${what}: src`);
  assert.equal(attrs.title, title, `${what}: title`);
  assert.equal(attrs.allow, PLAYER_ALLOW, `${what}: allow`);
  assert.equal(attrs.allowfullscreen, '', `${what}: allowfullscreen`);
  assert.equal(attrs.referrerpolicy, 'strict-origin-when-cross-origin', `${what}: referrerpolicy`);
  assert.equal(attrs.loading, 'lazy', `${what}: loading`);
}

/**
 * Activates the nth facade (`how`: 'click', 'Enter' or 'Space') and waits for its player; then
 * waits a little so that any further request it makes is counted. Returns the figure's box
 * before and after, the off-site requests the activation caused and the focused element.
 */
async function play(page, nth, how) {
  const before = offSite(page).length;
  const figure = page.locator('.post-body .video-embed').nth(nth);
  await figure.scrollIntoViewIfNeeded();
  const boxBefore = await boxOf(page, '.post-body .video-embed', nth);
  if (how === 'click') {
    await figure.locator('button.video-play').click();
  } else {
    await figure.locator('button.video-play').focus();
    await page.keyboard.press(how);
  }
  await figure.locator('iframe').waitFor({ timeout: 5_000 });
  await page.waitForTimeout(1_000);
  return {
    boxBefore,
    boxAfter: await boxOf(page, '.post-body .video-embed', nth),
    iframeBox: await figure.locator('iframe').evaluate((f) => {
      const r = f.getBoundingClientRect();
      return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
    }),
    requests: offSite(page).slice(before),
    focused: await page.evaluate(() => ({
      tag: document.activeElement?.tagName,
      src: document.activeElement?.getAttribute('src') ?? null,
    })),
    figureClass: await figure.getAttribute('class'),
    buttons: await figure.locator('button').count(),
  };
}

/** Horizontal overflow of the page and the rendered ratio of the nth facade. */
const layout = (page, nth = 0) =>
  page.evaluate((nth) => {
    const f = document.querySelectorAll('.post-body .video-embed')[nth];
    const r = f.getBoundingClientRect();
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      left: r.left,
      right: r.right,
      ratio: r.width / r.height,
    };
  }, nth);

function assertRatio(actual, [w, h], what) {
  const expected = w / h;
  assert.ok(Math.abs(actual - expected) / expected < 0.01, `${what}: ratio ${actual.toFixed(4)}, expected ${w}/${h} = ${expected.toFixed(4)}`);
}

function assertNoOverflow(l, what) {
  assert.ok(l.scrollWidth <= l.clientWidth, `${what}: horizontal overflow (scrollWidth ${l.scrollWidth} > ${l.clientWidth})`);
  assert.ok(l.left >= 0 && l.right <= l.clientWidth + 0.5, `${what}: the facade sticks out (${l.left}..${l.right} of ${l.clientWidth})`);
}

/** Tabs from the top of the page until a facade's button has focus; returns how many Tabs. */
async function tabToPlayButton(page) {
  for (let i = 1; i <= 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.matches('.video-embed button.video-play'))) return i;
  }
  assert.fail('Tab never reached the play button');
}

/** `path:line: warning: message` lines of the builder's stderr, for one file name. */
function warningsFor(stderr, file) {
  const out = [];
  for (const line of stderr.split('\n')) {
    const m = /^(.*?):(\d+): warning: (.*)$/.exec(line);
    if (m && (m[1] === file || m[1].endsWith(`/${file}`))) {
      const more = /\(and (\d+) more times further on\)$/.exec(m[3]);
      out.push({ line: Number(m[2]), message: m[3], count: 1 + (more ? Number(more[1]) : 0) });
    }
  }
  return out;
}

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text, needle) {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `"${needle}" is in the post`);
  return i + 1;
}

// ---------------------------------------------------------------------------------------------
// The sample site: the talk post's YouTube iframe

describe('video on the sample site', () => {
  let post;
  const TITLE = 'Markdown at the Speed of Wasm, a talk by Priya Raman';
  const PLAYER = youtubePlayer('aqz-KE-bpKQ');

  const suite = useSite({
    setup() {
      post = builtIndex().posts.find((p) => p.slug === 'markdown-at-the-speed-of-wasm-talk');
      assert.ok(post, 'the sample site has the talk post');
    },
  });

  test('the talk post shows one facade, with no iframe and no off-site request before a click', async (t) => {
    await suite.page(t, async (page) => {
      await watchIframes(page);
      await openPost(page, suite.url + post.url);
      await page.waitForTimeout(500);
      const found = await facades(page);
      assert.equal(found.length, 1, 'one facade');
      const [f] = found;
      assert.deepEqual(
        { provider: f.provider, id: f.id, start: f.start, ratio: f.ratio, title: f.title, label: f.label, buttonType: f.buttonType },
        { provider: 'youtube', id: 'aqz-KE-bpKQ', start: null, ratio: '560/315', title: TITLE, label: `Play video: ${TITLE}`, buttonType: 'button' },
      );
      assert.ok(!/https?:|\/\/|<img|<script|src=/i.test(f.html), `the facade is local markup only: ${f.html}`);
      assert.equal(await page.getByRole('button', { name: `Play video: ${TITLE}`, exact: true }).count(), 1, 'the button\'s accessible name');
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.video-embed')).aspectRatio), '560 / 315');
      assert.deepEqual(await iframesInDocument(page), [], 'no iframe in the document');
      assert.deepEqual(await page.evaluate(() => window.__iframes), [], 'no iframe was ever added');
      assert.deepEqual(offSite(page), [], 'no off-site request');
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });

  test('a click swaps in the youtube-nocookie player with exactly its attributes, in the same box, focused', async (t) => {
    await suite.page(t, async (page) => {
      await watchIframes(page);
      await openPost(page, suite.url + post.url);
      assert.deepEqual(offSite(page), [], 'no off-site request before the click');
      const played = await play(page, 0, 'click');
      const iframes = await iframesInDocument(page);
      assert.equal(iframes.length, 1, 'one iframe after the click');
      assertPlayer(iframes[0], { src: PLAYER, title: TITLE }, 'the player');
      assert.equal(await page.$$eval('.video-embed iframe', (f) => f.length), 1, 'the player is inside the facade\'s figure');
      assert.match(played.figureClass, /\bis-playing\b/);
      assert.equal(played.buttons, 0, 'the button is gone');
      assert.deepEqual(played.focused, { tag: 'IFRAME', src: PLAYER }, 'focus is in the player');
      assert.deepEqual(played.requests, [PLAYER], 'exactly the player was requested, from youtube-nocookie');
      assert.deepEqual(offSite(page), [PLAYER], 'no other off-site request at all');
      assertSameBox(played.boxAfter, played.boxBefore, 'the figure (no layout shift)');
      assertSameBox(played.iframeBox, played.boxBefore, 'the player fills the facade\'s box');
      assert.deepEqual((await page.evaluate(() => window.__iframes)).map((f) => f.src), [PLAYER], 'no other iframe ever appeared');
      assert.deepEqual(page.dialogs, []);
      assert.deepEqual(problemsBesidesPlayers(page), []);
    });
  });

  test('opened inside the app (its body rendered by the app), the facade has its ratio and plays the same', async (t) => {
    await suite.page(t, async (page) => {
      await watchIframes(page);
      const fetches = () => suite.site.requests.filter((r) => r === '/' + post.body).length;
      await page.goto(suite.url + '/archive/');
      await appStarted(page);
      const before = fetches();
      await page.evaluate(() => { window.__sameDocument = true; });
      await page.click(`.archive-list a[href="${post.url}"]`);
      await page.waitForSelector('.post-body .video-embed');
      await nextFrames(page);
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'opened inside the app');
      assert.ok(fetches() > before, 'the app fetched the body');
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.video-embed')).aspectRatio), '560 / 315');
      assertRatio((await layout(page)).ratio, [560, 315], 'the facade');
      assert.deepEqual(await page.evaluate(() => window.__iframes), [], 'no iframe before the click');
      assert.deepEqual(offSite(page), [], 'no off-site request before the click');
      const played = await play(page, 0, 'click');
      assertPlayer((await iframesInDocument(page))[0], { src: PLAYER, title: TITLE }, 'the player');
      assert.deepEqual(played.focused, { tag: 'IFRAME', src: PLAYER }, 'focus is in the player');
      assert.deepEqual(played.requests, [PLAYER], 'exactly the player was requested');
      assertSameBox(played.boxAfter, played.boxBefore, 'the figure (no layout shift)');
      assert.deepEqual(problemsBesidesPlayers(page), []);
    });
  });

  for (const key of ['Enter', 'Space']) {
    test(`${key} on the play button (reached with Tab) plays and moves focus into the player`, async (t) => {
      await suite.page(t, async (page) => {
        await watchIframes(page);
        await openPost(page, suite.url + post.url);
        const tabs = await tabToPlayButton(page);
        assert.equal(
          await page.evaluate(() => document.activeElement.getAttribute('aria-label')),
          `Play video: ${TITLE}`,
        );
        const before = await boxOf(page, '.post-body .video-embed');
        assert.deepEqual(offSite(page), [], `no off-site request before ${key}`);
        await page.keyboard.press(key);
        await page.waitForSelector('.video-embed iframe', { timeout: 5_000 });
        await page.waitForTimeout(1_000);
        assert.deepEqual(
          await page.evaluate(() => ({ tag: document.activeElement?.tagName, src: document.activeElement?.getAttribute('src') })),
          { tag: 'IFRAME', src: PLAYER },
          `${key}: focus is in the player`,
        );
        assertPlayer((await iframesInDocument(page))[0], { src: PLAYER, title: TITLE }, key);
        assert.deepEqual(offSite(page), [PLAYER], `${key}: exactly the player was requested`);
        assertSameBox(await boxOf(page, '.post-body .video-embed'), before, `${key}: the figure`);
        assert.deepEqual(problemsBesidesPlayers(page), []);
        t.diagnostic(`${key}: the play button is reached after ${tabs} Tab presses`);
      });
    });
  }

  for (const width of [320, 1280, 1920]) {
    test(`at ${width} px the facade keeps 560/315 without horizontal overflow, and the player takes its box`, async (t) => {
      await suite.page(
        t,
        async (page) => {
          await openPost(page, suite.url + post.url);
          const l = await layout(page);
          assertNoOverflow(l, `${width} px, facade`);
          assertRatio(l.ratio, [560, 315], `${width} px, facade`);
          const played = await play(page, 0, 'click');
          assertSameBox(played.boxAfter, played.boxBefore, `${width} px: the figure`);
          assertSameBox(played.iframeBox, played.boxBefore, `${width} px: the player`);
          const l2 = await layout(page);
          assertNoOverflow(l2, `${width} px, player`);
          assertRatio(l2.ratio, [560, 315], `${width} px, player`);
          assert.deepEqual(offSite(page), [PLAYER]);
          assert.deepEqual(problemsBesidesPlayers(page), []);
          t.diagnostic(`${width} px: facade ${played.boxBefore.width.toFixed(1)}×${played.boxBefore.height.toFixed(1)}`);
        },
        { viewport: { width, height: 800 } },
      );
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Posts of our own: three kinds of video, hostile iframes, a site that allows Vimeo only

const FRONT = (title, date) => `---\ntitle: "${title}"\ndate: ${date}\nsummary: "${title}."\n---\n\n`;

const HOSTILE = [
  '<iframe src="https://evil.example/"></iframe>',
  '<iframe src="https://youtube.com.evil.example/embed/aqz-KE-bpKQ"></iframe>',
  '<iframe src="https://evil.example/?youtube.com/embed/x"></iframe>',
  '<iframe src="https://www.youtube.com@evil.example/embed/aqz-KE-bpKQ"></iframe>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
];

const VIDEOS_FILE = '2025-03-01-three-videos.md';
const VIDEOS_SOURCE = FRONT('Three videos', '2025-03-01') + [
  'Three videos follow, then iframes that must never reach the page.',
  '<iframe width="640" height="480" src="https://www.youtube.com/embed/aqz-KE-bpKQ?start=5" title="A talk at 4:3, from 0:05" frameborder="0" allowfullscreen></iframe>',
  'Between the first and the second video.',
  'https://youtu.be/M7lc1UVf-VE',
  '[A Vimeo short film](https://vimeo.com/76979871)',
  'And now the hostile ones.',
  ...HOSTILE,
  'The end.',
].join('\n\n') + '\n';

const EXPECTED_VIDEOS = [
  { provider: 'youtube', id: 'aqz-KE-bpKQ', start: '5', ratio: '640/480', title: 'A talk at 4:3, from 0:05', player: youtubePlayer('aqz-KE-bpKQ', 5) },
  // Untitled videos are numbered in the order of the post, so every button's name is unique.
  { provider: 'youtube', id: 'M7lc1UVf-VE', start: null, ratio: '16/9', title: 'Video 2', player: youtubePlayer('M7lc1UVf-VE') },
  { provider: 'vimeo', id: '76979871', start: null, ratio: '16/9', title: 'A Vimeo short film', player: vimeoPlayer('76979871') },
];

// One hostile iframe a post, so that each warning's file and line can be checked.
const hostileFile = (i) => `2025-02-0${i + 1}-hostile-${i + 1}.md`;
const hostileSource = (i) =>
  FRONT(`Hostile iframe ${i + 1}`, `2025-02-0${i + 1}`) + `A paragraph before.\n\n${HOSTILE[i]}\n\nA paragraph after.\n`;

// Hostile iframes elsewhere than alone in an HTML block, an allowed video carrying hostile
// attributes (it becomes a facade without them) and a look-alike watch link (plain text).
const PLACEMENTS_FILE = '2025-01-15-placements.md';
const PLACEMENTS_HOSTILE = [
  'Text before <iframe src="https://evil.example/inline"></iframe> and after.',
  '- a list item <iframe src="https://evil.example/list"></iframe>',
  '> quoted <iframe src="https://evil.example/quote"></iframe>',
  '<div class="wrap"><iframe src="https://evil.example/div"></iframe></div>',
  '<IFRAME SRC="https://evil.example/upper"></IFRAME>',
];
const PLACEMENTS_SOURCE = FRONT('Placements', '2025-01-15') + [
  ...PLACEMENTS_HOSTILE,
  '<iframe src="https://www.youtube.com/embed/aqz-KE-bpKQ" onload="alert(1)" srcdoc="<script>alert(1)</script>" title="Carries hostile attributes"></iframe>',
  'https://youtube.com.evil.example/watch?v=aqz-KE-bpKQ',
].join('\n\n') + '\n';

describe('video on posts of our own', () => {
  let content;
  let videosPost;
  const settings = (extra = '') =>
    ['title = "Video test"', 'description = "Video embeds"', 'base_url = "https://video.example/"', extra, ''].join('\n');

  // The posts with default video_hosts, served and read in the browser.
  const suite = useSite({
    build() {
      content = mkdtempSync(join(tmpdir(), 'quire-video-content-'));
      mkdirSync(join(content, 'posts'));
      writeFileSync(join(content, 'posts', VIDEOS_FILE), VIDEOS_SOURCE);
      writeFileSync(join(content, 'posts', PLACEMENTS_FILE), PLACEMENTS_SOURCE);
      HOSTILE.forEach((_, i) => writeFileSync(join(content, 'posts', hostileFile(i)), hostileSource(i)));
      return buildTempSite({ name: 'video', content, settings: settings() });
    },
    server: 'nginx',
    setup({ built }) {
      videosPost = built.index.posts.find((p) => p.slug === 'three-videos');
      assert.ok(videosPost, 'the three-videos post is in the index');
    },
  });
  // The same posts with video_hosts = ["vimeo.com"], served beside them (read with suite's browser).
  const vimeoOnly = useSite({
    build: () => buildTempSite({ name: 'video-vimeo-only', content, settings: settings('video_hosts = ["vimeo.com"]') }),
    server: 'nginx',
    browser: false,
    teardown() {
      if (content) rmSync(content, { recursive: true, force: true });
    },
  });

  test('three videos become exactly three facades; no iframe and no off-site request before a click', async (t) => {
    await suite.page(t, async (page) => {
      await watchIframes(page);
      await openPost(page, suite.url + videosPost.url);
      await page.waitForTimeout(500);
      const found = await facades(page);
      assert.deepEqual(
        found.map(({ provider, id, start, ratio, title, label, buttonType }) => ({ provider, id, start, ratio, title, label, buttonType })),
        EXPECTED_VIDEOS.map(({ provider, id, start, ratio, title }) => ({ provider, id, start, ratio, title, label: `Play video: ${title}`, buttonType: 'button' })),
      );
      for (const f of found) assert.ok(!/https?:|\/\/|evil|srcdoc|<script|src=/i.test(f.html), `local markup only: ${f.html}`);
      for (const { title } of EXPECTED_VIDEOS) {
        assert.equal(await page.getByRole('button', { name: `Play video: ${title}`, exact: true }).count(), 1, `accessible name "Play video: ${title}"`);
      }
      assertRatio((await layout(page, 0)).ratio, [4, 3], 'the 640×480 iframe');
      assertRatio((await layout(page, 1)).ratio, [16, 9], 'the youtu.be link');
      assertRatio((await layout(page, 2)).ratio, [16, 9], 'the Vimeo link');
      assert.deepEqual(await iframesInDocument(page), [], 'no iframe in the document');
      assert.deepEqual(await page.evaluate(() => window.__iframes), [], 'no iframe was ever added');
      assert.deepEqual(offSite(page), [], 'no off-site request');
      const text = await page.textContent('.post-body');
      assert.ok(!/evil\.example|alert\(1\)/.test(await page.innerHTML('.post-body')), 'nothing of the hostile iframes reaches the body');
      assert.ok(text.includes('The end.'), 'the post is rendered to its end');
      assert.deepEqual(page.dialogs, []);
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });

  test('each facade loads its own player on click (Vimeo with dnt=1, YouTube start kept); no hostile iframe ever appears', async (t) => {
    await suite.page(t, async (page) => {
      await watchIframes(page);
      await openPost(page, suite.url + videosPost.url);
      const requested = [];
      for (const [i, v] of EXPECTED_VIDEOS.entries()) {
        const played = await play(page, i, 'click');
        assert.deepEqual(played.requests, [v.player], `${v.provider} ${v.id}: exactly its player was requested`);
        assert.deepEqual(played.focused, { tag: 'IFRAME', src: v.player }, `${v.provider} ${v.id}: focus is in the player`);
        assertSameBox(played.boxAfter, played.boxBefore, `${v.provider} ${v.id}: the figure`);
        assertSameBox(played.iframeBox, played.boxBefore, `${v.provider} ${v.id}: the player`);
        const attrs = await page.locator('.post-body .video-embed').nth(i).locator('iframe').evaluate((f) =>
          Object.fromEntries(f.getAttributeNames().map((n) => [n, f.getAttribute(n)])),
        );
        assertPlayer(attrs, { src: v.player, title: v.title }, `${v.provider} ${v.id}`);
        requested.push(v.player);
      }
      assert.ok(new URL(EXPECTED_VIDEOS[2].player).searchParams.get('dnt') === '1', 'Vimeo plays with dnt=1');
      assert.deepEqual(offSite(page), requested, 'only the three players were ever requested');
      assert.deepEqual(new Set(requested.map((u) => new URL(u).host)), new Set(['www.youtube-nocookie.com', 'player.vimeo.com']));
      const ever = await page.evaluate(() => window.__iframes);
      assert.deepEqual(ever.map((f) => f.src), requested, 'the only iframes that ever appeared are the three players');
      assert.ok(ever.every((f) => f.srcdoc === null), 'no srcdoc ever');
      assert.deepEqual(page.dialogs, [], 'no dialog opened');
      assert.deepEqual(problemsBesidesPlayers(page), []);
    });
  });

  test('at 320 px the three facades keep their ratios (4:3, 16:9, 16:9) without horizontal overflow', async (t) => {
    await suite.page(
      t,
      async (page) => {
        await openPost(page, suite.url + videosPost.url);
        for (const [i, ratio] of [[4, 3], [16, 9], [16, 9]].entries()) {
          await page.locator('.post-body .video-embed').nth(i).scrollIntoViewIfNeeded();
          const l = await layout(page, i);
          assertNoOverflow(l, `320 px, facade ${i + 1}`);
          assertRatio(l.ratio, ratio, `320 px, facade ${i + 1}`);
        }
        const played = await play(page, 0, 'click');
        assertSameBox(played.boxAfter, played.boxBefore, '320 px: the 4:3 figure');
        assertSameBox(played.iframeBox, played.boxBefore, '320 px: the 4:3 player');
        assertNoOverflow(await layout(page, 0), '320 px, 4:3 player');
        assert.deepEqual(problemsBesidesPlayers(page), []);
      },
      { viewport: { width: 320, height: 700 } },
    );
  });

  test('the builder warns once per hostile iframe, naming the file and the line', () => {
    const missing = [];
    HOSTILE.forEach((iframe, i) => {
      const file = hostileFile(i);
      const line = lineOf(hostileSource(i), iframe);
      const warnings = warningsFor(suite.built.stderr, file);
      const iframeWarnings = warnings.filter((w) => /<iframe>/.test(w.message));
      if (iframeWarnings.length !== 1 || iframeWarnings[0].line !== line || iframeWarnings[0].count !== 1) {
        missing.push(`${file}:${line} (${iframe}): got ${JSON.stringify(warnings)}`);
      }
    });
    // In the post holding all six, every hostile line is accounted for: warnings of the same
    // kind are reported once, at their first line, with "(and N more times further on)".
    const lines = HOSTILE.map((h) => lineOf(VIDEOS_SOURCE, h));
    const all = warningsFor(suite.built.stderr, VIDEOS_FILE);
    const iframeWarnings = all.filter((w) => /<iframe>/.test(w.message));
    assert.ok(iframeWarnings.every((w) => lines.includes(w.line)), `${VIDEOS_FILE}: warnings at hostile lines ${lines}: ${JSON.stringify(all)}`);
    assert.equal(iframeWarnings.reduce((n, w) => n + w.count, 0), HOSTILE.length, `${VIDEOS_FILE}: one warning per hostile iframe: ${JSON.stringify(all)}`);
    assert.equal(iframeWarnings[0]?.line, lines[0], `${VIDEOS_FILE}: the first warning is at the first hostile iframe`);
    const videoLines = ['youtube.com/embed/aqz-KE-bpKQ?start=5', 'youtu.be/', 'vimeo.com/'].map((s) => lineOf(VIDEOS_SOURCE, s));
    assert.deepEqual(all.filter((w) => videoLines.includes(w.line)), [], 'no warning for the videos');
    assert.deepEqual(missing, [], 'hostile iframes without their own warning at their line');
  });

  test('hostile iframes alone in a post: no iframe, no facade, no off-site request, no dialog', async (t) => {
    for (const [i, iframe] of HOSTILE.entries()) {
      const post = suite.built.index.posts.find((p) => p.slug === `hostile-${i + 1}`);
      assert.ok(post, `hostile-${i + 1} is in the index`);
      await suite.page(t, async (page) => {
        await watchIframes(page);
        await openPost(page, suite.url + post.url);
        await page.waitForTimeout(300);
        assert.ok((await page.textContent('.post-body')).includes('A paragraph after.'), `${iframe}: the post is rendered`);
        assert.equal(await page.$$eval('.video-embed', (f) => f.length), 0, `${iframe}: no facade`);
        assert.deepEqual(await page.evaluate(() => window.__iframes), [], `${iframe}: no iframe ever`);
        assert.deepEqual(offSite(page), [], `${iframe}: no off-site request`);
        assert.deepEqual(page.dialogs, [], `${iframe}: no dialog`);
        assert.deepEqual(unexpectedProblems(page), [], iframe);
      });
    }
  });

  test('hostile iframes inline, in lists, quotes and blocks are dropped with warnings; hostile attributes never reach a facade', async (t) => {
    const post = suite.built.index.posts.find((p) => p.slug === 'placements');
    assert.ok(post, 'the placements post is in the index');
    await suite.page(t, async (page) => {
      await watchIframes(page);
      await openPost(page, suite.url + post.url);
      await page.waitForTimeout(300);
      const found = await facades(page);
      assert.equal(found.length, 1, 'only the allowed video is a facade (not the look-alike link)');
      assert.equal(found[0].id, 'aqz-KE-bpKQ');
      assert.ok(!/onload|srcdoc|alert|evil/i.test(found[0].html), `no hostile attribute on the facade: ${found[0].html}`);
      assert.ok((await page.textContent('.post-body')).includes('https://youtube.com.evil.example/watch?v=aqz-KE-bpKQ'), 'the look-alike link stays text');
      assert.deepEqual(await page.evaluate(() => window.__iframes), [], 'no iframe ever');
      assert.deepEqual(offSite(page), [], 'no off-site request');
      const played = await play(page, 0, 'click');
      assert.deepEqual(played.requests, [youtubePlayer('aqz-KE-bpKQ')]);
      assertPlayer((await iframesInDocument(page))[0], { src: youtubePlayer('aqz-KE-bpKQ'), title: 'Carries hostile attributes' }, 'the player');
      assert.deepEqual(page.dialogs, [], 'no dialog');
      assert.deepEqual(problemsBesidesPlayers(page), []);
    });
    const lines = PLACEMENTS_HOSTILE.map((h) => lineOf(PLACEMENTS_SOURCE, h.slice(0, 20)));
    const warnings = warningsFor(suite.built.stderr, PLACEMENTS_FILE).filter((w) => /iframe/i.test(w.message));
    assert.ok(warnings.every((w) => lines.includes(w.line)), `warnings at the hostile lines ${lines}: ${JSON.stringify(warnings)}`);
    assert.equal(warnings.reduce((n, w) => n + w.count, 0), PLACEMENTS_HOSTILE.length, `one per hostile iframe: ${JSON.stringify(warnings)}`);
  });

  test('with video_hosts = ["vimeo.com"] only the Vimeo video is embedded, and the YouTube iframe is reported', async (t) => {
    const post = vimeoOnly.built.index.posts.find((p) => p.slug === 'three-videos');
    assert.deepEqual(vimeoOnly.built.index.site?.video_hosts, ['vimeo.com'], 'the index carries the setting');
    await suite.page(t, async (page) => {
      await watchIframes(page);
      await openPost(page, vimeoOnly.url + post.url);
      await page.waitForTimeout(300);
      const found = await facades(page);
      assert.deepEqual(found.map((f) => `${f.provider}:${f.id}`), ['vimeo:76979871']);
      assert.ok((await page.textContent('.post-body')).includes('https://youtu.be/M7lc1UVf-VE'), 'the youtu.be link stays text');
      assert.deepEqual(await page.evaluate(() => window.__iframes), [], 'no iframe before a click');
      assert.deepEqual(offSite(page), [], 'no off-site request before a click');
      const played = await play(page, 0, 'click');
      assert.deepEqual(played.requests, [vimeoPlayer('76979871')]);
      assert.deepEqual(offSite(page), [vimeoPlayer('76979871')]);
      assert.deepEqual(problemsBesidesPlayers(page), []);
    }, { url: vimeoOnly.url });
    const line = lineOf(VIDEOS_SOURCE, 'youtube.com/embed/aqz-KE-bpKQ?start=5');
    const warnings = warningsFor(vimeoOnly.built.stderr, VIDEOS_FILE);
    assert.ok(
      warnings.some((w) => w.line === line && /<iframe>/.test(w.message) && /video_hosts/.test(w.message)),
      `a warning at ${VIDEOS_FILE}:${line} about video_hosts: ${JSON.stringify(warnings)}`,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The Zalando Open Source blog's YouTube iframes

const zalando = sharedCorpus('zalando-blog', 'video embeds on the Zalando blog');

describe('video on the Zalando Open Source blog', { skip: skipWithout(zalando) }, () => {
  let withIframes; // [{ file, post, videos: [{ id, width, height }] }]

  const suite = useSite({
    build: () => buildZalandoSite(zalando, 'zalando-video'),
    server: 'nginx',
    setup({ built }) {
      withIframes = readdirSync(join(zalando, 'posts'))
        .filter((f) => f.endsWith('.md'))
        .map((file) => ({ file, source: readFileSync(join(zalando, 'posts', file), 'utf8') }))
        .filter(({ source }) => source.includes('<iframe'))
        .map(({ file, source }) => {
          const slug = file.replace(/^\d{4}-\d{2}-\d{2}-/, '').replace(/\.md$/, '');
          const post = built.index.posts.find((p) => p.slug === slug);
          const videos = [...source.matchAll(/<iframe\b[^>]*>/gi)]
            .map(([tag]) => ({
              src: /\bsrc="([^"]*)"/i.exec(tag)?.[1] ?? '',
              width: /\bwidth="(\d+)"/i.exec(tag)?.[1],
              height: /\bheight="(\d+)"/i.exec(tag)?.[1],
            }))
            .map((v) => ({ ...v, id: /^(?:https?:)?\/\/(?:www\.)?youtube(?:-nocookie)?\.com\/embed\/([\w-]+)/.exec(v.src)?.[1] }))
            .filter((v) => v.id);
          return { file, post, videos };
        });
    },
  });

  test('every post with an iframe has one facade per YouTube iframe, nothing off-site before a click, and plays from youtube-nocookie', async (t) => {
    // The corpus holds 7 YouTube iframes in 6 posts (so the loop cannot pass on none).
    assert.equal(withIframes.length, 6, `posts with <iframe: ${withIframes.map((p) => p.file)}`);
    assert.equal(withIframes.reduce((n, p) => n + p.videos.length, 0), 7, 'YouTube iframes in the corpus');
    for (const { file, post, videos } of withIframes) {
      assert.ok(post, `${file} is in the index`);
      await suite.page(t, async (page) => {
        await watchIframes(page);
        await openPost(page, suite.url + post.url);
        await page.waitForTimeout(300);
        const found = await facades(page);
        assert.equal(found.length, videos.length, `${file}: facades`);
        assert.deepEqual(found.map((f) => f.id), videos.map((v) => v.id), `${file}: video ids`);
        assert.deepEqual(found.map((f) => f.provider), videos.map(() => 'youtube'), `${file}: providers`);
        assert.deepEqual(found.map((f) => f.ratio), videos.map((v) => `${v.width}/${v.height}`), `${file}: the author's ratios`);
        for (const [i, v] of videos.entries()) {
          await page.locator('.post-body .video-embed').nth(i).scrollIntoViewIfNeeded();
          const l = await layout(page, i);
          assertRatio(l.ratio, [Number(v.width), Number(v.height)], `${file}: video ${i + 1}`);
          assertNoOverflow(l, `${file}: video ${i + 1}`);
        }
        assert.deepEqual(await page.evaluate(() => window.__iframes), [], `${file}: no iframe before a click`);
        assert.deepEqual(offSite(page), [], `${file}: no off-site request before a click`);
        const played = await play(page, 0, 'click');
        const player = youtubePlayer(videos[0].id);
        assert.deepEqual(played.requests, [player], `${file}: the youtube-nocookie player, and nothing else`);
        assert.deepEqual(played.focused, { tag: 'IFRAME', src: player }, `${file}: focus is in the player`);
        assertSameBox(played.boxAfter, played.boxBefore, `${file}: the figure`);
        assertPlayer((await iframesInDocument(page))[0], { src: player, title: 'Video 1' }, file);
        const names = await page.$$eval('.post-body .video-play', (bs) => bs.map((b) => b.getAttribute('aria-label')));
        assert.equal(new Set(names).size, names.length, `${file}: every play button has its own name: ${names}`);
        assert.deepEqual(problemsBesidesPlayers(page), [], file);
      });
    }
    t.diagnostic(`${withIframes.length} posts, ${withIframes.reduce((n, p) => n + p.videos.length, 0)} YouTube iframes: ${withIframes.map((p) => `${p.file} (${p.videos.length})`).join(', ')}`);
  });
});
