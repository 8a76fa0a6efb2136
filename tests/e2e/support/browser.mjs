// Debian's Chromium, headless, driven by playwright-core. Every page records console errors and
// page errors; a test ends by asserting there were none it did not expect. Failures leave a
// screenshot in tests/e2e/artifacts/.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './site.mjs';

export const artifactsDir = join(repoRoot, 'tests', 'e2e', 'artifacts');

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh page whose problems are collected in `page.problems`. Requests to any host other
 * than the site are blocked and recorded as problems too: the app must not need them.
 */
export async function newPage(browser, siteUrl, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await recordProblems(page, siteUrl);
  return page;
}

/**
 * Collects the problems of `page` in `page.problems`: console errors, page errors, and requests
 * to any host other than `siteUrl`'s (blocked: the app must not need them); with `csp`,
 * Content-Security-Policy violations too, which the browser may not log (reported through an
 * exposed function; support/xss-probe.mjs does without it, see there).
 */
export async function recordProblems(page, siteUrl, { csp = true } = {}) {
  const problems = [];
  page.problems = problems;
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  if (csp) {
    await page.exposeFunction('__cspViolation', (v) => problems.push(`CSP violation: ${v}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
      });
    });
  }
  const origin = new URL(siteUrl).origin;
  await page.context().route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
    problems.push(`request outside the site: ${url}`);
    return route.abort();
  });
  return problems;
}

/**
 * The problems of a page other than those a test provoked on purpose: `allowed` are regexes for
 * messages that are expected (the browser logs failed requests of injected faults).
 */
export function unexpectedProblems(page, allowed = []) {
  return page.problems.filter((p) => !allowed.some((re) => re.test(p)));
}

/**
 * Runs `fn(page)` on a fresh page; on failure keeps a full-page screenshot in
 * tests/e2e/artifacts/ and rethrows. The page's context is closed either way.
 */
export async function withPage(t, browser, siteUrl, fn, options) {
  const page = await newPage(browser, siteUrl, options);
  try {
    await fn(page);
  } catch (err) {
    mkdirSync(artifactsDir, { recursive: true });
    const name = t.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 80);
    await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true }).catch(() => {});
    throw err;
  } finally {
    await page.context().close();
  }
}

/** Waits for the app to show either a post list, a post, the not-found page or an error view. */
export async function settled(page) {
  await page.waitForSelector('.post-list, .post-body, .not-found, .error-view', { timeout: 15_000 });
}

/**
 * Waits until the app has mounted: it sets `data-quire-app="started"` on <html> then
 * (src/main.rs). Every page shows from its entry file before; only from then on do links open
 * inside the app, and the app's own controls (search box, theme toggle) answer.
 */
export function appStarted(page, { timeout = 15_000 } = {}) {
  return page.waitForFunction(() => document.documentElement.dataset.quireApp === 'started', null, { timeout });
}

/**
 * Follows a link to `href` that the page does not show: adds one, clicks it and takes it away
 * (the app handles the click as a reader's, once it has started).
 */
export function clickLinkTo(page, href) {
  return page.evaluate((href) => {
    const a = Object.assign(document.createElement('a'), { href });
    document.body.append(a);
    a.click();
    a.remove();
  }, href);
}

/**
 * The Atom feeds a head links (`<link rel="alternate">`, each `{ title, href }`, in order): the
 * page's document's now, or with `html` those of that entry file as served.
 */
export function feedLinks(page, html) {
  return page.evaluate((html) => {
    const doc = html === null ? document : new DOMParser().parseFromString(html, 'text/html');
    return [...doc.head.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]')]
      .map((link) => ({ title: link.getAttribute('title'), href: link.getAttribute('href') }));
  }, html ?? null);
}

/** The titles of the post cards on the page, as shown. */
export function cardTitles(page) {
  return page.$$eval('.post-card-title a', (as) => as.map((a) => a.textContent.trim()));
}

/**
 * Sums the page's layout shifts (its CLS; a shift right after input does not count) from its
 * first moment on: call before `page.goto`, then read the sum with `layoutShift(page)`.
 */
export async function watchLayoutShift(page) {
  await page.addInitScript(() => {
    window.__layoutShift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__layoutShift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The layout shift `watchLayoutShift(page)` has summed so far. */
export function layoutShift(page) {
  return page.evaluate(() => window.__layoutShift);
}
