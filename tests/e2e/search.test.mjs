// Search across posts and highlights (PRODUCT.md §4), in headless Chromium against nginx with
// the shipped config: nothing is fetched until the box is first used; results as you type,
// ranked, with the matched highlight named and the words marked; keyboard use; a results page
// that survives reload and treats its query as text; the opened post marks the words; the
// highlights page lists and filters. Quality is checked on the real Zalando monthly reviews.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir } from './support/site.mjs';
import { appStarted, settled, unexpectedProblems } from './support/browser.mjs';
import { useSite } from './support/suite.mjs';
import { buildZalandoSite } from './support/temp-site.mjs';
import { sharedCorpus, skipWithout } from './support/corpus.mjs';

const isSearchFile = (url) => /\/posts\/(search\/|highlights\.json)/.test(url);

/** Types into the header box and waits for its list to show results or say there are none. */
async function typeQuery(page, text) {
  await page.locator('#search-input').fill('');
  await page.locator('#search-input').pressSequentially(text, { delay: 20 });
  await page.waitForFunction(
    (q) => {
      const status = document.querySelector('.search-status')?.textContent ?? '';
      return document.querySelector('#search-input').value === q && /found|No posts match/.test(status);
    },
    text,
    { timeout: 10_000 },
  );
}

/** Opens the results page for `q` and returns its results as {title, highlight, snippet}. */
async function resultsPage(page, siteUrl, q) {
  await page.goto(`${siteUrl}/search?q=${encodeURIComponent(q)}`);
  await appStarted(page);
  await page.waitForFunction(() => document.querySelector('.search-count') || /No posts match/.test(document.querySelector('.search-empty')?.textContent ?? ''), null, { timeout: 15_000 });
  return page.$$eval('.search-page-results .search-result', (els) => els.map((e) => ({
    title: e.querySelector('.result-title').textContent.trim(),
    href: e.querySelector('.result-title').getAttribute('href'),
    highlight: e.querySelector('.result-highlight strong')?.textContent.trim() ?? null,
    snippet: e.querySelector('.result-snippet').textContent,
    marks: [...e.querySelectorAll('.result-snippet mark')].map((m) => m.textContent),
  })));
}

describe('search on the sample site', () => {
  const suite = useSite();

  test('costs nothing until the box is used; / focuses it and loads the index', async (t) => {
    await suite.page(t, async (page) => {
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${suite.url}/`);
      await settled(page);
      await appStarted(page);
      await page.waitForTimeout(300);
      assert.deepEqual(requests.filter(isSearchFile), [], 'no search file before first use');
      await page.keyboard.press('/');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input');
      // Search runs in the render worker: its fetches are the worker's (Playwright reports a
      // dedicated worker's requests on its page), not in the page's resource timings.
      const searchFiles = () => requests.filter(isSearchFile).map((u) => new URL(u).pathname);
      for (let i = 0; i < 150 && searchFiles().length < 2; i++) await page.waitForTimeout(100);
      await page.waitForTimeout(300);
      const loaded = searchFiles();
      assert.deepEqual(loaded.sort(), ['/posts/highlights.json', '/posts/search/manifest.json'], 'manifest and highlights, once each');
      assert.equal(await page.inputValue('#search-input'), '', 'the / was not typed into the box');
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });

  test('typing shows results; arrows and Enter open one, with the words marked', async (t) => {
    await suite.page(t, async (page) => {
      await page.goto(`${suite.url}/`);
      await settled(page);
      await appStarted(page);
      await page.locator('#search-input').focus();
      await typeQuery(page, 'incremen');
      const titles = await page.$$eval('#search-listbox .search-result .result-title', (els) => els.map((e) => e.textContent));
      assert.ok(titles.length >= 2, `results for a prefix: ${titles}`);
      assert.match(titles[0], /Incremental Builds/, 'the post with the word in its title first');
      assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'true');
      assert.ok((await page.$$eval('#search-listbox mark', (m) => m.map((x) => x.textContent))).every((w) => /^incremental$/i.test(w)));

      await page.keyboard.press('ArrowDown');
      assert.equal(await page.getAttribute('#search-input', 'aria-activedescendant'), 'search-option-0');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      assert.equal(await page.getAttribute('#search-input', 'aria-activedescendant'), 'search-option-0');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.post-body mark.search-mark');
      assert.match(page.url(), /\/blog\/2024\/08\/incremental-builds-deep-dive\/?\?highlight=incremental/);
      const marks = await page.$$eval('.post-body mark.search-mark', (m) => m.map((x) => x.textContent.toLowerCase()));
      assert.ok(marks.length >= 2 && marks.every((m) => m === 'incremental'), marks.join());
      // The first mark is scrolled into view.
      const inView = await page.$eval('.post-body mark.search-mark', (m) => {
        const r = m.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
      });
      assert.ok(inView, 'first mark on screen');
      assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'false', 'the list closed');

      await page.getByRole('button', { name: 'Clear marks' }).click();
      await page.waitForFunction(() => !document.querySelector('.post-body mark.search-mark'));
      assert.ok(!page.url().includes('highlight='), page.url());
      assert.ok((await page.textContent('.post-body')).includes('builder incremental in Quire'), 'text intact after unmarking');
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });

  test('Escape closes the list; Enter with nothing chosen opens the results page', async (t) => {
    await suite.page(t, async (page) => {
      await page.goto(`${suite.url}/`);
      await settled(page);
      await appStarted(page);
      await page.keyboard.press('/');
      await typeQuery(page, 'maintainers');
      assert.equal(await page.isVisible('.search-popup'), true);
      await page.keyboard.press('Escape');
      assert.equal(await page.isVisible('.search-popup'), false);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/search\?q=maintainers$/);
      await page.waitForSelector('.search-count');
      assert.equal(await page.inputValue('.search-page-input'), 'maintainers');
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });

  test('the results page survives reload, shows an honest empty state, and its query is text', async (t) => {
    await suite.page(t, async (page) => {
      const dialogs = [];
      page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
      let found = await resultsPage(page, suite.url, 'contributor ladder');
      assert.ok(found.length >= 1);
      assert.match(found[0].title, /Growing Maintainers/);
      await page.reload();
      await appStarted(page);
      await page.waitForSelector('.search-count');
      assert.match(await page.title(), /^Search: contributor ladder/);
      assert.equal((await page.$$('.search-page-results .search-result')).length, found.length, 'same results after reload');

      found = await resultsPage(page, suite.url, 'xylophonequartet');
      assert.deepEqual(found, []);
      assert.match(await page.textContent('.search-empty'), /No posts match “xylophonequartet”/);

      const hostile = '<img src=x onerror=alert(1)><b>bold</b>';
      await resultsPage(page, suite.url, hostile);
      assert.equal(await page.inputValue('.search-page-input'), hostile);
      assert.ok((await page.textContent('.search-empty')).includes(hostile), 'shown as text');
      assert.equal(await page.$$eval('main img, main b', (els) => els.length), 0, 'no markup from the URL');
      await page.waitForTimeout(200);
      assert.deepEqual(dialogs, []);
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });

  test('the highlights page lists every highlight and filters as you type', async (t) => {
    const listing = JSON.parse(readFileSync(join(distDir, 'posts', 'highlights.json'), 'utf8'));
    assert.ok(listing.highlights.length >= 10, 'the sample monthly reviews have highlights');
    await suite.page(t, async (page) => {
      await page.goto(`${suite.url}/highlights`);
      await appStarted(page);
      await page.waitForSelector('.highlight');
      assert.equal(await page.locator('.highlight').count(), listing.highlights.length);
      await page.fill('#highlights-filter', 'inkwell');
      await page.waitForURL(/\/highlights\?q=inkwell$/);
      const shown = await page.$$eval('.highlight-group', (groups) => groups.map((g) => g.textContent.toLowerCase()));
      assert.ok(shown.length >= 1 && shown.every((g) => g.includes('inkwell')), shown.join('\n'));
      const names = await page.$$eval('.highlight-name', (els) => els.map((e) => e.textContent));
      assert.ok(names.every((n) => n === 'Inkwell'), names.join());
      await page.reload();
      await appStarted(page);
      await page.waitForSelector('.highlight');
      assert.equal(await page.inputValue('#highlights-filter'), 'inkwell', 'the filter survives reload');
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });
});

describe('search quality on the Zalando monthly reviews', () => {
  const zalando = sharedCorpus('zalando-blog', 'search quality on the Zalando corpus');
  const suite = useSite({ skip: !zalando, build: () => buildZalandoSite(zalando, 'search-zalando'), server: 'nginx' });

  // Query → the post that must come first, and the highlight that must be named for it.
  const cases = [
    ['skipper', /^November Review/, 'Skipper'],
    ['patroni', /^December Review/, 'Patroni'],
    ['patrony', /^December Review/, 'Patroni'], // one typo
    ['kube', /^February Updates/, 'Kube Metrics Adapter'], // prefix
    ['externaldns', /^November Review/, 'ExternalDNS version 0.5.9'],
    ['KOPF', /^June Updates/, 'Kopf - Kubernetes Operator Pythonic Framework'], // case
    ['postgres operator', /^Zalando Postgres Operator: One Year Later/, null], // a whole post on it
  ];

  test('each query finds the right post first and names the highlight', { skip: skipWithout(zalando) }, async (t) => {
    await suite.page(t, async (page) => {
      for (const [q, first, highlight] of cases) {
        const found = await resultsPage(page, suite.url, q);
        assert.ok(found.length > 0, `${q}: no results`);
        assert.match(found[0].title, first, `${q}: first is ${found[0].title}`);
        assert.equal(found[0].highlight, highlight, `${q}: highlight named`);
        assert.ok(found[0].marks.length > 0, `${q}: snippet marks the words (${found[0].snippet})`);
      }
      // The monthly reviews that highlight the Postgres Operator come right after the post about it.
      const found = await resultsPage(page, suite.url, 'postgres operator');
      const named = found.slice(1, 3).map((f) => f.highlight);
      assert.deepEqual(named.sort(), ['Postgres Operator', 'Postgres-Operator'], JSON.stringify(found.slice(0, 3)));
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });

  test('the highlights page has every project highlight of the seven reviews', { skip: skipWithout(zalando) }, async (t) => {
    await suite.page(t, async (page) => {
      await page.goto(`${suite.url}/highlights`);
      await appStarted(page);
      await page.waitForSelector('.highlight');
      assert.equal(await page.locator('.highlight-group').count(), 7);
      const names = await page.$$eval('.highlight-name', (els) => els.map((e) => e.textContent));
      for (const name of ['Skipper', 'Patroni', 'Nakadi', 'Postgres-Operator', 'Kube Metrics Adapter', 'Connexion version 2.0']) {
        assert.ok(names.includes(name), `${name} in ${names}`);
      }
      await page.fill('#highlights-filter', 'postgres');
      await page.waitForURL(/q=postgres/);
      const filtered = await page.$$eval('.highlight', (els) => els.map((e) => e.textContent.toLowerCase()));
      assert.ok(filtered.length >= 3 && filtered.every((x) => x.includes('postgres')), filtered.join('\n'));
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });
});
