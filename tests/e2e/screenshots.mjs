// Takes screenshots of the main pages for people to look at (not a test):
//   node tests/e2e/screenshots.mjs [out-dir]
import { mkdirSync } from 'node:fs';
import { startSite, builtIndex } from './support/site.mjs';
import { launch, newPage, settled } from './support/browser.mjs';

const out = process.argv[2] ?? 'tests/e2e/artifacts/screenshots';
mkdirSync(out, { recursive: true });
const index = builtIndex();
const site = await startSite();
const browser = await launch();
const pages = [
  ['home', '/'],
  ['post-long', index.posts.find((p) => p.slug === 'incremental-builds-deep-dive')?.url ?? index.posts[0].url],
  ['post-review', index.posts.find((p) => /review/.test(p.slug))?.url ?? index.posts[0].url],
  ['not-found', '/no/such/page'],
];
try {
  for (const [width, label] of [[1280, 'desktop'], [375, 'phone']]) {
    for (const scheme of ['light', 'dark']) {
      for (const [name, path] of pages) {
        const page = await newPage(browser, site.url, { viewport: { width, height: 900 } });
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(site.url + path);
        await settled(page);
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: `${out}/${name}-${label}-${scheme}.png`, fullPage: false });
        await page.context().close();
      }
    }
  }
  site.fault('/posts/index.json', { status: 500 });
  const page = await newPage(browser, site.url);
  await page.goto(site.url + '/');
  await page.waitForSelector('.error-view');
  await page.screenshot({ path: `${out}/error-desktop-light.png` });
  site.clearFaults();
  site.fault('/posts/index.json', { delayMs: 3000 });
  await page.goto(site.url + '/');
  await page.waitForSelector('.skeleton');
  await page.screenshot({ path: `${out}/loading-desktop-light.png` });
} finally {
  await browser.close();
  await site.stop();
}
console.log(`screenshots in ${out}`);
