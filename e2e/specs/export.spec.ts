import fs from 'node:fs';
import { connectAndSync } from '../fixtures/connect';
import { expectNoSecrets } from '../fixtures/scan';
import { expect, test } from '../fixtures/simulators';
import { validateObservation } from '../../src-main/core/export/test-support/fhir-shape';

// Issue 12: a person with a year of Oura data exports their heart rate as FHIR
// Observations (a real download in the browser host, as a browser does it),
// then starts a CSV export of everything and cancels it: no file arrives and
// none is left in the data directory.

// A year exports in a fraction of a second on a fast machine: the export pauses 50 ms after each 256 KB
// chunk (a QA switch of the browser host, docs/qa.md), so Cancel meets it while it streams (CI once
// pressed Cancel after the export had finished).
test.use({ omnioQaEnv: { OMNIO_QA_EXPORT_PAUSE_MS: '50' } });

test('Export: FHIR heart rate downloads as valid Observations; a cancelled export leaves no file', async ({
  omnio,
  sims,
  omnioRuntime,
}) => {
  test.skip(omnioRuntime === 'electron', 'Electron saves through its own save dialog, which Playwright cannot drive');
  const { page } = omnio;
  // A year of history, so the export of everything takes long enough to cancel.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('History to import when connecting').selectOption({ label: 'The last year' });
  await expect(page.getByRole('status').filter({ hasText: 'Saved' }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Sources', exact: true }).click();

  // The first sync starts by itself; wait until it is over.
  await connectAndSync(omnio, 'Oura');

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const form = page.getByRole('form', { name: 'Export your data' });
  await form.getByLabel('Account').selectOption({ index: 1 });
  await form.getByLabel('Category').selectOption({ label: 'Heart rate' });
  await form.getByLabel('Format').selectOption('fhir');
  const download = page.waitForEvent('download');
  await form.getByRole('button', { name: 'Export' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^omnio-oura-heart_rate-\d{4}-\d{2}-\d{2}\.ndjson$/);
  const lines = fs.readFileSync((await file.path())!, 'utf8').trimEnd().split('\n');
  await expect(form.getByRole('status').filter({ hasText: `${lines.length} records.` })).toBeVisible();
  expect(lines.length).toBeGreaterThan(100_000);
  for (const line of [lines[0]!, lines[Math.floor(lines.length / 2)]!, lines.at(-1)!]) {
    const o = JSON.parse(line) as Record<string, unknown>;
    expect(validateObservation(o)).toEqual([]);
    expect(o).toMatchObject({ code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] } });
  }
  expectNoSecrets([Buffer.from(lines.join('\n'))], [...sims.oura.authority.issued, sims.oura.client.clientSecret]);

  // Everything as CSV, cancelled while it streams.
  await form.getByLabel('Account').selectOption({ label: 'All accounts' });
  await form.getByLabel('Category').selectOption({ label: 'Everything' });
  await form.getByLabel('Format').selectOption('csv');
  let downloaded = false;
  page.on('download', () => (downloaded = true));
  await form.getByRole('button', { name: 'Export' }).click();
  await expect(form.getByLabel('Export progress')).toBeVisible();
  await form.getByRole('button', { name: 'Cancel export' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Export cancelled. No file was saved.' })).toBeVisible();
  expect(downloaded).toBe(false);
  const downloads = `${omnio.dataDir}/downloads`;
  expect(fs.existsSync(downloads) ? fs.readdirSync(downloads) : []).toEqual([]);
});
