// The pages a reader expects (PRODUCT.md §5, issue #7): home with pagination, post with reading
// time, tags, authors and previous/next, tag, author and year pages, the archive; each with its
// own <title> and description, each a real entry file; scroll like a static site (top on new
// pages, restored on back, to the heading on #anchor links); prefetched posts open without a
// placeholder.
// A page opened by its URL shows from its entry file (the app takes it over as it is); a page
// reached by a link inside the app is rendered by the app. Each page is checked both ways, and
// a click meant for the app waits for the app to start (`appStarted`).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtIndex } from './support/site.mjs';
import { appStarted, clickLinkTo, settled, unexpectedProblems } from './support/browser.mjs';
import { useSite } from './support/suite.mjs';

const index = builtIndex();
const SITE = index.site.title;
const perPage = index.site.posts_per_page ?? 10;
const slugOf = (name) => name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace('ø', 'o').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');

describe('reader pages', () => {
  const suite = useSite();

  // The page's description: the entry file's, or the one the app adds (after the entry file's,
  // which stays in the head) once it has rendered a page itself.
  const description = (page) => page.$$eval('meta[name="description"]', (ms) => ms.at(-1)?.getAttribute('content'));
  const inApp = async (page) => assert.equal(await page.evaluate(() => window.__sameDocument), true, 'stayed inside the app');

  test('home is paginated, newest first, with a page 2 and no page past the end', async (t) => {
    assert.ok(index.posts.length > perPage, 'the sample site has more than one page of posts');
    await suite.page(t, async (page) => {
      await page.goto(`${suite.url}/`);
      await settled(page);
      const titles = await page.$$eval('.post-card-title', (els) => els.map((e) => e.textContent.trim()));
      assert.deepEqual(titles, index.posts.slice(0, perPage).map((p) => p.title));
      // Page 2 as the app renders it, then as its entry file shows it.
      await appStarted(page);
      await page.evaluate(() => { window.__sameDocument = true; });
      await page.click('a.pagination-older');
      await page.waitForURL(/\/page\/2\/$/);
      await page.waitForFunction(() => document.querySelector('.pagination-current')?.textContent.includes('Page 2'));
      const rest = await page.$$eval('.post-card-title', (els) => els.map((e) => e.textContent.trim()));
      assert.deepEqual(rest, index.posts.slice(perPage, 2 * perPage).map((p) => p.title));
      assert.equal(await page.title(), `Page 2 · ${SITE}`);
      await inApp(page);
      await page.goto(`${suite.url}/page/2/`);
      await page.waitForSelector('.pagination-current');
      assert.match(await page.textContent('.pagination-current'), /Page 2/);
      assert.deepEqual(await page.$$eval('.post-card-title', (els) => els.map((e) => e.textContent.trim())), index.posts.slice(perPage, 2 * perPage).map((p) => p.title));
      assert.equal(await page.title(), `Page 2 · ${SITE}`);
      // No page past the end: not its entry file (there is none), not in the app.
      await page.goto(`${suite.url}/page/99/`);
      await page.waitForSelector('.not-found');
      await page.goto(`${suite.url}/`);
      await appStarted(page);
      await page.evaluate(() => { window.__sameDocument = true; });
      await clickLinkTo(page, '/page/99/');
      await page.waitForURL(/\/page\/99\/$/);
      await page.waitForSelector('.not-found');
      await inApp(page);
      assert.deepEqual(unexpectedProblems(page, [/status of 404/]), []);
    });
  });

  test('a post shows reading time, linked tags and authors, and previous/next', async (t) => {
    const i = 3;
    /** The post page of `index.posts[n]` as shown: meta, tags, authors, title, description, neighbours. */
    const checkPost = async (page, n, how) => {
      const post = index.posts[n];
      assert.ok(post.reading_minutes >= 1);
      assert.match(await page.textContent('.post-meta'), new RegExp(`${post.reading_minutes} min read`), how);
      const tagLinks = await page.$$eval('.post-tags a', (els) => els.map((e) => e.getAttribute('href')));
      assert.deepEqual(tagLinks, post.tags.map((t) => `/tags/${slugOf(t)}/`), how);
      const authorLinks = await page.$$eval('.post-authors a', (els) => els.map((e) => e.textContent));
      assert.deepEqual(authorLinks, post.authors, how);
      assert.equal(await page.title(), `${post.title} · ${SITE}`, how);
      assert.equal(await description(page), post.summary, how);
      assert.equal(await page.getAttribute('.post-nav a[rel=prev]', 'href'), index.posts[n + 1].url, how);
      assert.equal(await page.getAttribute('.post-nav a[rel=next]', 'href'), index.posts[n - 1].url, how);
    };
    await suite.page(t, async (page) => {
      await page.goto(`${suite.url}${index.posts[i].url}`);
      await page.waitForSelector('.post-body');
      await checkPost(page, i, 'the entry file');
      await appStarted(page);
      await page.evaluate(() => { window.__sameDocument = true; });
      await page.click('.post-nav a[rel=prev]');
      await page.waitForFunction((title) => document.querySelector('.post-title')?.textContent === title, index.posts[i + 1].title);
      await page.waitForSelector('.post-body');
      await checkPost(page, i + 1, 'rendered by the app');
      await inApp(page);
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });

  test('tag, author and year pages list exactly their posts; unknown ones are not found', async (t) => {
    const tag = index.posts.flatMap((p) => p.tags).find((tg) => index.posts.filter((p) => p.tags.includes(tg)).length >= 2);
    const author = index.posts[0].authors[0];
    const year = index.posts[0].date.slice(0, 4);
    const cases = [
      [`/tags/${slugOf(tag)}/`, index.posts.filter((p) => p.tags.some((x) => slugOf(x) === slugOf(tag))), `Tagged “${tag}”`],
      [`/authors/${slugOf(author)}/`, index.posts.filter((p) => p.authors.includes(author)), `Posts by ${author}`],
      [`/archive/${year}/`, index.posts.filter((p) => p.date.startsWith(year)), `Posts from ${year}`],
    ];
    const checkListing = async (page, path, posts, heading, how) => {
      const where = `${path} (${how})`;
      assert.equal(await page.textContent('#listing-title'), heading, where);
      assert.equal(await page.title(), `${heading} · ${SITE}`, where);
      assert.match(await description(page), /\d+ posts?/, where);
      const titles = await page.$$eval('.post-card-title', (els) => els.map((e) => e.textContent.trim()));
      assert.deepEqual(titles, posts.map((p) => p.title), where);
    };
    const unknown = ['/tags/no-such-tag/', '/authors/nobody/', '/archive/1999/'];
    await suite.page(t, async (page) => {
      for (const [path, posts, heading] of cases) {
        await page.goto(`${suite.url}${path}`);
        await page.waitForSelector('.listing');
        await checkListing(page, path, posts, heading, 'entry file');
      }
      for (const path of unknown) {
        await page.goto(`${suite.url}${path}`);
        await page.waitForSelector('.not-found');
      }
      await page.goto(`${suite.url}/archive/`);
      await page.waitForSelector('.archive');
      const listed = await page.$$eval('.archive-list a', (els) => els.map((e) => e.getAttribute('href')));
      assert.deepEqual(listed, index.posts.map((p) => p.url));
      // The same pages as the app renders them: each opened from the archive's links, then back.
      await appStarted(page);
      await page.evaluate(() => { window.__sameDocument = true; });
      for (const [path, posts, heading] of cases) {
        await page.click(`.archive a[href="${path}"]`);
        await page.waitForURL(`${suite.url}${path}`);
        await page.waitForSelector('.listing');
        await checkListing(page, path, posts, heading, 'in the app');
        await page.goBack();
        await page.waitForSelector('.archive');
      }
      const again = await page.$$eval('.archive-list a', (els) => els.map((e) => e.getAttribute('href')));
      assert.deepEqual(again, index.posts.map((p) => p.url), 'the archive rendered by the app');
      for (const path of unknown) {
        await clickLinkTo(page, path);
        await page.waitForURL(`${suite.url}${path}`);
        await page.waitForSelector('.not-found');
        await page.goBack();
        await page.waitForSelector('.archive');
      }
      await inApp(page);
      assert.deepEqual(unexpectedProblems(page, [/status of 404/]), []);
    });
  });

  test('every list page is a real file with its own title (no JavaScript)', async () => {
    const tag = index.posts[0].tags[0];
    for (const [path, title] of [
      ['/page/2/', `Page 2 · ${SITE}`],
      [`/tags/${slugOf(tag)}/`, `Tagged “${tag}” · ${SITE}`],
      [`/authors/${slugOf(index.posts[0].authors[0])}/`, `Posts by ${index.posts[0].authors[0]} · ${SITE}`],
      ['/archive/', `Archive · ${SITE}`],
      ['/search/', `Search · ${SITE}`],
      ['/highlights/', `Highlights · ${SITE}`],
    ]) {
      const res = await fetch(`${suite.url}${path}`);
      assert.equal(res.status, 200, path);
      const html = await res.text();
      const got = html.match(/<title>([^<]*)<\/title>/)?.[1].replace(/&amp;/g, '&');
      assert.equal(got, title, path);
    }
  });

  test('scroll: top on a new page, restored on back, to the heading on #anchor links', async (t) => {
    const long = index.posts.find((p) => p.slug === 'incremental-builds-deep-dive');
    await suite.page(t, async (page) => {
      await page.goto(`${suite.url}/`);
      await settled(page);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForTimeout(100);
      const homeY = await page.evaluate(() => scrollY);
      assert.ok(homeY > 200, `the home page scrolls (${homeY})`);
      const target = index.posts[perPage - 1];
      await appStarted(page);
      await page.evaluate(() => { window.__sameDocument = true; });
      await page.click(`a[href="${target.url}"]`);
      await page.waitForSelector('.post-body');
      assert.equal(await page.evaluate(() => scrollY), 0, 'a new page starts at the top');
      await page.goBack();
      await page.waitForSelector('.post-list');
      await page.waitForFunction((y) => Math.abs(scrollY - y) < 5, homeY, { timeout: 5_000 }).catch(() => {});
      const back = await page.evaluate(() => scrollY);
      assert.ok(Math.abs(back - homeY) < 5, `back restores the position: ${back} vs ${homeY}`);
      await inApp(page);

      await page.goto(`${suite.url}${long.url}`);
      await page.waitForSelector('.toc a');
      const anchor = await page.getAttribute('.toc li:nth-child(4) a', 'href');
      await page.click('.toc li:nth-child(4) a');
      await page.waitForTimeout(300);
      const top = await page.$eval(decodeURIComponent(anchor), (h) => h.getBoundingClientRect().top);
      assert.ok(top >= -2 && top < 120, `the heading is at the top of the view (${top})`);
      assert.ok(page.url().endsWith(anchor));
      // A deep link with an anchor lands on the heading too.
      await page.goto(`${suite.url}${long.url}${anchor}`);
      await page.waitForSelector('.post-body');
      await page.waitForTimeout(300);
      const top2 = await page.$eval(decodeURIComponent(anchor), (h) => h.getBoundingClientRect().top);
      assert.ok(top2 >= -2 && top2 < 120, `deep link to an anchor (${top2})`);
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });

  test('a post prefetched on hover opens with no placeholder', async (t) => {
    const target = index.posts[1];
    await suite.page(t, async (page) => {
      const indexLoaded = page.waitForResponse((r) => new URL(r.url()).pathname === '/posts/index.json');
      await page.goto(`${suite.url}/`);
      await settled(page);
      await appStarted(page);
      await indexLoaded;
      const body = `/${target.body}`;
      const before = suite.site.requests.filter((p) => p === body).length;
      const requested = () => suite.site.requests.filter((p) => p === body).length > before;
      await page.waitForTimeout(200);
      assert.ok(!requested(), 'the body is not fetched before the reader points at the post');
      // The app prefetches once its index is in; point again until it has.
      for (const end = Date.now() + 10_000; !requested();) {
        assert.ok(Date.now() < end, `pointing at the post fetched ${body}`);
        await page.mouse.move(0, 0);
        await page.hover(`.post-card-title a[href="${target.url}"]`);
        await page.waitForTimeout(200);
      }
      await page.waitForTimeout(200);
      await page.evaluate(() => {
        window.__sameDocument = true;
        window.__placeholders = 0;
        new MutationObserver((records) => {
          for (const r of records) for (const n of r.addedNodes) {
            if (n.nodeType === 1 && (n.matches('.skeleton, [class*=skeleton]') || n.querySelector('[class*=skeleton]'))) window.__placeholders += 1;
          }
        }).observe(document.body, { childList: true, subtree: true });
      });
      const t0 = Date.now();
      await page.click(`.post-card-title a[href="${target.url}"]`);
      await page.waitForSelector('.post-body p');
      const took = Date.now() - t0;
      assert.equal(await page.evaluate(() => window.__placeholders), 0, 'no placeholder was shown');
      await inApp(page);
      t.diagnostic(`click to body: ${took} ms (not asserted)`);
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });
});
