// A broken network or a broken deployment: the test server injects faults into the index and
// a post body. The reader must see a clear error view with a retry that recovers once the
// fault is gone, or a loading placeholder while a slow answer comes: never a blank page or a
// panic.
//
// Content first: the page a reader opens is in its entry file, and the app takes it over
// without fetching it again (takeover.test.mjs). The app fetches the index once when it
// starts, and fetches index data and bodies itself when the reader moves to another page
// inside it. So each test opens a page, waits for the app, and then follows a link inside the
// app to a page whose data the app must fetch: that is where the fault meets the reader.

import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { builtIndex } from './support/site.mjs';
import { appStarted, unexpectedProblems } from './support/browser.mjs';
import { useSite } from './support/suite.mjs';

const suite = useSite();
const index = builtIndex();
// The newest post (on the first home page) and the next one (a post to start from that is
// not it, whose entry file links to it).
const post = index.posts[0];
const other = index.posts[1];
const INDEX = '/posts/index.json';
const BODY = '/' + post.body;
// The browser itself logs a failed request; that is the fault we injected, not an app error.
const FAILED_REQUEST = [/Failed to load resource/];
const perPage = Math.min(index.posts.length, index.site.posts_per_page ?? 10);

afterEach(() => suite.site.clearFaults());

/**
 * Opens the entry page `start` (taken over as it is, nothing fetched for it), waits for the
 * app, and clicks the link `selector` on it, which the app opens itself. `stayedInApp(page)`
 * then says the click did not load a new document.
 */
async function openThenFollow(page, start, selector) {
  await page.goto(suite.url + start);
  await appStarted(page);
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.click(selector);
}
const stayedInApp = async (page) => assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the link opened inside the app');

/** Waits until `cond()` holds (polled), failing with `what` after 10 s. */
async function until(cond, what) {
  for (const end = Date.now() + 10_000; !cond();) {
    if (Date.now() > end) assert.fail(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** How many requests for `path` the site has had so far. */
const requestsFor = (path) => suite.site.requests.filter((p) => p === path).length;

// The site title in the app's header: the home page, which lists posts from the index.
const SITE_TITLE = 'header.site-header .site-title';
// The newest post's card on the home page.
const POST_CARD = `.post-card-title a[href="${post.url}"]`;

const faults = [
  { name: 'a 500 answer', fault: { status: 500 }, says: /answered 500/ },
  { name: 'a missing file', fault: { missing: true }, says: /answered 404/ },
  { name: 'malformed JSON', fault: { body: '{"version": 1, "posts": [', type: 'application/json' }, says: /not a readable post index/, indexOnly: true },
  { name: 'an HTML page instead of data (SPA fallback)', fault: { body: '<!DOCTYPE html><html><body>app</body></html>', type: 'text/html' }, says: /missing from this site/ },
];

for (const { name, fault, says } of faults) {
  test(`the index failing with ${name} shows an error view whose retry recovers`, async (t) => {
    await suite.page(t, async (page) => {
      // The app fetches the index once, as it starts: the fault is there from the first load.
      suite.site.fault(INDEX, fault);
      await openThenFollow(page, other.url, SITE_TITLE);
      await page.waitForURL(suite.url + '/');
      await page.waitForSelector('.error-view');
      await stayedInApp(page);
      assert.ok(requestsFor(INDEX) >= 1, 'the index was asked for');
      assert.match(await page.textContent('.error-view'), says);
      assert.equal(await page.getAttribute('.error-view', 'role'), 'alert');
      assert.ok(await page.isVisible('header.site-header .site-title'), 'the header stays');
      // Still failing: retry shows the error again, not a blank page.
      const before = requestsFor(INDEX);
      await page.click('.error-view button.retry');
      await until(() => requestsFor(INDEX) > before, 'retry asks for the index again');
      await page.waitForSelector('.error-view');
      suite.site.clearFaults();
      await page.click('.error-view button.retry');
      await page.waitForSelector('.post-card');
      assert.equal(await page.$('.error-view'), null);
      assert.equal(await page.$$eval('.post-card', (c) => c.length), perPage);
      assert.deepEqual(unexpectedProblems(page, FAILED_REQUEST), []);
    });
  });
}

for (const { name, fault, says, indexOnly } of faults) {
  if (indexOnly) continue;
  test(`a post body failing with ${name} keeps the header and offers a retry`, async (t) => {
    await suite.page(t, async (page) => {
      suite.site.fault(BODY, fault);
      await openThenFollow(page, '/', POST_CARD);
      await page.waitForURL(suite.url + post.url);
      await page.waitForSelector('.error-view');
      await stayedInApp(page);
      assert.ok(requestsFor(BODY) >= 1, 'the body was asked for');
      assert.equal(await page.textContent('h1.post-title'), post.title, 'the header from the index is shown');
      assert.match(await page.textContent('.error-view'), says);
      assert.equal(await page.$('.post-body'), null, 'no text');
      suite.site.clearFaults();
      await page.click('.error-view button.retry');
      await page.waitForSelector('.post-body');
      assert.equal(await page.$('.error-view'), null);
      assert.equal(await page.textContent('h1.post-title'), post.title);
      assert.deepEqual(unexpectedProblems(page, FAILED_REQUEST), []);
    });
  });
}

test('a deep link with a failing index still shows its post; moving on shows the error, and retry opens the next post', async (t) => {
  await suite.page(t, async (page) => {
    suite.site.fault(INDEX, { status: 503 });
    const indexAnswered = page.waitForResponse((r) => new URL(r.url()).pathname === INDEX);
    await page.goto(suite.url + other.url);
    await appStarted(page);
    await indexAnswered;
    // The failed index has come back, and the page the entry file shows is still there whole.
    await page.waitForTimeout(300);
    assert.equal(await page.$('.error-view'), null, 'no error on the page the reader opened');
    const h1 = await page.$('main h1.post-title');
    assert.ok(h1 && (await h1.isVisible()), 'the title is visible');
    assert.equal(await h1.textContent(), other.title);
    assert.ok(await page.isVisible('main .post-body > p'), 'the text is visible');
    assert.equal(requestsFor('/' + other.body), 0, 'its body was not fetched: the page holds it');

    // The newer post is the one the index would tell about: the app cannot open it yet.
    await page.evaluate(() => { window.__sameDocument = true; });
    await page.click(`.post-nav a[href="${post.url}"]`);
    await page.waitForURL(suite.url + post.url);
    await page.waitForSelector('.error-view');
    await stayedInApp(page);
    assert.match(await page.textContent('.error-view'), /answered 503/);
    suite.site.clearFaults();
    await page.click('.error-view button.retry');
    await page.waitForSelector('.post-body');
    assert.equal(await page.textContent('h1.post-title'), post.title);
    assert.equal(await page.$('.error-view'), null);
    assert.deepEqual(unexpectedProblems(page, FAILED_REQUEST), []);
  });
});

// A slow answer is held by the proxy until the test has seen the placeholder, however long
// that takes on a busy machine, and only then let through.
test('a slow index shows a loading placeholder, then the posts', async (t) => {
  await suite.page(t, async (page) => {
    const slow = suite.site.hold(INDEX);
    await page.goto(suite.url + other.url, { waitUntil: 'domcontentloaded' });
    await slow.requested();
    // The page the reader opened reads while the index is on its way.
    await page.waitForSelector('main h1.post-title', { state: 'visible' });
    await appStarted(page);
    await page.evaluate(() => { window.__sameDocument = true; });
    await page.click(SITE_TITLE);
    await page.waitForURL(suite.url + '/');
    await page.waitForSelector('.skeleton[aria-busy="true"]');
    assert.equal(await page.$('.post-card'), null, 'no post before the index has come');
    slow.release();
    await page.waitForSelector('.post-card', { timeout: 10_000 });
    await stayedInApp(page);
    assert.equal(await page.$('.skeleton'), null, 'the placeholder is gone');
    assert.equal(await page.$$eval('.post-card', (c) => c.length), perPage);
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('a slow post body shows the header and a placeholder, then the text', async (t) => {
  await suite.page(t, async (page) => {
    const slow = suite.site.hold(BODY);
    await openThenFollow(page, '/', POST_CARD);
    await page.waitForURL(suite.url + post.url);
    await slow.requested();
    await page.waitForSelector('.skeleton-body');
    assert.equal(await page.textContent('h1.post-title'), post.title);
    assert.equal(await page.$('.post-body'), null, 'no text before the body has come');
    slow.release();
    await page.waitForSelector('.post-body', { timeout: 10_000 });
    await stayedInApp(page);
    assert.equal(await page.$('.skeleton'), null);
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('an index of another format version is refused with a clear message', async (t) => {
  await suite.page(t, async (page) => {
    suite.site.fault(INDEX, { body: JSON.stringify({ ...index, version: 999 }), type: 'application/json' });
    await openThenFollow(page, other.url, SITE_TITLE);
    await page.waitForURL(suite.url + '/');
    await page.waitForSelector('.error-view');
    await stayedInApp(page);
    assert.match(await page.textContent('.error-view'), /format version 999/);
    assert.deepEqual(unexpectedProblems(page), []);
  });
});
