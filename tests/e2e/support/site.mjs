// The site under test: the release build in dist/, served by a real nginx with the rules we
// ship (deploy/nginx/quire-site.conf), behind a small proxy that can inject faults per path
// (an error status, a missing file, a malformed body, an HTML fallback page, a slow answer).

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync, mkdirSync, symlinkSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const distDir = process.env.QUIRE_DIST ?? join(repoRoot, 'dist');

export async function freePort() {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function waitForPort(port, child, logFile) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const open = await new Promise((ok) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); ok(true); });
      s.on('error', () => ok(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no log)';
  throw new Error(`nginx did not start on port ${port}:\n${log}`);
}

/** nginx's brotli_static module, as Debian installs it (scripts/setup.sh). */
export const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

/**
 * Starts nginx with our shipped rules, configured as deploy/nginx/quire.conf says: on dist/
 * at the root, or, with `base` (`/quire-sub`), on a `root` that holds the site in that folder.
 */
export async function startNginx(root = distDir, { base = '' } = {}) {
  if (!existsSync(join(root, base, 'index.html'))) {
    throw new Error(`${join(root, base)}/index.html is missing: run the release build first (make dist)`);
  }
  if (!existsSync(BROTLI_MODULE)) {
    throw new Error(`${BROTLI_MODULE} is missing: run scripts/setup.sh (it installs libnginx-mod-http-brotli-static)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'quire-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'snippets']) mkdirSync(join(dir, sub));
  // Installed as deploy/nginx/quire.conf says: the rules in snippets/ beside nginx.conf.
  for (const file of ['quire-site.conf', 'quire-headers.conf', 'quire-brotli.conf']) {
    symlinkSync(join(repoRoot, 'deploy', 'nginx', file), join(dir, 'snippets', file));
  }
  const port = await freePort();
  const isRoot = process.getuid?.() === 0;
  const conf = `
load_module ${BROTLI_MODULE};
${isRoot ? 'user root;' : ''}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    set $quire_base "${base}";
    include snippets/quire-site.conf;
    include snippets/quire-brotli.conf;
  }
}
`;
  const confFile = join(dir, 'nginx.conf');
  writeFileSync(confFile, conf);
  const child = spawn('nginx', ['-c', confFile, '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  await waitForPort(port, child, join(dir, 'error.log')).catch((e) => {
    throw new Error(`${e.message}\n${stderr}`);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts nginx and a fault-injecting proxy in front of it. `site.fault(path, fault)` sets what
 * the proxy does for one path until `site.clearFaults()`:
 *   { status: 500 }          answer with that status and a plain-text body
 *   { missing: true }        ask nginx for a file that does not exist (its real 404)
 *   { body, type }           answer 200 with that body and content type
 *   { delayMs }              forward, after waiting
 */
export async function startSite() {
  const nginx = await startNginx();
  const faults = new Map();
  const requests = [];
  const proxy = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    requests.push(path);
    const fault = faults.get(path);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.status) {
      res.writeHead(fault.status, { 'content-type': 'text/plain' });
      res.end(`injected fault: ${fault.status}`);
      return;
    }
    if (fault?.body !== undefined) {
      res.writeHead(200, { 'content-type': fault.type ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(fault.body);
      return;
    }
    const upstreamPath = fault?.missing ? `${path}.injected-missing` : req.url;
    const upstream = request(
      { host: '127.0.0.1', port: nginx.port, path: upstreamPath, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (e) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy error: ${e.message}`);
    });
    req.pipe(upstream);
  });
  const port = await freePort();
  await new Promise((r) => proxy.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}`,
    nginxUrl: nginx.url,
    requests,
    fault(path, fault) { faults.set(path, fault); },
    clearFaults() { faults.clear(); },
    async stop() {
      proxy.closeAllConnections?.();
      await new Promise((r) => proxy.close(r));
      await nginx.stop();
    },
  };
}

/** The index the build wrote, as the app will read it. */
export function builtIndex() {
  return JSON.parse(readFileSync(join(distDir, 'posts', 'index.json'), 'utf8'));
}
