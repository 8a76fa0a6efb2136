// Cloudflare's own runtime on this machine: `wrangler pages dev` (npm wrangler, with the workerd
// binary that ships inside the npm package @cloudflare/workerd-linux-64) serving a built site
// as Cloudflare Pages would, offline. No telemetry, no update check, no connection to anything
// but loopback: support/no-network.cjs refuses any other and logs it for the test to read.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot } from './site.mjs';

const e2eDir = join(repoRoot, 'tests', 'e2e');
const WRANGLER = join(e2eDir, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const WORKERD_PACKAGE = join(e2eDir, 'node_modules', 'workerd', 'package.json');
const NO_NETWORK = join(e2eDir, 'support', 'no-network.cjs');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * The Workers compatibility date the site is served with. It must be no newer than the workerd
 * binary supports (its npm version is 1.YYYYMMDD.n), or wrangler falls back and looks for a
 * newer release online.
 */
export const COMPATIBILITY_DATE = '2026-04-01';

/** The newest compatibility date the installed workerd supports, as YYYY-MM-DD. */
export function workerdDate() {
  const { version } = JSON.parse(readFileSync(WORKERD_PACKAGE, 'utf8'));
  const m = /^1\.(\d{4})(\d{2})(\d{2})\./.exec(version);
  if (!m) throw new Error(`workerd ${version}: not a 1.YYYYMMDD.n version`);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** The installed wrangler's version. */
export const wranglerVersion = () => JSON.parse(readFileSync(join(e2eDir, 'node_modules', 'wrangler', 'package.json'), 'utf8')).version;

/**
 * Starts `wrangler pages dev root` on a free loopback port, in a process group of its own, and
 * waits until it answers. Returns { url, output(), networkAttempts(), stop() }.
 */
export async function startWrangler(root) {
  if (!existsSync(WRANGLER)) throw new Error(`${WRANGLER} is missing: run scripts/setup.sh (npm ci in tests/e2e)`);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`${root}/index.html is missing: run the release build first (make dist)`);
  if (COMPATIBILITY_DATE > workerdDate()) {
    throw new Error(`compatibility date ${COMPATIBILITY_DATE} is newer than workerd supports (${workerdDate()})`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'quire-wrangler-'));
  const networkLog = join(dir, 'network.log');
  writeFileSync(networkLog, '');
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const args = [
    WRANGLER, 'pages', 'dev', root,
    '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort),
    '--compatibility-date', COMPATIBILITY_DATE,
    '--persist-to', join(dir, 'state'),
    '--show-interactive-dev-session=false',
    '--log-level', 'info',
  ];
  const env = {
    ...process.env,
    // No telemetry, no error reports; the banner is what runs the update check: hidden.
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    NO_UPDATE_NOTIFIER: '1',
    // Miniflare fetches a sample `Request.cf` object from Cloudflare unless told not to.
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    // Its settings, logs and caches in the temporary folder, not in the home folder.
    XDG_CONFIG_HOME: join(dir, 'config'),
    WRANGLER_LOG_PATH: join(dir, 'logs'),
    WRANGLER_CACHE_DIR: join(dir, 'cache'),
    QUIRE_NETWORK_LOG: networkLog,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(NO_NETWORK)}`.trim(),
  };
  // cwd: wrangler writes its .wrangler/ folder there.
  const child = spawn(process.execPath, args, { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((r) => child.once('exit', r));
  const killGroup = (signal) => {
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  };
  // Last resort if the test process dies first: no wrangler or workerd left behind.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  const readAttempts = () => readFileSync(networkLog, 'utf8').split('\n').filter(Boolean);
  let attempts = null; // kept when the folder goes
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      killGroup('SIGTERM');
      const timer = new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS, 'timeout'));
      if ((await Promise.race([exited, timer])) === 'timeout') killGroup('SIGKILL');
    }
    killGroup('SIGKILL'); // workerd, if it outlived wrangler
    attempts ??= readAttempts();
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`wrangler pages dev exited (${child.exitCode ?? child.signalCode}) before serving:\n${output}`);
    }
    const ready = await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.status === 200, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler pages dev did not answer on ${url} within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => output,
    /** The connections and lookups off this machine that were refused, one line each. */
    networkAttempts: () => attempts ?? readAttempts(),
    stop,
  };
}
