// Inputs that make Markdown renderers super-linear or crash (../shared/corpus/pathological: marked's
// ReDoS cases and generated deep nesting / long runs, up to 4 MB), each made a post, built by
// quire-build and opened in the browser twice: by its URL, where the entry file shows the body
// the builder rendered and the app takes it over, and from the home page inside the app, where
// the app fetches the Markdown and renders it itself (in wasm). Each time the body (never the
// error view) must show within 60 s, the page must answer a script again within 30 s (a hang
// guard: on a busy 2-core machine Chromium alone takes seconds to lay out the 20,000-column
// table), and nothing may panic. Prints a table of times to body and to an answering page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { appStarted, unexpectedProblems } from './support/browser.mjs';
import { buildTempSite } from './support/temp-site.mjs';
import { useSite } from './support/suite.mjs';
import { sharedCorpus, skipWithout } from './support/corpus.mjs';

const BODY_TIMEOUT_MS = 60_000;
const RESPONSIVE_TIMEOUT_MS = 30_000;

const corpus = sharedCorpus('pathological', 'pathological Markdown (hang guard, render benchmark)');

const inputs = corpus
  ? readdirSync(corpus).filter((f) => f.endsWith('.md')).sort().map((f) => ({
    name: basename(f, '.md'),
    file: join(corpus, f),
    bytes: statSync(join(corpus, f)).size,
  }))
  : [];

let contentDir;
let buildError;
const rows = [];

/**
 * Waits for the body or the error view, then for the page to answer a script; [shown, ms the
 * page took to answer once the body showed, or null when it did not within the guard].
 */
async function bodyShown(page) {
  const shown = await page
    .waitForSelector('.post-body, .error-view', { timeout: BODY_TIMEOUT_MS, state: 'attached' })
    .then(() => true, () => false);
  const asked = Date.now();
  const answered = await Promise.race([
    page.evaluate(() => 1).then(() => Date.now() - asked, () => null),
    new Promise((r) => setTimeout(() => r(null), RESPONSIVE_TIMEOUT_MS)),
  ]);
  return [shown, answered];
}

/** One post per input: `2024-01-01-patho-<name>.md`, title the input's name, body unchanged. */
function writePosts(dir, list) {
  rmSync(join(dir, 'posts'), { recursive: true, force: true });
  mkdirSync(join(dir, 'posts'), { recursive: true });
  for (const input of list) {
    const front = `---\ntitle: "${input.name}"\n---\n`;
    writeFileSync(join(dir, 'posts', `2024-01-01-patho-${input.name}.md`), front + readFileSync(input.file, 'utf8'));
  }
}

const settings = 'title = "Pathological"\ndescription = "Inputs that hurt Markdown renderers"\nbase_url = "https://patho.example/"\n';

/** Every input as a post, built into a temp site; an input the builder refuses is left out. */
async function buildInputs() {
  contentDir = mkdtempSync(join(tmpdir(), 'quire-patho-content-'));
  writePosts(contentDir, inputs);
  try {
    return await buildTempSite({ name: 'pathological', content: contentDir, settings });
  } catch (err) {
    // A finding, not a reason to skip: find which inputs the builder refuses (one at a time),
    // then build the others so the browser part still runs. The build test below fails.
    const refused = [];
    for (const input of inputs) {
      writePosts(contentDir, [input]);
      try {
        (await buildTempSite({ name: 'patho-one', content: contentDir, settings })).cleanup();
      } catch (one) {
        refused.push({ input: input.name, status: one.status ?? one.signal, stderr: one.stderr ?? one.message });
      }
    }
    buildError = { message: err.message, refused };
    writePosts(contentDir, inputs.filter((i) => !refused.some((r) => r.input === i.name)));
    return buildTempSite({ name: 'pathological', content: contentDir, settings });
  }
}

const suite = useSite({
  skip: !corpus,
  build: buildInputs,
  server: 'nginx',
  teardown() {
    if (contentDir) rmSync(contentDir, { recursive: true, force: true });
    if (rows.length) printTable();
  },
});

test('the builder accepts every pathological input', { skip: skipWithout(corpus) }, () => {
  assert.ok(inputs.length > 0, `${corpus} holds no .md input: nothing would be tested`);
  if (buildError) {
    const detail = buildError.refused
      .map((r) => `  ${r.input}.md (exit ${r.status}):\n${String(r.stderr).trim().split('\n').map((l) => `    ${l}`).join('\n')}`)
      .join('\n');
    assert.fail(`quire-build failed on the pathological corpus:\n${detail || buildError.message}`);
  }
  assert.equal(suite.built.index.posts.length, inputs.length, 'one post per input');
  for (const post of suite.built.index.posts) {
    const input = inputs.find((i) => `patho-${i.name}` === post.slug);
    assert.ok(input, `${post.slug} is one of the inputs`);
    const body = readFileSync(join(suite.built.root, post.body), 'utf8');
    assert.ok(body.length > 0, `${post.slug}: the body is written`);
  }
});

test('every pathological input renders in the browser without hanging the page', { skip: skipWithout(corpus) }, async (t) => {
  assert.ok(suite.built && suite.browser, 'the site was built and the browser started (see the errors of before())');
  const failures = [];
  for (const input of inputs) {
    const post = suite.built.index.posts.find((p) => p.slug === `patho-${input.name}`);
    if (!post) continue; // refused by the builder: reported by the test above
    const bodyBytes = statSync(join(suite.built.root, post.body)).size;
    const row = { input: input.name, bytes: bodyBytes, entry: null, entryAnswer: null, toBody: null, appAnswer: null, render: null, nodes: null, outcome: '' };
    rows.push(row);
    try {
      await suite.page(t, async (page) => {
        // When the body (or an error view) first appears in a document, in ms since its
        // navigation started.
        await page.addInitScript(() => {
          const seen = () => {
            const el = document.querySelector('.post-body, .error-view');
            if (!el || window.__bodyAt !== undefined) return;
            window.__bodyAt = performance.now();
            window.__bodyKind = el.classList.contains('post-body') ? 'body' : 'error';
            observer.disconnect();
          };
          const observer = new MutationObserver(seen);
          observer.observe(document, { childList: true, subtree: true });
        });
        // By its URL: the entry file's body, rendered by the builder, taken over by the app.
        await page.goto(suite.url + post.url, { waitUntil: 'commit' });
        let [shown, answered] = await bodyShown(page);
        row.entryAnswer = answered;
        assert.ok(shown, `${input.name}, entry file: neither .post-body nor .error-view within ${BODY_TIMEOUT_MS / 1000} s`);
        assert.ok(answered !== null, `${input.name}, entry file: the page did not answer within ${RESPONSIVE_TIMEOUT_MS / 1000} s after showing the body`);
        await appStarted(page, { timeout: BODY_TIMEOUT_MS });
        const entry = await page.evaluate(() => ({
          bodyAt: window.__bodyAt,
          title: document.querySelector('h1.post-title')?.textContent,
          error: document.querySelector('.error-view')?.textContent?.trim(),
        }));
        row.entry = entry.bodyAt;
        assert.equal(await page.$('.error-view'), null, `${input.name}, entry file: an error view: ${entry.error}`);
        assert.equal(entry.title, input.name, `${input.name}, entry file: title`);
        assert.deepEqual(unexpectedProblems(page), [], `${input.name}, entry file: console or page errors (a wasm panic is a page error)`);

        // Inside the app: from the home page, the app fetches the Markdown and renders it.
        await page.goto(suite.url + '/');
        await appStarted(page, { timeout: BODY_TIMEOUT_MS });
        await page.evaluate((href) => {
          window.__sameDocument = true;
          window.__clickAt = performance.now();
          const a = Object.assign(document.createElement('a'), { href });
          document.body.append(a);
          a.click();
          a.remove();
        }, post.url);
        [shown, answered] = await bodyShown(page);
        row.appAnswer = answered;
        assert.ok(shown, `${input.name}: neither .post-body nor .error-view within ${BODY_TIMEOUT_MS / 1000} s`);
        assert.ok(answered !== null, `${input.name}: the page did not answer within ${RESPONSIVE_TIMEOUT_MS / 1000} s after showing the body`);
        assert.equal(await page.evaluate(() => window.__sameDocument), true, `${input.name}: opened inside the app`);
        const m = await page.evaluate((bodyPath) => {
          const entry = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === bodyPath);
          return {
            bodyAt: window.__bodyAt - window.__clickAt,
            fetchedAt: entry && entry.responseEnd - window.__clickAt,
            kind: window.__bodyKind,
            nodes: document.querySelector('.post-body')?.getElementsByTagName('*').length ?? null,
            title: document.querySelector('h1.post-title')?.textContent,
            error: document.querySelector('.error-view')?.textContent?.trim(),
          };
        }, `/${post.body}`);
        assert.ok(m.fetchedAt !== undefined, `${input.name}: the app fetched ${post.body}`);
        row.toBody = m.bodyAt;
        row.render = Number.isFinite(m.bodyAt) && Number.isFinite(m.fetchedAt) ? m.bodyAt - m.fetchedAt : null;
        row.nodes = m.nodes;
        assert.equal(m.kind, 'body', `${input.name}: the app showed its error view: ${m.error}`);
        assert.equal(m.title, input.name, `${input.name}: title`);
        assert.deepEqual(unexpectedProblems(page), [], `${input.name}: console or page errors (a wasm panic is a page error)`);
        row.outcome = 'ok';
      });
    } catch (err) {
      row.outcome = 'FAIL';
      failures.push(err.message.split('\n')[0]);
    }
  }
  assert.deepEqual(failures, [], 'inputs that failed in the browser');
});

function printTable() {
  const fmt = (n, digits = 0) => (n === null || n === undefined ? '—' : n.toFixed(digits));
  const lines = [
    'input | bytes | entry file: ms to body | then ms to answer | in the app: ms to body | then ms to answer | render ms | MB/s (render) | elements | result',
    '--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---',
  ];
  for (const r of rows) {
    const mbs = r.render > 0 ? r.bytes / 1e6 / (r.render / 1000) : null;
    lines.push(`${r.input} | ${r.bytes} | ${fmt(r.entry)} | ${fmt(r.entryAnswer)} | ${fmt(r.toBody)} | ${fmt(r.appAnswer)} | ${fmt(r.render)} | ${fmt(mbs, 2)} | ${r.nodes ?? '—'} | ${r.outcome}`);
  }
  console.log('\nPathological inputs in the browser (entry file: ms since navigation start; in the app: ms since the click; render = body fetched -> .post-body in the DOM):');
  console.log(lines.join('\n'));
}
