// The render worker: Markdown is rendered by a second wasm in a Web Worker (src/render_worker.rs),
// loaded when the app first needs it. A post opened inside the app is rendered there (marks
// too); a worker that cannot load is an error with a retry, like a failed fetch; a deep link,
// whose page the entry file already shows, renders nothing and loads the worker only once the
// app has started and is idle (warming it for the first post opened inside the app).

import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtIndex, distDir } from './support/site.mjs';
import { appStarted, unexpectedProblems } from './support/browser.mjs';
import { useSite } from './support/suite.mjs';

const suite = useSite();
const index = builtIndex();
const post = index.posts[0];
const other = index.posts[1];
// The worker's script, as the builder wrote it into every page.
const LOADER = readFileSync(join(distDir, 'index.html'), 'utf8').match(/<meta name="quire-render-worker" content="([^"]+)"/)?.[1];
const WASM = LOADER?.replace(/loader-([0-9a-f]{16})\.js$/, '$1_bg.wasm');
const FAILED_REQUEST = [/Failed to load resource/];
const POST_CARD = `.post-card-title a[href="${post.url}"]`;

afterEach(() => suite.site.clearFaults());

/** How many requests for `path` the site has had since the `from`th request. */
const requestsFor = (path, from = 0) => suite.site.requests.slice(from).filter((p) => p === path).length;
const renderMeasures = (page) => page.evaluate(() => performance.getEntriesByName('quire-render', 'measure').length);

test('every page names the worker, and its files are there', () => {
  assert.match(LOADER ?? '', /^\/quire-render-loader-[0-9a-f]{16}\.js$/, 'the <meta name="quire-render-worker"> of index.html');
  const code = readFileSync(join(distDir, LOADER), 'utf8');
  assert.match(code, /importScripts\('\.\/quire-render-[0-9a-f]{16}\.js'\)/);
  assert.ok(readFileSync(join(distDir, WASM)).length > 0, WASM);
});

test('a post opened inside the app is rendered by the worker, marks and all', async (t) => {
  await suite.page(t, async (page) => {
    const from = suite.site.requests.length;
    await page.goto(suite.url + other.url);
    await appStarted(page);
    await page.evaluate(() => { window.__sameDocument = true; });
    // A `?highlight=` link inside the app: the app renders the body itself to mark it.
    const word = post.title.split(/\s+/).map((w) => w.toLowerCase().replace(/[^a-z]/g, '')).find((w) => w.length > 4);
    await page.evaluate(({ url, word }) => {
      const a = document.createElement('a');
      a.href = `${url}?highlight=${word}`;
      a.id = 'to-post';
      a.textContent = 'to the post';
      document.querySelector('main').prepend(a);
    }, { url: post.url, word });
    await page.click('#to-post');
    await page.waitForSelector('.post-body');
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'opened inside the app');
    assert.equal(await page.textContent('h1.post-title'), post.title);
    assert.ok(requestsFor(LOADER, from) >= 1, 'the worker was loaded');
    assert.ok(requestsFor(WASM, from) >= 1, 'the worker\'s wasm was loaded');
    assert.ok((await renderMeasures(page)) >= 1, 'the body was rendered by the app');
    assert.ok(await page.isVisible('.marks-bar'), 'the marks bar');
    const body = await page.textContent('.post-body');
    if (body.toLowerCase().includes(word)) {
      assert.ok((await page.$$('.post-body mark.search-mark')).length > 0, `"${word}" marked in the body`);
    }
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

for (const [name, path, says] of [
  ['its script', () => LOADER, /renderer could not be loaded/],
  ['its wasm', () => WASM, /renderer failed/],
]) {
  test(`the worker failing to load ${name} shows an error view whose retry renders the post`, async (t) => {
    await suite.page(t, async (page) => {
      suite.site.fault(path(), { status: 500 });
      await page.goto(suite.url + '/');
      await appStarted(page);
      await page.evaluate(() => { window.__sameDocument = true; });
      await page.click(POST_CARD);
      await page.waitForURL(suite.url + post.url);
      await page.waitForSelector('.error-view');
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'opened inside the app');
      assert.equal(await page.textContent('h1.post-title'), post.title, 'the header from the index is shown');
      assert.match(await page.textContent('.error-view'), says);
      assert.equal(await page.$('.post-body'), null, 'no text');
      suite.site.clearFaults();
      await page.click('.error-view button.retry');
      await page.waitForSelector('.post-body');
      assert.equal(await page.$('.error-view'), null);
      assert.ok((await page.textContent('.post-body')).trim().length > 0);
      // Worker errors the test caused: the failed request, and the wasm's load error thrown there.
      assert.deepEqual(unexpectedProblems(page, [...FAILED_REQUEST, /renderer|wasm|WebAssembly|Uncaught/i]), []);
    });
  });
}

test('a deep link renders nothing and loads the worker only once the app has started and is idle', async (t) => {
  await suite.page(t, async (page) => {
    const from = suite.site.requests.length;
    const held = suite.site.hold(LOADER);
    await page.goto(suite.url + other.url);
    await held.requested();
    const state = await page.evaluate(() => ({
      started: document.documentElement.dataset.quireApp,
      loaded: document.readyState,
      warm: performance.getEntriesByName('quire-render-warm', 'mark').length,
      body: !!document.querySelector('main .post-body > p'),
    }));
    assert.deepEqual(state, { started: 'started', loaded: 'complete', warm: 1, body: true });
    const order = suite.site.requests.slice(from);
    assert.ok(order.includes('/posts/index.json') && order.indexOf('/posts/index.json') < order.indexOf(LOADER), 'the index came first');
    assert.equal(requestsFor('/' + other.body, from), 0, 'the body was not fetched: the page holds it');
    held.release();
    // Warmed: a post opened now renders without loading the worker again.
    await page.waitForFunction(() => performance.getEntriesByName('quire-render-warm', 'mark').length === 1);
    await page.evaluate(() => { window.__sameDocument = true; });
    await page.click(`.post-nav a[href="${post.url}"]`);
    await page.waitForSelector(`.post-body`);
    await page.waitForFunction((title) => document.querySelector('h1.post-title')?.textContent === title, post.title);
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'opened inside the app');
    assert.equal(requestsFor(LOADER, from), 1, 'the worker was loaded once');
    assert.ok((await renderMeasures(page)) >= 1, 'the post opened was rendered');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});
