// The site under test: the release build in dist/, served by a real nginx with the rules we
// ship (deploy/nginx/quire-site.conf), behind a small proxy that can inject faults per path
// (an error status, a missing file, a malformed body, an HTML fallback page, a slow answer).

import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync, mkdirSync, symlinkSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve, dirname } from 'node:path';
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

/** Waits until something listens on `port` (true), or `child` exits or 10 s pass (false). */
export async function waitForPort(port, child, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    const open = await new Promise((ok) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); ok(true); });
      s.on('error', () => ok(false));
    });
    if (open) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * The absolute path of the program `name`: the first executable one on PATH, then in `also`
 * (folders a user's PATH often leaves out). Throws, naming what was searched, when there is none.
 */
export function findProgram(name, also = []) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...also];
  for (const dir of dirs) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch { /* not here */ }
  }
  throw new Error(`${name} not found on PATH or in ${also.join(', ') || '(nowhere else)'}: run scripts/setup.sh`);
}

/** nginx: $NGINX, else on PATH, else where Debian puts it (/usr/sbin, outside a user's PATH). */
export const nginxProgram = () => process.env.NGINX ?? findProgram('nginx', ['/usr/sbin', '/usr/local/sbin', '/sbin']);

/** python3, for the plain static server (support/static_server.py). */
export const pythonProgram = () => findProgram('python3', ['/usr/bin', '/usr/local/bin']);

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
  const child = spawn(nginxProgram(), ['-c', confFile, '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  if (!(await waitForPort(port, child))) {
    child.kill('SIGKILL');
    const logFile = join(dir, 'error.log');
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no log)';
    throw new Error(`nginx did not start on port ${port}:\n${log}\n${stderr}`);
  }
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
 * Starts the plain static server (support/static_server.py), as GitHub Pages or S3 serve: files
 * as they are, no SPA fallback, none of our headers, and `notFound` (a path under `root`) with
 * status 404 for anything missing.
 */
export async function startStaticServer(root = distDir, notFound = '404.html') {
  const port = await freePort();
  const script = join(repoRoot, 'tests', 'e2e', 'support', 'static_server.py');
  const child = spawn(pythonProgram(), [script, root, String(port), notFound], { stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  if (!(await waitForPort(port, child))) {
    child.kill('SIGKILL');
    throw new Error(`the static server did not start on port ${port}:\n${stderr}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.on('exit', r)));
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
 * and `site.hold(path)` holds that path's answers until the test says so (see `hold`).
 */
export async function startSite() {
  const nginx = await startNginx();
  const faults = new Map();
  const requests = [];
  const holds = new Set();
  const proxy = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    requests.push(path);
    const fault = faults.get(path);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.hold) {
      fault.hold.arrived();
      await fault.hold.released;
    }
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
    /**
     * Holds every answer for `path` (forwarded unchanged) until `release()`, so a test can look
     * at the page while it waits, for as long as it takes, instead of racing a timer. Returns
     * `{ requested(timeoutMs), release() }`: `requested` resolves once a request for `path` has
     * arrived (and rejects if none has within the time). `clearFaults()` and `stop()` release too.
     */
    hold(path) {
      let release;
      let arrived;
      const released = new Promise((r) => { release = r; });
      const came = new Promise((r) => { arrived = r; });
      const hold = { released, arrived, release };
      holds.add(hold);
      faults.set(path, { hold });
      const requested = (timeoutMs = 15_000) => {
        let timer;
        const late = new Promise((_, fail) => {
          timer = setTimeout(() => fail(new Error(`no request for ${path} within ${timeoutMs} ms`)), timeoutMs);
        });
        return Promise.race([came, late]).finally(() => clearTimeout(timer));
      };
      return { requested, release };
    },
    clearFaults() {
      faults.clear();
      for (const hold of holds) hold.release();
      holds.clear();
    },
    async stop() {
      for (const hold of holds) hold.release();
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
