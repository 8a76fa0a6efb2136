// Deployed to Cloudflare Pages: the release build in dist/ served by Cloudflare's own runtime
// (`wrangler pages dev`, workerd, offline; support/wrangler.mjs), which reads our `_headers`
// and 404.html as Pages does. A deep link is its entry file; hashed assets are cached for a
// year; every page carries the security headers; an unknown path is our 404 page; a folder's
// path without its slash is redirected; the app starts in Chromium. Nothing leaves the machine.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtIndex, distDir } from './support/site.mjs';
import { unexpectedProblems } from './support/browser.mjs';
import { startWrangler, COMPATIBILITY_DATE, wranglerVersion, workerdDate } from './support/wrangler.mjs';
import { useSite } from './support/suite.mjs';

const index = builtIndex();
const post = index.posts[0];
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** `_headers` as Cloudflare Pages reads it: [{ pattern, headers: [[name, value]] }]. */
function readHeadersFile() {
  const rules = [];
  for (const line of readFileSync(join(distDir, '_headers'), 'utf8').split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) rules.push({ pattern: line.trim(), headers: [] });
    else {
      const at = line.indexOf(':');
      rules.at(-1).headers.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return rules;
}

// Served by wrangler; Chromium only for the test that needs it.
const suite = useSite({
  server() {
    console.log(`wrangler ${wranglerVersion()}, workerd ${workerdDate()}, compatibility date ${COMPATIBILITY_DATE}`);
    return startWrangler(distDir);
  },
  browser: 'lazy',
});

test('a deep link to a post answers 200 with the post\'s entry file', async () => {
  const res = await fetch(suite.url + post.url, { redirect: 'manual' });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  const entry = readFileSync(join(distDir, post.url, 'index.html'), 'utf8');
  assert.equal(await res.text(), entry, 'the entry file, as built');
});

test('hashed assets (the wasm and the JS) are cached for a year, as _headers says', async () => {
  const hashed = readdirSync(distDir).filter((f) => /-[0-9a-f]{10,16}(_bg)?\.(wasm|js)$/.test(f));
  assert.ok(hashed.some((f) => f.endsWith('.wasm')) && hashed.some((f) => f.endsWith('.js')), `the wasm and the JS: ${hashed}`);
  const rules = readHeadersFile();
  for (const file of hashed) {
    assert.ok(rules.some((r) => r.pattern === `/${file}` && r.headers.some(([n, v]) => n === 'Cache-Control' && v === IMMUTABLE)), `_headers has ${file}`);
    const res = await fetch(`${suite.url}/${file}`);
    assert.equal(res.status, 200, file);
    assert.equal(res.headers.get('cache-control'), IMMUTABLE, file);
    if (file.endsWith('.wasm')) assert.equal(res.headers.get('content-type'), 'application/wasm');
    await res.arrayBuffer();
  }
});

test('every page carries the security headers of _headers', async () => {
  const all = readHeadersFile().find((r) => r.pattern === '/*');
  assert.ok(all, '_headers has a rule for /*');
  const names = all.headers.map(([n]) => n);
  for (const name of ['Content-Security-Policy', 'X-Content-Type-Options', 'Referrer-Policy', 'Permissions-Policy', 'X-Frame-Options']) {
    assert.ok(names.includes(name), `_headers sets ${name}`);
  }
  for (const path of [post.url, '/', '/archive/', '/no/such/page/']) {
    const res = await fetch(suite.url + path, { redirect: 'manual' });
    await res.text();
    for (const [name, value] of all.headers) assert.equal(res.headers.get(name), value, `${path}: ${name}`);
  }
});

test('an unknown path answers 404 with our 404 page', async () => {
  for (const path of ['/no/such/page/', '/blog/1999/01/nothing-here/', '/posts/missing.md']) {
    const res = await fetch(suite.url + path, { redirect: 'manual' });
    assert.equal(res.status, 404, path);
    assert.equal(await res.text(), readFileSync(join(distDir, '404.html'), 'utf8'), `${path}: the body is 404.html`);
  }
});

test('a folder\'s path without its trailing slash is redirected to it, as Pages does', async () => {
  for (const path of [post.url, '/archive/']) {
    const bare = path.replace(/\/$/, '');
    const res = await fetch(suite.url + bare, { redirect: 'manual' });
    assert.ok([301, 308].includes(res.status), `${bare}: ${res.status}`);
    assert.equal(new URL(res.headers.get('location'), suite.url).pathname, path, `${bare} goes to ${path}`);
  }
  // And an entry file asked for by name goes to its clean URL.
  const named = await fetch(`${suite.url}${post.url}index.html`, { redirect: 'manual' });
  assert.ok([301, 308].includes(named.status), `index.html: ${named.status}`);
  assert.equal(new URL(named.headers.get('location'), suite.url).pathname, post.url);
});

test('in Chromium through wrangler, a post opens and the app starts', async (t) => {
  await suite.page(t, async (page) => {
    await page.goto(suite.url + post.url);
    await page.waitForSelector('.post-body', { timeout: 15_000 });
    assert.equal(await page.textContent('h1.post-title'), post.title);
    assert.ok(await page.isVisible('h1.post-title'), 'the title is visible');
    assert.ok(await page.$('.site-header'), 'the app took over the page');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

// Last: everything above ran through the same wrangler.
test('wrangler reached nothing off this machine (no telemetry, no update check)', () => {
  assert.deepEqual(suite.site.networkAttempts(), [], `refused connections:\n${suite.site.output()}`);
  assert.doesNotMatch(suite.site.output(), /update available|newer version|unable to fetch/i);
});
