// Real blogs nobody on the team wrote, built by quire-build into a copy of the release build and
// read in the browser: the retired Zalando Open Source blog (Jekyll, 18 posts, with its images)
// and the Rust blog (Zola, 750 posts). Corpora live in ../shared/corpus (see its README).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appStarted, cardTitles, settled, unexpectedProblems } from './support/browser.mjs';
import { buildTempSite, buildZalandoSite } from './support/temp-site.mjs';
import { useSite } from './support/suite.mjs';
import { sharedCorpus, skipWithout } from './support/corpus.mjs';

/**
 * Watches a page's requests and console errors so that off-site IMAGE requests (which the
 * harness blocks and records as problems) can be told apart from anything else, and, where a
 * corpus ships no images, same-origin images that are missing (404). Call before navigating.
 */
function watchRequests(page, siteUrl) {
  const origin = new URL(siteUrl).origin;
  const offSite = []; // { url, type }
  const missingImages = new Set(); // same-origin image URLs answered 404
  const consoleErrors = []; // { text, url } in the order the harness records them
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) offSite.push({ url, type: r.resourceType() });
  });
  page.on('response', (r) => {
    if (r.status() === 404 && r.request().resourceType() === 'image' && r.url().startsWith(origin)) missingImages.add(r.url());
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push({ text: msg.text(), url: msg.location()?.url ?? '' });
  });
  return {
    offSite,
    missingImages,
    offSiteImages: () => [...new Set(offSite.filter((r) => r.type === 'image').map((r) => r.url))],
    /**
     * The page's problems, less the blocked off-site images and the console lines they cause
     * (and, with `allowMissingImages`, the console lines of same-origin images answered 404).
     */
    problems({ allowMissingImages = false } = {}) {
      const images = new Set(this.offSiteImages());
      let consoleIndex = 0;
      return page.problems.filter((p) => {
        if (p.startsWith('console error: ')) {
          const entry = consoleErrors[consoleIndex++];
          if (!entry || !/^Failed to load resource/.test(entry.text)) return true;
          if (images.has(entry.url)) return false;
          return !(allowMissingImages && missingImages.has(entry.url) && /status of 404/.test(entry.text));
        }
        const m = /^request outside the site: (.*)$/.exec(p);
        return !(m && images.has(m[1]));
      });
    },
  };
}

/** Scrolls each image into view, waits until it has loaded or failed, and reports it. */
async function loadImages(page, selector) {
  const out = [];
  for (const img of await page.$$(selector)) {
    await img.scrollIntoViewIfNeeded().catch(() => {});
    await img
      .evaluate((el) => new Promise((ok) => {
        if (el.complete) return ok();
        el.addEventListener('load', ok, { once: true });
        el.addEventListener('error', ok, { once: true });
      }))
      .catch(() => {});
    await page.waitForFunction((el) => el.complete, img, { timeout: 10_000 }).catch(() => {});
    out.push(await img.evaluate((el) => ({
      src: el.getAttribute('src'),
      resolved: el.currentSrc || el.src,
      sameOrigin: new URL(el.src, location.href).origin === location.origin,
      naturalWidth: el.naturalWidth,
      complete: el.complete,
    })));
  }
  return out;
}

function findPost(index, href) {
  const path = href.split('#')[0].split('?')[0];
  return index.posts.find((p) => p.url === path || p.url === path + '/' || p.url.replace(/\/$/, '') === path);
}

/** Every local `.post-body a[href^="/blog/"]` of every post, collected in one pass. */
async function collectPostLinks(browser, siteUrl, posts) {
  const links = new Map(); // post url -> [href]
  for (const post of posts) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await context.route('**/*', (route) => (route.request().url().startsWith(siteUrl) ? route.continue() : route.abort()));
    try {
      await page.goto(siteUrl + post.url);
      await page.waitForSelector('.post-body');
      const hrefs = await page.$$eval('.post-body a', (as) => as.map((a) => a.getAttribute('href')));
      links.set(post.url, hrefs);
    } finally {
      await context.close();
    }
  }
  return links;
}

// ---------------------------------------------------------------------------------------------
// The Zalando Open Source blog

const zalando = sharedCorpus('zalando-blog', 'the Zalando blog (18 Jekyll posts with images)');

describe('the Zalando Open Source blog', { skip: skipWithout(zalando) }, () => {
  const allOffSiteImages = new Set();
  // The hrefs of each post's body links, filled by the deep-link test (saves loading every
  // post twice); the link test collects them itself when run alone.
  let linksByPost = null;

  const suite = useSite({
    build: () => buildZalandoSite(zalando, 'zalando'),
    server: 'nginx',
    teardown() {
      console.log(`Zalando: off-site images requested (blocked): ${allOffSiteImages.size ? '\n  ' + [...allOffSiteImages].join('\n  ') : 'none'}`);
    },
  });

  test('the home page lists the 18 posts, newest first', async (t) => {
    await suite.page(t, async (page) => {
      const response = await page.goto(suite.url + '/');
      assert.equal(response.status(), 200);
      await page.waitForSelector('.post-list .post-card');
      const titles = await cardTitles(page);
      assert.equal(suite.built.index.posts.length, 18, 'the index holds all 18 posts');
      // Ten a page: the newest ten here, the other eight on /page/2/.
      assert.deepEqual(titles, suite.built.index.posts.slice(0, 10).map((p) => p.title.trim()));
      // Page 2 as the app renders it.
      await appStarted(page);
      await page.evaluate(() => { window.__sameDocument = true; });
      await page.click('a.pagination-older');
      await page.waitForURL(/\/page\/2\/$/);
      await page.waitForFunction(() => document.querySelector('.pagination-current')?.textContent.includes('Page 2'));
      assert.deepEqual(await cardTitles(page), suite.built.index.posts.slice(10).map((p) => p.title.trim()));
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'page 2 opened inside the app');
      const dates = suite.built.index.posts.map((p) => p.published);
      assert.deepEqual([...dates].sort().reverse(), dates, 'newest first');
      assert.equal(suite.built.index.posts[0].url, '/blog/2019/07/jun-updates/');
      assert.equal(suite.built.index.posts.at(-1).url, '/blog/2017/08/innersource-do-dont/');
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });

  test('every post opens by deep link with its title, banner and images loaded', async (t) => {
    const failures = [];
    let imagesChecked = 0;
    const links = new Map();
    for (const post of suite.built.index.posts) {
      await suite.page(t, async (page) => {
        const watch = watchRequests(page, suite.url);
        const response = await page.goto(suite.url + post.url);
        assert.equal(response.status(), 200, post.url);
        await settled(page);
        await page.waitForSelector('.post-body', { timeout: 10_000 });
        assert.equal(await page.textContent('h1.post-title'), post.title, `${post.url}: title`);
        links.set(post.url, await page.$$eval('.post-body a', (as) => as.map((a) => a.getAttribute('href'))));

        assert.ok(post.banner, `${post.url} has a banner in the index`);
        const banner = await loadImages(page, '.post-banner img');
        assert.equal(banner.length, 1, `${post.url}: one banner image`);
        assert.equal(banner[0].src, post.banner.src, `${post.url}: banner src`);
        if (!(banner[0].naturalWidth > 0)) failures.push(`${post.url}: banner ${banner[0].src} did not load`);

        const images = await loadImages(page, '.post-body img');
        for (const img of images) {
          if (!img.sameOrigin) continue;
          imagesChecked++;
          if (!(img.naturalWidth > 0)) failures.push(`${post.url}: image ${img.src} did not load`);
        }
        // Off-site requests: only images are tolerated (blocked, listed); nothing else, and
        // in particular no YouTube iframe (the HTML policy removes them).
        const nonImages = watch.offSite.filter((r) => r.type !== 'image');
        assert.deepEqual(nonImages, [], `${post.url}: off-site requests other than images`);
        assert.equal(await page.$('.post-body iframe'), null, `${post.url}: no iframe left`);
        for (const url of watch.offSiteImages()) allOffSiteImages.add(`${url}  (in ${post.url})`);
        assert.deepEqual(watch.problems(), [], `${post.url}: console or page errors`);
      });
    }
    linksByPost = links;
    assert.deepEqual(failures, [], 'images that did not load');
    // The corpus' 17 body images (all under /assets/img/), so the loop cannot pass on none.
    const expected = suite.built.index.posts
      .map((p) => (readFileSync(join(suite.built.root, p.body), 'utf8').match(/!\[[^\]]*\]\(\/assets\//g) ?? []).length)
      .reduce((a, b) => a + b, 0);
    assert.equal(expected, 17, 'the corpus has 17 body images');
    assert.equal(imagesChecked, expected, 'same-origin body images checked');
    t.diagnostic(`${suite.built.index.posts.length} posts, ${imagesChecked} same-origin body images loaded`);
  });

  test('links between posts are root-relative and navigate inside the app', async (t) => {
    const links = linksByPost ?? (await collectPostLinks(suite.browser, suite.url, suite.built.index.posts));
    const absolute = [];
    const internal = []; // { from, href, target }
    for (const [from, hrefs] of links) {
      for (const href of hrefs) {
        if (/^https?:\/\/opensource\.zalando\.com\/blog\//i.test(href)) absolute.push(`${from}: ${href}`);
        if (href?.startsWith('/blog/')) internal.push({ from, href, target: findPost(suite.built.index, href) });
      }
    }
    assert.deepEqual(absolute, [], 'links to base_url posts are rewritten root-relative');
    // The corpus links 8 times between its posts, from 6 posts (all as absolute URLs).
    assert.ok(internal.length >= 8, `links between posts found: ${internal.length}`);
    const unresolved = internal.filter((l) => !l.target).map((l) => `${l.from}: ${l.href}`);
    assert.deepEqual(unresolved, [], 'every /blog/ link is a post of the index');
    const fromPosts = new Set(internal.map((l) => l.from));
    assert.ok(fromPosts.size >= 6, `posts with links to other posts: ${fromPosts.size}`);

    for (const link of internal) {
      await suite.page(t, async (page) => {
        await page.goto(suite.url + link.from);
        await page.waitForSelector('.post-body');
        await appStarted(page);
        await page.evaluate(() => { window.__sameDocument = true; });
        await page.click(`.post-body a[href="${link.href}"] >> nth=0`);
        await page.waitForFunction(
          (title) => document.querySelector('h1.post-title')?.textContent === title,
          link.target.title,
          { timeout: 10_000 },
        );
        await page.waitForSelector('.post-body');
        assert.equal(await page.evaluate(() => window.__sameDocument), true, `${link.from} -> ${link.href}: no full page load`);
        assert.equal(new URL(page.url()).pathname, link.href, `${link.from} -> ${link.href}: address`);
        assert.deepEqual(unexpectedProblems(page), [], `${link.from} -> ${link.href}`);
      });
    }
    t.diagnostic(`${internal.length} links between posts followed, from ${fromPosts.size} posts`);
  });
});

// ---------------------------------------------------------------------------------------------
// The Rust blog

const rustBlog = sharedCorpus('rust-blog', 'the Rust blog (750 Zola posts, aliases)');

describe('the Rust blog', { skip: skipWithout(rustBlog) }, () => {
  const suite = useSite({
    build: () => buildTempSite({
      name: 'rust-blog',
      content: rustBlog,
      settings: [
        'title = "Rust Blog"',
        'description = "Empowering everyone to build reliable and efficient software."',
        'base_url = "https://blog.rust-lang.org/"',
        '',
      ].join('\n'),
    }),
    server: 'nginx',
  });

  const markdownOf = (post) => readFileSync(join(suite.built.root, post.body), 'utf8');

  test('the home page lists the 750 posts, newest first', async (t) => {
    await suite.page(t, async (page) => {
      const started = Date.now();
      const response = await page.goto(suite.url + '/');
      assert.equal(response.status(), 200);
      await page.waitForSelector('.post-list .post-card');
      const ms = Date.now() - started;
      const titles = await cardTitles(page);
      assert.equal(suite.built.index.posts.length, 750, 'the index holds all 750 posts');
      assert.deepEqual(titles, suite.built.index.posts.slice(0, 10).map((p) => p.title.trim()));
      // The last of 75 pages, by deep link, has the oldest ten.
      await page.goto(suite.url + '/page/75/');
      await page.waitForFunction(() => document.querySelector('.pagination-current')?.textContent.includes('Page 75 of 75'));
      assert.deepEqual(await cardTitles(page), suite.built.index.posts.slice(740).map((p) => p.title.trim()));
      const dates = suite.built.index.posts.map((p) => p.published);
      assert.deepEqual([...dates].sort().reverse(), dates, 'newest first');
      assert.deepEqual(unexpectedProblems(page), []);
      t.diagnostic(`home page with 750 posts shown in ${ms} ms`);
    });
  });

  test('a handful of posts open by deep link and render', async (t) => {
    const posts = suite.built.index.posts;
    const pick = {
      'async-await': posts.find((p) => p.url === '/2019/11/07/Async-await-stable/'),
      'inside rust': posts.find((p) => p.url.startsWith('/inside-rust/2020/')),
      newest: posts[0],
      table: posts.find((p) => !p.url.startsWith('/inside-rust/') && /^\|?\s*:?-{3,}:?\s*\|/m.test(markdownOf(p))),
    };
    for (const [what, post] of Object.entries(pick)) assert.ok(post, `a post for "${what}"`);
    const offSiteImages = [];
    const missingImages = [];
    for (const [what, post] of Object.entries(pick)) {
      await suite.page(t, async (page) => {
        const watch = watchRequests(page, suite.url);
        const response = await page.goto(suite.url + post.url);
        assert.equal(response.status(), 200, `${what}: ${post.url}`);
        await settled(page);
        await page.waitForSelector('.post-body', { timeout: 10_000 });
        assert.equal(await page.textContent('h1.post-title'), post.title, `${what}: title`);
        const text = (await page.textContent('.post-body')).replace(/\s+/g, ' ');
        assert.ok(text.length > 300, `${what}: the body is rendered (${text.length} chars)`);
        const words = post.summary.replace(/\s+/g, ' ').split(' ').slice(0, 4).join(' ');
        assert.ok(text.includes(words), `${what}: the body shows "${words}"`);
        if (what === 'table') assert.ok(await page.$('.post-body table th'), `${what}: a table is rendered`);
        if (what === 'async-await') assert.ok(await page.$('.post-body pre code'), `${what}: code is rendered`);
        await loadImages(page, '.post-body img');
        const nonImages = watch.offSite.filter((r) => r.type !== 'image');
        assert.deepEqual(nonImages, [], `${what}: off-site requests other than images`);
        offSiteImages.push(...watch.offSiteImages().map((u) => `${u}  (in ${post.url})`));
        missingImages.push(...[...watch.missingImages].map((u) => `${new URL(u).pathname}  (in ${post.url})`));
        // The corpus ships the posts only, not the blog's images: a same-origin image is a 404.
        assert.deepEqual(watch.problems({ allowMissingImages: true }), [], `${what}: console or page errors`);
      });
    }
    t.diagnostic(`posts opened: ${Object.entries(pick).map(([w, p]) => `${w} ${p.url}`).join(', ')}`);
    console.log(`Rust blog: off-site images requested (blocked): ${offSiteImages.length ? '\n  ' + offSiteImages.join('\n  ') : 'none'}`);
    console.log(`Rust blog: same-origin images missing (not in the corpus): ${missingImages.length ? '\n  ' + missingImages.join('\n  ') : 'none'}`);
  });

  const alias = '/2019/11/07/Async-await-stable.html';
  const canonical = '/2019/11/07/Async-await-stable/';

  test('old URLs (aliases) opened by deep link end on the post\'s URL', async (t) => {
    const post = suite.built.index.posts.find((p) => p.url === canonical);
    assert.ok(post?.aliases?.includes(alias), `${canonical} has the alias ${alias}`);
    const release = suite.built.index.posts.find((p) => p.aliases?.some((a) => /^\/releases\/\d+\.\d+\.\d+\/$/.test(a)));
    assert.ok(release, 'a release post with a /releases/x.y.z/ alias');
    const cases = [
      { from: alias, to: post }, // the Jekyll-era URL of the post, with .html
      { from: release.aliases.find((a) => a.startsWith('/releases/')), to: release },
    ];
    const failures = [];
    for (const { from, to } of cases) {
      await suite.page(t, async (page) => {
        const response = await page.goto(suite.url + from);
        if (response.status() !== 200) {
          failures.push(`${from}: nginx answered ${response.status()} instead of the app`);
          return;
        }
        await page.waitForFunction((url) => location.pathname === url, to.url, { timeout: 10_000 });
        await page.waitForSelector('.post-body');
        assert.equal(await page.textContent('h1.post-title'), to.title, from);
        assert.deepEqual(unexpectedProblems(page), [], from);
      });
    }
    assert.deepEqual(failures, [], 'aliases that do not reach the app by deep link');
  });

  test('posts whose URL holds a dot open with and without the trailing slash', async (t) => {
    const post = suite.built.index.posts.find((p) => /^\/\d{4}\/\d{2}\/\d{2}\/Rust-\d+\.\d+\.\d+\/$/.test(p.url));
    assert.ok(post, 'a release post such as /YYYY/MM/DD/Rust-1.x.y/');
    const failures = [];
    for (const url of [post.url, post.url.replace(/\/$/, '')]) {
      await suite.page(t, async (page) => {
        const response = await page.goto(suite.url + url);
        if (response.status() !== 200) {
          failures.push(`${url}: nginx answered ${response.status()} instead of the app`);
          return;
        }
        await page.waitForSelector('.post-body');
        assert.equal(await page.textContent('h1.post-title'), post.title, url);
        assert.deepEqual(unexpectedProblems(page), [], url);
      });
    }
    assert.deepEqual(failures, [], 'deep links that do not reach the app');
  });

  test('an old URL (alias) followed inside the app redirects to the post', async (t) => {
    const post = suite.built.index.posts.find((p) => p.url === canonical);
    await suite.page(t, async (page) => {
      await page.goto(suite.url + '/');
      await page.waitForSelector('.post-card');
      await appStarted(page);
      await page.evaluate((href) => {
        window.__sameDocument = true;
        const a = document.createElement('a');
        a.href = href;
        a.id = 'alias-link';
        a.textContent = 'old link';
        document.body.prepend(a);
      }, alias);
      await page.click('#alias-link');
      await page.waitForFunction((url) => location.pathname === url, canonical, { timeout: 10_000 });
      await page.waitForSelector('.post-body');
      assert.equal(await page.textContent('h1.post-title'), post.title);
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no full page load');
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });

  test('an unknown path under /inside-rust/ shows the not-found page', async (t) => {
    for (const url of ['/inside-rust/2099/01/01/no-such-post/', '/inside-rust/no-such-page']) {
      await suite.page(t, async (page) => {
        const response = await page.goto(suite.url + url);
        assert.equal(response.status(), 404, `${url} is a real 404 (the builder's 404.html)`);
        await page.waitForSelector('.not-found');
        assert.equal(await page.textContent('.not-found h1'), 'Page not found');
        assert.deepEqual(unexpectedProblems(page, [/status of 404/]), []);
      });
    }
  });
});
