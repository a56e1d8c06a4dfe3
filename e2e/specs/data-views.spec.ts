import { defaultOuraDataset } from '../../simulators/oura/data';
import { connectOAuth, tableRows, waitForBackfill } from '../fixtures/data-views';
import { expect, test } from '../fixtures/simulators';

// The Data area after a real backfill from the simulators (issue 17): every
// page opens, the values drawn are the simulator's, two sources stand side by
// side with their own labels, the day detail holds exactly the day's samples,
// and a value's source record is one click away.

const oura = defaultOuraDataset();
const isoDay = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);

test('after Oura and WHOOP backfills, every metric page draws the simulators’ values', async ({ omnio }) => {
  // Two real backfills (90 days each) come first.
  test.setTimeout(300_000);
  const { page } = omnio;
  await connectOAuth(omnio, 'Oura');
  await waitForBackfill(page, 'Oura');
  await connectOAuth(omnio, 'WHOOP');
  await waitForBackfill(page, 'WHOOP');

  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/data-home.png' });

  // Heart rate: the newest month, reduced per pixel column; every listed value is the simulator's.
  await page.getByRole('link', { name: /^Heart rate/ }).click();
  const hr = page.locator('section[data-metric="heart_rate"]');
  await expect(hr.getByTestId('series-note')).toHaveAttribute('data-raw-count', /^[1-9]/);
  await page.screenshot({ path: 'docs/screenshots/data-heart-rate.png' });
  const hrRows = await tableRows(hr, /Oura · .* values/);
  expect(hrRows.length).toBeGreaterThan(100);
  for (const r of hrRows) expect(r.v).toBe(oura.bpmAt(r.t * 1000));
  await expect(hr.getByTestId('summary-line').first()).toContainText(/min \d+, mean [\d.]+, max \d+ bpm/);
  // The y axis names its unit; the ranges answer the keyboard; the back button undoes a range.
  await expect(hr.getByRole('img', { name: /in bpm\./ })).toBeVisible();
  await page.locator('body').press('4');
  await expect(page.getByRole('button', { name: 'Year' })).toHaveAttribute('aria-pressed', 'true');
  await page.goBack();
  await expect(page.getByRole('button', { name: 'Month' })).toHaveAttribute('aria-pressed', 'true');

  // Readiness: Oura Readiness and WHOOP Recovery side by side on one time axis, each labelled, never one scale.
  await page.getByRole('link', { name: 'Readiness and recovery' }).click();
  const readiness = page.locator('section[data-metric="readiness"]');
  await expect(readiness.getByTestId('summary-line').filter({ hasText: /^Oura · / })).toHaveCount(1);
  await expect(readiness.getByTestId('summary-line').filter({ hasText: /^WHOOP · / })).toHaveCount(1);
  await expect(readiness.getByTestId('chart-readiness')).toHaveCount(2);
  await page.screenshot({ path: 'docs/screenshots/data-side-by-side.png' });
  const ouraScores = await tableRows(readiness, /Oura · .* values/);
  expect(ouraScores.length).toBeGreaterThan(10);
  for (const r of ouraScores) expect(r.v).toBe(oura.dailyReadiness(isoDay(r.t))!.score);
  // Gaps: the ring's days off are not there (no zero stands in for them).
  for (const r of ouraScores) expect(r.v).toBeGreaterThan(0);

  // Provenance: the source record of a value, one click away.
  const last = ouraScores.at(-1)!;
  await readiness.getByRole('table', { name: /Oura · / }).locator(`tr[data-t="${last.t}"]`).getByRole('button').click();
  const record = readiness.getByRole('region', { name: 'Source record' });
  await expect(record).toContainText('oura.daily_readiness');
  await expect(record).toContainText(String(oura.dailyReadiness(isoDay(last.t))!.id));

  // Every other page opens and draws (or says which source has no such data).
  for (const [link, metric] of [
    ['Heart-rate variability', 'hrv'],
    ['Sleep', 'sleep_duration'],
    ['Steps and activity', 'steps'],
    ['Blood oxygen (SpO2)', 'spo2'],
    ['Workouts', 'workouts'],
  ] as const) {
    await page.getByRole('navigation', { name: 'Data pages' }).getByRole('link', { name: link, exact: true }).click();
    await expect(page.locator(`section[data-metric="${metric}"]`)).toBeVisible();
    await expect(page.locator(`section[data-metric="${metric}"] canvas`).first()).toBeVisible();
  }
  const steps = await (async () => {
    await page.getByRole('navigation', { name: 'Data pages' }).getByRole('link', { name: 'Steps and activity' }).click();
    return tableRows(page.locator('section[data-metric="steps"]'), /Oura · .* values/);
  })();
  for (const r of steps) expect(r.v).toBe((oura.dailyActivity(isoDay(r.t)) as { steps: number }).steps);
  await page.getByRole('navigation', { name: 'Data pages' }).getByRole('link', { name: 'Sleep', exact: true }).click();
  await expect(page.locator('section[data-metric="sleep_duration"] canvas').first()).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/data-sleep.png' });

  // Day detail: exactly the stored samples of that local day, with sleep drawn as a band.
  const day = isoDay(Date.now() / 1000 - 3 * 86_400);
  await page.goto(`${new URL(page.url()).origin}/#/data/day/${day}`);
  const dayCard = page.locator('section[data-metric="day-heart-rate"]');
  const windowEl = dayCard.getByTestId('day-window').first();
  await expect(windowEl).toBeVisible();
  const start = Number(await windowEl.getAttribute('data-start'));
  const end = Number(await windowEl.getAttribute('data-end'));
  const expected = oura.heartRateRange(start * 1000, end * 1000);
  await expect(dayCard.locator('canvas').first()).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/data-day-detail.png' });
  const points = await tableRows(dayCard, /Oura · .* values/);
  expect(points).toHaveLength(expected.count);
  points.forEach((p, i) => {
    const ms = expected.first + i * oura.hrIntervalS * 1000;
    expect(p.t).toBe(ms / 1000);
    expect(p.v).toBe(oura.bpmAt(ms));
  });
  await expect(dayCard.getByRole('list', { name: 'Sleep and workouts' })).toContainText('Oura · main sleep');
  await expect(page.getByRole('region', { name: 'Summaries of the day' })).toContainText('oura.daily_readiness');
});

test('with no source connected, the Data area offers to connect one', async ({ omnio }) => {
  const { page } = omnio;
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await expect(page.getByRole('region', { name: 'No sources' })).toBeVisible();
  await page.getByRole('link', { name: 'Connect a source' }).click();
  await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('region', { name: 'No sources' })).toBeVisible();
});
