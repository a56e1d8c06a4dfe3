import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

// The Chromium half of `npm run bench:views` (issue 17): what a person sees
// when they switch the heart-rate chart's range, timed inside the page.
//
// "Drawn" is precise: TimeChart's uPlot draw hook (it runs once the canvas
// holds the axes and every line; Chromium presents it with the next frame)
// sets data-drawn-data to the request its series answer (SeriesCard's
// data-asked: window, mode, pixel columns), data-drawn-window to the x range
// it drew, and data-drawn-at to performance.now(). A click or key press is
// timed by its event's timeStamp, on the same clock. A MutationObserver
// records every drawing, so both the rescaled drawing of the loaded data
// (at once) and the drawing of the new window's own answer are seen.

export const CARD = 'section[data-metric="heart_rate"]';
const CHART = `${CARD} [data-testid="chart-heart_rate"]`;

interface Drawing {
  at: number;
  data: string;
  window: string;
}

/** Starts recording input events and drawings in the page (once per page). */
export async function instrument(page: Page): Promise<void> {
  await page.evaluate((chartSelector) => {
    const w = window as unknown as { __input: number; __draws: Drawing[] };
    w.__draws = [];
    // (No named function in code sent to the page: tsx would wrap it in a helper the page does not have.)
    for (const type of ['click', 'keydown']) document.addEventListener(type, (e) => (w.__input = e.timeStamp), true);
    const chart = document.querySelector(chartSelector) as HTMLElement;
    new MutationObserver(() =>
      w.__draws.push({
        at: Number(chart.dataset.drawnAt),
        data: chart.dataset.drawnData ?? '',
        window: chart.dataset.drawnWindow ?? '',
      }),
    ).observe(chart, { attributes: true, attributeFilter: ['data-drawn-at'] });
  }, CHART);
}

/** Waits until the chart has drawn the answer to the request now asked (after `before` was asked). */
export async function drawnAnswer(page: Page, before: string | null): Promise<void> {
  await page.waitForFunction(
    ([card, chart, before]) => {
      const asked = document.querySelector(card)?.getAttribute('data-asked');
      return !!asked && asked !== before && document.querySelector(chart)?.getAttribute('data-drawn-data') === asked;
    },
    [CARD, CHART, before] as const,
    { timeout: 60_000 },
  );
}

export const asked = (page: Page) => page.locator(CARD).getAttribute('data-asked');

/**
 * Runs `act` (a click or a key press) and returns, in ms from its event: when the chart first drew the new
 * window (with whatever data it held), and when it drew the new window's own answer.
 */
export async function timeSwitch(page: Page, act: () => Promise<void>): Promise<{ rescaled: number; answer: number }> {
  const before = await asked(page);
  await page.evaluate(() => ((window as unknown as { __draws: Drawing[] }).__draws.length = 0));
  await act();
  await drawnAnswer(page, before);
  const { input, draws } = await page.evaluate(() => {
    const w = window as unknown as { __input: number; __draws: Drawing[] };
    return { input: w.__input, draws: w.__draws };
  });
  const key = (await asked(page))!;
  const [from, to] = key.split(':');
  const answer = draws.find((d) => d.data === key);
  const rescaled = draws.find((d) => d.window === `${from}:${to}`);
  if (!answer || !rescaled) throw new Error(`no drawing recorded for ${key}: ${JSON.stringify(draws)}`);
  return { rescaled: rescaled.at - input, answer: answer.at - input };
}

/**
 * The ceiling: uPlot alone (the same build the app bundles) drawing every raw sample of the year from arrays
 * already in the page, with the chart's own options (size, axes, line, pixel snapping). Each repetition is a
 * new plot, as the app builds one per answer; timed from `new uPlot` to its draw hook.
 */
export async function bareUplot(
  page: Page,
  raw: { t: number[]; v: (number | null)[] },
  span: { from: number; to: number },
  reps: number,
): Promise<number[]> {
  const hasUplot = await page.evaluate(() => 'uPlot' in globalThis);
  if (!hasUplot) {
    // Through the DevTools protocol (the app's CSP allows no inline script, rightly): the same uPlot build.
    const source = fs.readFileSync(
      path.join(import.meta.dirname, '../node_modules/uplot/dist/uPlot.iife.min.js'),
      'utf8',
    );
    await page.evaluate(`${source};globalThis.uPlot = uPlot;0`);
  }
  const chartBox = await page.locator(CHART).boundingBox();
  if (!chartBox) throw new Error('the heart-rate chart is not on screen');
  return page.evaluate(
    async ({ raw, span: win, reps, width }) => {
      type U = {
        destroy(): void;
        series: { pxRound?: (v: number) => number }[];
        redraw(): void;
      };
      const uPlot = (globalThis as unknown as { uPlot: new (o: unknown, d: unknown, el: HTMLElement) => U }).uPlot;
      const host = document.createElement('div');
      host.style.width = `${width}px`;
      document.body.appendChild(host);
      const data = [raw.t, raw.v];
      const times: number[] = [];
      for (let i = 0; i < reps; i++) {
        let drawnAt = 0;
        const grid = { stroke: '#e6e9ee', width: 1 };
        const t0 = performance.now();
        const u = new uPlot(
          {
            width,
            height: 300,
            pxAlign: 1,
            scales: { x: { time: true, min: win.from, max: win.to, auto: false } },
            cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 7 } },
            legend: { live: true },
            axes: [
              { stroke: '#5b6470', grid, ticks: grid, font: '12px system-ui' },
              {
                stroke: '#5b6470',
                grid,
                ticks: grid,
                font: '12px system-ui',
                label: 'bpm',
                labelFont: '12px system-ui',
                labelSize: 18,
                size: 56,
              },
            ],
            series: [{}, { label: 'Oura', stroke: '#6741d9', width: 1.25, spanGaps: false, points: { show: false } }],
            hooks: { draw: [() => (drawnAt = performance.now())] },
          },
          data,
          host,
        );
        // As TimeChart: lines snap to the pixel column (floor), then one drawing.
        for (const s of u.series.slice(1)) s.pxRound = Math.floor;
        u.redraw();
        await new Promise((r) => setTimeout(r, 0));
        if (drawnAt === 0) throw new Error('uPlot did not draw');
        times.push(drawnAt - t0);
        u.destroy();
        await new Promise((r) => requestAnimationFrame(() => r(null)));
      }
      host.remove();
      return times;
    },
    { raw, span, reps, width: Math.round(chartBox.width) },
  );
}

/** The renderer's JS heap in MB (Chrome DevTools Protocol), as it is and after a full garbage collection. */
export async function rendererHeapMb(page: Page): Promise<{ used: number; afterGc: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1024 / 1024;
  };
  const used = await read();
  await cdp.send('HeapProfiler.collectGarbage');
  const afterGc = await read();
  await cdp.detach();
  return { used, afterGc };
}

/** Writes a screenshot of the page next to the results when BENCH_SHOT is set (to check what was measured). */
export async function maybeShot(page: Page, name: string): Promise<void> {
  const dir = process.env.BENCH_SHOT;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}
