// The one rule for tests that read a shared corpus (../shared/corpus, beside the repository,
// read in place): when the corpus is there, they run; when it is absent, they fail if the
// environment variable CI is set (a CI run that tests nothing must not pass), and otherwise
// they are skipped after a banner on stderr that says what was NOT tested.

import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './site.mjs';

/** Where the shared corpora are: ../shared/corpus, or QUIRE_SHARED_CORPUS. */
export const sharedCorpusRoot = process.env.QUIRE_SHARED_CORPUS ?? join(repoRoot, '..', 'shared', 'corpus');

/** CI is set (to anything but "", "0" or "false"): a missing corpus is then a failure. */
export const inCI = !['', '0', 'false'].includes((process.env.CI ?? '').trim().toLowerCase());

/**
 * `dir` if it exists; else null, after the banner, and, under CI, a failing test named for the
 * corpus (registered where this is called: at the top of a file or inside a `describe`).
 * `label` names the corpus for a person, `what` says what goes untested without it.
 */
export function requireCorpus(dir, label, what) {
  if (existsSync(dir)) return dir;
  const line = inCI
    ? `FAILED: ${label} not found (looked in ${dir}) and CI is set — ${what} cannot be tested`
    : `SKIPPED: ${label} not found (looked in ${dir}) — ${what} NOT tested`;
  const bar = '!'.repeat(Math.min(line.length, 120));
  process.stderr.write(`\n${bar}\n${line}\n${bar}\n\n`);
  if (inCI) {
    test(`${label} is present (required when CI is set)`, () => {
      throw new Error(`${label} is missing (looked in ${dir}): ${what} would not be tested. ` +
        'Put the shared corpora beside the repository (../shared/corpus).');
    });
  }
  return null;
}

/** `../shared/corpus/<name>` under the rule above. */
export function sharedCorpus(name, what = `the ${name} corpus`) {
  return requireCorpus(join(sharedCorpusRoot, name), `../shared/corpus/${name}`, what);
}

/**
 * The `skip` option of a test or `describe` that needs `corpus` (a result of the functions
 * above): false when it is there; a reason when it is not (under CI the failing test that
 * `requireCorpus` registered carries the failure).
 */
export function skipWithout(corpus) {
  if (corpus) return false;
  return inCI ? 'corpus not found: see the failing "is present" test' : 'corpus not found';
}
