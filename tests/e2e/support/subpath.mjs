// The release build made for a sub-path (`make dist-subpath`: PUBLIC_URL=/quire-sub/, into
// target/dist-subpath), served by nginx with our rules under that prefix, for tests that check
// what a page does there.

import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNginx, repoRoot } from './site.mjs';
import { inCI } from './corpus.mjs';

/** The prefix the sub-path build is made for. */
export const SUB = '/quire-sub';
export const subpathDist = process.env.QUIRE_DIST_SUBPATH ?? join(repoRoot, 'target', 'dist-subpath');

/**
 * Runs `fn(url)` with the sub-path build served by nginx at `url` + SUB, then stops it. Without
 * the build the test `t` is skipped, or fails when CI is set.
 */
export async function withSubpathSite(t, fn) {
  if (!existsSync(join(subpathDist, 'index.html'))) {
    const message = `${subpathDist} is missing: build it with make dist-subpath`;
    if (inCI) throw new Error(message);
    t.skip(message);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'quire-subpath-site-'));
  symlinkSync(subpathDist, join(dir, SUB.slice(1)));
  const nginx = await startNginx(dir, { base: SUB });
  try {
    await fn(nginx.url);
  } finally {
    await nginx.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
