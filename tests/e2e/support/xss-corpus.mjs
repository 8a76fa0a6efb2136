// The XSS corpus (../shared/corpus/xss, read in place) and the posts the XSS proof builds from
// it: every payload in every placement, about 50 payloads a post, each after a marker paragraph
// `Payload N:` so that a finding in the page maps back to one payload.

import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './site.mjs';
import { runBuilderCommand } from './builder.mjs';

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

/**
 * Writes every route's entry file (and feed, sitemap, robots.txt) into `outDir` from the shell
 * and index there, as Trunk's post_build hook does; returns { status, stderr }.
 */
export function runPages(outDir) {
  const result = runBuilderCommand(['pages', '--out', outDir], { timeout: 120_000 });
  if (result.error) throw new Error(`cannot run the builder: ${result.error.message}`);
  return { status: result.status, stderr: result.stderr };
}

/** Runs the builder on `contentDir` into `outDir`; returns { status, stderr }. */
export function runBuilder(contentDir, outDir) {
  const result = runBuilderCommand(
    ['index', '--settings', join(repoRoot, 'quire.toml'), '--content', contentDir, '--out', outDir],
    { timeout: 120_000 },
  );
  if (result.error) throw new Error(`cannot run the builder: ${result.error.message}`);
  return { status: result.status, stderr: result.stderr };
}
