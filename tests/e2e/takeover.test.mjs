// Content first: every entry file shows its page in the app's own markup before (and without)
// the wasm, and the app takes the page over without a trace — no second fetch of the body, the
// visible title never removed or hidden, no layout shift — then works as an app.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { builtIndex, distDir } from './support/site.mjs';
import { appStarted, clickLinkTo, layoutShift, unexpectedProblems, watchLayoutShift } from './support/browser.mjs';
import { useSite } from './support/suite.mjs';

const suite = useSite();
const index = builtIndex();
const wasmPath = '/' + readdirSync(distDir).find((f) => /^quire-[0-9a-f]+_bg\.wasm$/.test(f));
const bannerPost = index.posts.find((p) => p.banner);
const tag = index.posts.flatMap((p) => p.tags)[0];
const slug = (name) => name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** What a reader sees of the page: the main heading and the first paragraph of the body. */
const visibleContent = (page) => page.evaluate(() => {
  const h1 = document.querySelector('main h1');
  const p = document.querySelector('main .post-body > p, main .post-card-summary, main .not-found p');
  return {
    h1: h1?.checkVisibility() ? h1.textContent.trim() : null,
    p: p?.checkVisibility() ? p.textContent.trim().slice(0, 40) : null,
  };
});

/**
 * Watches the first element matching `selector` from the moment it is parsed: any removal of it
 * (or of an ancestor), or any moment it is not visible, is recorded in
 * `window.__watched.events`; `window.__watched.element` is the element the page arrived with.
 */
const watchFromTheStart = (page, selector) => page.addInitScript((sel) => {
  const watched = { element: null, events: [] };
  window.__watched = watched;
  const watch = () => {
    const el = document.querySelector(sel);
    if (!el) return false;
    watched.element = el;
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.removedNodes) {
          if (n === el || n.contains?.(el)) watched.events.push('removed');
        }
      }
      if (!el.isConnected) watched.events.push('disconnected');
      else if (!el.checkVisibility()) watched.events.push('hidden');
    }).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    return true;
  };
  if (!watch()) {
    const early = new MutationObserver(() => { if (watch()) early.disconnect(); });
    early.observe(document, { childList: true, subtree: true });
  }
}, selector);

test('with JavaScript off, a post, home, a tag page and the not-found page show their content', async (t) => {
  const context = await suite.browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    const cases = [
      [bannerPost.url, bannerPost.title, 200],
      ['/', index.site.title, 200],
      [`/tags/${slug(tag)}/`, `Tagged “${tag}”`, 200],
      ['/no/such/page/', 'Page not found', 404],
    ];
    for (const [path, heading, status] of cases) {
      const response = await page.goto(suite.url + path);
      assert.equal(response.status(), status, path);
      const seen = await visibleContent(page);
      assert.equal(seen.h1, heading, `${path}: the heading is visible`);
      assert.ok(seen.p, `${path}: a paragraph is visible`);
      // The header is there too, and its links are ordinary links.
      assert.equal(await page.textContent('header.site-header .site-title'), index.site.title);
      const next = await page.getAttribute('.site-nav a[href$="/archive"]', 'href');
      assert.ok(next, 'the archive link');
    }
    // The links work as links: the archive page opens.
    await page.click('.site-nav a[href$="/archive"]');
    await page.waitForURL(/\/archive\/?$/);
    assert.equal((await visibleContent(page)).h1, 'Archive');
  } finally {
    await context.close();
  }
});

test('while the wasm is held back, the post is already readable', async (t) => {
  await suite.page(t, async (page) => {
    const held = suite.site.hold(wasmPath);
    try {
      await page.goto(suite.url + bannerPost.url, { waitUntil: 'commit' });
      await held.requested();
      await page.waitForSelector('main h1.post-title', { state: 'visible' });
      const seen = await visibleContent(page);
      assert.equal(seen.h1, bannerPost.title);
      assert.ok(seen.p, 'the first paragraph is visible');
      assert.equal(await page.evaluate(() => document.documentElement.dataset.quireApp), undefined, 'the app has not started');
    } finally {
      held.release();
    }
    await appStarted(page);
    assert.equal((await visibleContent(page)).h1, bannerPost.title);
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('the app takes a post over without fetching its body again or touching its title', async (t) => {
  await suite.page(t, async (page) => {
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await watchFromTheStart(page, 'main h1.post-title');
    await page.goto(suite.url + bannerPost.url);
    await appStarted(page);
    await page.waitForTimeout(300);
    const state = await page.evaluate(() => ({
      events: window.__watched.events,
      same: window.__watched.element === document.querySelector('main h1.post-title'),
      connected: window.__watched.element?.isConnected,
    }));
    assert.deepEqual(state.events, [], 'the title was never removed or hidden');
    assert.ok(state.same && state.connected, 'the title element is the one the page arrived with');
    assert.equal(requested.filter((p) => p === '/' + bannerPost.body).length, 0, 'the body was not fetched: the page holds it');

    // After the take-over the app works: a link to another post opens in the app.
    await page.evaluate(() => { window.__sameDocument = true; });
    const other = await page.getAttribute('.post-nav a', 'href');
    await page.click('.post-nav a');
    await page.waitForFunction((href) => location.pathname === href, other);
    await page.waitForSelector('.post-body');
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'navigated inside the app');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('a post opened from a search result (?highlight=) is taken over too: marked in place, cleared in place', async (t) => {
  const post = index.posts.find((p) => p.slug === 'incremental-builds-deep-dive');
  assert.ok(post, 'the sample post about incremental builds');
  await suite.page(t, async (page) => {
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await watchFromTheStart(page, 'main .post-body');
    await page.goto(`${suite.url}${post.url}?highlight=incremental`);
    await appStarted(page);
    await page.waitForSelector('main .post-body mark.search-mark');
    const marked = await page.evaluate(() => {
      const first = document.querySelector('main .post-body mark.search-mark');
      const box = first.getBoundingClientRect();
      return {
        events: window.__watched.events,
        same: window.__watched.element === document.querySelector('main .post-body'),
        marks: [...document.querySelectorAll('main .post-body mark.search-mark')].map((m) => m.textContent.toLowerCase()),
        bar: document.querySelector('article.post > header.post-header + .marks-bar')?.textContent,
        firstInView: box.top >= 0 && box.bottom <= innerHeight,
        bodies: document.querySelectorAll('main .post-body').length,
      };
    });
    assert.deepEqual(marked.events, [], 'the body the page arrived with was never removed');
    assert.ok(marked.same, 'the body is the element the page arrived with');
    assert.equal(marked.bodies, 1);
    assert.ok(marked.marks.length >= 2 && marked.marks.every((w) => w === 'incremental'), marked.marks.join());
    assert.match(marked.bar ?? '', /^Marked: incremental\s*Clear marks$/, 'the marks bar, right after the post header');
    assert.ok(marked.firstInView, 'the first mark is scrolled into view');

    await page.getByRole('button', { name: 'Clear marks' }).click();
    await page.waitForFunction(() => !document.querySelector('.marks-bar, main mark.search-mark'));
    assert.ok(!page.url().includes('highlight='), page.url());
    const cleared = await page.evaluate(() => ({
      events: window.__watched.events,
      same: window.__watched.element === document.querySelector('main .post-body'),
    }));
    assert.deepEqual(cleared.events, [], 'clearing the marks left the body in place');
    assert.ok(cleared.same);
    assert.equal(requested.filter((p) => p === '/' + post.body).length, 0, 'the body was never fetched: the page holds it');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('the app downloads only once the page it arrives on has loaded, and the index beside it', async (t) => {
  await suite.page(t, async (page) => {
    await page.goto(suite.url + bannerPost.url);
    await appStarted(page);
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const start = (re) => performance.getEntriesByType('resource').filter((e) => re.test(new URL(e.name).pathname)).map((e) => e.startTime);
      return {
        load: nav.loadEventStart,
        wasm: start(/\.wasm$/),
        app: start(/\/quire-[0-9a-f]+\.js$/),
        index: start(/\/posts\/index\.json$/),
        banner: performance.getEntriesByType('resource').find((e) => e.initiatorType === 'img')?.responseEnd,
        preloads: [...document.querySelectorAll('link[rel=modulepreload], link[rel=preload][href$=".wasm"]')].length,
      };
    });
    assert.equal(timing.preloads, 0, 'the entry file does not fetch the app ahead of the page');
    assert.equal(timing.wasm.length, 1, 'the wasm is fetched once');
    assert.ok(timing.wasm[0] >= timing.load, `the wasm is requested at ${timing.wasm[0]} ms, after the load event at ${timing.load} ms`);
    assert.ok(timing.app.every((t) => t >= timing.load), 'so is the app\'s JS');
    assert.ok(timing.banner != null && timing.banner <= timing.load, 'the banner arrived first');
    assert.equal(timing.index.length, 1, 'the index is fetched once (its preload is what the app reads)');
    assert.ok(timing.index[0] <= timing.wasm[0] + 50, `the index is requested beside the wasm (${timing.index[0]} vs ${timing.wasm[0]} ms)`);
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('a post with a banner does not shift while it loads and while the app takes over', async (t) => {
  await suite.page(t, async (page) => {
    await watchLayoutShift(page);
    await page.goto(suite.url + bannerPost.url);
    await appStarted(page);
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    await page.waitForTimeout(500);
    assert.equal(await layoutShift(page), 0, 'CLS');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

/**
 * The header and main of the page as a comparable tree: elements with their sorted attributes
 * and text, leaving out comments and what the app sets at run time (a block's tabindex when it
 * overflows, a facade's aspect ratio, the theme toggle's state).
 */
const snapshot = (page) => page.evaluate(() => {
  const skip = new Set(['style', 'tabindex', 'aria-pressed', 'title', 'data-quire-page', 'data-quire-title']);
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return node.data;
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    const attrs = [...node.attributes]
      .filter((a) => !skip.has(a.name) || (a.name === 'tabindex' && node.tagName === 'MAIN'))
      .map((a) => `${a.name}="${a.value}"`)
      .sort()
      .join(' ');
    return `<${node.tagName.toLowerCase()} ${attrs}>${[...node.childNodes].map(walk).join('')}</>`;
  };
  return walk(document.querySelector('header.site-header')) + walk(document.querySelector('main'));
});

test('every kind of entry page is the markup the app renders for it', async (t) => {
  const post = index.posts.find((p) => p.url !== bannerPost.url && p.banner) ?? index.posts[1];
  const author = index.posts.flatMap((p) => p.authors)[0];
  const year = index.posts[0].published.slice(0, 4);
  const paths = [post.url, '/', '/page/2/', `/tags/${slug(tag)}/`, `/authors/${slug(author)}/`, '/archive/', `/archive/${year}/`];
  const context = await suite.browser.newContext({ javaScriptEnabled: false });
  const statics = new Map();
  try {
    const page = await context.newPage();
    for (const path of paths) {
      await page.goto(suite.url + path);
      statics.set(path, await snapshot(page));
    }
  } finally {
    await context.close();
  }
  await suite.page(t, async (page) => {
    // Start elsewhere, then open each page inside the app, which renders it itself.
    await page.goto(suite.url + '/no/such/page/');
    await appStarted(page);
    for (const path of paths) {
      await clickLinkTo(page, path);
      await page.waitForFunction((p) => location.pathname === p, path);
      await page.waitForSelector('main .post-body, main .post-list, main .archive');
      await page.waitForFunction(() => !document.querySelector('main .skeleton'));
      assert.equal(await snapshot(page), statics.get(path), `${path}: the app renders what the entry file shows`);
    }
    // The start page is a real 404, which the browser logs.
    assert.deepEqual(unexpectedProblems(page, [/status of 404/]), []);
  });
});
