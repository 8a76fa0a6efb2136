// A site with its own URL pattern: four posts of ours (two with one slug, one of them in a
// section, `content/posts/inside-team/`) built with `permalink` and the old default pattern as
// `previous_permalinks`, served by nginx with our rules. Every post is at its new URL, every old
// URL leads there, the sections keep apart, the app links the new URLs; and in-app navigation
// keeps the head's feed links those of the page's entry file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTempSite } from './support/temp-site.mjs';
import { appStarted, feedLinks, settled, unexpectedProblems } from './support/browser.mjs';
import { useSite } from './support/suite.mjs';

const SITE_TITLE = 'Harbour Notes';
const SETTINGS = [
  `title = "${SITE_TITLE}"`,
  'description = "Notes from a small harbour of maintainers"',
  'base_url = "https://harbour.example/"',
  'permalink = "/:section/:year/:month/:day/:title/"',
  // The default pattern, which these posts had before.
  'previous_permalinks = ["/blog/:section/:year/:month/:title/"]',
  '',
].join('\n');

/** The posts, by their path in `content/posts/`; `url` and `old` are what the build must give. */
const POSTS = [
  {
    file: '2025-03-04-field-notes.md',
    title: 'Field Notes from the Spring Release',
    url: '/2025/03/04/field-notes/',
    old: '/blog/2025/03/field-notes/',
    text: `---
title: "Field Notes from the Spring Release"
author: Mira Okafor
tags: [releases, field-notes]
---
The spring release went out on a Tuesday, the one day nobody on the team has a standing meeting.

## What went well

The changelog was written while the work happened, not the night before, and it showed.

## What we would change

Two of the release notes pointed at pages that had moved. Next time the notes get read aloud.
`,
  },
  {
    file: '2025-02-11-retro.md',
    title: 'What Our Build Times Told Us',
    url: '/2025/02/11/retro/',
    old: '/blog/2025/02/retro/',
    text: `---
title: "What Our Build Times Told Us"
author: Jonas Beck
tags: [builds]
---
Lighthouse keepers log the weather every hour; we started logging build times every merge.

After a month the slowest step was not the compiler but the archive of test fixtures, unpacked
afresh on every run. Caching it took an afternoon and saved a third of every build.
`,
  },
  {
    file: 'inside-team/2025-02-11-retro.md',
    title: 'Inside the Team: A Retro on Retros',
    url: '/inside-team/2025/02/11/retro/',
    old: '/blog/inside-team/2025/02/retro/',
    text: `---
title: "Inside the Team: A Retro on Retros"
author: Mira Okafor
tags: [team, field-notes]
---
Rowing crews review a race on the jetty before anyone has changed; we hold our retros the same day.

This one was about the retros themselves: shorter, with one question each, and notes that leave
the room in the form of issues rather than slides.
`,
  },
  {
    file: '2024-12-20-winter-checklist.md',
    title: 'A Winter Checklist for Maintainers',
    url: '/2024/12/20/winter-checklist/',
    old: '/blog/2024/12/winter-checklist/',
    text: `---
title: "A Winter Checklist for Maintainers"
author: Jonas Beck
tags: [maintenance]
---
Before the harbour freezes, boats come out of the water; before the holidays, we rotate tokens.

The list is short on purpose: expiring credentials, pinned versions, and who answers the pager.
`,
  },
];

/** The first words of a post's body, as a reader sees them. */
const firstWords = (post) => post.text.split('---\n')[2].trim().split(/\s+/).slice(0, 5).join(' ');

async function buildSite() {
  const content = mkdtempSync(join(tmpdir(), 'quire-permalinks-content-'));
  try {
    for (const post of POSTS) {
      const file = join(content, 'posts', post.file);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, post.text);
    }
    return await buildTempSite({ name: 'permalinks', content, settings: SETTINGS });
  } finally {
    rmSync(content, { recursive: true, force: true });
  }
}

const suite = useSite({ build: buildSite, server: 'nginx' });

/** The index record of a post of POSTS. */
const built = (post) => suite.built.index.posts.find((p) => p.title === post.title);

test('the build moves every post to the pattern and keeps its old URL', () => {
  const found = suite.built.index.posts.map((p) => [p.title, p.url, p.aliases ?? []]).sort();
  const expected = POSTS.map((p) => [p.title, p.url, [p.old]]).sort();
  assert.deepEqual(found, expected);
  assert.equal(suite.built.index.site.permalink, '/:section/:year/:month/:day/:title/');
  assert.doesNotMatch(suite.built.stderr, /warning|error/, 'the build says nothing');
});

test('every post answers at its new URL with its title, and the app shows it', async (t) => {
  for (const post of POSTS) {
    const res = await fetch(suite.url + post.url);
    assert.equal(res.status, 200, post.url);
    assert.ok((await res.text()).includes(`<title>${post.title} · ${SITE_TITLE}</title>`), `${post.url}: entry file title`);
    await suite.page(t, async (page) => {
      const response = await page.goto(suite.url + post.url);
      assert.equal(response.status(), 200, post.url);
      await settled(page);
      await appStarted(page);
      assert.equal(await page.textContent('h1.post-title'), post.title, post.url);
      assert.ok((await page.textContent('.post-body')).includes(firstWords(post)), `${post.url}: its body`);
      assert.equal(new URL(page.url()).pathname, post.url);
      assert.deepEqual(unexpectedProblems(page), [], post.url);
    });
  }
});

test('every old URL lands on the post\'s new URL', async (t) => {
  for (const post of POSTS) {
    const redirect = await fetch(suite.url + post.old, { redirect: 'manual' });
    assert.equal(redirect.status, 200, `${post.old}: the builder's redirect page`);
    assert.ok((await redirect.text()).includes(`content="0; url=${post.url}"`), `${post.old} names ${post.url}`);
    await suite.page(t, async (page) => {
      await page.goto(suite.url + post.old);
      await page.waitForURL(suite.url + post.url);
      await settled(page);
      assert.equal(await page.textContent('h1.post-title'), post.title, post.old);
      assert.match(await page.title(), new RegExp(`^${post.title} · `), post.old);
      assert.deepEqual(unexpectedProblems(page), [], post.old);
    });
  }
});

test('two posts with one slug in different sections keep apart', async (t) => {
  const [top, inside] = POSTS.filter((p) => p.file.endsWith('-retro.md')).map(built);
  assert.ok(top && inside, 'both retro posts are in the index');
  assert.equal(top.slug, inside.slug);
  assert.notEqual(top.url, inside.url);
  assert.notEqual(top.body, inside.body, 'each has its own body file');
  const bodies = [top, inside].map((p) => readFileSync(join(suite.built.root, p.body), 'utf8'));
  assert.notEqual(bodies[0], bodies[1]);
  for (const post of POSTS.filter((p) => p.file.endsWith('-retro.md'))) {
    const other = POSTS.find((p) => p.file.endsWith('-retro.md') && p !== post);
    await suite.page(t, async (page) => {
      await page.goto(suite.url + post.url);
      await settled(page);
      await appStarted(page);
      assert.equal(await page.textContent('h1.post-title'), post.title);
      const text = await page.textContent('.post-body');
      assert.ok(text.includes(firstWords(post)), `${post.url} shows its own body`);
      assert.ok(!text.includes(firstWords(other)), `${post.url} does not show ${other.url}'s body`);
      assert.deepEqual(unexpectedProblems(page), [], post.url);
    });
  }
});

test('inside the app, a post opened from the home page is at its new URL', async (t) => {
  for (const post of POSTS) {
    await suite.page(t, async (page) => {
      await page.goto(suite.url + '/');
      await page.waitForSelector('.post-list .post-card');
      await appStarted(page);
      await page.evaluate(() => { window.__sameDocument = true; });
      await page.click(`.post-card-title a[href="${post.url}"]`);
      await page.waitForFunction((title) => document.querySelector('h1.post-title')?.textContent === title, post.title);
      await page.waitForSelector('.post-body');
      assert.equal(new URL(page.url()).pathname, post.url);
      assert.ok((await page.textContent('.post-body')).includes(firstWords(post)), `${post.url}: its body`);
      assert.equal(await page.evaluate(() => window.__sameDocument), true, `${post.url}: no full page load`);
      assert.deepEqual(unexpectedProblems(page), [], post.url);
    });
  }
});

test('inside the app, the head links the feeds the page\'s entry file links', async (t) => {
  const post = POSTS[0];
  /** Waits for the app to show the page titled `title`, then compares its feeds with `path`'s entry file. */
  const sameFeedsAs = async (page, path, title) => {
    const full = title ? `${title} · ${SITE_TITLE}` : SITE_TITLE;
    await page.waitForFunction((full) => document.title === full, full);
    const entry = await (await fetch(suite.url + path)).text();
    const expected = await feedLinks(page, entry);
    assert.deepEqual(await feedLinks(page), expected, `${path}: the head's feeds`);
    return expected;
  };
  await suite.page(t, async (page) => {
    await page.goto(suite.url + post.url);
    await settled(page);
    await appStarted(page);
    await page.evaluate(() => { window.__sameDocument = true; });
    const site = { title: SITE_TITLE, href: '/feed.xml' };
    assert.deepEqual(await sameFeedsAs(page, post.url, post.title), [site]);

    await page.click('.post-tags a[href="/tags/field-notes/"]');
    assert.deepEqual(await sameFeedsAs(page, '/tags/field-notes/', 'Tagged “field-notes”'), [
      site,
      { title: `Tagged “field-notes” · ${SITE_TITLE}`, href: '/tags/field-notes/feed.xml' },
    ]);
    // From one list to another: the author's feed takes the tag's place.
    await page.click('.post-card .post-authors a[href="/authors/mira-okafor/"] >> nth=0');
    assert.deepEqual(await sameFeedsAs(page, '/authors/mira-okafor/', 'Posts by Mira Okafor'), [
      site,
      { title: `Posts by Mira Okafor · ${SITE_TITLE}`, href: '/authors/mira-okafor/feed.xml' },
    ]);
    await page.click('.site-title');
    assert.deepEqual(await sameFeedsAs(page, '/', ''), [site], 'home: the site\'s feed only');
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no full page load');
    assert.deepEqual(unexpectedProblems(page), []);
  });
  // A tag page the app takes over keeps its entry file's links until the reader moves on.
  await suite.page(t, async (page) => {
    await page.goto(suite.url + '/tags/field-notes/');
    await settled(page);
    await appStarted(page);
    assert.equal((await sameFeedsAs(page, '/tags/field-notes/', 'Tagged “field-notes”')).length, 2);
    await page.click(`.post-card-title a[href="${post.url}"]`);
    await sameFeedsAs(page, post.url, post.title);
    assert.deepEqual(unexpectedProblems(page), []);
  });
});
