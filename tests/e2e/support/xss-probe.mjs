// The XSS detector: opens pages in a fresh browser context and reports every sign that script
// from the content ran or could run.
//
// Execution indicators (any one fails the proof):
//  - alert/confirm/prompt/print/open, replaced before any page script by recorders that log
//    `XSS-EXECUTED …` with the event and element that called them and the nearest marker;
//  - a dialog or a popup;
//  - a script compiled in the page that the baseline page does not compile: inline event
//    handlers, javascript: URLs, eval/Function/string timers and <script> elements are all
//    compiled by V8 just before they run, so a handler nobody triggers is not counted but one
//    that runs is, whatever it calls (seen through the DevTools protocol, Debugger.scriptParsed);
//  - a page error, or a console error the page would not log without the payload.
// DOM findings (fail too, they are what would run with one more click or one more browser):
//  - an attribute named on*, a URL attribute whose value is a javascript:, vbscript: or data:
//    URL (read the way browsers do, with whitespace and control characters ignored, and through
//    the URL parser), an element that carries active content (script, iframe, object, embed,
//    form, style, svg, math, meta, link, base, frame, frameset, applet).
//  - in an entry file as served (checked when the DOM is first parsed, before the app runs): an
//    event handler attribute anywhere, a script other than Trunk's inline loader and the
//    JSON-LD, a <noscript>, and anything in <body> besides the skip link, the site's header and
//    <main> (content that broke out of <main>).
// An entry file shows its post before the app starts, and the app takes that page over as it
// is; the app renders a body itself only when the reader moves to the post inside it. So on
// the app's own pages (`app: true`) the probe does both: it probes the page the entry file
// shows, once the app has taken it over, then goes to the home page inside the app and back,
// and probes the post again as the app rendered it.
// With JavaScript off (`openNoScriptProbe`), the same DOM findings in the entry file's <main>.
// Requests to other hosts are blocked by the harness and listed apart: they show the payload
// got the browser to fetch something, not that anything ran.
//
// The probe's own code runs in an isolated world (DevTools protocol), never in the page's:
// Playwright's page.evaluate and waitForSelector would compile helpers there whose hash changes
// from page to page, and those would look like content scripts.

import { recordProblems } from './browser.mjs';

export const FORBIDDEN_ELEMENTS = [
  'script', 'iframe', 'object', 'embed', 'form', 'style', 'svg', 'math', 'meta', 'link', 'base',
  'frame', 'frameset', 'applet',
];
export const URL_ATTRIBUTES = [
  'href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc',
  'poster', 'background', 'dynsrc', 'lowsrc', 'codebase',
];
const SINKS = ['alert', 'confirm', 'prompt', 'print', 'open'];
const MARKER = '^Payload (\\d+):$';
const HIT_PREFIX = 'console error: XSS-EXECUTED ';
const CSP_PREFIX = 'console error: XSS-CSP ';

/** Runs in every frame before the page's own scripts. */
function installRecorders({ sinks, marker }) {
  const markerRe = new RegExp(marker);
  const report = console.error.bind(console);
  const stringify = JSON.stringify;
  // What the Content-Security-Policy blocked: with the policy we ship, a payload's script that
  // got into the page is blocked here instead of running.
  document.addEventListener('securitypolicyviolation', (e) => {
    report('XSS-CSP ' + stringify({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, frame: location.href }));
  });
  const hits = [];
  Object.defineProperty(window, '__xssHits', { value: hits });
  // The document as the server sent it, once parsed and before the app adds to it: what an
  // entry file's title, head tags, JSON-LD, header and <main> turned into.
  if (window === window.top) {
    document.addEventListener('DOMContentLoaded', () => {
      const all = [...document.querySelectorAll('*')];
      document.documentElement.setAttribute('data-xss-loaded', stringify({
        body: document.body ? [...document.body.children].map((e) => e.localName + (e.id ? `#${e.id}` : '') + [...e.classList].map((c) => `.${c}`).join('')) : [],
        scripts: [...document.scripts].map((e) => (e.src ? `src:${e.src}` : `inline:${e.type || 'classic'}`)),
        noscripts: document.querySelectorAll('noscript').length,
        handlers: all.flatMap((e) => e.getAttributeNames().filter((a) => /^on/i.test(a)).map((a) => `<${e.localName} ${a}>`)),
      }));
    }, { once: true });
  }
  const markerOf = (node) => {
    if (!node || node.nodeType !== 1 || !node.isConnected) return null;
    let found = null;
    for (const p of document.querySelectorAll('.post-body p')) {
      const m = markerRe.exec(p.textContent.trim());
      if (!m) continue;
      if (p === node || p.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) found = Number(m[1]);
      else break;
    }
    return found;
  };
  for (const sink of sinks) {
    const recorder = function () {
      const event = window.event;
      const target = event?.target ?? document.currentScript ?? null;
      const hit = {
        sink,
        args: Array.from(arguments, (a) => { try { return String(a).slice(0, 80); } catch { return '?'; } }),
        event: event?.type ?? null,
        target: target && target.nodeType === 1 ? target.outerHTML.slice(0, 160) : null,
        marker: markerOf(target),
        frame: location.href,
      };
      hits.push(hit);
      report('XSS-EXECUTED ' + stringify(hit));
      return sink === 'confirm' ? false : sink === 'prompt' ? null : undefined;
    };
    try {
      Object.defineProperty(window, sink, { value: recorder, writable: true, configurable: true });
    } catch { /* a frame that does not allow it still has the dialog listener */ }
  }
}

/** Hover, focus and friends on every element of the body: handlers that wait for a user. */
function interact(selector) {
  const root = document.querySelector(selector);
  if (!root) return 0;
  const types = [
    'mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'mouseout', 'mouseleave',
    'pointerover', 'pointerenter', 'pointermove', 'pointerdown', 'pointerup', 'pointerout',
    'focus', 'focusin', 'blur', 'focusout', 'keydown', 'keypress', 'keyup', 'input', 'change',
    'wheel', 'contextmenu', 'dblclick', 'touchstart', 'touchend', 'copy', 'paste', 'select',
    'load', 'error', 'toggle', 'scroll', 'animationstart', 'animationend', 'transitionend',
  ];
  const elements = [root, ...root.querySelectorAll('*')];
  for (const el of elements) {
    try { el.focus?.({ preventScroll: true }); } catch { /* not focusable */ }
    for (const type of types) {
      try { el.dispatchEvent(new Event(type, { bubbles: false, cancelable: true })); } catch { /* ignore */ }
    }
    try { el.blur?.(); } catch { /* ignore */ }
  }
  window.scrollTo(0, document.documentElement.scrollHeight);
  return elements.length;
}

/** The DOM findings under `selector`, each with the nearest marker before it. */
function inspect({ selector, forbidden, urlAttributes, marker }) {
  const markerRe = new RegExp(marker);
  const root = document.querySelector(selector);
  if (!root) return { rendered: false, findings: [], markers: [] };
  const markers = [];
  const markerEls = [];
  for (const p of root.querySelectorAll('p')) {
    const m = markerRe.exec(p.textContent.trim());
    if (m) { markers.push(Number(m[1])); markerEls.push([p, Number(m[1])]); }
  }
  const markerOf = (node) => {
    let found = null;
    for (const [p, n] of markerEls) {
      if (p === node || p.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) found = n;
      else break;
    }
    return found;
  };
  const forbiddenSet = new Set(forbidden);
  const urlSet = new Set(urlAttributes);
  const findings = [];
  const add = (el, kind, detail) => {
    if (findings.length < 500) findings.push({ kind, detail, marker: markerOf(el), element: el.outerHTML.slice(0, 160) });
  };
  const badScheme = (value) => {
    const compact = value.toLowerCase().replace(/[\s\u0000-\u001f\u007f-\u009f]/g, '');
    const hit = ['javascript:', 'vbscript:', 'data:'].find((s) => compact.startsWith(s));
    if (hit) return hit;
    try {
      const protocol = new URL(value, document.baseURI).protocol;
      if (['javascript:', 'vbscript:', 'data:'].includes(protocol)) return protocol;
    } catch { /* not a URL at all: not a script URL either */ }
    return null;
  };
  for (const el of root.querySelectorAll('*')) {
    const name = el.localName.toLowerCase();
    if (forbiddenSet.has(name)) add(el, 'element', `<${name}>`);
    else if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') add(el, 'element', `<${name}> in ${el.namespaceURI}`);
    for (const attr of el.getAttributeNames()) {
      const lower = attr.toLowerCase();
      const value = el.getAttribute(attr) ?? '';
      if (lower.startsWith('on')) add(el, 'attribute', `${attr}=${JSON.stringify(value.slice(0, 80))}`);
      else if (urlSet.has(lower) || lower.endsWith(':href')) {
        const scheme = badScheme(value);
        if (scheme) add(el, 'url', `${attr}=${JSON.stringify(value.slice(0, 80))} (${scheme})`);
      }
    }
  }
  const loaded = document.documentElement.getAttribute('data-xss-loaded');
  return { rendered: true, findings, markers, loaded: loaded ? JSON.parse(loaded) : null };
}

/**
 * Runs `fn(arg)` in an isolated world of the main frame: it sees and pokes the same DOM, but
 * compiles nothing in the page's own world, where every compiled script is a finding.
 * (Playwright's page.evaluate and waitForSelector compile its injected script there, and its
 * hash changes from page to page.)
 */
async function isolated(cdp, fn, arg) {
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'xss-probe' });
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression: `(${fn.toString()})(${JSON.stringify(arg)})`,
    contextId: executionContextId,
    returnByValue: true,
    awaitPromise: true,
  });
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value;
}

/** Waits for `selector` from an isolated world (page.waitForSelector would touch the page's). */
async function waitForIsolated(cdp, selector, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const left = deadline - Date.now();
    const found = await isolated(cdp, async ({ sel, ms }) => {
      const end = Date.now() + ms;
      while (!document.querySelector(sel)) {
        if (Date.now() > end) return false;
        await new Promise((r) => setTimeout(r, 20));
      }
      return true;
    }, { sel: selector, ms: Math.max(left, 0) }).catch(() => false); // a navigation ends the world: retry
    if (found) return;
    if (Date.now() >= deadline) throw new Error(`${selector} did not appear within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A page ready for probing: a fresh context from the harness (its console, page errors and
 * off-site blocking), the recorders, and the protocol session that sees compiled scripts. One
 * session may open several pages one after the other (`probeWith`); `close()` ends it.
 */
export async function openProbe(browser, siteUrl) {
  // As the harness's newPage (support/browser.mjs), but CSP violations are reported only
  // through the console: its exposeFunction hook makes Playwright compile code in the page's own
  // world each time it fires, which the compiled-script detector would take for content.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await recordProblems(page, siteUrl, { csp: false });
  const origin = new URL(siteUrl).origin;
  const state = { scripts: [], dialogs: [], popups: [], offsite: [] };
  page.on('dialog', (dialog) => {
    state.dialogs.push(`${dialog.type()}(${JSON.stringify(dialog.message().slice(0, 80))})`);
    dialog.dismiss().catch(() => {});
  });
  context.on('page', (popup) => {
    state.popups.push(popup.url());
    popup.close().catch(() => {});
  });
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) state.offsite.push({ url, type: req.resourceType() });
  });
  await page.addInitScript(installRecorders, { sinks: SINKS, marker: MARKER });
  const cdp = await context.newCDPSession(page);
  cdp.on('Debugger.scriptParsed', (e) => {
    // Playwright's own helpers run in isolated worlds; the page and its content in the default one.
    if (e.executionContextAuxData && e.executionContextAuxData.isDefault === false) return;
    state.scripts.push({ id: e.scriptId, hash: e.hash, url: e.url, length: e.length, language: e.scriptLanguage ?? 'JavaScript' });
  });
  await cdp.send('Debugger.enable');
  return {
    siteUrl,
    page,
    context,
    cdp,
    state,
    reset() {
      for (const list of Object.values(state)) list.splice(0);
      page.problems.splice(0);
    },
    close: () => context.close().catch(() => {}),
  };
}

/**
 * Goes to the home page inside the app (its header's site title) and back (the browser's
 * history), so that the app renders the page it left itself. Resolves to '' when `selector`
 * is there again, or to what went wrong.
 */
async function awayAndBack({ selector, ms }) {
  const end = Date.now() + ms;
  const until = async (cond) => {
    while (!cond()) {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  };
  const here = location.pathname + location.search;
  const home = document.querySelector('header.site-header a.site-title');
  if (!home) return 'no site title to go home by';
  home.click();
  if (!(await until(() => location.pathname !== here && !document.querySelector(selector)))) return `the site title did not lead away (at ${location.href})`;
  if (!(await until(() => document.querySelector('main .post-list, main .error-view, main .not-found')))) return 'the home page did not render';
  history.back();
  if (!(await until(() => location.pathname + location.search === here && document.querySelector(selector)))) return `back at ${location.href}, ${selector} did not render`;
  return '';
}

/**
 * Opens `url` in the session's page, waits for `selector`, lets handlers fire, pokes every
 * element, and returns { rendered, markers, findings, hits, scripts, unknownScripts, dialogs,
 * popups, offsite, problems, elements }. `baseline` is the set of script hashes the same
 * procedure compiles on a clean page. With `app`, the page is one of the app's: the probe waits
 * for the app to take the entry file's page over, probes it, then probes the page again as the
 * app renders it after going home and back inside the app (`awayAndBack`); `markers` are then
 * those both renders show, and each finding says which render it is in.
 */
export async function probeWith(session, url, { selector = '.post-body', baseline = null, settleMs = 300, entryFile = false, app = false } = {}) {
  const { page, cdp, state, siteUrl } = session;
  session.reset();
  const timings = {};
  let mark = Date.now();
  const lap = (name) => { const now = Date.now(); timings[name] = now - mark; mark = now; };
  const textShown = () => isolated(cdp, () => document.body?.textContent.replace(/\s+/g, ' ').trim().slice(0, 200) ?? '')
    .catch((e) => `(unreadable: ${e.message})`);
  await page.goto(siteUrl + url);
  lap('load');
  let rendered = true;
  let shown = '';
  try {
    await waitForIsolated(cdp, selector, 15_000);
    if (app) await waitForIsolated(cdp, 'html[data-quire-app="started"]', 15_000);
  } catch {
    rendered = false;
    shown = await textShown();
  }
  lap('render');
  let elements = 0;
  const probeDom = async (when) => {
    await page.waitForTimeout(settleMs);
    mark = Date.now();
    elements += await isolated(cdp, interact, selector).catch(() => 0);
    lap(`interact${when}`);
    await page.waitForTimeout(Math.ceil(settleMs / 2));
    mark = Date.now();
    const found = await isolated(cdp, inspect, { selector, forbidden: FORBIDDEN_ELEMENTS, urlAttributes: URL_ATTRIBUTES, marker: MARKER })
      .catch((e) => ({ rendered: false, findings: [{ kind: 'page', detail: `cannot inspect the page: ${e.message}`, marker: null }], markers: [] }));
    lap(`inspect${when}`);
    return found;
  };
  let dom = { rendered: false, findings: [], markers: [] };
  if (rendered) dom = await probeDom('');
  if (rendered && app) {
    const problem = await isolated(cdp, awayAndBack, { selector, ms: 15_000 }).catch((e) => `the page went away: ${e.message}`);
    lap('away and back');
    if (problem) {
      rendered = false;
      shown = `${problem}; the page shows: ${await textShown()}`;
    } else {
      const again = await probeDom(' again');
      const tag = (where) => (f) => ({ ...f, detail: `${f.detail} (${where})` });
      const inBoth = new Set(again.markers);
      dom = {
        rendered: dom.rendered && again.rendered,
        findings: [...dom.findings.map(tag('the entry file, taken over')), ...again.findings.map(tag('rendered by the app'))],
        markers: dom.markers.filter((n) => inBoth.has(n)),
        loaded: again.loaded ?? dom.loaded,
      };
    }
  }
  const finalUrl = page.url();
  const scripts = [...state.scripts];
  const unknown = baseline ? scripts.filter((s) => !baseline.has(s.hash)) : [];
  for (const s of unknown) {
    s.source = await cdp.send('Debugger.getScriptSource', { scriptId: s.id })
      .then((r) => (r.scriptSource ?? '').slice(0, 200)).catch(() => '?');
  }
  const problems = [...page.problems];
  return {
    url,
    timings,
    entryFile,
    expectedUrl: siteUrl + url,
    finalUrl,
    rendered: rendered && dom.rendered,
    shown,
    elements,
    markers: dom.markers,
    findings: dom.findings,
    loaded: dom.loaded ?? null,
    // Every recorder logs; the console sees every frame, even one that went away.
    hits: problems.filter((p) => p.startsWith(HIT_PREFIX)).map((p) => {
      try { return JSON.parse(p.slice(HIT_PREFIX.length)); } catch { return { sink: '?', args: [p.slice(0, 120)], marker: null }; }
    }),
    scripts,
    unknownScripts: unknown,
    dialogs: [...state.dialogs],
    popups: [...state.popups],
    offsite: [...state.offsite],
    problems,
  };
}

/**
 * A context with JavaScript off, as crawlers, link previews and no-script readers see the site:
 * the entry file's page as it is, with no app to take it over. Off-site requests are blocked
 * and listed as in `openProbe`.
 */
export async function openNoScriptProbe(browser, siteUrl) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const origin = new URL(siteUrl).origin;
  const state = { offsite: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
    state.offsite.push({ url, type: route.request().resourceType() });
    return route.abort();
  });
  const cdp = await context.newCDPSession(page);
  return { siteUrl, page, context, cdp, state, close: () => context.close().catch(() => {}) };
}

/** The DOM findings of `selector` (the entry file's <main>) in a page opened with JavaScript off. */
export async function probeNoScriptWith(session, url, { selector = 'main#main' } = {}) {
  const { page, cdp, state, siteUrl } = session;
  state.offsite.splice(0);
  const response = await page.goto(siteUrl + url);
  const dom = await isolated(cdp, inspect, { selector, forbidden: FORBIDDEN_ELEMENTS, urlAttributes: URL_ATTRIBUTES, marker: MARKER })
    .catch((e) => ({ rendered: false, findings: [{ kind: 'page', detail: `cannot inspect the page: ${e.message}`, marker: null }], markers: [] }));
  return { url, status: response?.status() ?? 0, rendered: dom.rendered, markers: dom.markers, findings: dom.findings, offsite: [...state.offsite] };
}

/** `probeWith` in a session of its own. */
export async function probe(browser, siteUrl, url, options) {
  const session = await openProbe(browser, siteUrl);
  try {
    return await probeWith(session, url, options);
  } finally {
    await session.close();
  }
}

/** The hashes of the scripts the probe itself and the app compile on a clean page. */
export async function baselineOf(browser, siteUrl, url, options) {
  const result = await probe(browser, siteUrl, url, options);
  if (!result.rendered) throw new Error(`the baseline page ${url} did not render: ${result.shown}`);
  return { hashes: new Set(result.scripts.map((s) => s.hash)), result };
}

/** Problems the browser logs for content that runs nothing: failed and blocked loads. */
export const HARMLESS_PROBLEMS = [/^console error: Failed to load resource/, /^request outside the site: /];

/**
 * Execution indicators and DOM findings of one probe result, each as
 * { kind, payload (marker number or null), detail }.
 */
export function verdict(result) {
  const out = [];
  const exec = (payload, detail, source) => out.push({ execution: true, payload, detail, source });
  const dom = (payload, detail) => out.push({ execution: false, payload, detail });
  if (!result.rendered) dom(null, `the page did not render its body (showed: ${JSON.stringify(result.shown)})`);
  for (const h of result.hits) exec(h.marker, `${h.sink}(${h.args.join(', ')}) ran${h.event ? ` on ${h.event}` : ''}${h.target ? ` of ${h.target}` : ''}${h.frame && !h.marker ? ` in ${h.frame}` : ''}`);
  for (const d of result.dialogs) exec(null, `dialog ${d}`);
  for (const p of result.popups) exec(null, `popup opened: ${p}`);
  for (const s of result.unknownScripts) exec(null, `script compiled in the page (${s.language}, ${s.url || 'no URL'}): ${JSON.stringify(s.source)}`, s.source);
  const csp = result.problems.filter((p) => p.startsWith(CSP_PREFIX));
  for (const p of csp) {
    let v;
    try { v = JSON.parse(p.slice(CSP_PREFIX.length)); } catch { v = { directive: '?', blocked: p }; }
    const what = `${v.directive} blocked ${v.blocked || '?'}${v.sample ? ` (${JSON.stringify(v.sample.slice(0, 60))})` : ''}`;
    // Script the policy stopped is script the content got into the page: a sanitizer failure
    // that only the CSP caught. Anything else it stopped is content the policy let through.
    if (/^script-src/.test(v.directive)) out.push({ execution: true, blocked: true, payload: null, detail: `blocked by the CSP, would have run without it: ${what}` });
    else dom(null, `blocked by the CSP: ${what}`);
  }
  for (const p of result.problems) {
    if (p.startsWith(HIT_PREFIX) || p.startsWith(CSP_PREFIX)) continue; // listed above
    if (csp.length && /Content Security Policy/.test(p)) continue; // the browser's words for the same
    if (/^page error: /.test(p)) exec(null, p);
    else if (!HARMLESS_PROBLEMS.some((re) => re.test(p))) dom(null, `unexpected ${p}`);
  }
  if (result.finalUrl.split('#')[0] !== result.expectedUrl) dom(null, `the page navigated away to ${result.finalUrl}`);
  for (const f of result.findings) dom(f.marker, `${f.kind} ${f.detail} in ${f.element}`);
  const loaded = result.loaded;
  if (loaded) {
    for (const h of loaded.handlers) dom(null, `entry file: event handler attribute ${h} in the page as served`);
    const odd = loaded.scripts.filter((t) => !ENTRY_SCRIPTS.some((re) => re.test(t)));
    if (odd.length) dom(null, `entry file: unexpected script(s) in the page as served: ${odd.join(', ')}`);
    if (result.entryFile) {
      if (loaded.noscripts !== 0) dom(null, `entry file: ${loaded.noscripts} <noscript> elements in the page as served (none belongs there)`);
      if (loaded.body.join() !== ENTRY_BODY.join()) dom(null, `entry file: the body as served holds ${loaded.body.join(', ')} (only ${ENTRY_BODY.join(', ')} belong there: did content break out of <main>?)`);
    }
  } else if (result.rendered && result.entryFile) {
    dom(null, 'entry file: no snapshot of the page as served (DOMContentLoaded never reached the recorder)');
  }
  return out;
}

/** What an entry file's <body> holds: the skip link, the site's header and <main>. */
const ENTRY_BODY = ['a.skip-link', 'header.site-header', 'main#main'];

/**
 * Scripts an entry file may carry: the app's start-up script, a content-hashed file of the site
 * (or, in older builds, Trunk's inline module loader), and the post's JSON-LD.
 */
const ENTRY_SCRIPTS = [/^inline:module$/, /^inline:application\/ld\+json$/, /^src:http:\/\/127\.0\.0\.1:\d+\/[\w.-]+-[0-9a-f]{10,16}\.m?js$/];
