import { startNginx } from '../tests/e2e/support/site.mjs';
import { launch, newPage, settled } from '../tests/e2e/support/browser.mjs';
const root = process.argv[2];
const nginx = await startNginx(root);
const browser = await launch();
const page = await newPage(browser, nginx.url);
await page.goto(nginx.url + '/');
await settled(page);
await page.waitForTimeout(1000);
await page.evaluate(() => performance.setResourceTimingBufferSize(100000));
await page.focus('#search-input');
await page.keyboard.type('async await', { delay: 50 });
await page.waitForTimeout(1500);
await page.keyboard.press('Control+A'); await page.keyboard.press('Backspace');
await page.waitForTimeout(500);
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
const t0 = await page.evaluate(() => performance.now());
await cdp.send('Profiler.start');
for (const q of (process.argv[3] ?? 'bo').split(',')) {
  await page.keyboard.type(q, { delay: 50 });
  await page.waitForTimeout(1500);
}
const { profile } = await cdp.send('Profiler.stop');
const trace = JSON.parse((await browser.stopTracing()).toString());
const evs = trace.traceEvents;
const marks = evs.filter(e => e.name === 'quire-search-start' || e.name==='quire-search-rank-start' || (e.cat||'').includes('blink.user_timing'));
console.log('user timing events', marks.slice(0,8).map(e=>`${e.name} ${e.ph} ${e.ts}`));
const agg = new Map();
for (const e of evs) if (e.ph === 'X' && e.dur) { const k = e.name; agg.set(k, (agg.get(k) ?? 0) + e.dur); }
console.log([...agg].sort((a,b)=>b[1]-a[1]).slice(0,20).map(([k,v])=>`${(v/1000).toFixed(1)} ms ${k}`).join('\n'));
const big = evs.filter(e => e.ph==='X' && e.dur > 20000 && ['UpdateLayoutTree','Layout','Paint','PrePaint','Layerize','FunctionCall','RunTask','EventDispatch','ParseHTML','MajorGC','MinorGC','V8.GC_MC_BACKGROUND_MARKING'].includes(e.name));
const tmin = Math.min(...evs.filter(e=>e.ts>0).map(e=>e.ts));
console.log(big.map(e=>`${e.name} at ${((e.ts-tmin)/1000).toFixed(1)} dur ${(e.dur/1000).toFixed(1)} ${JSON.stringify(e.args?.data ?? e.args?.beginData ?? {}).slice(0,120)}`).join('\n'));
const data = await page.evaluate((t0) => ({
  m: performance.getEntriesByType('measure').filter(e => e.startTime >= t0).map(e => `${e.name} ${e.startTime.toFixed(1)} +${e.duration.toFixed(1)}`),
  r: performance.getEntriesByType('resource').filter(e => e.startTime >= t0).map(e => `${new URL(e.name).pathname} ${e.startTime.toFixed(1)} → ${e.responseEnd.toFixed(1)} ${e.transferSize}`),
}), t0);
console.log(data.m.join('\n')); console.log(data.r.join('\n'));
// self time by function
const self = new Map(); const byId = new Map(profile.nodes.map(n => [n.id, n]));
const dt = profile.timeDeltas; 
profile.samples.forEach((id, i) => { const n = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); });
console.log([...self].sort((a,b)=>b[1]-a[1]).slice(0,25).map(([k,v])=>`${(v/1000).toFixed(1)} ms ${k}`).join('\n'));
console.log(page.problems);
await browser.close(); await nginx.stop();
