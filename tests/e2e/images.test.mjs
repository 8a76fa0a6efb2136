// Images that neither shift nor wait: on the served release build, a post's banner and body
// images carry the width and height of their files, the raster image offers resized copies in
// a srcset whose every candidate is served as an image of the width it claims, the banner is
// fetched at once with high priority and body images lazily; the same in the entry file (first
// load, JavaScript off and on) and after in-app navigation, and under a sub-path
// (`make dist-subpath`), where every candidate carries the prefix.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtIndex } from './support/site.mjs';
import { appStarted, layoutShift, unexpectedProblems, watchLayoutShift } from './support/browser.mjs';
import { SUB, withSubpathSite } from './support/subpath.mjs';
import { useSite } from './support/suite.mjs';

const index = builtIndex();
/** An entry of a post's `images`, `width height copy-widths… /path`, has copies. */
const hasCopies = (entry) => entry.slice(0, entry.indexOf('/')).trim().split(/\s+/).length > 2;
/** The post whose body has a raster image with resized copies (the sample site has one). */
const post = index.posts.find((p) => (p.images ?? []).some(hasCopies));

const suite = useSite({
  setup() {
    assert.ok(post, 'a post of the sample site shows a raster image with resized copies');
    assert.ok(post.banner, `${post.url} has a banner`);
  },
});

/** The banner's and the body's images, with the attributes that size and fetch them. */
const imagesOf = (page) => page.$$eval('main .post-banner img, main .post-body img', (imgs) => imgs.map((i) => ({
  place: i.closest('.post-banner') ? 'banner' : 'body',
  src: i.getAttribute('src'),
  width: i.getAttribute('width'),
  height: i.getAttribute('height'),
  srcset: i.getAttribute('srcset'),
  sizes: i.getAttribute('sizes'),
  loading: i.getAttribute('loading'),
  fetchpriority: i.getAttribute('fetchpriority'),
})));

/** The pixel size a PNG or SVG file declares (PNG: its IHDR; SVG: width/height, else viewBox). */
function declaredSize(bytes, type) {
  if (type === 'image/png') {
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (type.startsWith('image/svg')) {
    const root = /<svg\b[^>]*>/.exec(new TextDecoder().decode(bytes))?.[0] ?? '';
    const attr = (name) => new RegExp(`\\s${name}="([^"]*)"`).exec(root)?.[1];
    const [, , vw, vh] = (attr('viewBox') ?? '').split(/[\s,]+/).map(Number);
    const width = parseFloat(attr('width') ?? vw);
    const height = parseFloat(attr('height') ?? vh);
    return { width: Math.round(width), height: Math.round(height) };
  }
  throw new Error(`no size reader for ${type}`);
}

/** Fetches a served URL: status, content type and, for an image, the size its file declares. */
async function served(origin, url) {
  const response = await fetch(origin + url);
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim();
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, type, size: type.startsWith('image/') ? declaredSize(bytes, type) : null };
}

/** `url 480w, …` as [{ url, width }]. */
const candidates = (srcset) => srcset.split(',').map((c) => {
  const [url, descriptor] = c.trim().split(/\s+/);
  return { url, width: Number(descriptor.replace(/w$/, '')) };
});

/**
 * Every image's width and height are its file's; the raster one's srcset lists copies, then
 * the file itself at its width, each served (200, an image) at the width it claims and the
 * same shape; the banner is eager with high priority, body images lazy; every URL has `prefix`.
 */
async function assertSizedImages(origin, images, prefix = '') {
  assert.ok(images.some((i) => i.place === 'banner'), 'the banner is there');
  const raster = images.filter((i) => /\.(png|jpe?g)$/i.test(i.src));
  assert.ok(raster.length >= 1, `a raster image: ${JSON.stringify(images)}`);
  for (const image of images) {
    const what = `${image.place} ${image.src}`;
    assert.ok(image.src.startsWith(`${prefix}/assets/img/`), `${what}: under ${prefix}/`);
    const file = await served(origin, image.src);
    assert.equal(file.status, 200, what);
    assert.match(file.type, /^image\//, what);
    assert.deepEqual({ width: image.width, height: image.height },
      { width: String(file.size.width), height: String(file.size.height) }, `${what}: width and height are the file's`);
    if (image.place === 'banner') {
      assert.equal(image.loading, null, `${what}: fetched at once`);
      assert.equal(image.fetchpriority, 'high', `${what}: with high priority`);
    } else {
      assert.equal(image.loading, 'lazy', what);
    }
    if (!raster.includes(image)) {
      assert.equal(image.srcset, null, `${what}: an SVG has no copies`);
      continue;
    }
    assert.ok(image.srcset, `${what}: has a srcset`);
    assert.match(image.sizes ?? '', /39\.5rem/, `${what}: sized to the post column`);
    const set = candidates(image.srcset);
    assert.ok(set.length >= 2, `${what}: copies and the original: ${image.srcset}`);
    assert.deepEqual(set.at(-1), { url: image.src, width: file.size.width }, `${what}: the original comes last`);
    for (const { url, width } of set) {
      assert.ok(url.startsWith(`${prefix}/assets/img/`), `${url}: under ${prefix}/`);
      const copy = await served(origin, url);
      assert.equal(copy.status, 200, url);
      assert.match(copy.type, /^image\//, url);
      assert.equal(copy.size.width, width, `${url}: as wide as its descriptor`);
      const height = Math.round((width * file.size.height) / file.size.width);
      assert.ok(Math.abs(copy.size.height - height) <= 1, `${url}: the same shape (${copy.size.height} ≠ ${height})`);
    }
  }
}

/** Every image shows: scrolled to (the lazy ones), loaded, from one of its own URLs. */
async function assertLoaded(page) {
  for (const img of await page.$$('main img')) await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.querySelectorAll('main img')].every((i) => i.complete), null, { timeout: 10_000 });
  const shown = await page.$$eval('main img', (imgs) => imgs.map((i) => ({
    ok: i.naturalWidth > 0,
    from: [i.getAttribute('src'), ...(i.getAttribute('srcset') ?? '').split(',').map((c) => c.trim().split(/\s+/)[0])]
      .filter(Boolean)
      .some((u) => new URL(u, location.href).href === i.currentSrc),
    src: i.currentSrc,
  })));
  for (const image of shown) assert.deepEqual({ ok: image.ok, from: image.from }, { ok: true, from: true }, image.src);
}

/** The post's images as the entry file shows them, JavaScript off. */
async function entryImages(origin, path) {
  const context = await suite.browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    const response = await page.goto(origin + path);
    assert.equal(response.status(), 200, path);
    return await imagesOf(page);
  } finally {
    await context.close();
  }
}

test('the entry file sizes every image of the post and offers the raster one in smaller copies', async () => {
  await assertSizedImages(suite.url, await entryImages(suite.url, post.url));
});

test('the app keeps the entry file\'s images on first load and renders the same after in-app navigation', async (t) => {
  const entry = await entryImages(suite.url, post.url);
  await suite.page(t, async (page) => {
    const failed = [];
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
    await watchLayoutShift(page);
    await page.goto(suite.url + post.url);
    await appStarted(page);
    assert.deepEqual(await imagesOf(page), entry, 'first load: the entry file\'s images');
    await assertLoaded(page);
    await page.waitForTimeout(300);
    assert.equal(await layoutShift(page), 0, 'CLS: every image had its space before it loaded');

    // Elsewhere, then to the post inside the app, which renders it itself.
    await page.goto(suite.url + '/archive/');
    await appStarted(page);
    await page.click(`main a[href="${post.url}"]`);
    await page.waitForFunction((p) => location.pathname === p, post.url);
    await page.waitForSelector('main .post-body img');
    assert.deepEqual(await imagesOf(page), entry, 'in-app navigation: the same images, attribute for attribute');
    await assertLoaded(page);
    assert.deepEqual(failed, [], 'no request failed');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

test('under a sub-path every image URL and every srcset candidate carries the prefix', async (t) => {
  await withSubpathSite(t, async (url) => {
    const images = await entryImages(url, SUB + post.url);
    await assertSizedImages(url, images, SUB);
    await suite.page(t, async (page) => {
      await page.goto(`${url}${SUB}/archive/`);
      await appStarted(page);
      await page.click(`main a[href="${SUB}${post.url}"]`);
      await page.waitForSelector('main .post-body img');
      assert.deepEqual(await imagesOf(page), images, 'the app renders what the entry file shows');
      await assertLoaded(page);
      assert.deepEqual(unexpectedProblems(page), []);
    }, { url });
  });
});
