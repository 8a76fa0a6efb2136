// Deployed under a sub-path (https://example.github.io/quire-sub/): the release build made with
// `make dist-subpath` (PUBLIC_URL=/quire-sub/, into target/dist-subpath), with the sample posts
// and one more that links, embeds images and has an old URL, served by nginx with the shipped
// rules (the site in a `quire-sub/` folder, `$quire_base` set) and by a plain static server
// (as GitHub Pages serves a project site). Every page, fetch, link and address carries the
// prefix; nothing is requested outside it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './support/site.mjs';
import { buildTempSite } from './support/temp-site.mjs';
import { appStarted, feedLinks, settled, unexpectedProblems } from './support/browser.mjs';
import { useSite } from './support/suite.mjs';

const BASE = '/quire-sub';
const subpathDist = process.env.QUIRE_DIST_SUBPATH ?? join(repoRoot, 'target', 'dist-subpath');
const HOST = 'https://opensource.larchwood.example';

const LINKS_POST = `---
title: "Links under a sub-path"
date: 2025-07-01
banner:
  image: code-review.svg
  alt: "The code review banner"
redirect_from: [/old/links-post/]
---
Every kind of link a post has, for a site served under a sub-path.

## Links

To [the introduction](/blog/2023/06/Introducing-Quire/), to
[the same by its full address](${HOST}${BASE}/blog/2023/06/Introducing-Quire/) and
[the home page](/).

## Images

![The render pipeline](/assets/img/posts/render-pipeline-stages.svg)

![The cache layers](assets/img/posts/render-cache-layers.svg)

<p><img src="/assets/img/banners/meetup-recap.svg" alt="Raw HTML image"></p>

## The end

That is all.
`;

/**
 * The sub-path build with the sample posts and LINKS_POST, in a folder that holds it as its
 * `quire-sub/` folder: { root (that folder), index, cleanup() }.
 */
async function buildUnderSubpath() {
  if (!existsSync(join(subpathDist, 'index.html'))) {
    throw new Error(`${subpathDist}/index.html is missing: build it first (make dist-subpath)`);
  }
  const content = mkdtempSync(join(tmpdir(), 'quire-subpath-content-'));
  cpSync(join(repoRoot, 'content', 'posts'), join(content, 'posts'), { recursive: true });
  writeFileSync(join(content, 'posts', '2025-07-01-links-under-a-sub-path.md'), LINKS_POST);
  let built;
  try {
    built = await buildTempSite({
      name: 'subpath',
      dist: subpathDist,
      content,
      settings: readFileSync(join(repoRoot, 'quire.toml'), 'utf8'),
    });
  } finally {
    rmSync(content, { recursive: true, force: true });
  }
  // The served folder holds the site as its `quire-sub/` folder.
  const dir = mkdtempSync(join(tmpdir(), 'quire-subpath-root-'));
  symlinkSync(built.root, join(dir, BASE.slice(1)));
  return {
    ...built,
    root: dir,
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
      built.cleanup();
    },
  };
}

// Served by nginx with our rules (`$quire_base` set) and by the plain static server.
const suite = useSite({
  build: buildUnderSubpath,
  servers: {
    nginx: { kind: 'nginx', base: BASE },
    python: { kind: 'static', notFound: `${BASE.slice(1)}/404.html` },
  },
});

const perPage = () => suite.built.index.site.posts_per_page ?? 10;
/** The home page's links to its posts, as they must read under the prefix. */
const firstPageHrefs = () => suite.built.index.posts.slice(0, perPage()).map((p) => `${BASE}${p.url}`);
const linksPost = () => suite.built.index.posts.find((p) => p.slug === 'links-under-a-sub-path');
const intro = () => suite.built.index.posts.find((p) => p.slug === 'Introducing-Quire');

/** Records every response of the page, to find failed and off-prefix requests. */
function recordResponses(page) {
  const responses = [];
  page.on('response', (r) => responses.push({ url: r.url(), status: r.status() }));
  return responses;
}

/** The images of the page: where each comes from and whether it loaded (lazy ones once scrolled to). */
async function loadedImages(page) {
  for (const img of await page.$$('img')) await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.images].every((i) => i.complete), null, { timeout: 10_000 });
  return page.$$eval('img', (is) => is.map((i) => ({ src: i.getAttribute('src'), width: i.naturalWidth })));
}

function assertImagesUnderPrefix(images, what) {
  assert.equal(images.length, 4, `${what}: ${JSON.stringify(images)}`);
  for (const image of images) {
    assert.ok(image.src.startsWith(`${BASE}/assets/img/`), `${what}: ${image.src} has the prefix`);
    assert.ok(image.width > 0, `${what}: ${image.src} loaded`);
  }
}

function assertAllUnderPrefix(responses, origin, allowedStatus = () => false) {
  const outside = responses.filter((r) => !new URL(r.url).pathname.startsWith(`${BASE}/`));
  assert.deepEqual(outside.map((r) => r.url), [], 'every request stays under the prefix');
  const failed = responses.filter((r) => r.status >= 400 && !allowedStatus(r));
  assert.deepEqual(failed, [], 'no request fails');
  assert.ok(responses.every((r) => r.url.startsWith(origin)));
}

for (const server of ['nginx', 'python']) {
  test(`${server}: the home page lists every post, linked under the prefix`, async (t) => {
    const url = suite.servers[server].url;
    await suite.page(t, async (page) => {
      const responses = recordResponses(page);
      const response = await page.goto(`${url}${BASE}/`);
      assert.equal(response.status(), 200);
      await page.waitForSelector('.post-list .post-card');
      const hrefs = await page.$$eval('.post-card-title a', (as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(hrefs, firstPageHrefs(), 'the entry page');
      await appStarted(page);
      assert.equal(await page.getAttribute('.site-title', 'href'), `${BASE}/`);
      // The other pages, the archive and the search box stay under the prefix too.
      if (suite.built.index.posts.length > perPage()) {
        assert.equal(await page.getAttribute('a.pagination-older', 'href'), `${BASE}/page/2/`);
      }
      assert.equal(await page.getAttribute('.site-nav a[href$="/archive"]', 'href'), `${BASE}/archive`);
      // A search result opens under the prefix, with the words to mark.
      await page.locator('#search-input').fill('quire');
      await page.waitForSelector('#search-listbox .search-result');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.post-body');
      const opened = new URL(page.url());
      assert.ok(opened.pathname.startsWith(`${BASE}/`) && opened.search.includes('highlight='), page.url());
      assertAllUnderPrefix(responses, url);
      assert.deepEqual(unexpectedProblems(page), []);
    }, { url });
  });

  test(`${server}: a deep link renders its post, and every image loads from under the prefix`, async (t) => {
    const url = suite.servers[server].url;
    const post = linksPost();
    await suite.page(t, async (page) => {
      const responses = recordResponses(page);
      const response = await page.goto(`${url}${BASE}${post.url}`);
      assert.equal(response.status(), 200);
      await settled(page);
      assert.equal(await page.textContent('h1.post-title'), post.title);
      await page.waitForSelector('.post-body img');
      assertImagesUnderPrefix(await loadedImages(page), 'the entry page');
      // The same post as the app renders it, from its fetched body: home, then its card.
      await appStarted(page);
      await page.evaluate(() => { window.__sameDocument = true; });
      await page.click('.site-title');
      await page.waitForSelector(`.post-card-title a[href="${BASE}${post.url}"]`);
      await page.click(`.post-card-title a[href="${BASE}${post.url}"]`);
      await page.waitForSelector('.post-body img');
      assert.equal(await page.textContent('h1.post-title'), post.title);
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'opened inside the app');
      assert.ok(responses.some((r) => new URL(r.url).pathname === `${BASE}/${post.body}`), 'the app fetched the body under the prefix');
      assertImagesUnderPrefix(await loadedImages(page), 'rendered by the app');
      assertAllUnderPrefix(responses, url);
      assert.deepEqual(unexpectedProblems(page), []);
    }, { url });
  });

  test(`${server}: links inside the app keep the prefix and navigate without reloading`, async (t) => {
    const url = suite.servers[server].url;
    const post = linksPost();
    await suite.page(t, async (page) => {
      const responses = recordResponses(page);
      await page.goto(`${url}${BASE}/`);
      await page.waitForSelector('.post-card');
      await appStarted(page);
      await page.evaluate(() => { window.__sameDocument = true; });
      await page.click(`.post-card-title a[href="${BASE}${post.url}"]`);
      await page.waitForSelector('.post-body');
      assert.equal(new URL(page.url()).pathname, `${BASE}${post.url}`);
      // A table-of-contents link stays on the post.
      await page.click('.toc a[href="#images"]');
      assert.equal(new URL(page.url()).pathname, `${BASE}${post.url}`);
      assert.equal(new URL(page.url()).hash, '#images');
      // Both links to another post, root-relative and absolute, lead to it under the prefix.
      const links = await page.$$eval('.post-body a[href*="Introducing-Quire"]', (as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, [`${BASE}${intro().url}`, `${BASE}${intro().url}`]);
      await page.click('.post-body a[href*="Introducing-Quire"]');
      await page.waitForFunction((title) => document.querySelector('h1.post-title')?.textContent === title, intro().title);
      assert.equal(new URL(page.url()).pathname, `${BASE}${intro().url}`);
      await page.click('.site-title');
      await page.waitForSelector('.post-list');
      assert.equal(new URL(page.url()).pathname, `${BASE}/`);
      // The home page the app renders itself links its posts under the prefix too.
      const hrefs = await page.$$eval('.post-card-title a', (as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(hrefs, firstPageHrefs(), 'the home page rendered by the app');
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no full page load');
      assertAllUnderPrefix(responses, url);
      assert.deepEqual(unexpectedProblems(page), []);
    }, { url });
  });

  test(`${server}: an old URL leads to its post under the prefix`, async (t) => {
    const url = suite.servers[server].url;
    const post = linksPost();
    await suite.page(t, async (page) => {
      const responses = recordResponses(page);
      await page.goto(`${url}${BASE}/old/links-post/`);
      await page.waitForURL(`${url}${BASE}${post.url}`);
      await settled(page);
      assert.equal(await page.textContent('h1.post-title'), post.title);
      assertAllUnderPrefix(responses, url);
      assert.deepEqual(unexpectedProblems(page), []);
    }, { url });
  });

  test(`${server}: an unknown path under the prefix, at any depth, shows the not-found page with 404`, async (t) => {
    const url = suite.servers[server].url;
    for (const path of ['/no/such/page/', '/a/b/c/d/e/f/', '/blog/2099/01/nothing']) {
      await suite.page(t, async (page) => {
        const responses = recordResponses(page);
        const response = await page.goto(`${url}${BASE}${path}`);
        assert.equal(response.status(), 404, path);
        await page.waitForSelector('.not-found');
        assert.equal(await page.getAttribute('.not-found a', 'href'), `${BASE}/`);
        assert.equal(await page.getAttribute('.site-title', 'href'), `${BASE}/`);
        assertAllUnderPrefix(responses, url, (r) => r.status === 404 && r.url.endsWith(path));
        assert.deepEqual(unexpectedProblems(page, [/status of 404/]), []);
      }, { url });
    }
  });
}

test('nginx: inside the app, the head links the feeds of each page\'s entry file, under the prefix', async (t) => {
  const url = suite.servers.nginx.url;
  const site = suite.built.index.site.title;
  const tag = `${BASE}/tags/quire/`;
  await suite.page(t, async (page) => {
    await page.goto(`${url}${BASE}${intro().url}`);
    await settled(page);
    await appStarted(page);
    await page.click(`.post-tags a[href="${tag}"]`);
    await page.waitForFunction((title) => document.title === title, `Tagged “quire” · ${site}`);
    const tagFeeds = await feedLinks(page, await (await fetch(`${url}${tag}`)).text());
    assert.deepEqual(tagFeeds.map((f) => f.href), [`${BASE}/feed.xml`, `${tag}feed.xml`]);
    assert.deepEqual(await feedLinks(page), tagFeeds, 'the tag page');
    await page.click('.site-title');
    await page.waitForFunction((title) => document.title === title, site);
    const homeFeeds = await feedLinks(page, await (await fetch(`${url}${BASE}/`)).text());
    assert.deepEqual(homeFeeds.map((f) => f.href), [`${BASE}/feed.xml`]);
    assert.deepEqual(await feedLinks(page), homeFeeds, 'the home page');
    assert.deepEqual(unexpectedProblems(page), []);
  }, { url });
});

const decode = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

test('nginx: feed, sitemap, link previews and the page as served carry the prefix', async () => {
  const url = suite.servers.nginx.url;
  const site = `${HOST}${BASE}/`;
  const feed = await (await fetch(`${url}${BASE}/feed.xml`)).text();
  const feedUrls = [...feed.matchAll(/(?:href="|<id>)(https?:[^"<]+)/g)].map((m) => decode(m[1]));
  const own = feedUrls.filter((u) => u.startsWith(HOST));
  assert.ok(own.length > 20, `the feed has the site's addresses: ${own.length}`);
  assert.deepEqual(own.filter((u) => !u.startsWith(site)), [], 'every address in the feed has the prefix');
  assert.ok(own.includes(`${site}blog/2023/06/Introducing-Quire/`));
  const sitemap = await (await fetch(`${url}${BASE}/sitemap.xml`)).text();
  const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  assert.equal(locs.length, suite.built.index.posts.length + 1);
  assert.deepEqual(locs.filter((u) => !u.startsWith(site)), []);

  const post = linksPost();
  const older = suite.built.index.posts[suite.built.index.posts.indexOf(post) + 1];
  const html = await (await fetch(`${url}${BASE}${post.url}`)).text();
  assert.match(html, new RegExp(`<link rel="canonical" href="${site}blog/2025/07/links-under-a-sub-path/" />`));
  assert.match(html, new RegExp(`<meta property="og:image" content="${site}assets/img/banners/code-review.svg" />`));
  assert.match(html, new RegExp(`href="${BASE}/feed.xml"`));
  // The page a reader (or a crawler) sees before any script: the header and the post.
  const body = html.slice(html.indexOf('<body'), html.indexOf('</body>'));
  const main = body.slice(body.indexOf('<main'), body.indexOf('</main>'));
  for (const expected of [
    `<a href="${BASE}/" class="site-title"`,
    `<a href="${BASE}/archive">Archive</a>`,
  ]) {
    assert.ok(body.includes(expected), `the page's header has ${expected}`);
  }
  for (const expected of [
    `href="${BASE}/blog/2023/06/Introducing-Quire/"`,
    `src="${BASE}/assets/img/banners/code-review.svg"`,
    `src="${BASE}/assets/img/posts/render-pipeline-stages.svg"`,
    `src="${BASE}/assets/img/posts/render-cache-layers.svg"`,
    `src="${BASE}/assets/img/banners/meetup-recap.svg"`,
    `<a href="${BASE}${older.url}" rel="prev"`,
  ]) {
    assert.ok(main.includes(expected), `the page's <main> has ${expected}`);
  }
  assert.doesNotMatch(body, /<noscript/i, 'the post is shown, not kept for readers without JavaScript');
  const moved = await (await fetch(`${url}${BASE}/old/links-post/`)).text();
  assert.match(moved, new RegExp(`content="0; url=${BASE}${post.url}"`));
  const headers = await (await fetch(`${url}${BASE}/_headers`)).status;
  assert.equal(headers, 404, 'the headers file for other hosts is not served');
});
