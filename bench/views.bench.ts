// `npm run bench:views` (issue 17): how fast the Data area draws five years of
// heart rate. Builds the renderer, then:
//
// 1. the store: the sync benchmark's five-year Oura backfill (simulator process,
//    the app's sync threads) into a fresh data directory;
// 2. in Debian Chromium through the browser host on that directory, as a person
//    goes (Data → Heart rate, then the range buttons), 10 repetitions of:
//    Year (year_hr_ms), zoom in with "+" on the chart (range_switch_ms), All
//    (all_hr_ms), each from the input event to the chart's drawing of the new
//    range's own answer (bench/views-browser.ts defines "drawn");
//    renderer_heap_mb after the last All; then uPlot alone drawing the year's raw
//    samples from arrays already in the page (uplot_bare_year_ms, the ceiling);
// 3. the core's decimated query alone (query_year_ms, query_all_ms), in this
//    process on a read-only connection as the query thread has: warm (the
//    series in the query thread's memory, as after a chart has been open a
//    moment) and cold (a fresh cache: the first chart after a launch or a sync).
//
// Writes bench/views.json; figures in bench/README.md. Not part of `npm test`.
import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { format, resolveConfig } from 'prettier';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/fixtures/chromium';
import { startHostProcess } from '../e2e/fixtures/host';
import { DataQueries } from '../src-main/core/data/data-queries';
import { dataPaths } from '../src-main/core/paths';
import { backfillOura } from './oura-backfill';
import { asked, bareUplot, drawnAnswer, instrument, maybeShot, rendererHeapMb, timeSwitch } from './views-browser';

const REPS = 10;
const YEARS = 5;
const NOW = Math.floor(Date.now() / 300_000) * 300_000;
// A laptop's window: 1440 × 900 CSS pixels at device pixel ratio 2 (the chart's columns are device pixels).
const VIEWPORT = { width: 1440, height: 900 };
const DPR = 2;

const TARGETS = {
  year_hr_ms_p95: 200,
  all_hr_ms_p95: 400,
  range_switch_ms_p95: 50,
  ratio_year: 1.5,
  renderer_heap_mb: 150,
};

/** Nearest-rank percentile (of 10 values: p50 is the 5th, p95 the 10th, the slowest). */
function stats(xs: number[]): { p50: number; p95: number; each: number[] } {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!, 1);
  return { p50: at(0.5), p95: at(0.95), each: xs.map((x) => round(x, 1)) };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-bench-views-'));
  const dbFile = dataPaths(dir).database;
  try {
    const t0 = performance.now();
    // BENCH_STORE=DIR starts from a copy of a directory an earlier run kept (BENCH_KEEP=1) instead of a backfill.
    if (process.env.BENCH_STORE) fs.copyFileSync(dataPaths(process.env.BENCH_STORE).database, dbFile);
    else await backfillOura(dbFile, NOW, YEARS);
    const backfillS = (performance.now() - t0) / 1000;
    const probe = new BetterSqlite3(dbFile, { readonly: true });
    const accountId = probe.prepare("SELECT id FROM accounts WHERE provider_id = 'oura'").pluck().get() as string;
    const samples = probe
      .prepare("SELECT sample_count FROM series WHERE account_id = ? AND metric = 'heart_rate'")
      .pluck()
      .get(accountId) as number;
    probe.close();
    console.error(`store: ${samples} heart-rate samples (backfill and simulator start-up ${backfillS.toFixed(1)} s)`);

    const browserFigures = await inChromium(dir, accountId);
    const core = coreQueries(dbFile, accountId, browserFigures.year, browserFigures.all, browserFigures.buckets);

    const year = stats(browserFigures.yearMs);
    const all = stats(browserFigures.allMs);
    const zoom = stats(browserFigures.zoomMs);
    const bare = stats(browserFigures.bareMs);
    const ratio = round(year.p50 / bare.p50, 2);
    const heap = round(browserFigures.heap.used, 1);
    const result = {
      at: new Date().toISOString(),
      reps: REPS,
      store: { heart_rate_samples: samples, years: YEARS, source: 'bench/oura-backfill.ts (the sync benchmark’s)' },
      screen: { css: VIEWPORT, device_pixel_ratio: DPR, plot_columns: browserFigures.buckets },
      year_hr_ms: year,
      all_hr_ms: all,
      range_switch_ms: zoom,
      // The zoom's first drawing: the loaded year rescaled at once, before its own answer replaces it.
      range_switch_rescaled_ms: stats(browserFigures.zoomRescaledMs),
      uplot_bare_year_ms: bare,
      uplot_bare_year_samples: browserFigures.bareSamples,
      ratio_year: ratio,
      renderer_heap_mb: heap,
      renderer_heap_after_gc_mb: round(browserFigures.heap.afterGc, 1),
      query_year_ms: core.yearWarm,
      query_all_ms: core.allWarm,
      query_year_cold_ms: core.yearCold,
      query_all_cold_ms: core.allCold,
      query_points: core.points,
      targets: TARGETS,
      met: {
        year_hr_ms_p95: year.p95 <= TARGETS.year_hr_ms_p95,
        all_hr_ms_p95: all.p95 <= TARGETS.all_hr_ms_p95,
        range_switch_ms_p95: zoom.p95 <= TARGETS.range_switch_ms_p95,
        ratio_year: ratio <= TARGETS.ratio_year,
        renderer_heap_mb: heap <= TARGETS.renderer_heap_mb,
      },
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        chromium: browserFigures.chromium,
        load_avg_before: round(loadBefore, 2),
        load_avg_after: round(os.loadavg()[0]!, 2),
      },
    };
    // Formatted as the repository's Prettier would (format:check covers bench/).
    const file = path.join(import.meta.dirname, 'views.json');
    fs.writeFileSync(
      file,
      await format(JSON.stringify(result, null, 2), { ...(await resolveConfig(file)), parser: 'json' }),
    );
    console.log(JSON.stringify(result, null, 2));
    const missed = Object.entries(result.met).filter(([, ok]) => !ok);
    console.log(missed.length === 0 ? 'targets met' : `targets NOT met: ${missed.map(([k]) => k).join(', ')}`);
  } finally {
    if (process.env.BENCH_KEEP) console.error(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Window {
  from: number;
  to: number;
}

async function inChromium(dataDir: string, accountId: string) {
  const host = await startHostProcess({ dataDir });
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: DPR });
    await page.goto(host.url);
    // As a person opens it: Data, then Heart rate (its newest month).
    await page.getByRole('link', { name: 'Data', exact: true }).click();
    await page.getByRole('link', { name: /^Heart rate/ }).click();
    await drawnAnswer(page, null);
    await instrument(page);
    const yearMs: number[] = [];
    const zoomMs: number[] = [];
    const zoomRescaledMs: number[] = [];
    const allMs: number[] = [];
    let yearKey = '';
    let allKey = '';
    for (let i = 0; i < REPS; i++) {
      yearMs.push(
        (await timeSwitch(page, () => page.getByRole('button', { name: 'Year', exact: true }).click())).answer,
      );
      yearKey = (await asked(page))!;
      if (i === 0) await maybeShot(page, 'year');
      // Zoom in within the loaded year: "=" (as "+") on the focused chart (a fifth of the span less, around its middle).
      await page.getByRole('img', { name: /^Heart rate, / }).focus();
      const zoom = await timeSwitch(page, () => page.keyboard.press('='));
      zoomMs.push(zoom.answer);
      zoomRescaledMs.push(zoom.rescaled);
      allMs.push((await timeSwitch(page, () => page.getByRole('button', { name: 'All', exact: true }).click())).answer);
      allKey = (await asked(page))!;
      if (i === 0) await maybeShot(page, 'all');
    }
    const heap = await rendererHeapMb(page);

    const [yFrom, yTo, , buckets] = yearKey.split(':').map(Number) as [number, number, number, number];
    const [aFrom, aTo] = allKey.split(':').map(Number) as [number, number];
    // The year's raw samples, as the core answers "Draw every sample" (gaps as NaN, null for uPlot).
    const db = new BetterSqlite3(dataPaths(dataDir).database, { readonly: true });
    const raw = new DataQueries(db).series({
      accountId,
      metric: 'heart_rate',
      from: yFrom,
      to: yTo,
      buckets,
      raw: true,
    });
    db.close();
    const bareMs = await bareUplot(
      page,
      { t: Array.from(raw.t), v: Array.from(raw.v, (v) => (Number.isNaN(v) ? null : v)) },
      { from: yFrom, to: yTo },
      REPS,
    );
    return {
      yearMs,
      zoomMs,
      zoomRescaledMs,
      allMs,
      bareMs,
      bareSamples: raw.rawCount,
      heap,
      buckets,
      year: { from: yFrom, to: yTo },
      all: { from: aFrom, to: aTo },
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
    await host.stop();
  }
}

/** The core's decimated query alone, on a read-only connection as the data query thread has. */
function coreQueries(dbFile: string, accountId: string, year: Window, all: Window, buckets: number) {
  const db = new BetterSqlite3(dbFile, { readonly: true });
  try {
    const ask = (q: DataQueries, w: Window) =>
      q.series({ accountId, metric: 'heart_rate', from: w.from, to: w.to, buckets, plotLeft: 0 });
    const time = (f: () => unknown) => {
      const t = performance.now();
      f();
      return performance.now() - t;
    };
    // Cold: each repetition a fresh cache (after a launch, or after a sync rewrote every chunk).
    const yearCold: number[] = [];
    const allCold: number[] = [];
    for (let i = 0; i < 3; i++) {
      yearCold.push(time(() => ask(new DataQueries(db), year)));
      allCold.push(time(() => ask(new DataQueries(db), all)));
    }
    // Warm: the series in memory, as once a chart has been open a moment (the thread fills it in while idle).
    const q = new DataQueries(db);
    ask(q, year);
    while (q.warmStep()) {
      // read the rest of the series
    }
    const yearWarm: number[] = [];
    const allWarm: number[] = [];
    for (let i = 0; i < REPS; i++) {
      yearWarm.push(time(() => ask(q, year)));
      allWarm.push(time(() => ask(q, all)));
    }
    return {
      yearWarm: stats(yearWarm),
      allWarm: stats(allWarm),
      yearCold: stats(yearCold),
      allCold: stats(allCold),
      points: { year: ask(q, year).t.length, all: ask(q, all).t.length },
    };
  } finally {
    db.close();
  }
}

await main();
