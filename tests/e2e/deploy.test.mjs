// What the release build and the shipped nginx rules promise every host: precompressed files
// sent as they are (brotli_static, gzip_static) and decompressing to the very bytes of the
// file, the caching rules, and a `_headers` file (for Netlify and Cloudflare Pages) that says
// what nginx sends.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { distDir } from './support/site.mjs';
import { useSite } from './support/suite.mjs';

const suite = useSite({ server: 'nginx', browser: false });

/** GET with the given Accept-Encoding, the body as raw bytes (no decoding on the way). */
function get(path, acceptEncoding) {
  return new Promise((ok, fail) => {
    const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
    const req = request(`${suite.url}${path}`, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

const top = readdirSync(distDir);
const wasm = top.find((f) => /^quire-[0-9a-f]+_bg\.wasm$/.test(f));
const js = top.find((f) => /^quire-[0-9a-f]+\.js$/.test(f));
// The render worker's files (loader, wasm-bindgen glue, wasm), hashed by quire-build.
const worker = top.filter((f) => /^quire-render-(loader-)?[0-9a-f]{16}(\.js|_bg\.wasm)$/.test(f));

test('the wasm, the JS, the post index and pages are sent precompressed, and decompress to the file', async () => {
  assert.equal(worker.length, 3, `the render worker's loader, JS and wasm: ${worker}`);
  for (const path of [`/${wasm}`, `/${js}`, ...worker.filter((f) => !f.includes('loader')).map((f) => `/${f}`), '/posts/index.json', '/index.html', '/feed.xml']) {
    const file = readFileSync(join(distDir, path));
    assert.ok(file.length > 1024, `${path} is worth compressing`);
    const br = await get(path, 'gzip, deflate, br');
    assert.equal(br.status, 200, path);
    assert.equal(br.headers['content-encoding'], 'br', `${path} is sent as its .br`);
    assert.ok(br.body.length < file.length * 0.6, `${path}: ${br.body.length} of ${file.length} bytes`);
    assert.ok(brotliDecompressSync(br.body).equals(file), `${path}: the .br is the file`);
    assert.match(br.headers.vary ?? '', /Accept-Encoding/i, path);
    const gz = await get(path, 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip', `${path} is sent as its .gz`);
    assert.ok(gunzipSync(gz.body).equals(file), `${path}: the .gz is the file`);
    assert.equal(gz.headers['content-type'], br.headers['content-type'], `${path}: the type of the file`);
    const plain = await get(path, null);
    assert.equal(plain.headers['content-encoding'], undefined, path);
    assert.ok(plain.body.equals(file), `${path} as it is to a client that asks for no encoding`);
  }
});

test('hashed assets are cached for a year, the index and pages revalidated', async () => {
  for (const path of [`/${wasm}`, `/${js}`, ...worker.map((f) => `/${f}`)]) {
    assert.equal((await get(path, 'br')).headers['cache-control'], 'public, max-age=31536000, immutable', path);
  }
  for (const path of ['/posts/index.json', '/', '/404.html']) {
    assert.equal((await get(path, 'br')).headers['cache-control'], 'no-cache', path);
  }
});

test('_headers says what nginx sends: the same security headers, the same hashed assets', async () => {
  const file = readFileSync(join(distDir, '_headers'), 'utf8');
  const rules = new Map();
  let current = null;
  for (const line of file.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      current = line.trim();
      rules.set(current, {});
    } else {
      const [name, ...value] = line.trim().split(': ');
      rules.get(current)[name.toLowerCase()] = value.join(': ');
    }
  }
  const all = rules.get('/*');
  assert.ok(all, `a rule for every path: ${file}`);
  assert.ok(all['content-security-policy'], 'the policy is in _headers');
  const served = (await get('/', 'br')).headers;
  for (const [name, value] of Object.entries(all)) {
    assert.equal(served[name], value, `nginx sends ${name} as _headers says`);
  }
  for (const name of ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'permissions-policy', 'x-frame-options']) {
    assert.equal(all[name], served[name], `${name} is in _headers as nginx sends it`);
  }
  const hashed = [...rules.keys()].filter((k) => k !== '/*');
  assert.deepEqual(hashed.sort(), top.filter((f) => /-[0-9a-f]{10,16}(_bg)?\.(wasm|js|css)$/.test(f)).map((f) => `/${f}`).sort());
  for (const path of hashed) {
    assert.equal(rules.get(path)['cache-control'], (await get(path, 'br')).headers['cache-control'], path);
  }
  assert.equal((await get('/_headers', null)).status, 404, 'not served to readers');
});
