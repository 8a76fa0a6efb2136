// The import graph of each crate, for issue #14's before/after: files, lines, the circles
// between modules (`use crate::…` and `crate::…` paths, test modules left out) and the
// longest functions. A tool for the closing note, not a test.
//
//   node scripts/module-graph.mjs [repo dir]

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const repo = process.argv[2] ?? new URL('..', import.meta.url).pathname;
const crates = [
  ['quire (app)', 'src', 'main.rs'],
  ['quire-core', 'crates/quire-core/src', 'lib.rs'],
  ['quire-build', 'crates/quire-build/src', 'lib.rs'],
];

const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.rs') ? [p] : [];
});

/** `a/b.rs` or `a/b/mod.rs` → `a::b`; the crate root → ``. */
const modulePath = (root, file, rootFile) => {
  const rel = relative(root, file).replace(/\.rs$/, '');
  if (rel === rootFile.replace(/\.rs$/, '')) return '';
  return rel.replace(/\/mod$/, '').split('/').join('::');
};

/** The text without `#[cfg(test)]` modules, comments and string contents. */
const code = (text) => {
  const noTests = text.replace(/#\[cfg\(test\)\]\s*mod\s+\w+\s*\{[\s\S]*$/m, '');
  // One pass, so that `//` inside a string and `"` inside a comment are read as what they are.
  return noTests.replace(/\/\/.*$|"(?:[^"\\]|\\[\s\S])*"|'(?:\\[\s\S]|[^'\\])'/gm, (m) => (m.startsWith('//') ? '' : m[0] + m[0]));
};

function tarjan(nodes, edges) {
  let index = 0;
  const idx = new Map(), low = new Map(), on = new Set(), stack = [], out = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do { w = stack.pop(); on.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of nodes) if (!idx.has(v)) visit(v);
  return out;
}

function longestFunctions(file, text) {
  const lines = text.split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?(?:const\s+)?fn\s+(\w+)/.exec(lines[i]);
    if (!m) continue;
    let depth = 0, opened = false, j = i;
    for (; j < lines.length; j++) {
      for (const c of lines[j]) {
        if (c === '{') { depth++; opened = true; } else if (c === '}') depth--;
      }
      if (opened && depth <= 0) break;
      if (!opened && lines[j].trimEnd().endsWith(';')) break;
    }
    if (opened) found.push({ name: m[1], file, line: i + 1, lines: j - i + 1 });
  }
  return found;
}

for (const [name, dir, rootFile] of crates) {
  const root = join(repo, dir);
  const files = walk(root);
  const mods = new Map(files.map((f) => [modulePath(root, f, rootFile), f]));
  const edges = new Map();
  let lineCount = 0;
  const fns = [];
  for (const [mod, file] of mods) {
    const raw = readFileSync(file, 'utf8');
    lineCount += raw.split('\n').length;
    const text = code(raw);
    fns.push(...longestFunctions(relative(repo, file), text));
    const targets = new Set();
    // `use crate::a::{b, c::d}` and inline `crate::a::b` paths; `super::x` resolved too.
    const refs = [...text.matchAll(/\bcrate((?:::\w+)+)/g)].map((m) => m[1].slice(2).split('::'));
    const parent = mod.split('::').slice(0, -1);
    for (const m of text.matchAll(/\bsuper((?:::\w+)+)/g)) refs.push([...parent, ...m[1].slice(2).split('::')]);
    for (const m of text.matchAll(/use crate::\{([^}]*)\}/g)) for (const part of m[1].split(',')) refs.push(part.trim().split('::'));
    // The crate root names its own modules without `crate::`.
    if (mod === '') for (const m of text.matchAll(/\b(\w+)::/g)) refs.push([m[1]]);
    for (const segs of refs) {
      let k = segs.length;
      for (; k > 0; k--) {
        const target = segs.slice(0, k).join('::');
        if (mods.has(target)) { if (target !== mod && !mod.startsWith(target + '::') ) targets.add(target); break; }
      }
      // An item of the crate root itself (`crate::Diagnostic`).
      if (k === 0 && mod !== '' && segs[0] !== '') targets.add('');
    }
    edges.set(mod, [...targets]);
  }
  // A module's children are part of it for the circle count (a::b importing a is not a circle).
  const circles = tarjan([...mods.keys()], edges);
  // The same graph between top-level modules (a folder counts as one module).
  const top = (m) => m.split('::')[0];
  const topEdges = new Map();
  for (const [from, tos] of edges) {
    const set = topEdges.get(top(from)) ?? new Set();
    for (const to of tos) if (top(to) !== top(from)) set.add(top(to));
    topEdges.set(top(from), set);
  }
  const topCircles = tarjan([...topEdges.keys()], new Map([...topEdges].map(([k, v]) => [k, [...v]])));
  console.log(`## ${name} (${dir}): ${files.length} files, ${lineCount} lines, ${circles.length} import circle(s)`);
  for (const c of circles) console.log(`- circle between files: ${c.map((m) => m || '(crate root)').join(' ⇄ ')}`);
  console.log(`- circles between top-level modules (a folder is one module): ${topCircles.length}`);
  for (const c of topCircles) console.log(`  - ${c.map((m) => m || '(crate root)').join(' ⇄ ')}`);
  fns.sort((a, b) => b.lines - a.lines);
  console.log(`- longest functions: ${fns.slice(0, 5).map((f) => `${f.name} (${f.file}:${f.line}, ${f.lines} lines)`).join('; ')}`);
  console.log(`- functions over 60 lines: ${fns.filter((f) => f.lines > 60).length}`);
  console.log();
}
