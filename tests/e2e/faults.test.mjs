// A broken network or a broken deployment: the test server injects faults into the index and
// a post body. The reader must see a clear error view with a retry that recovers once the
// fault is gone, or a loading placeholder while a slow answer comes: never a blank page or a
// panic.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, builtIndex } from './support/site.mjs';
import { launch, withPage, unexpectedProblems } from './support/browser.mjs';

let site;
let browser;
const index = builtIndex();
const post = index.posts[0];
const INDEX = '/posts/index.json';
const BODY = '/' + post.body;
// The browser itself logs a failed request; that is the fault we injected, not an app error.
const FAILED_REQUEST = [/Failed to load resource/];

before(async () => {
  site = await startSite();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.stop();
});

afterEach(() => site.clearFaults());

const faults = [
  { name: 'a 500 answer', fault: { status: 500 }, says: /answered 500/ },
  { name: 'a missing file', fault: { missing: true }, says: /answered 404/ },
  { name: 'malformed JSON', fault: { body: '{"version": 1, "posts": [', type: 'application/json' }, says: /not a readable post index/, indexOnly: true },
  { name: 'an HTML page instead of data (SPA fallback)', fault: { body: '<!DOCTYPE html><html><body>app</body></html>', type: 'text/html' }, says: /missing from this site/ },
];

for (const { name, fault, says } of faults) {
  test(`the index failing with ${name} shows an error view whose retry recovers`, async (t) => {
    await withPage(t, browser, site.url, async (page) => {
      site.fault(INDEX, fault);
      await page.goto(site.url + '/');
      await page.waitForSelector('.error-view');
      assert.match(await page.textContent('.error-view'), says);
      assert.equal(await page.getAttribute('.error-view', 'role'), 'alert');
      // Still failing: retry shows the error again, not a blank page.
      await page.click('.error-view button.retry');
      await page.waitForSelector('.error-view');
      site.clearFaults();
      await page.click('.error-view button.retry');
      await page.waitForSelector('.post-card');
      assert.equal(await page.$('.error-view'), null);
      assert.equal(await page.$$eval('.post-card', (c) => c.length), Math.min(index.posts.length, index.site.posts_per_page ?? 10));
      assert.deepEqual(unexpectedProblems(page, FAILED_REQUEST), []);
    });
  });
}

for (const { name, fault, says, indexOnly } of faults) {
  if (indexOnly) continue;
  test(`a post body failing with ${name} keeps the header and offers a retry`, async (t) => {
    await withPage(t, browser, site.url, async (page) => {
      site.fault(BODY, fault);
      await page.goto(site.url + post.url);
      await page.waitForSelector('.error-view');
      assert.equal(await page.textContent('h1.post-title'), post.title, 'the header from the index is shown');
      assert.match(await page.textContent('.error-view'), says);
      site.clearFaults();
      await page.click('.error-view button.retry');
      await page.waitForSelector('.post-body');
      assert.equal(await page.$('.error-view'), null);
      assert.deepEqual(unexpectedProblems(page, FAILED_REQUEST), []);
    });
  });
}

test('the index failing on a deep link shows the error, and retry opens the post', async (t) => {
  await withPage(t, browser, site.url, async (page) => {
    site.fault(INDEX, { status: 503 });
    await page.goto(site.url + post.url);
    await page.waitForSelector('.error-view');
    site.clearFaults();
    await page.click('.error-view button.retry');
    await page.waitForSelector('.post-body');
    assert.equal(await page.textContent('h1.post-title'), post.title);
    assert.deepEqual(unexpectedProblems(page, FAILED_REQUEST), []);
  });
});

// A slow answer is held by the proxy until the test has seen the placeholder, however long
// that takes on a busy machine, and only then let through.
test('a slow index shows a loading placeholder, then the posts', async (t) => {
  await withPage(t, browser, site.url, async (page) => {
    const slow = site.hold(INDEX);
    await page.goto(site.url + '/', { waitUntil: 'domcontentloaded' });
    await slow.requested();
    await page.waitForSelector('.skeleton[aria-busy="true"]');
    assert.equal(await page.$('.post-card'), null, 'no post before the index has come');
    slow.release();
    await page.waitForSelector('.post-card', { timeout: 10_000 });
    assert.equal(await page.$('.skeleton'), null, 'the placeholder is gone');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('a slow post body shows the header and a placeholder, then the text', async (t) => {
  await withPage(t, browser, site.url, async (page) => {
    const slow = site.hold(BODY);
    await page.goto(site.url + post.url, { waitUntil: 'domcontentloaded' });
    await slow.requested();
    await page.waitForSelector('.skeleton-body');
    assert.equal(await page.textContent('h1.post-title'), post.title);
    assert.equal(await page.$('.post-body'), null, 'no text before the body has come');
    slow.release();
    await page.waitForSelector('.post-body', { timeout: 10_000 });
    assert.equal(await page.$('.skeleton'), null);
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('an index of another format version is refused with a clear message', async (t) => {
  await withPage(t, browser, site.url, async (page) => {
    site.fault(INDEX, { body: JSON.stringify({ ...index, version: 999 }), type: 'application/json' });
    await page.goto(site.url + '/');
    await page.waitForSelector('.error-view');
    assert.match(await page.textContent('.error-view'), /format version 999/);
    assert.deepEqual(unexpectedProblems(page), []);
  });
});
