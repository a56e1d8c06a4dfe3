import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { connectAndSync } from '../fixtures/connect';
import { expectNoSecrets } from '../fixtures/scan';
import { expect, test } from '../fixtures/simulators';
import { checkBackup } from '../../src-main/core/backup/backup';

// Issue 12: a person backs up from Settings; in the browser host the backup is
// a download. The file is a sound Omnio backup with the account and its data,
// and no token or client secret in it.

test('Backup: "Back up now" downloads one file with the data and no secret', async ({ omnio, sims, omnioRuntime }) => {
  test.skip(omnioRuntime === 'electron', 'Electron saves through its own save dialog, which Playwright cannot drive');
  const { page } = omnio;
  // The first sync starts by itself; wait until it is over.
  await connectAndSync(omnio, 'Oura');

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const section = page.getByRole('region', { name: 'Backup' });
  const download = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Back up now' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^omnio-backup-\d{4}-\d{2}-\d{2}\.omnio-backup$/);
  await expect(section.getByRole('status')).toHaveText(/^Downloading omnio-backup-/);
  const saved = (await file.path())!;
  expect(checkBackup(saved)).toBeNull();
  const db = new BetterSqlite3(saved, { readonly: true });
  const accounts = db.prepare('SELECT provider_id, status FROM accounts').all();
  const samples = db.prepare('SELECT count(*) FROM series_samples').pluck().get() as number;
  const secrets = db.prepare('SELECT count(*) FROM secrets').pluck().get() as number;
  db.close();
  expect(accounts).toEqual([{ provider_id: 'oura', status: 'needs_reconnect' }]);
  expect(samples).toBeGreaterThan(1000);
  expect(secrets).toBe(0);
  expectNoSecrets([fs.readFileSync(saved)], [...sims.oura.authority.issued, sims.oura.client.clientSecret]);
});
