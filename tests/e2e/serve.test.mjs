// An author's loop: `trunk serve` runs the builder as its pre_build hook, so a new post, an
// edit, or a broken post is picked up without a restart. The content is a copy in a temporary
// folder (QUIRE_CONTENT), so the repository's posts are never touched.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot } from './support/site.mjs';
import { unexpectedProblems } from './support/browser.mjs';
import { useSite } from './support/suite.mjs';

const REBUILD_MS = 120_000;

// The test starts trunk itself; the suite gives it Chromium, once the first build is served.
const suite = useSite({ server: false, browser: 'lazy' });

async function until(what, check, timeout = REBUILD_MS, process = undefined) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    if (process && process.exitCode !== null) throw new Error(`trunk exited (${process.exitCode}) before ${what}`);
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

async function titles(url) {
  const res = await fetch(`${url}/posts/index.json`, { cache: 'no-store' });
  if (!res.ok) return null;
  return (await res.json()).posts.map((p) => p.title);
}

const post = (title) => `---\ntitle: "${title}"\nauthor: Test Author\n---\nWritten while the server ran.\n`;

test('trunk serve picks up a new, an edited and a broken post without a restart', async (t) => {
  const temp = mkdtempSync(join(tmpdir(), 'quire-serve-'));
  const content = join(temp, 'content');
  cpSync(join(repoRoot, 'content'), content, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  // --release, through the script `make dist` runs it with (the same Rust and flags), reuses
  // the release build that `make test` made just before instead of building the wasm again.
  const trunk = spawn(
    'bash',
    [join(repoRoot, 'scripts', 'small-wasm.sh'), 'trunk', 'serve', '--release', '--offline', '--port', String(port),
      '--dist', join(temp, 'dist'), '--watch', content],
    {
      cwd: repoRoot,
      // wasm-opt comes from tools/ (scripts/setup.sh), as under `make`.
      env: { ...process.env, PATH: `${join(repoRoot, 'tools/node_modules/.bin')}:${process.env.PATH}`, QUIRE_CONTENT: content, TRUNK_SKIP_VERSION_CHECK: 'true', NO_COLOR: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  trunk.stdout.on('data', (d) => { output += d; });
  trunk.stderr.on('data', (d) => { output += d; });
  try {
    const initial = await until('the first build', () => titles(url), REBUILD_MS, trunk);
    assert.ok(initial.length >= 8, 'the sample posts are served');

    await suite.page(t, async (page) => {
      await page.goto(url + '/');
      await page.waitForSelector('.post-card');

      // A new post appears in the open page: the hook rebuilt the index, trunk reloaded.
      const file = join(content, 'posts', '2099-01-02-live-post.md');
      writeFileSync(file, post('Written While Serving'));
      await page.waitForSelector('.post-card-title >> text=Written While Serving', { timeout: REBUILD_MS });

      // An edit shows too.
      writeFileSync(file, post('Edited While Serving'));
      await page.waitForSelector('.post-card-title >> text=Edited While Serving', { timeout: REBUILD_MS });

      // A broken post stops that build with `path:line: error`, and the blog keeps serving
      // the last good index: nothing is lost.
      const broken = join(content, 'posts', '2099-02-03-broken.md');
      const before = output.length;
      writeFileSync(broken, '---\ntitle: Broken\ndate: 2099-02-31\n---\nBody\n');
      const message = await until('the builder error', () =>
        output.slice(before).match(/[^\s]*2099-02-03-broken\.md:3: error: [^\n]*/)?.[0]);
      assert.match(message, /YYYY-MM-DD/);
      const served = await titles(url);
      assert.ok(served.includes('Edited While Serving'), 'the last good index is still served');
      assert.ok(!served.includes('Broken'));

      // Fixing it publishes it.
      writeFileSync(broken, post('Fixed While Serving'));
      await until('the fixed post', async () => (await titles(url))?.includes('Fixed While Serving'));
      await page.waitForSelector('.post-card-title >> text=Fixed While Serving', { timeout: REBUILD_MS });
      // Trunk reports the failed build in the open page on purpose: that is the broken post.
      assert.deepEqual(unexpectedProblems(page, [/Failed to load resource/, /WebSocket/, /^console error: Build failed: error from build pipeline/]), []);
    }, { url });
  } catch (err) {
    err.message += `\n--- trunk output (last 3000 chars) ---\n${output.slice(-3000)}`;
    throw err;
  } finally {
    trunk.kill('SIGINT');
    await new Promise((r) => (trunk.exitCode !== null ? r() : trunk.on('exit', r)));
    rmSync(temp, { recursive: true, force: true });
  }
});
