import fs from 'node:fs';
import { connectAndSync } from '../fixtures/connect';
import { accessLogTexts, expectNoSecrets, readTree } from '../fixtures/scan';
import { expect, providerCard, test } from '../fixtures/simulators';
import { dataPaths } from '../../src-main/core/paths';
import { parseCsv } from '../../src-main/core/export/csv';

// Issue 12: a person connects Oura, lets the first sync run, opens the card's
// Access log, narrows it with the filters and exports it as CSV. In the
// browser host the export is a real download (Playwright's download event,
// what a browser does); the CSV lists the same requests the view counts and,
// like the database, holds no token or secret.

// What the person's browser asks the provider for, not Omnio: the consent page, and the page's icon
// (Chromium asks for it after the page loads, or not at all when the tab closes first — counting it
// made this spec fail now and then with one request "missing" from the log).
const BROWSER_PATHS = ['/oauth/authorize', '/favicon.ico'];

test('Access log: the card lists every request, filters narrow it, the CSV downloads with no secret', async ({
  omnio,
  sims,
  omnioRuntime,
}) => {
  test.skip(omnioRuntime === 'electron', 'Electron saves through its own save dialog, which Playwright cannot drive');
  const { page } = omnio;
  // The first sync starts by itself; wait until it is over.
  await connectAndSync(omnio, 'Oura');
  const card = providerCard(page, 'Oura');

  const view = page.getByRole('dialog', { name: 'Access log — Oura' });
  const summary = view.getByRole('status').filter({ hasText: /requests?\b/ });
  // The view is a snapshot of the log when it opens. The next planned sync may start right after the
  // first; its requests reach the log when its job ends. Until the log and the simulator agree, reopen.
  let all = 0;
  await expect(async () => {
    if (await view.isVisible()) {
      await view.getByRole('button', { name: 'Close' }).click();
      await expect(view).toBeHidden();
    }
    await card.getByRole('button', { name: 'Access log' }).click();
    await expect(summary).toHaveText(/^\d+ requests\.$/);
    all = Number((await summary.textContent())!.split(' ')[0]);
    expect(all).toBe(sims.oura.server.requests.filter((r) => !BROWSER_PATHS.includes(r.path)).length);
  }).toPass({ timeout: 30_000 });
  await expect(view.getByRole('row', { name: /Token|Connect/ }).first()).toBeVisible();

  // Only heart rate: every row names the category and the scope it relies on.
  await view.getByLabel('Category').selectOption({ label: 'Heart rate' });
  await expect(summary).not.toHaveText(`${all} requests.`);
  const heartRows = view.getByRole('row').filter({ hasText: '/v2/usercollection/heartrate' });
  await expect(heartRows.first()).toContainText('Heart rate (heartrate)');
  // Nothing failed in this sync.
  await view.getByLabel('Status').selectOption({ label: 'Failed' });
  await expect(view.getByRole('status').filter({ hasText: 'No requests match.' })).toBeVisible();
  await view.getByLabel('Status').selectOption({ label: 'All' });
  await view.getByLabel('Time').selectOption({ label: 'Last 24 hours' });
  // The Failed filter's "No requests match." is gone once the new filters' answer is in.
  await expect(summary).toHaveText(/^\d+ requests?\.$/);
  const heartCount = Number(((await summary.textContent()) ?? '').split(' ')[0]);
  expect(heartCount).toBeGreaterThan(0);

  // The export is a download, named by the app; the page never chose a path.
  const download = page.waitForEvent('download');
  await view.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^omnio-access-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await file.path())!, 'utf8');
  const [header, ...rows] = parseCsv(csv);
  expect(header).toContain('http_status');
  expect(rows).toHaveLength(heartCount);
  expect(rows.every((r) => r[header!.indexOf('endpoint')] === '/v2/usercollection/heartrate')).toBe(true);
  // Served once: the same URL gives nothing a second time, and the data dir keeps no copy.
  await expect(view.getByRole('status').filter({ hasText: 'Downloading' })).toBeVisible();
  expect(fs.readdirSync(`${omnio.dataDir}/downloads`)).toEqual([]);

  await view.getByRole('button', { name: 'Close' }).click();
  await expect(view).toBeHidden();

  const secrets = [...sims.oura.authority.issued, sims.oura.client.clientSecret];
  expect(secrets.length).toBeGreaterThan(1);
  expectNoSecrets(
    [...readTree(omnio.dataDir), ...accessLogTexts(dataPaths(omnio.dataDir).database), Buffer.from(csv), Buffer.from(omnio.logs())],
    secrets,
  );
});
