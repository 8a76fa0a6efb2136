// The XSS corpus (../shared/corpus/xss, read in place) and the posts the XSS proof builds from
// it: every payload in every placement, about 50 payloads a post, each after a marker paragraph
// `Payload N:` so that a finding in the page maps back to one payload.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync, mkdtempSync, rmSync, copyFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './site.mjs';

export const corpusDir = process.env.QUIRE_XSS_CORPUS ?? join(repoRoot, '..', 'shared', 'corpus', 'xss');

/**
 * Every payload, numbered from 1: each non-empty line of the corpus's `*.txt` payload lists
 * (SOURCE.txt is the description, not a list), then each DOMPurify fixture of
 * dompurify/expect.json that is not already one of those lines (the multi-line ones).
 * Returns null when the corpus is absent.
 */
export function loadPayloads() {
  if (!existsSync(corpusDir)) return null;
  const payloads = [];
  const files = readdirSync(corpusDir).filter((f) => f.endsWith('.txt') && f !== 'SOURCE.txt').sort();
  for (const file of files) {
    const lines = readFileSync(join(corpusDir, file), 'utf8').split('\n');
    lines.forEach((raw, i) => {
      const text = raw.replace(/\r$/, '');
      if (text.trim() !== '') payloads.push({ text, source: `${file}:${i + 1}` });
    });
  }
  const lineCount = payloads.length;
  const known = new Set(payloads.map((p) => p.text));
  let fixtureCount = 0;
  const fixtures = join(corpusDir, 'dompurify', 'expect.json');
  if (existsSync(fixtures)) {
    JSON.parse(readFileSync(fixtures, 'utf8')).forEach((fixture, i) => {
      const text = fixture.payload;
      if (typeof text !== 'string' || text.trim() === '' || known.has(text)) return;
      known.add(text);
      payloads.push({ text, source: `dompurify/expect.json#${i} (${fixture.title})` });
      fixtureCount += 1;
    });
  }
  payloads.forEach((p, i) => { p.n = i + 1; });
  return { payloads, lineCount, fixtureCount, files };
}

/** Where a payload goes in a post body. */
export const placements = {
  block: (p) => p,
  inline: (p) => `Text before ${p} text after.`,
  link: (p) => `[link](${p})`,
  'link-angle': (p) => `[link](<${p}>)`,
  image: (p) => `![img](${p})`,
  // A cell holds one line: line breaks of multi-line fixtures become spaces.
  table: (p) => `| a | b |\n|---|---|\n| ${p.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|')} | x |`,
};

export const markerText = (n) => `Payload ${n}:`;

/** A post body: each payload's marker paragraph, then the payload in its placement. */
export function postBody(placement, items) {
  const place = placements[placement];
  return items.map((p) => `${markerText(p.n)}\n\n${place(p.text)}\n`).join('\n');
}

/** A YAML double-quoted scalar (JSON's string syntax is valid YAML). */
export const yamlString = (s) => JSON.stringify(s);

export function frontMatter(fields) {
  const lines = ['---'];
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) lines.push(`${key}: [${value.map(yamlString).join(', ')}]`);
    else if (value && typeof value === 'object') {
      lines.push(`${key}:`);
      for (const [k, v] of Object.entries(value)) lines.push(`  ${k}: ${yamlString(v)}`);
    } else lines.push(`${key}: ${key === 'date' ? value : yamlString(value)}`);
  }
  lines.push('---', '');
  return lines.join('\n');
}

/** A plain post: the baseline page, on which nothing may look like an XSS finding. */
export const CONTROL_POST = {
  file: '2024-01-01-xss-control.md',
  slug: 'xss-control',
  content: `${frontMatter({ title: 'XSS control post', date: '2024-01-01', summary: 'A plain post.' })}
${markerText(0)}

A plain paragraph with a [relative link](/blog/) and an [absolute one](https://example.com/),
*emphasis*, \`code\` and an image: ![alt](/assets/none.png)

| a | b |
|---|---|
| 1 | 2 |
`,
};

/** Writes `posts` ({ file, content }) as the only posts of `contentDir`. */
export function writePosts(contentDir, posts) {
  const dir = join(contentDir, 'posts');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const post of posts) writeFileSync(join(dir, post.file), post.content);
}

let builder = null;

/**
 * The builder of this working tree, compiled once (`cargo build --locked -p quire-build`, what
 * `cargo run` does first) and copied aside, so that every build of one test run uses the same
 * builder even while someone edits the crates.
 */
function builderBinary() {
  if (builder) return builder;
  const result = spawnSync('cargo', ['build', '--quiet', '--locked', '-p', 'quire-build'],
    { cwd: repoRoot, encoding: 'utf8', timeout: 900_000 });
  if (result.error) throw new Error(`cannot run cargo: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`the builder of this working tree does not compile:\n${result.stderr}`);
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(repoRoot, 'target');
  const built = join(targetDir, 'debug', 'quire-build');
  const dir = mkdtempSync(join(tmpdir(), 'quire-xss-builder-'));
  builder = join(dir, 'quire-build');
  copyFileSync(built, builder);
  chmodSync(builder, 0o755);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return builder;
}

/**
 * Writes every route's entry file (and feed, sitemap, robots.txt) into `outDir` from the shell
 * and index there, as Trunk's post_build hook does; returns { status, stderr }.
 */
export function runPages(outDir) {
  const result = spawnSync(builderBinary(), ['pages', '--out', outDir],
    { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw new Error(`cannot run the builder: ${result.error.message}`);
  return { status: result.status, stderr: result.stderr };
}

/** Runs the builder on `contentDir` into `outDir`; returns { status, stderr }. */
export function runBuilder(contentDir, outDir) {
  const result = spawnSync(
    builderBinary(),
    ['index', '--settings', join(repoRoot, 'quire.toml'), '--content', contentDir, '--out', outDir],
    { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 },
  );
  if (result.error) throw new Error(`cannot run the builder: ${result.error.message}`);
  return { status: result.status, stderr: result.stderr };
}
