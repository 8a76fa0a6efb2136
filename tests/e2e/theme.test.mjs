// Light and dark (PRODUCT.md §5): the system's preference by default, a toggle in the header
// that is remembered, and a remembered theme that is already there when the page is first
// painted (public/theme.js, a blocking external script, sets it before <body> exists and
// long before the app runs). Print styles: black on white, without the app's controls.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtIndex, distDir } from './support/site.mjs';
import { appStarted, settled, unexpectedProblems } from './support/browser.mjs';
import { useSite } from './support/suite.mjs';

const suite = useSite();
const index = builtIndex();
const LIGHT_BG = 'rgb(252, 251, 248)';
const DARK_BG = 'rgb(22, 24, 28)';
const wasmPath = '/' + readFileSync(join(distDir, 'app.html'), 'utf8').match(/quire-[0-9a-f]{10,16}_bg\.wasm/)[0];

const bodyBackground = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const pressed = (page) => page.getAttribute('.theme-toggle', 'aria-pressed');
const dataTheme = (page) => page.evaluate(() => document.documentElement.dataset.theme ?? null);

/**
 * Records the theme as the document is parsed: when <body> first exists (the parser is past
 * <head>, nothing painted yet) and at DOMContentLoaded (stylesheets applied, the app not yet
 * mounted). Kept in sessionStorage, so it survives the reload it watches.
 */
async function watchFirstFrames(page) {
  await page.addInitScript(() => {
    const record = (when) => {
      const frames = JSON.parse(sessionStorage.getItem('frames') ?? '[]');
      frames.push({
        when,
        theme: document.documentElement?.dataset.theme ?? null,
        colorScheme: document.querySelector('meta[name="color-scheme"]')?.content ?? null,
        background: when === 'DOMContentLoaded' ? getComputedStyle(document.body).backgroundColor : null,
        appMounted: document.documentElement.dataset.quireApp === 'started',
      });
      sessionStorage.setItem('frames', JSON.stringify(frames));
    };
    const observer = new MutationObserver(() => {
      if (document.body) {
        observer.disconnect();
        record('body');
      }
    });
    observer.observe(document, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', () => record('DOMContentLoaded'));
  });
}

const frames = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('frames') ?? '[]'));

test('the system preference applies until the reader chooses', async (t) => {
  await suite.page(t, async (page) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(suite.url + '/');
    await settled(page);
    await appStarted(page);
    assert.equal(await dataTheme(page), null, 'no choice stored, none applied');
    assert.equal(await bodyBackground(page), DARK_BG);
    assert.equal(await pressed(page), 'true', 'the toggle says dark is on');
    const name = await page.locator('.theme-toggle').evaluate((b) => b.textContent.trim());
    assert.equal(name, 'Dark theme');
    // The system switching while the page is open is followed, by the page and the toggle.
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await bodyBackground(page), LIGHT_BG);
    await page.waitForFunction(() => document.querySelector('.theme-toggle').getAttribute('aria-pressed') === 'false');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('a chosen light theme beats a dark system, survives reload and is there before the first paint', async (t) => {
  await suite.page(t, async (page) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(suite.url + '/');
    await settled(page);
    await appStarted(page);
    await page.click('.theme-toggle');
    assert.equal(await dataTheme(page), 'light');
    assert.equal(await bodyBackground(page), LIGHT_BG);
    assert.equal(await pressed(page), 'false');
    assert.equal(await page.evaluate(() => localStorage.getItem('quire-theme')), 'light');
    assert.equal(await page.getAttribute('meta[name="color-scheme"]', 'content'), 'light');
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), 'light');

    // Reload with the app held back (its wasm held by the proxy until released below): the
    // page is light before any of the app's code runs.
    await watchFirstFrames(page);
    const app = suite.site.hold(wasmPath);
    try {
      await page.reload({ waitUntil: 'domcontentloaded' });
      await app.requested();
      const [atBody, atLoaded] = await frames(page);
      assert.equal(atBody.when, 'body');
      assert.equal(atBody.theme, 'light', 'set before <body> is parsed');
      assert.equal(atBody.colorScheme, 'light');
      assert.equal(atLoaded.when, 'DOMContentLoaded');
      assert.equal(atLoaded.theme, 'light');
      assert.equal(atLoaded.background, LIGHT_BG, 'styled light with the stylesheets applied');
      assert.equal(atLoaded.appMounted, false, 'the app had not run yet');
      assert.equal(await bodyBackground(page), LIGHT_BG);
      assert.equal(await dataTheme(page), 'light');
      assert.equal(await page.evaluate(() => document.documentElement.dataset.quireApp), undefined, 'the app is still held back');
    } finally {
      suite.site.clearFaults();
    }
    await settled(page);
    await appStarted(page);
    assert.equal(await pressed(page), 'false');
    assert.equal(await bodyBackground(page), LIGHT_BG);
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('a chosen dark theme beats a light system on every page, and the toggle works from the keyboard', async (t) => {
  await suite.page(t, async (page) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(suite.url + '/');
    await settled(page);
    await appStarted(page);
    await page.focus('#search-input');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'theme-toggle', 'Tab after the search box');
    await page.keyboard.press('Enter');
    assert.equal(await pressed(page), 'true');
    assert.equal(await bodyBackground(page), DARK_BG);
    await page.keyboard.press('Space');
    assert.equal(await pressed(page), 'false');
    await page.keyboard.press('Space');
    assert.equal(await dataTheme(page), 'dark');

    // A deep link is a fresh load of another entry file.
    await watchFirstFrames(page);
    const post = index.posts[0];
    await page.goto(suite.url + post.url);
    await settled(page);
    await appStarted(page);
    const [atBody, atLoaded] = await frames(page);
    assert.equal(atBody.theme, 'dark');
    assert.equal(atLoaded.background, DARK_BG);
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), 'dark');
    assert.equal(await pressed(page), 'true');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('the entry files load theme.js as a blocking script in <head>, before the stylesheets', () => {
  const post = index.posts[0];
  for (const file of ['index.html', 'app.html', '404.html', 'search/index.html', join(post.url, 'index.html')]) {
    const html = readFileSync(join(distDir, file), 'utf8');
    const head = html.slice(0, html.indexOf('</head>'));
    const tag = head.match(/<script[^>]*src="\/theme(-[0-9a-f]+)?\.js"[^>]*><\/script>/);
    assert.ok(tag, `${file} loads theme.js in <head>`);
    assert.doesNotMatch(tag[0], /defer|async|type="module"/, `${file}: theme.js must block`);
    assert.ok(tag.index < head.indexOf('rel="stylesheet"'), `${file}: theme.js before the stylesheets`);
  }
});

test('printing: black on white, no controls, outside links and videos spelled out', async (t) => {
  const post = index.posts.find((p) => p.slug === 'markdown-at-the-speed-of-wasm-talk');
  assert.ok(post, 'the talk post (a video and outside links) exists');
  await suite.page(t, async (page) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(suite.url + post.url + '?highlight=wasm');
    // The app's own page (its marks bar), then the body it rendered (in its render worker,
    // so it comes after the bar), not the entry file's.
    await page.waitForSelector('.marks-bar');
    await page.waitForSelector('.post-body .video-embed');
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    const printed = await page.evaluate(() => {
      const style = (sel, pseudo) => {
        const el = document.querySelector(sel);
        return el && getComputedStyle(el, pseudo);
      };
      const hidden = ['.skip-link', '.site-nav', '.search-box', '.theme-toggle', '.marks-bar', '.video-play']
        .filter((sel) => style(sel).display !== 'none');
      const outside = document.querySelector('.post-body a[href^="https://"]');
      return {
        shownControls: hidden,
        body: [style('body').backgroundColor, style('body').color],
        html: style('html').backgroundColor,
        linkAfter: style('.post-body a[href^="https://"]', '::after').content,
        href: outside.getAttribute('href'),
        video: style('.video-embed', '::after').content,
        videoBackground: style('.video-embed').backgroundImage,
      };
    });
    assert.deepEqual(printed.shownControls, [], 'controls hidden in print');
    assert.deepEqual(printed.body, ['rgb(255, 255, 255)', 'rgb(0, 0, 0)'], 'black on white even in the dark theme');
    assert.equal(printed.html, 'rgba(0, 0, 0, 0)', 'no page-wide background');
    assert.equal(printed.linkAfter, `" (${printed.href})"`);
    assert.match(printed.video, /^"Video: .+\(https:\/\/(www\.youtube\.com\/watch\?v=|vimeo\.com\/)/);
    assert.equal(printed.videoBackground, 'none');
    await page.emulateMedia({ media: 'screen' });
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.querySelector('.site-nav')).display), 'none');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});
