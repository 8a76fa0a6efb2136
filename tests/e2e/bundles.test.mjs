// A page bundle (Zola's: `content/posts/2025-09-16-where-build-time-goes/index.md` with its
// banner, its chart and a CSV file beside it, in the sample site): on the served release build
// its files are served beside the post's URL, and the entry file (JavaScript off and on) and the
// app after in-app navigation show the same images, loaded, and link the same file; the same
// under a sub-path (`make dist-subpath`), where every URL carries the prefix; and the site feed
// points at them from the post's address.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtIndex } from './support/site.mjs';
import { appStarted, unexpectedProblems } from './support/browser.mjs';
import { SUB, withSubpathSite } from './support/subpath.mjs';
import { useSite } from './support/suite.mjs';

const index = builtIndex();
const post = index.posts.find((p) => p.slug === 'where-build-time-goes');

const suite = useSite({
  setup() {
    assert.ok(post, 'the sample site has the page bundle where-build-time-goes');
    assert.deepEqual(post.files, ['stage-times.svg', 'build-timings.csv'], 'the files its body names');
    assert.equal(post.banner?.src, `${post.url}cover.svg`, 'its banner is its own');
  },
});

/** The post's images (banner and body) and its link to the CSV, as the page has them now. */
const bundleParts = (page) => page.evaluate(() => ({
  images: [...document.querySelectorAll('main .post-banner img, main .post-body img')]
    .map((i) => i.getAttribute('src')),
  csv: document.querySelector('main .post-body a[href$=".csv"]')?.getAttribute('href') ?? null,
}));

/** The parts a page of the post must have, under the public path `base` ('' at the root). */
const expectedParts = (base) => ({
  images: [`${base}${post.url}cover.svg`, `${base}${post.url}stage-times.svg`],
  csv: `${base}${post.url}build-timings.csv`,
});

/** Every image of the page loaded (lazy ones once scrolled to), each with its natural width. */
async function assertLoaded(page) {
  for (const img of await page.$$('main img')) await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.querySelectorAll('main img')].every((i) => i.complete),
    null, { timeout: 10_000 });
  const widths = await page.$$eval('main img', (is) => is.map((i) => [i.getAttribute('src'), i.naturalWidth]));
  for (const [src, width] of widths) assert.ok(width > 0, `${src} loaded`);
}

/** The CSV beside the post is served as it is in the bundle. */
async function assertCsvServed(page, href) {
  const csv = await page.evaluate(async (href) => {
    const r = await fetch(href);
    return { status: r.status, text: await r.text() };
  }, href);
  assert.equal(csv.status, 200, href);
  assert.match(csv.text, /^build,stage,run,seconds\n/, 'the file itself');
}

/** Failed responses of the page (4xx and 5xx). */
function recordFailures(page) {
  const failed = [];
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  return failed;
}

test('the entry file shows the bundle\'s own images and links its file, without JavaScript', async () => {
  const context = await suite.browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    const failed = recordFailures(page);
    const response = await page.goto(suite.url + post.url);
    assert.equal(response.status(), 200);
    assert.deepEqual(await bundleParts(page), expectedParts(''));
    await assertLoaded(page);
    const csv = await page.request.get(suite.url + expectedParts('').csv);
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /^build,stage,run,seconds\n/, 'the file itself');
    assert.deepEqual(failed, []);
  } finally {
    await context.close();
  }
});

test('in-app navigation renders the bundle\'s files where the entry file has them', async (t) => {
  await suite.page(t, async (page) => {
    const failed = recordFailures(page);
    await page.goto(`${suite.url}/tags/performance/`);
    await appStarted(page);
    await page.click(`main a[href="${post.url}"]`);
    await page.waitForSelector('main .post-body img');
    assert.equal(new URL(page.url()).pathname, post.url);
    assert.deepEqual(await bundleParts(page), expectedParts(''));
    await assertLoaded(page);
    assert.deepEqual(failed, []);
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('the site feed points at the bundle\'s files from the post\'s address', async (t) => {
  await suite.page(t, async (page) => {
    await page.goto(suite.url + '/');
    const entry = await page.evaluate(async (title) => {
      const xml = new DOMParser().parseFromString(await (await fetch('/feed.xml')).text(), 'application/xml');
      const found = [...xml.querySelectorAll('entry')].find((e) => e.querySelector('title')?.textContent === title);
      const content = found?.querySelector('content');
      return content && { base: content.getAttribute('xml:base'), html: content.textContent };
    }, post.title);
    assert.ok(entry, 'the post is in the feed');
    assert.ok(entry.base.endsWith(post.url), `xml:base ${entry.base}`);
    const srcs = await page.evaluate((html) => [...new DOMParser().parseFromString(html, 'text/html').images]
      .map((i) => i.getAttribute('src')), entry.html);
    const resolved = srcs.map((src) => new URL(src, entry.base).pathname);
    assert.deepEqual(resolved, [`${post.url}stage-times.svg`]);
  });
});

test('under a sub-path the bundle\'s files carry the prefix, in the entry file and the app', async (t) => {
  await withSubpathSite(t, async (url) => {
    await suite.page(t, async (page) => {
      const failed = recordFailures(page);
      await page.goto(`${url}${SUB}${post.url}`);
      assert.deepEqual(await bundleParts(page), expectedParts(SUB), 'the entry file');
      await assertLoaded(page);
      await assertCsvServed(page, expectedParts(SUB).csv);

      await page.goto(`${url}${SUB}/tags/performance/`);
      await appStarted(page);
      await page.click(`main a[href="${SUB}${post.url}"]`);
      await page.waitForSelector('main .post-body img');
      assert.deepEqual(await bundleParts(page), expectedParts(SUB), 'the app');
      await assertLoaded(page);
      assert.deepEqual(failed, []);
      assert.deepEqual(unexpectedProblems(page), []);
    }, { url });
  });
});
