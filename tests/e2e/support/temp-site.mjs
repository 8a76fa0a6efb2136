// A throw-away site: a copy of the release build in dist/ with the posts of some other content
// folder (a shared corpus, generated posts) built into it by quire-build, ready for startNginx.

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { distDir } from './site.mjs';
import { runBuilderCommand } from './builder.mjs';

/**
 * Builds `content` (a folder holding `posts/`) with `settings` (a TOML string) into a fresh copy
 * of `dist` (dist/ unless given: another release build, such as the sub-path one); `assets`
 * (optional) is a folder merged into the copy, so a corpus' `assets/` folder becomes
 * `<root>/assets/`. Returns `{ root, stderr, index, cleanup() }`.
 */
export async function buildTempSite({ name = 'site', content, settings, assets, dist = distDir } = {}) {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html is missing: the release build must exist first (make dist)`);
  }
  if (!content || !existsSync(join(content, 'posts'))) {
    throw new Error(`buildTempSite(${name}): ${content}/posts does not exist`);
  }
  const dir = mkdtempSync(join(tmpdir(), `quire-${name.replace(/[^a-z0-9-]+/gi, '-')}-`));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const root = join(dir, 'dist');
    cpSync(dist, root, { recursive: true });
    // The copy's own posts are the sample site's: the build below replaces posts/ atomically,
    // but start from nothing so no sample post can leak into the corpus site.
    rmSync(join(root, 'posts'), { recursive: true, force: true });
    rmSync(join(root, 'blog'), { recursive: true, force: true });
    if (assets) {
      if (!existsSync(assets)) throw new Error(`buildTempSite(${name}): assets folder ${assets} does not exist`);
      cpSync(assets, join(root, 'assets'), { recursive: true, force: true });
    }
    const settingsFile = join(dir, 'quire.toml');
    writeFileSync(settingsFile, settings ?? '');
    const run = runBuilderCommand(['index', '--settings', settingsFile, '--content', resolve(content), '--out', root]);
    const stderr = run.stderr ?? '';
    if (run.error) throw new Error(`buildTempSite(${name}): could not run the builder: ${run.error.message}`);
    if (run.status !== 0) {
      const err = new Error(
        `quire-build failed on ${content} (exit ${run.status ?? run.signal}):\n${stderr}${run.stdout ?? ''}`,
      );
      err.stderr = stderr;
      err.status = run.status;
      err.signal = run.signal;
      throw err;
    }
    // Then the entry files of every route, from the app shell the release build kept.
    const pages = runBuilderCommand(['pages', '--out', root]);
    if (pages.status !== 0) throw new Error(`quire-build pages failed:\n${pages.stderr}`);
    const index = JSON.parse(readFileSync(join(root, 'posts', 'index.json'), 'utf8'));
    return { root, dir, stderr, stdout: run.stdout ?? '', index, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

// The shared corpora and the rule for a missing one live in corpus.mjs; re-exported for the
// benchmarks, which read them too.
export { sharedCorpus } from './corpus.mjs';

/** The site settings of the Zalando corpus: its title and its old base URL. */
export const ZALANDO_SETTINGS = [
  'title = "Zalando Open Source"',
  'description = "The retired Zalando Open Source blog"',
  'base_url = "https://opensource.zalando.com/"',
  '',
].join('\n');

/** The Zalando Open Source blog corpus as its own site, with its images and its old base URL. */
export function buildZalandoSite(zalando, name = 'zalando') {
  return buildTempSite({ name, content: zalando, assets: join(zalando, 'assets'), settings: ZALANDO_SETTINGS });
}
