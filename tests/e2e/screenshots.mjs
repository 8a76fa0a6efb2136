// Takes screenshots of the main pages for people to look at (not a test):
//   node tests/e2e/screenshots.mjs [out-dir]
// Into out-dir (docs/screenshots/, shown in the README): home, a post, the header's search list
// and the search page, at 1280 and 375 px wide, in the light and the dark theme (the visible
// part of the page only, to keep the files small). Into tests/e2e/artifacts/screenshots/: the
// not-found page, a review post, an error and a loading state.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSite, builtIndex, repoRoot } from './support/site.mjs';
import { appStarted, launch, newPage, settled, unexpectedProblems, artifactsDir } from './support/browser.mjs';

const out = process.argv[2] ?? join(repoRoot, 'docs', 'screenshots');
const more = join(artifactsDir, 'screenshots');
mkdirSync(out, { recursive: true });
mkdirSync(more, { recursive: true });
const index = builtIndex();
const postUrl = (slug) => index.posts.find((p) => p.slug === slug)?.url ?? index.posts[0].url;

/** Types into the header's box and waits for its list, snippets included. */
async function openSearchList(page, q) {
  await page.locator('#search-input').pressSequentially(q, { delay: 20 });
  await page.waitForSelector('.search-popup:not([hidden]) .search-result');
  await page.waitForLoadState('networkidle');
}

const shown = [
  { name: 'home', path: '/' },
  { name: 'post', path: postUrl('incremental-builds-deep-dive') },
  { name: 'search-list', path: '/', then: (page) => openSearchList(page, 'wasm') },
  { name: 'search-page', path: '/search?q=review', ready: '.search-page-results .search-result' },
];
const looked = [
  { name: 'post-review', path: index.posts.find((p) => /review/.test(p.slug))?.url ?? index.posts[0].url },
  // Served with status 404, which the browser logs.
  { name: 'not-found', path: '/no/such/page', allowed: [/status of 404/] },
];

const sizes = [
  { label: 'desktop', viewport: { width: 1280, height: 800 } },
  { label: 'phone', viewport: { width: 375, height: 740 } },
];

const site = await startSite();
const browser = await launch();
try {
  for (const [dir, pages] of [[out, shown], [more, looked]]) {
    for (const { label, viewport } of sizes) {
      for (const scheme of ['light', 'dark']) {
        for (const { name, path, ready, then, allowed = [] } of pages) {
          const page = await newPage(browser, site.url, { viewport });
          await page.emulateMedia({ colorScheme: scheme });
          await page.goto(site.url + path);
          await (ready ? page.waitForSelector(ready) : settled(page));
          await appStarted(page);
          await page.waitForLoadState('networkidle');
          await then?.(page);
          await page.screenshot({ path: join(dir, `${name}-${label}-${scheme}.png`), animations: 'disabled' });
          const problems = unexpectedProblems(page, allowed);
          if (problems.length) console.warn(`${name} (${label}, ${scheme}):`, problems);
          await page.context().close();
        }
      }
    }
  }
  // The page a reader opens is in its entry file and shows whatever the network does; the app
  // fetches data itself when the reader moves on inside it. So the error and the loading state
  // are those of a page opened from another one: the index fails (it is fetched as the app
  // starts) and the home page is opened from a post; a post's body is held back and the post
  // is opened from the home page.
  const post = index.posts[0];
  site.fault('/posts/index.json', { status: 500 });
  const page = await newPage(browser, site.url);
  await page.goto(site.url + index.posts[1].url);
  await appStarted(page);
  await page.click('header.site-header .site-title');
  await page.waitForSelector('.error-view');
  await page.screenshot({ path: join(more, 'error-desktop-light.png') });
  site.clearFaults();
  const slow = site.hold('/' + post.body);
  try {
    await page.goto(site.url + '/');
    await appStarted(page);
    await page.click(`.post-card-title a[href="${post.url}"]`);
    await slow.requested();
    await page.waitForSelector('.skeleton');
    await page.screenshot({ path: join(more, 'loading-desktop-light.png') });
  } finally {
    slow.release();
  }
} finally {
  await browser.close();
  await site.stop();
}
console.log(`screenshots in ${out} and ${more}`);
