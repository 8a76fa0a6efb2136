// The setup every test file shares. `useSite(options)` registers node:test `before` and `after`
// hooks in the scope it is called in (the file, or a `describe`): before, build a temp site if
// asked, start the server(s) that serve it and launch Chromium; after, close the browser, stop
// the servers in the order they started, remove the temp site. The object it returns reads what
// the hooks started, and `page(t, fn)` runs `fn` on a fresh page that records console errors,
// page errors, CSP violations and off-site requests (withPage, support/browser.mjs).
//
//   const suite = useSite();   // the release build in dist/: nginx with our rules, fault proxy
//   test('home', (t) => suite.page(t, async (page) => {
//     await page.goto(suite.url + '/');
//     assert.deepEqual(unexpectedProblems(page), []);
//   }));

import { before, after } from 'node:test';
import { distDir, startSite, startNginx, startStaticServer } from './site.mjs';
import { launch, withPage } from './browser.mjs';

/**
 * Starts one server. `spec` is:
 *   'proxy'   startSite(): nginx with our rules on dist/, behind the fault-injecting proxy
 *             (`suite.site.fault()`, `.hold()`, `.requests`, `.clearFaults()`)
 *   'nginx'   startNginx(root, { base }): nginx with our rules, nothing in front
 *   'static'  startStaticServer(root, notFound): the plain static server (as GitHub Pages)
 *   { kind, root, base, notFound }   one of those three with its options: `root` is the
 *             folder served (default: the temp site's root, else dist/), `base` the sub-path
 *             nginx serves it under, `notFound` the static server's 404 page (under root)
 *   (suite) => server   anything else that has `url` and `stop()` (wrangler, …)
 */
async function startServer(spec, suite) {
  if (typeof spec === 'function') return spec(suite);
  const { kind, root = suite.built?.root ?? distDir, base, notFound } = typeof spec === 'string' ? { kind: spec } : spec;
  switch (kind) {
    case 'proxy': return startSite();
    case 'nginx': return startNginx(root, { base });
    case 'static': return startStaticServer(root, notFound);
    default: throw new Error(`useSite: no server kind ${JSON.stringify(kind)}`);
  }
}

/**
 * Registers the hooks; returns the suite, whose getters read what they started:
 *   site      the server (the first of `servers`); `url` its address
 *   servers   the servers by name
 *   built     the temp site
 *   browser   Chromium
 * and whose methods are:
 *   page(t, fn, { url, viewport })   withPage on the suite's browser for the site at `url`
 *                                    (default: the suite's); launches the browser if need be
 *   launch()                         the suite's browser, launched now if it is not yet
 *
 * Options, all optional:
 *   server    a server spec (see startServer); default 'proxy'; false: none
 *   servers   several, by name ({ nginx: 'nginx', python: 'static' }), started in that order
 *   build     async () => a temp site ({ root, index, cleanup() }, as buildTempSite returns):
 *             built first, served unless a spec names another root, cleaned up last
 *   browser   true (default): launched before the tests; 'lazy': by the first page() or
 *             launch() (a file whose browser is for one test); false: none
 *   skip      truthy: start nothing (a shared corpus that is not there: its tests skip)
 *   setup     async (suite) => more setup, once everything has started
 *   teardown  async (suite) => more cleanup, once everything has stopped
 */
export function useSite({ server = 'proxy', servers, build, browser: withBrowser = true, skip = false, setup, teardown } = {}) {
  const specs = servers ?? (server === false ? {} : { site: server });
  const running = {};
  let built;
  let browser;
  let launching;

  const suite = {
    get site() { return Object.values(running)[0]; },
    get url() { return suite.site?.url; },
    get servers() { return running; },
    get built() { return built; },
    get browser() { return browser; },
    launch() {
      launching ??= launch().then((b) => (browser = b));
      return launching;
    },
    async page(t, fn, { url = suite.url, ...options } = {}) {
      return withPage(t, await suite.launch(), url, fn, options);
    },
  };

  before(async () => {
    if (skip) return;
    if (build) built = await build();
    for (const [name, spec] of Object.entries(specs)) running[name] = await startServer(spec, suite);
    if (withBrowser === true) await suite.launch();
    await setup?.(suite);
  });

  after(async () => {
    await browser?.close();
    for (const started of Object.values(running)) await started.stop();
    built?.cleanup?.();
    await teardown?.(suite);
  });

  return suite;
}
