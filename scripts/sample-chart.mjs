// Draws the sample site's one raster image, the chart in "Open Source Review: March 2025":
//   node scripts/sample-chart.mjs
// An SVG bar chart drawn by headless Chromium (playwright-core from tests/e2e) and saved as a
// 1600 × 900 PNG in public/assets/img/posts/, so the sample site has a photo-sized image for the
// builder to measure and make smaller copies of. Not part of any build: run it to redraw.
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(join(root, 'tests/e2e/package.json'))('playwright-core');
const out = join(root, 'public/assets/img/posts/review-first-response-2024-25.png');

// Median hours to a first response on a pull request, April 2024 to March 2025 (the post:
// "fell from 4.5 days to 19 hours").
const months = ['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar'];
const hours = [108, 97, 81, 66, 52, 43, 36, 30, 33, 25, 22, 19];

const [w, h] = [1600, 900];
const plot = { left: 150, right: 1540, top: 200, bottom: 800 };
const max = 120;
const y = (v) => plot.bottom - ((plot.bottom - plot.top) * v) / max;
const step = (plot.right - plot.left) / months.length;
const grid = [0, 24, 48, 72, 96, 120]
  .map((v) => `<line x1="${plot.left}" x2="${plot.right}" y1="${y(v)}" y2="${y(v)}" stroke="#d9d5cb" stroke-width="2"/>
    <text x="${plot.left - 20}" y="${y(v) + 10}" text-anchor="end" class="axis">${v} h</text>`)
  .join('');
const bars = hours
  .map((v, i) => {
    const x = plot.left + i * step + step * 0.18;
    const bw = step * 0.64;
    const fill = i === hours.length - 1 ? '#c8553d' : '#2a7d4f';
    return `<rect x="${x}" y="${y(v)}" width="${bw}" height="${plot.bottom - y(v)}" rx="6" fill="${fill}"/>
      <text x="${x + bw / 2}" y="${y(v) - 14}" text-anchor="middle" class="value">${v}</text>
      <text x="${x + bw / 2}" y="${plot.bottom + 44}" text-anchor="middle" class="axis">${months[i]}</text>`;
  })
  .join('');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
  <style>
    text { font-family: "DejaVu Sans", system-ui, sans-serif; fill: #1f2328; }
    .title { font-size: 46px; font-weight: 700; }
    .subtitle { font-size: 28px; fill: #5b6270; }
    .axis { font-size: 26px; fill: #5b6270; }
    .value { font-size: 26px; font-weight: 700; }
  </style>
  <rect width="${w}" height="${h}" fill="#fcfbf8"/>
  <text x="${plot.left - 90}" y="80" class="title">Median time to a first response on a pull request</text>
  <text x="${plot.left - 90}" y="128" class="subtitle">Hours, by month, April 2024 to March 2025: the first year of weekly review shepherds</text>
  ${grid}
  ${bars}
</svg>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: w, height: h }, deviceScaleFactor: 1 });
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
