// The builder of this working tree (quire-build), for the tests that build sites of their own.
// `make test` has built it already (`cargo test --workspace` compiles the binary its CLI tests
// run) and names it in QUIRE_BUILDER, which Trunk's hooks run too: one build of the builder for
// the whole run. Without QUIRE_BUILDER (a test file run alone) it is compiled here, as
// `cargo run -p quire-build` would.

import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './site.mjs';

let builder = null;

/**
 * The path of the builder binary: QUIRE_BUILDER when set, else `cargo build -p quire-build`
 * once per test run, copied aside so that every build of the run uses the same builder even
 * while someone edits the crates.
 */
export function builderBinary() {
  if (builder) return builder;
  const named = process.env.QUIRE_BUILDER;
  if (named) {
    if (!existsSync(named)) throw new Error(`QUIRE_BUILDER names ${named}, which does not exist`);
    builder = named;
    return builder;
  }
  const result = spawnSync('cargo', ['build', '--quiet', '--locked', '-p', 'quire-build'],
    { cwd: repoRoot, encoding: 'utf8', timeout: 900_000 });
  if (result.error) throw new Error(`cannot run cargo: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`the builder of this working tree does not compile:\n${result.stderr}`);
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(repoRoot, 'target');
  const dir = mkdtempSync(join(tmpdir(), 'quire-builder-'));
  builder = join(dir, 'quire-build');
  copyFileSync(join(targetDir, 'debug', 'quire-build'), builder);
  chmodSync(builder, 0o755);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return builder;
}

/** Runs the builder with `args` from the repository root; spawnSync's result. */
export function runBuilderCommand(args, options = {}) {
  return spawnSync(builderBinary(), args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
}
