// Highlighted code (PRODUCT.md §2): the builder ships token runs beside a post, and both the
// entry file (rendered by the builder) and the app (rendered in the render worker after an
// in-app click) show the post's code blocks with the `hl-` classes; the feed carries them plain.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtIndex } from './support/site.mjs';
import { appStarted, unexpectedProblems } from './support/browser.mjs';
import { useSite } from './support/suite.mjs';

const suite = useSite();
const index = builtIndex();
const post = index.posts.find((p) => p.slug === 'incremental-builds-deep-dive');
const runsFile = '/' + post.body.replace(/\.md$/, '.code.json');

/** The classes of the highlighted spans in the post's first Rust block. */
const rustClasses = (page) =>
  page.$eval('.post-body pre[data-lang="rust"]', (pre) =>
    [...new Set([...pre.querySelectorAll('[class^="hl-"]')].map((s) => s.className))].sort());

test('a post with Rust code has runs, and its entry file shows them highlighted', async () => {
  assert.equal(post.code_runs, true, 'the index says the post has runs');
  const runs = await (await fetch(suite.url + runsFile)).json();
  assert.ok(runs.blocks.length >= 3, 'its Rust, JSON, TOML and shell blocks have runs');
  const html = await (await fetch(suite.url + post.url)).text();
  assert.match(html, /<pre data-lang="rust"><code class="language-rust"><span class="hl-keyword">use/);
  const feed = await (await fetch(suite.url + '/feed.xml')).text();
  assert.doesNotMatch(feed, /hl-keyword/, 'the feed carries code plain');
});

test('a post opened inside the app shows its code highlighted, as its entry file does', async (t) => {
  let fromEntryFile;
  await suite.page(t, async (page) => {
    await page.goto(suite.url + post.url);
    await page.waitForSelector('.post-body pre .hl-keyword');
    fromEntryFile = await rustClasses(page);
  });
  await suite.page(t, async (page) => {
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(suite.url + '/');
    await page.waitForSelector('.post-card');
    await appStarted(page);
    await page.evaluate(() => { window.__sameDocument = true; });
    await page.click(`.post-card-title a[href="${post.url}"]`);
    await page.waitForSelector('.post-body pre .hl-keyword');
    assert.ok(requested.includes('/' + post.body), 'the app fetched the Markdown');
    assert.ok(requested.includes(runsFile), 'and the runs beside it');
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no full page load');
    const inApp = await rustClasses(page);
    assert.deepEqual(inApp, fromEntryFile);
    for (const c of ['hl-comment', 'hl-keyword', 'hl-function']) assert.ok(inApp.includes(c), `${c} in ${inApp}`);
    assert.deepEqual(unexpectedProblems(page), []);
  });
});
