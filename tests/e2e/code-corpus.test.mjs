// Highlighted code on real posts: release announcements of the Rust blog corpus
// (../shared/corpus/rust-blog), with Rust, TOML and shell (`console`) blocks, built into a copy of
// the release build and served by nginx. In the browser, in the entry file and after in-app
// navigation, every one of those blocks is highlighted (`hl-` classes), in the light and the
// dark theme, where the same class has another colour; screenshots of both themes are kept in
// tests/e2e/artifacts/screenshots/ to look at.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appStarted, artifactsDir, unexpectedProblems } from './support/browser.mjs';
import { sharedCorpus } from './support/corpus.mjs';
import { buildTempSite } from './support/temp-site.mjs';
import { useSite } from './support/suite.mjs';

const rustBlog = sharedCorpus('rust-blog', 'highlighted code on the Rust blog\'s posts');
const POSTS = ['Rust-1.94.0.md', 'Rust-1.21.md'];
const LANGUAGES = ['rust', 'toml', 'console'];

/** A site of the corpus' posts named in POSTS, read in place. */
async function buildRustPosts() {
  const content = mkdtempSync(join(tmpdir(), 'quire-code-corpus-'));
  try {
    mkdirSync(join(content, 'posts'));
    for (const name of POSTS) copyFileSync(join(rustBlog, 'posts', name), join(content, 'posts', name));
    return await buildTempSite({ name: 'code-corpus', content, settings: 'title = "Rust Blog"\n' });
  } finally {
    rmSync(content, { recursive: true, force: true });
  }
}

const suite = useSite({ skip: !rustBlog, build: buildRustPosts, server: 'nginx' });
const post = () => suite.built.index.posts.find((p) => p.title === 'Announcing Rust 1.94.0');
/** The colours of the blocks' first tokens, by theme. */
const colours = {};

/**
 * Each code block of the page by language: how many there are, how many are highlighted, and
 * the colour of its first keyword or string span and of its plain text.
 */
const codeBlocks = (page) => page.$$eval('main .post-body pre[data-lang]', (pres) => pres.map((pre) => {
  const span = pre.querySelector('.hl-keyword, .hl-string, .hl-function, .hl-comment');
  return {
    lang: pre.dataset.lang,
    classes: [...new Set([...pre.querySelectorAll('[class^="hl-"]')].map((s) => s.className))].sort(),
    colour: span ? getComputedStyle(span).color : null,
    plain: getComputedStyle(pre.querySelector('code')).color,
  };
}));

function assertHighlighted(blocks, what) {
  for (const lang of LANGUAGES) {
    const ofLang = blocks.filter((b) => b.lang === lang);
    assert.ok(ofLang.length > 0, `${what}: a ${lang} block`);
    for (const block of ofLang) {
      assert.ok(block.classes.length >= 1 && block.colour, `${what}: the ${lang} block has token classes: ${JSON.stringify(block)}`);
      assert.notEqual(block.colour, block.plain, `${what}: a ${lang} token is coloured`);
    }
  }
  const rust = blocks.find((b) => b.lang === 'rust');
  assert.ok(rust.classes.length >= 3, `${what}: Rust gets several classes: ${rust.classes}`);
}

for (const scheme of ['light', 'dark']) {
  test(`${scheme}: the corpus post's Rust, TOML and shell blocks are highlighted, entry file and app`, async (t) => {
    if (!rustBlog) return t.skip('no rust-blog corpus');
    await suite.page(t, async (page) => {
      await page.emulateMedia({ colorScheme: scheme });
      const response = await page.goto(suite.url + post().url);
      assert.equal(response.status(), 200);
      const entry = await codeBlocks(page);
      assertHighlighted(entry, `${scheme}, entry file`);

      await page.goto(suite.url + '/');
      await appStarted(page);
      await page.click(`main a[href="${post().url}"]`);
      await page.waitForFunction((url) => location.pathname === url && document.querySelector('main .post-body pre .hl-keyword'),
        post().url, { timeout: 15_000 });
      const app = await codeBlocks(page);
      assert.deepEqual(app, entry, `${scheme}: the app shows what the entry file shows`);
      await page.locator('main .post-body pre[data-lang="toml"]').first().scrollIntoViewIfNeeded();
      mkdirSync(join(artifactsDir, 'screenshots'), { recursive: true });
      await page.screenshot({ path: join(artifactsDir, 'screenshots', `code-corpus-${scheme}.png`) });
      assert.deepEqual(unexpectedProblems(page), []);
      colours[scheme] = app.map((b) => b.colour);
    });
  });
}

test('the two themes colour the same tokens differently', (t) => {
  if (!rustBlog) return t.skip('no rust-blog corpus');
  const { light, dark } = colours;
  assert.ok(light && dark, 'both themes were shown');
  assert.equal(light.length, dark.length);
  assert.ok(light.some((c, i) => c !== dark[i]), `light ${light} and dark ${dark} differ`);
});
