// What a reader does: open the home page, click a post, open deep links, hit a missing post,
// follow a link inside a post, go back. Against the release build served by nginx.
// The page a reader opens shows from its entry file, and the app takes it over; a click before
// the app has started is an ordinary page load, so a test that means a click inside the app
// waits for the app first (`appStarted`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtIndex, repoRoot } from './support/site.mjs';
import { appStarted, cardTitles, settled, unexpectedProblems } from './support/browser.mjs';
import { useSite } from './support/suite.mjs';

const suite = useSite();
const index = builtIndex();
/** The sample posts: `*.md` files, and page bundles (folders holding `index.md`). */
const postsFolder = join(repoRoot, 'content', 'posts');
const postFiles = readdirSync(postsFolder, { withFileTypes: true }).filter((e) => (e.isFile()
  ? e.name.endsWith('.md')
  : e.isDirectory() && existsSync(join(postsFolder, e.name, 'index.md'))));

test('the home page lists every sample post, newest first', async (t) => {
  await suite.page(t, async (page) => {
    const response = await page.goto(suite.url + '/');
    assert.equal(response.status(), 200);
    // Served under the strict policy we ship; the harness fails on any violation.
    const csp = (await response.allHeaders())['content-security-policy'] ?? '';
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    assert.match(scriptSrc, /'self'/);
    assert.doesNotMatch(scriptSrc, /'unsafe-inline'|'unsafe-eval'/, scriptSrc);
    assert.match(csp, /frame-src https:\/\/www\.youtube-nocookie\.com https:\/\/player\.vimeo\.com;/);
    await page.waitForSelector('.post-list .post-card');
    const titles = await cardTitles(page);
    assert.equal(postFiles.length >= 8, true, 'at least 8 sample posts');
    assert.equal(index.posts.length, postFiles.length, 'every sample post is in the index');
    // The first page of the list; the rest are on /page/2/ … (tests/e2e/pages.test.mjs).
    const perPage = index.site.posts_per_page ?? 10;
    assert.deepEqual(titles, index.posts.slice(0, perPage).map((p) => p.title));
    const dates = index.posts.map((p) => p.published);
    assert.deepEqual([...dates].sort().reverse(), dates, 'newest first');
    assert.equal(await page.textContent('.site-title'), index.site.title);
    assert.equal(await page.title(), index.site.title);
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('clicking a post opens it inside the app, rendered from its Markdown', async (t) => {
  await suite.page(t, async (page) => {
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(suite.url + '/');
    await page.waitForSelector('.post-card');
    await appStarted(page);
    await page.evaluate(() => { window.__sameDocument = true; });
    const post = index.posts[1];
    await page.click(`.post-card-title a[href="${post.url}"]`);
    await page.waitForSelector('.post-body');
    assert.ok(requested.includes('/' + post.body), 'the app fetched the Markdown body');
    assert.equal(new URL(page.url()).pathname, post.url);
    assert.equal(await page.textContent('h1.post-title'), post.title);
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no full page load');
    assert.match(await page.title(), new RegExp(`^${escapeRe(post.title)} · `));
    const body = await page.textContent('.post-body');
    assert.ok(body.length > 200, 'the body is rendered');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('deep links work with and without the trailing slash', async (t) => {
  for (const post of index.posts) {
    for (const url of [post.url, post.url.replace(/\/$/, '')]) {
      await suite.page(t, async (page) => {
        const response = await page.goto(suite.url + url);
        assert.equal(response.status(), 200, url);
        await settled(page);
        assert.equal(await page.textContent('h1.post-title'), post.title, url);
        const markdown = readFileSync(join(repoRoot, 'dist', post.body), 'utf8');
        const words = firstWords(markdown);
        assert.ok((await page.textContent('.post-body')).includes(words), `${url} shows "${words}"`);
        assert.deepEqual(unexpectedProblems(page), []);
      });
    }
  }
});

test('the long technical post renders tables, footnotes, code and task lists', async (t) => {
  const post = index.posts.find((p) => p.slug === 'incremental-builds-deep-dive');
  assert.ok(post, 'the deep-dive sample post exists');
  await suite.page(t, async (page) => {
    await page.goto(suite.url + post.url);
    await page.waitForSelector('.post-body');
    await appStarted(page);
    for (const selector of ['table th', 'pre code.language-rust', '.footnote-definition', 'input[type=checkbox]', 'del', 'blockquote', 'ol li']) {
      assert.ok(await page.$(`.post-body ${selector}`), `${selector} is rendered`);
    }
    assert.ok(await page.$('.post-banner img[alt]:not([alt=""])'), 'banner with alt text');
    assert.ok(await page.$('.post-body pre[data-lang="rust"]'), 'code blocks are labelled with their language');
    // External links carry rel="noopener noreferrer"; internal ones do not.
    const rels = await page.$$eval('.post-body a[href^="http"]', (as) => as.map((a) => a.rel));
    assert.ok(rels.length > 0 && rels.every((r) => r === 'noopener noreferrer'), `external rels: ${rels}`);
    // Headings have ids and anchors; the table of contents leads to them.
    const headings = await page.$$eval('.post-body h2[id]', (hs) => hs.map((h) => h.id));
    assert.ok(headings.length >= 3, 'h2 headings have ids');
    assert.equal(new Set(headings).size, headings.length, 'ids are unique');
    const tocTargets = await page.$$eval('nav.toc a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(tocTargets.length >= 3, 'a long post has a table of contents');
    const last = headings[headings.length - 1];
    assert.ok(tocTargets.includes(`#${last}`));
    await page.click(`nav.toc a[href="#${last}"]`);
    await page.waitForFunction((id) => {
      const r = document.getElementById(id).getBoundingClientRect();
      return r.top >= -1 && r.top < window.innerHeight / 2;
    }, last, { timeout: 5000 });
    assert.equal(new URL(page.url()).hash, `#${last}`);
    assert.equal(await page.textContent('h1.post-title'), post.title, 'still on the post');
    assert.ok(await page.$(`.post-body h2#${last} a.heading-anchor[href="#${last}"]`), 'heading anchor link');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('a missing post and an unknown path show the not-found page', async (t) => {
  for (const url of ['/blog/2024/01/no-such-post/', '/blog/2099/12/nothing', '/no/such/page', '/blog']) {
    await suite.page(t, async (page) => {
      const response = await page.goto(suite.url + url);
      assert.equal(response.status(), 404, `${url} is a real 404`);
      await page.waitForSelector('.not-found');
      assert.equal(await page.textContent('.not-found h1'), 'Page not found');
      assert.match(await page.title(), /^Page not found/);
      await appStarted(page);
      await page.click('.not-found a[href="/"]');
      await page.waitForSelector('.post-card');
      // The browser logs the 404 of the page itself; nothing else may go wrong.
      assert.deepEqual(unexpectedProblems(page, [/status of 404/]), []);
    });
  }
  // A post's slug keeps its case: the wrong case is not the post.
  const mixed = index.posts.find((p) => p.slug !== p.slug.toLowerCase());
  assert.ok(mixed, 'a sample post has a mixed-case slug');
  await suite.page(t, async (page) => {
    await page.goto(suite.url + mixed.url.toLowerCase());
    await page.waitForSelector('.not-found');
  });
});

test('back and forward move between the list and a post', async (t) => {
  await suite.page(t, async (page) => {
    await page.goto(suite.url + '/');
    await page.waitForSelector('.post-card');
    await appStarted(page);
    await page.evaluate(() => { window.__sameDocument = true; });
    const post = index.posts[2];
    await page.click(`.post-card-title a[href="${post.url}"]`);
    await page.waitForSelector('.post-body');
    await page.goBack();
    await page.waitForSelector('.post-card');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.deepEqual(await cardTitles(page), index.posts.slice(0, index.site.posts_per_page ?? 10).map((p) => p.title));
    await page.goForward();
    await page.waitForSelector('.post-body');
    assert.equal(await page.textContent('h1.post-title'), post.title);
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'back and forward stayed inside the app');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('a link to another post inside a post body navigates inside the app', async (t) => {
  const from = index.posts.find((p) => {
    const md = readFileSync(join(repoRoot, 'dist', p.body), 'utf8');
    return /\]\(\/blog\/\d{4}\/\d{2}\/[^)]+\)/.test(md);
  });
  assert.ok(from, 'a sample post links to another post');
  await suite.page(t, async (page) => {
    await page.goto(suite.url + from.url);
    await page.waitForSelector('.post-body');
    await appStarted(page);
    await page.evaluate(() => { window.__sameDocument = true; });
    const href = await page.$eval('.post-body a[href^="/blog/"]', (a) => a.getAttribute('href'));
    const target = index.posts.find((p) => p.url === href || p.url === href + '/');
    assert.ok(target, `${href} is a post`);
    await page.click(`.post-body a[href="${href}"]`);
    await page.waitForFunction((title) => document.querySelector('h1.post-title')?.textContent === title, target.title);
    await page.waitForSelector('.post-body');
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no full page load');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('the page works at a phone width', async (t) => {
  await suite.page(t, async (page) => {
    const post = index.posts.find((p) => p.slug === 'incremental-builds-deep-dive');
    await page.goto(suite.url + post.url);
    await page.waitForSelector('.post-body');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scroll at 320 px (overflow ${overflow}px)`);
  }, { viewport: { width: 320, height: 640 } });
});

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// A few words of the first plain paragraph of a Markdown body, as the reader will see them.
function firstWords(markdown) {
  const para = markdown
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .find((p) => /^[A-Za-z][A-Za-z ,'’]{20}/.test(p));
  return para.split(/\s+/).slice(0, 3).join(' ');
}
