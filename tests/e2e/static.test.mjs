// Deployed as plain files: served by a static server with no SPA fallback at all (as GitHub
// Pages or S3 serve), every route is a real file with its own title, unknown paths get the
// 404 page, and a client without JavaScript (a crawler, a link preview) reads each post. Such a
// host sends none of our headers: the Content-Security-Policy travels in each page's <meta>.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtIndex, distDir } from './support/site.mjs';
import { appStarted, settled, unexpectedProblems } from './support/browser.mjs';
import { useSite } from './support/suite.mjs';

const index = builtIndex();
const suite = useSite({ server: 'static' });

const decode = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const titleOf = (html) => decode(html.match(/<title>([^<]*)<\/title>/)?.[1] ?? '');
const metaOf = (html, key) => decode(html.match(new RegExp(`<meta (?:name|property)="${key}" content="([^"]*)"`))?.[1] ?? '');

test('what a crawler sees: every post answers 200 with its title, description and first paragraph', async () => {
  for (const post of index.posts) {
    for (const path of [post.url, post.url.replace(/\/$/, '')]) {
      const res = await fetch(suite.url + path);
      assert.equal(res.status, 200, path);
      const html = await res.text();
      assert.equal(titleOf(html), `${post.title} · ${index.site.title}`, path);
      assert.equal(metaOf(html, 'description'), post.summary);
      assert.equal(metaOf(html, 'og:title'), post.title);
      assert.match(metaOf(html, 'og:url'), new RegExp(`${post.url}$`));
      if (post.banner) assert.match(metaOf(html, 'og:image'), /^https?:\/\//);
      assert.match(html, /<script type="application\/ld\+json">[^<]*"BlogPosting"/);
      const markdown = readFileSync(join(distDir, post.body), 'utf8');
      const firstWords = markdown.split(/\n\s*\n/).map((p) => p.trim()).find((p) => /^[A-Za-z][A-Za-z ,'’]{20}/.test(p)).split(/\s+/).slice(0, 3).join(' ');
      // The page shows the post itself, in the app's <main>, not inside a <noscript>.
      const main = html.match(/<main id="main"[^>]*\bdata-quire-page="([^"]*)"[^>]*>([\s\S]*?)<\/main>/);
      assert.ok(main, `${path}: the entry file has the app's <main>`);
      assert.equal(decode(main[1]), post.url, `${path}: the <main> is the post's page`);
      assert.doesNotMatch(html.slice(0, main.index), /<noscript/i, `${path}: the <main> is not inside a <noscript>`);
      assert.ok(decode(main[2]).includes(firstWords), `${path}: the visible <main> has "${firstWords}"`);
    }
  }
});

test('home, 404, feed, sitemap and robots are plain files', async () => {
  const home = await (await fetch(suite.url + '/')).text();
  assert.equal(titleOf(home), index.site.title);
  // The home page lists the newest posts and links to the next page, which lists the rest.
  const perPage = index.site.posts_per_page ?? 10;
  for (const post of index.posts.slice(0, perPage)) assert.ok(home.includes(`href="${post.url}"`), `home links ${post.url}`);
  if (index.posts.length > perPage) {
    assert.ok(home.includes('href="/page/2/"'), 'home links page 2');
    const page2 = await (await fetch(suite.url + '/page/2/')).text();
    for (const post of index.posts.slice(perPage, 2 * perPage)) assert.ok(page2.includes(`href="${post.url}"`), `page 2 links ${post.url}`);
  }
  const missing = await fetch(suite.url + '/no/such/page/');
  assert.equal(missing.status, 404);
  assert.match(titleOf(await missing.text()), /^Page not found/);
  const feed = await fetch(suite.url + '/feed.xml');
  assert.equal(feed.status, 200);
  const atom = await feed.text();
  for (const post of index.posts.slice(0, 20)) assert.ok(atom.includes(`${post.url}"`), `feed has ${post.url}`);
  const sitemap = await (await fetch(suite.url + '/sitemap.xml')).text();
  for (const post of index.posts) assert.ok(sitemap.includes(`${post.url}</loc>`), `sitemap has ${post.url}`);
  assert.match(await (await fetch(suite.url + '/robots.txt')).text(), /Sitemap: https?:\/\/.*\/sitemap\.xml/);
});

test('a tag page links its own feed beside the site\'s, and that feed is Atom with the tag\'s posts', async (t) => {
  const post = await (await fetch(suite.url + index.posts[0].url)).text();
  const tagPath = decode(post.match(/href="(\/tags\/[^"]+\/)"/)[1]);
  const tagPage = await (await fetch(suite.url + tagPath)).text();
  const feeds = [...tagPage.matchAll(/<link rel="alternate" type="application\/atom\+xml" title="([^"]*)" href="([^"]*)" \/>/g)]
    .map((m) => decode(m[2]));
  assert.deepEqual(feeds, ['/feed.xml', `${tagPath}feed.xml`], `${tagPath}: its feed links`);
  const res = await fetch(suite.url + feeds[1]);
  assert.equal(res.status, 200, feeds[1]);
  assert.match(res.headers.get('content-type') ?? '', /xml/, feeds[1]);
  const xml = await res.text();
  await suite.page(t, async (page) => {
    const feed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      if (doc.querySelector('parsererror')) return { error: doc.querySelector('parsererror').textContent.slice(0, 200) };
      const entries = [...doc.querySelectorAll('entry')];
      return {
        root: doc.documentElement.localName,
        entries: entries.length,
        terms: entries.map((e) => [...e.querySelectorAll('category')].map((c) => c.getAttribute('term'))),
      };
    }, xml);
    assert.equal(feed.error, undefined, `${feeds[1]} is not well-formed XML: ${feed.error}`);
    assert.equal(feed.root, 'feed');
    assert.ok(feed.entries >= 1, `${feeds[1]} has entries`);
    const tag = decode(tagPage.match(/<title>Tagged “([^”]*)”/)[1]);
    const same = (term) => term.toLowerCase() === tag.toLowerCase();
    for (const terms of feed.terms) assert.ok(terms.some(same), `every entry is tagged ${tag}: ${terms}`);
  });
});

/** The page's frame and content as a reader gets it: how many of each part, and main's text. */
const frameOf = (page) => page.evaluate(() => ({
  skipLinks: document.querySelectorAll('a.skip-link').length,
  headers: document.querySelectorAll('header.site-header').length,
  mains: document.querySelectorAll('main').length,
  h1s: document.querySelectorAll('h1').length,
  text: document.querySelector('main')?.textContent.replace(/\s+/g, ' ').trim(),
}));

test('with JavaScript, the app takes over every entry file without duplicating the content', async (t) => {
  for (const path of [index.posts[0].url, '/', '/no/such/page/']) {
    // What the entry file shows on its own.
    const context = await suite.browser.newContext({ javaScriptEnabled: false });
    let shown;
    try {
      const page = await context.newPage();
      await page.goto(suite.url + path);
      shown = await frameOf(page);
    } finally {
      await context.close();
    }
    const { text, ...parts } = shown;
    assert.deepEqual(parts, { skipLinks: 1, headers: 1, mains: 1, h1s: 1 }, `${path}: the entry file's frame`);
    assert.ok(text, `${path}: the entry file shows content`);
    await suite.page(t, async (page) => {
      await page.goto(suite.url + path);
      await appStarted(page);
      await settled(page);
      await page.waitForTimeout(300);
      const live = await frameOf(page);
      assert.deepEqual(live, shown, `${path}: the app shows the page once, as the entry file did`);
      assert.deepEqual(unexpectedProblems(page, [/status of 404/]), []);
    });
  }
});

/** The content of the page's `<meta http-equiv="Content-Security-Policy">` as served, or null. */
function cspMetaOf(html) {
  const tag = html.match(/<meta\b[^>]*\bhttp-equiv=["']?Content-Security-Policy["']?[^>]*>/i)?.[0];
  return tag ? { tag, at: html.indexOf(tag), content: decode(tag.match(/\bcontent="([^"]*)"/i)?.[1] ?? '') } : null;
}

// A host that sends no header still enforces the policy: the builder writes it into every page.
test('with no Content-Security-Policy header, every page carries the policy in a <meta> and the app starts under it', async (t) => {
  const pages = [index.posts[0].url, '/', '/no/such/page/'];
  for (const path of pages) {
    const res = await fetch(suite.url + path);
    assert.equal(res.headers.get('content-security-policy'), null, `${path}: the plain server sends no policy header`);
    const html = await res.text();
    const meta = cspMetaOf(html);
    assert.ok(meta, `${path}: a <meta http-equiv="Content-Security-Policy"> in the page as served`);
    assert.match(meta.content, /(^|;)\s*script-src 'self'( |;|$)/, `${path}: script-src 'self' in ${meta.content}`);
    assert.doesNotMatch(meta.content, /'unsafe-inline'|'unsafe-eval'/, `${path}: no unsafe script source`);
    const head = html.slice(0, html.search(/<\/head>/i));
    assert.ok(meta.at < head.length, `${path}: the meta is in <head>`);
    const firstScript = html.search(/<script\b/i);
    assert.ok(firstScript === -1 || meta.at < firstScript, `${path}: the meta comes before the first <script> (a policy applies only after it)`);

    await suite.page(t, async (page) => {
      const response = await page.goto(suite.url + path);
      assert.equal(response.headers()['content-security-policy'], undefined, `${path}: no header in the browser either`);
      await settled(page);
      const live = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
      assert.match(live ?? '', /script-src 'self'/, `${path}: the policy is in the live page`);
      // The app started under the policy: no violation, no error (the harness records both).
      assert.deepEqual(unexpectedProblems(page, [/status of 404/]), [], `${path}: the app runs under the meta policy`);
      // And the policy is enforced: a script written into the page now is refused.
      const ran = await page.evaluate(() => {
        window.__inlineRan = false;
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true';
        document.head.append(script);
        return window.__inlineRan;
      });
      assert.equal(ran, false, `${path}: an inline script added to the page does not run`);
      const isRefusal = (p) => /^CSP violation: script-src/.test(p);
      for (const end = Date.now() + 5_000; !page.problems.some(isRefusal) && Date.now() < end;) await page.waitForTimeout(50);
      const refused = page.problems.filter(isRefusal);
      assert.ok(refused.length >= 1, `${path}: the refusal is reported as a CSP violation: ${page.problems.join(' | ')}`);
      const allowed = [/status of 404/, /^CSP violation: script-src(-elem)? blocked inline/, /Content Security Policy/];
      assert.deepEqual(unexpectedProblems(page, allowed), []);
    });
  }
});
