// Hostile values in the three places the app reads text from its URL: the results page
// (`/search?q=`), a post's marks (`?highlight=`) and the highlights filter (`/highlights?q=`).
// Each value is markup, a script URL, 10,000 characters, regex metacharacters, right-to-left and
// other Unicode, a NUL or broken percent-encoding. For each: nothing runs (the XSS probe of
// support/xss-probe.mjs, against the same page with a harmless query: no dialog, no script
// compiled that the clean page does not compile, no event handler or script URL in the page, no
// page error, console error or CSP violation), the value shows as text where the page shows it,
// and the page stays usable.
// A URL of 10,000 characters is longer than a request line nginx takes (8 KB: it answers 414),
// so that value reaches the app as a reader's typing would: the page is opened without it and
// the URL then changed in place (history.pushState and popstate, which the router follows). The
// probe opens pages by URL only, so there the harness's checks stand alone.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtIndex } from './support/site.mjs';
import { unexpectedProblems } from './support/browser.mjs';
import { useSite } from './support/suite.mjs';
import { baselineOf, probe, verdict } from './support/xss-probe.mjs';

const index = builtIndex();
/** A post with more than a few words, to mark inside. */
const post = index.posts.find((p) => p.slug === 'incremental-builds-deep-dive') ?? index.posts[0];

const LONG = Array.from({ length: 1000 }, (_, i) => `w${i}<b>`).join(' ').padEnd(10_000, 'x').slice(0, 10_000);
/**
 * `value` is put in the URL with encodeURIComponent; `raw` goes into the URL as it is, and
 * `value` is then what it decodes to (undefined where it does not decode).
 */
const HOSTILE = [
  { name: 'an image with onerror', value: '<img src=x onerror=alert(1)><b>bold</b>' },
  { name: 'a quote that closes an attribute, then a script', value: '"><script>alert(2)</script><svg onload=alert(3)>' },
  { name: 'a javascript: URL', value: 'javascript:alert(4)//' },
  { name: '10,000 characters', value: LONG, inApp: true },
  { name: 'regex metacharacters', value: '.*+?( [a-z]{2,} \\d+ $^| (?<x>) ) \\' },
  { name: 'right-to-left and other Unicode', value: '\u202Eevil\u202C שלום مرحبا 🦀 cafe\u0301 \u200B\uFEFF' },
  { name: 'a NUL', raw: 'incremental%00<img%20src=x%20onerror=alert(5)>%00', value: 'incremental\0<img src=x onerror=alert(5)>\0' },
  { name: 'broken percent-encoding', raw: '%E0%A4%A%ZZ%' },
];

/** The search page once it has answered (results or an empty state). */
const SEARCH_PAGE = '.search-page:has(.search-count, .search-empty)';
/** A post once its body is there, with the marks bar if any. */
const POST_PAGE = 'main:has(.post-body)';
/** The highlights page once the list is counted. */
const HIGHLIGHTS_PAGE = '.highlights-page:has(.search-count)';
/** The three pages: where each is, its query parameter, and when it has answered the value. */
const PAGES = {
  search: { route: '/search', param: 'q', selector: SEARCH_PAGE },
  post: { route: post.url, param: 'highlight', selector: POST_PAGE },
  highlights: { route: '/highlights', param: 'q', selector: HIGHLIGHTS_PAGE },
};
const inUrl = (h) => h.raw ?? encodeURIComponent(h.value);
/** What document.title makes of whitespace (and of a NUL, which it shows as a space). */
const collapse = (s) => s.replace(/\0/g, ' ').replace(/[\t\n\f\r ]+/g, ' ').trim();

/** Markup from the URL that reached the DOM: handlers, script URLs, the payloads' images, scripts. */
const injected = (page) => page.evaluate(() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const name of el.getAttributeNames()) {
      const value = el.getAttribute(name) ?? '';
      if (/^on/i.test(name)) found.push(`<${el.localName} ${name}>`);
      if (/^\s*javascript:/i.test(value)) found.push(`<${el.localName} ${name}="${value.slice(0, 40)}">`);
    }
  }
  for (const el of document.querySelectorAll('img[src="x"], main script, main b')) found.push(`<${el.localName}>`);
  return found;
});

/**
 * The XSS probe on `path`, against a baseline of the same page with a harmless query. The probe
 * pokes every element of `selector` (typing into a filter re-writes the URL with the same value
 * encoded the app's way), so a moved URL is checked apart: it must still carry the value.
 */
async function assertNothingRuns(browser, siteUrl, baseline, which, hostile) {
  if (hostile.inApp) return;
  const { route, param, selector } = PAGES[which];
  const path = `${route}?${param}=${inUrl(hostile)}`;
  const result = await probe(browser, siteUrl, path, { selector, baseline: baseline.hashes });
  const findings = verdict(result).filter((f) => !/^the page navigated away to /.test(f.detail));
  assert.deepEqual(findings.map((f) => f.detail), [], `${path.slice(0, 120)}: nothing runs`);
  if (hostile.value !== undefined && result.finalUrl.split('#')[0] !== result.expectedUrl) {
    const moved = new URL(result.finalUrl);
    assert.equal(moved.pathname, new URL(result.expectedUrl).pathname, 'the page stayed where it was');
    assert.equal(collapse(moved.searchParams.get(param) ?? ''), collapse(hostile.value), 'a rewritten URL keeps the value');
  }
}

/**
 * Opens `which` page with the hostile value: by its URL, or, for a value too long for a request
 * line, by opening the page without it and changing the URL in place, then waiting until the
 * app has taken the value (`taken`, run in the page).
 */
async function openWith(page, siteUrl, which, hostile, taken) {
  const { route, param, selector } = PAGES[which];
  const path = `${route}?${param}=${inUrl(hostile)}`;
  if (!hostile.inApp) {
    await page.goto(siteUrl + path);
  } else {
    await page.goto(siteUrl + route);
    await page.waitForSelector(selector, { timeout: 15_000 });
    await page.evaluate((url) => {
      history.pushState(null, '', url);
      dispatchEvent(new PopStateEvent('popstate', { state: null }));
    }, path);
    await page.waitForFunction(taken, hostile.value, { timeout: 15_000 });
  }
  await page.waitForSelector(selector, { timeout: 15_000 });
}

describe('hostile values in the URL', () => {
  const baselines = {};
  const suite = useSite({
    async setup({ browser, url }) {
      baselines.search = await baselineOf(browser, url, '/search?q=incremental', { selector: SEARCH_PAGE });
      baselines.post = await baselineOf(browser, url, `${post.url}?highlight=incremental`, { selector: POST_PAGE });
      baselines.highlights = await baselineOf(browser, url, '/highlights?q=inkwell', { selector: HIGHLIGHTS_PAGE });
    },
  });

  for (const hostile of HOSTILE) {
    test(`/search?q= with ${hostile.name}: shown as text, nothing runs, the page still searches`, async (t) => {
      await assertNothingRuns(suite.browser, suite.url, baselines.search, 'search', hostile);
      await suite.page(t, async (page) => {
        const dialogs = watchDialogs(page);
        await openWith(page, suite.url, 'search', hostile, (v) => document.querySelector('.search-page-input')?.value === v
          && (document.querySelector('.search-count') || /No posts match/.test(document.querySelector('.search-empty')?.textContent)));
        if (hostile.value !== undefined) {
          assert.equal(await page.inputValue('.search-page-input'), hostile.value, 'the box holds the value as typed');
          const empty = await page.$('.search-empty');
          if (empty) assert.ok((await empty.textContent()).includes(hostile.value.trim()), 'the empty state quotes it as text');
          assert.ok(collapse(await page.title()).startsWith(collapse(`Search: ${hostile.value.trim()}`)), 'the title quotes it as text');
        }
        assert.deepEqual(await injected(page), [], 'no markup from the URL');
        // Still usable: a new query from the same box.
        await page.fill('.search-page-input', 'incremental');
        await page.waitForURL(/\/search\?q=incremental$/);
        await page.waitForSelector('.search-count');
        assert.ok((await page.locator('.search-page-results .search-result').count()) >= 1);
        assert.deepEqual(dialogs, []);
        assert.deepEqual(unexpectedProblems(page), []);
      });
    });
  }

  for (const hostile of HOSTILE) {
    test(`a post's ?highlight= with ${hostile.name}: the text is unchanged, nothing runs, marks clear`, async (t) => {
      await assertNothingRuns(suite.browser, suite.url, baselines.post, 'post', hostile);
      await suite.page(t, async (page) => {
        const dialogs = watchDialogs(page);
        await page.goto(suite.url + post.url);
        await page.waitForSelector('.post-body');
        const clean = await page.textContent('.post-body');
        await openWith(page, suite.url, 'post', hostile, () => document.querySelector('.marks-bar'));
        assert.equal(await page.textContent('h1.post-title'), post.title);
        assert.equal(await page.textContent('.post-body'), clean, 'marks only wrap words: the text is the same');
        assert.deepEqual(await injected(page), [], 'no markup from the URL');
        const bar = await page.$('.marks-bar');
        if (bar) {
          const inside = await bar.evaluate((b) => [...b.querySelectorAll('*')].map((e) => e.localName).sort());
          assert.deepEqual([...new Set(inside)], ['button', 'mark', 'span'], 'the bar holds its own elements only');
          // Still usable: the marks clear.
          await page.getByRole('button', { name: 'Clear marks' }).click();
          await page.waitForFunction(() => !document.querySelector('.marks-bar, .post-body mark.search-mark'));
          assert.ok(!page.url().includes('highlight='), page.url());
        } else {
          assert.equal(await page.$('.post-body mark.search-mark'), null, 'no marks without the bar');
        }
        assert.equal(await page.textContent('.post-body'), clean);
        assert.deepEqual(dialogs, []);
        assert.deepEqual(unexpectedProblems(page), []);
      });
    });
  }

  for (const hostile of HOSTILE) {
    test(`/highlights?q= with ${hostile.name}: shown as text, nothing runs, the filter still filters`, async (t) => {
      await assertNothingRuns(suite.browser, suite.url, baselines.highlights, 'highlights', hostile);
      await suite.page(t, async (page) => {
        const dialogs = watchDialogs(page);
        await openWith(page, suite.url, 'highlights', hostile, (v) => document.querySelector('#highlights-filter')?.value === v
          && / of \d+ highlights match$/.test(document.querySelector('.highlights-page .search-count')?.textContent));
        if (hostile.value !== undefined) {
          assert.equal(await page.inputValue('#highlights-filter'), hostile.value, 'the filter holds the value as typed');
        }
        assert.match(await page.textContent('.highlights-page .search-count'), /^\d+ (of \d+ highlights match|highlights in \d+ posts)$/);
        assert.deepEqual(await injected(page), [], 'no markup from the URL');
        // Still usable: a new filter.
        await page.fill('#highlights-filter', 'inkwell');
        await page.waitForURL(/\/highlights\?q=inkwell$/);
        await page.waitForSelector('.highlight');
        const names = await page.$$eval('.highlight-name', (els) => els.map((e) => e.textContent));
        assert.ok(names.length >= 1 && names.every((n) => n === 'Inkwell'), names.join());
        assert.deepEqual(dialogs, []);
        assert.deepEqual(unexpectedProblems(page), []);
      });
    });
  }
});


function watchDialogs(page) {
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  return dialogs;
}
