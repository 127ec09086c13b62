// The playground's page weight and its time to first diagnostics, in Debian's chromium:
//
//   node playground/tests/bench.mjs [--runs 9]
//
// Weight: every response the page loads (until its first diagnostics), raw and gzip -9, summed.
// Time: `performance.mark('shipshape:first-diagnostics')`, which the page sets when it has drawn
// the findings of its first check, measured from navigation start; each run is a cold load in a
// fresh profile (no HTTP or service-worker cache), then a warm reload in the same profile (the
// service worker serves everything). Prints a Markdown table for BENCHMARKS.md.

import { spawnSync } from 'node:child_process';
import os from 'node:os';
import zlib from 'node:zlib';
import { serve } from '../serve.mjs';
import { chromiumPath, launch, requireBuilt, siteDir } from './harness.mjs';

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 9;
requireBuilt({ cli: false });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function firstDiagnostics(page) {
  await page.waitForFunction(() => performance.getEntriesByName('shipshape:first-diagnostics').length > 0, null, {
    timeout: 60_000,
  });
  return page.evaluate(() => performance.getEntriesByName('shipshape:first-diagnostics')[0].startTime);
}

const loadBefore = os.loadavg()[0];
const browserVersion = spawnSync(chromiumPath, ['--version'], { encoding: 'utf8' }).stdout.trim();
const site = await serve(siteDir);
const cold = [];
const phases = [];
const warm = [];
let assets = null;
const firstVisit = [];
const reload = [];
const sent = () => site.log.reduce((sum, entry) => sum + entry.bytes, 0);
try {
  for (let run = 0; run < runs; run += 1) {
    const browser = await launch();
    try {
      const page = await browser.context.newPage();
      const responses = [];
      page.on('response', (response) => responses.push(response));
      site.log.length = 0;
      await page.goto(site.url);
      cold.push(await firstDiagnostics(page));
      phases.push(
        await page.evaluate(() => ({
          'DOMContentLoaded (app.js parsed and run)': performance.getEntriesByType('navigation')[0].domContentLoadedEventStart,
          'wasm compiled (page)': performance.getEntriesByName('shipshape:wasm-compiled')[0]?.startTime ?? NaN,
          'first check sent to the worker': performance.getEntriesByName('shipshape:first-check-sent')[0]?.startTime ?? NaN,
          'first check answered': performance.getEntriesByName('shipshape:first-check-answered')[0]?.startTime ?? NaN,
          'first diagnostics drawn': performance.getEntriesByName('shipshape:first-diagnostics')[0].startTime,
        })),
      );
      if (assets === null) {
        assets = [];
        const seen = new Set();
        for (const response of responses) {
          // The wasm is preloaded by the page and fetched again by the worker (a 304): count it once.
          const pathname = new URL(response.url()).pathname;
          if (seen.has(pathname)) continue;
          seen.add(pathname);
          const body = await response.body();
          assets.push({
            url: new URL(response.url()).pathname,
            raw: body.length,
            gzip: zlib.gzipSync(body, { level: 9 }).length,
          });
        }
      }
      // The service worker's install has cached every asset once it is ready.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      firstVisit.push({ bytes: sent(), requests: site.log.length, log: [...site.log] });
      site.log.length = 0;
      await page.reload();
      warm.push(await firstDiagnostics(page));
      reload.push({ bytes: sent(), requests: site.log.length });
    } finally {
      await browser.close();
    }
  }
} finally {
  await site.close();
}

console.log(
  `${new Date().toISOString()}, ${browserVersion || 'chromium (version unknown)'}, ${os.cpus().length} cores, ` +
    `load average ${loadBefore.toFixed(1)} before and ${os.loadavg()[0].toFixed(1)} after\n`,
);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value) => `${value.toFixed(0)} ms`;
console.log('| asset | raw | gzip -9 |\n|---|---:|---:|');
for (const asset of assets) console.log(`| \`${asset.url}\` | ${kib(asset.raw)} | ${kib(asset.gzip)} |`);
const raw = assets.reduce((sum, a) => sum + a.raw, 0);
const gzip = assets.reduce((sum, a) => sum + a.gzip, 0);
console.log(`| **total (${assets.length} requests)** | **${kib(raw)}** | **${kib(gzip)}** |`);
console.log('');
const visit = firstVisit[0];
console.log(
  `First visit, every body the server sent (uncompressed; page, then the service worker caching the site): ` +
    `${kib(visit.bytes)} in ${visit.requests} requests (${visit.log.map((e) => `${e.path} ${e.status}`).join(', ')}). ` +
    `A reload: ${kib(median(reload.map((r) => r.bytes)))} in a median ${median(reload.map((r) => r.requests))} requests.`,
);
console.log('');
console.log(`| load to first diagnostics (${runs} runs) | median | min | max |\n|---|---:|---:|---:|`);
for (const [label, values] of [
  ['cold (fresh profile, from the server)', cold],
  ['warm (reload, from the service worker)', warm],
]) {
  console.log(`| ${label} | ${ms(median(values))} | ${ms(Math.min(...values))} | ${ms(Math.max(...values))} |`);
}
console.log('');
console.log('| cold load, phase reached at (median) | ms |\n|---|---:|');
for (const phase of Object.keys(phases[0])) {
  console.log(`| ${phase} | ${ms(median(phases.map((p) => p[phase])))} |`);
}
