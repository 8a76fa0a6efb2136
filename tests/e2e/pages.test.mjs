// The pages a reader expects (PRODUCT.md §5, issue #7): home with pagination, post with reading
// time, tags, authors and previous/next, tag, author and year pages, the archive; each with its
// own <title> and description, each a real entry file; scroll like a static site (top on new
// pages, restored on back, to the heading on #anchor links); prefetched posts open without a
// placeholder.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, builtIndex } from './support/site.mjs';
import { launch, withPage, settled, unexpectedProblems } from './support/browser.mjs';

const index = builtIndex();
const SITE = index.site.title;
const perPage = index.site.posts_per_page ?? 10;
const slugOf = (name) => name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace('ø', 'o').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');

describe('reader pages', () => {
  let site;
  let browser;
  before(async () => {
    site = await startSite();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await site?.stop();
  });

  const description = (page) => page.getAttribute('meta[name="description"]', 'content');

  test('home is paginated, newest first, with a page 2 and no page past the end', async (t) => {
    assert.ok(index.posts.length > perPage, 'the sample site has more than one page of posts');
    await withPage(t, browser, site.url, async (page) => {
      await page.goto(`${site.url}/`);
      await settled(page);
      const titles = await page.$$eval('.post-card-title', (els) => els.map((e) => e.textContent.trim()));
      assert.deepEqual(titles, index.posts.slice(0, perPage).map((p) => p.title));
      await page.click('a.pagination-older');
      await page.waitForURL(/\/page\/2\/$/);
      await page.waitForFunction(() => document.querySelector('.pagination-current')?.textContent.includes('Page 2'));
      const rest = await page.$$eval('.post-card-title', (els) => els.map((e) => e.textContent.trim()));
      assert.deepEqual(rest, index.posts.slice(perPage, 2 * perPage).map((p) => p.title));
      assert.equal(await page.title(), `Page 2 · ${SITE}`);
      await page.goto(`${site.url}/page/99/`);
      await page.waitForSelector('.not-found');
      assert.deepEqual(unexpectedProblems(page, [/status of 404/]), []);
    });
  });

  test('a post shows reading time, linked tags and authors, and previous/next', async (t) => {
    const i = 3;
    const post = index.posts[i];
    await withPage(t, browser, site.url, async (page) => {
      await page.goto(`${site.url}${post.url}`);
      await page.waitForSelector('.post-body');
      assert.match(await page.textContent('.post-meta'), new RegExp(`${post.reading_minutes} min read`));
      assert.ok(post.reading_minutes >= 1);
      const tagLinks = await page.$$eval('.post-tags a', (els) => els.map((e) => e.getAttribute('href')));
      assert.deepEqual(tagLinks, post.tags.map((t) => `/tags/${slugOf(t)}/`));
      const authorLinks = await page.$$eval('.post-authors a', (els) => els.map((e) => e.textContent));
      assert.deepEqual(authorLinks, post.authors);
      assert.equal(await page.title(), `${post.title} · ${SITE}`);
      assert.equal(await description(page), post.summary);
      assert.equal(await page.getAttribute('.post-nav a[rel=prev]', 'href'), index.posts[i + 1].url);
      assert.equal(await page.getAttribute('.post-nav a[rel=next]', 'href'), index.posts[i - 1].url);
      await page.click('.post-nav a[rel=prev]');
      await page.waitForFunction((title) => document.querySelector('.post-title')?.textContent === title, index.posts[i + 1].title);
      assert.equal(await page.title(), `${index.posts[i + 1].title} · ${SITE}`);
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
    await withPage(t, browser, site.url, async (page) => {
      for (const [path, posts, heading] of cases) {
        await page.goto(`${site.url}${path}`);
        await page.waitForSelector('.listing');
        assert.equal(await page.textContent('#listing-title'), heading, path);
        assert.equal(await page.title(), `${heading} · ${SITE}`, path);
        assert.match(await description(page), /\d+ posts?/);
        const titles = await page.$$eval('.post-card-title', (els) => els.map((e) => e.textContent.trim()));
        assert.deepEqual(titles, posts.map((p) => p.title), path);
      }
      for (const path of ['/tags/no-such-tag/', '/authors/nobody/', '/archive/1999/']) {
        await page.goto(`${site.url}${path}`);
        await page.waitForSelector('.not-found');
      }
      await page.goto(`${site.url}/archive/`);
      await page.waitForSelector('.archive');
      const listed = await page.$$eval('.archive-list a', (els) => els.map((e) => e.getAttribute('href')));
      assert.deepEqual(listed, index.posts.map((p) => p.url));
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
      const res = await fetch(`${site.url}${path}`);
      assert.equal(res.status, 200, path);
      const html = await res.text();
      const got = html.match(/<title>([^<]*)<\/title>/)?.[1].replace(/&amp;/g, '&');
      assert.equal(got, title, path);
    }
  });

  test('scroll: top on a new page, restored on back, to the heading on #anchor links', async (t) => {
    const long = index.posts.find((p) => p.slug === 'incremental-builds-deep-dive');
    await withPage(t, browser, site.url, async (page) => {
      await page.goto(`${site.url}/`);
      await settled(page);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForTimeout(100);
      const homeY = await page.evaluate(() => scrollY);
      assert.ok(homeY > 200, `the home page scrolls (${homeY})`);
      const target = index.posts[perPage - 1];
      await page.click(`a[href="${target.url}"]`);
      await page.waitForSelector('.post-body');
      assert.equal(await page.evaluate(() => scrollY), 0, 'a new page starts at the top');
      await page.goBack();
      await page.waitForSelector('.post-list');
      await page.waitForFunction((y) => Math.abs(scrollY - y) < 5, homeY, { timeout: 5_000 }).catch(() => {});
      const back = await page.evaluate(() => scrollY);
      assert.ok(Math.abs(back - homeY) < 5, `back restores the position: ${back} vs ${homeY}`);

      await page.goto(`${site.url}${long.url}`);
      await page.waitForSelector('.toc a');
      const anchor = await page.getAttribute('.toc li:nth-child(4) a', 'href');
      await page.click('.toc li:nth-child(4) a');
      await page.waitForTimeout(300);
      const top = await page.$eval(decodeURIComponent(anchor), (h) => h.getBoundingClientRect().top);
      assert.ok(top >= -2 && top < 120, `the heading is at the top of the view (${top})`);
      assert.ok(page.url().endsWith(anchor));
      // A deep link with an anchor lands on the heading too.
      await page.goto(`${site.url}${long.url}${anchor}`);
      await page.waitForSelector('.post-body');
      await page.waitForTimeout(300);
      const top2 = await page.$eval(decodeURIComponent(anchor), (h) => h.getBoundingClientRect().top);
      assert.ok(top2 >= -2 && top2 < 120, `deep link to an anchor (${top2})`);
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });

  test('a post prefetched on hover opens with no placeholder', async (t) => {
    const target = index.posts[1];
    await withPage(t, browser, site.url, async (page) => {
      await page.goto(`${site.url}/`);
      await settled(page);
      const body = `/${target.body}`;
      const fetched = page.waitForRequest((r) => r.url().endsWith(body));
      await page.hover(`.post-card-title a[href="${target.url}"]`);
      await fetched;
      await page.waitForTimeout(200);
      await page.evaluate(() => {
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
      t.diagnostic(`click to body: ${took} ms (not asserted)`);
      assert.deepEqual(unexpectedProblems(page), []);
    });
  });
});
