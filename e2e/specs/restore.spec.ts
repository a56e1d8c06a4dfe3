import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { scanState } from '../fixtures/a11y';
import { connectAndSync, recordCounts } from '../fixtures/connect';
import { expect, providerCard, test } from '../fixtures/simulators';
import { RESTORED_MESSAGE } from '../../src-main/core/backup/backup';

// Issue 12: restore from a backup, as a person does it in the browser host:
// back up (a download), remove everything, then choose the downloaded file in
// Settings › Restore from a backup (the page's file chooser; the file is
// uploaded to the host). The account comes back needing reconnect, with the
// records it had. A file that is not a backup, or a damaged backup, is refused
// in words and the data on screen stays as it was.

const ELECTRON = 'Electron opens the backup with its own open dialog in the main process, which Playwright cannot drive';

/** Settings › Back up now; the downloaded file, kept under the test's output folder. */
async function backUp(page: Page, target: string): Promise<string> {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('region', { name: 'Backup' }).getByRole('button', { name: 'Back up now' }).click();
  await (await download).saveAs(target);
  return target;
}

/** Settings › Restore from a backup… → Choose a backup file… → the file chooser gets `files`. */
async function chooseBackup(page: Page, files: string | { name: string; mimeType: string; buffer: Buffer }) {
  const dialog = page.getByRole('dialog', { name: 'Restore from a backup?' });
  // After a refusal the dialog stays open, with its message, for another choice.
  if (!(await dialog.isVisible())) {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Restore from a backup…' }).click();
  }
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Choose a backup file…' }).click();
  await (await chooser).setFiles(files);
  return dialog;
}

test('Restore: back up, remove everything, choose the backup file: the account is back needing reconnect, with its records', async ({
  omnio,
  omnioRuntime,
}) => {
  test.skip(omnioRuntime === 'electron', ELECTRON);
  const { page } = omnio;
  await connectAndSync(omnio, 'Oura');
  const before = await recordCounts(page, 'Oura');
  expect(Object.values(before).some((c) => /^[1-9][\d,]* records?$/.test(c))).toBe(true);
  const file = await backUp(page, test.info().outputPath('omnio.omnio-backup'));

  // Remove everything: a first-run app with no account.
  await page.getByRole('button', { name: 'Remove everything…' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove everything?' });
  await remove.getByLabel('Type REMOVE to confirm').fill('REMOVE');
  await remove.getByRole('button', { name: 'Remove everything' }).click();
  await page.getByRole('dialog', { name: 'Everything was removed' }).getByRole('button', { name: 'Start again' }).click();
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'not_connected');
  await expect(page.locator('[data-account-id]')).toHaveCount(0);

  // Settings › Restore from a backup: what it replaces is said first; then the file chooser.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('button', { name: 'Restore from a backup…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Restore from a backup?' });
  await expect(confirm).toContainText('The backup replaces everything Omnio holds now');
  const findings = await scanState(page, 'Restore from a backup, confirming');
  await chooseBackup(page, file);

  const outcome = page.getByRole('dialog', { name: 'Backup restored' });
  await expect(outcome.getByRole('status')).toHaveText('Omnio restored omnio.omnio-backup.');
  await expect(outcome).toContainText('This account is back with its history. Reconnect it to sync again: the backup holds no access tokens.');
  await expect(outcome.getByRole('listitem')).toHaveText([/^Oura.* — needs reconnecting$/]);
  findings.push(...(await scanState(page, 'Restore from a backup, outcome')));
  expect(findings.map((f) => `${f.state} [${f.variant}] ${f.rule}: ${f.targets.join(', ')}`)).toEqual([]);

  // Sources: the card asks to be reconnected and says why; its records are the ones backed up.
  await outcome.getByRole('button', { name: 'See your accounts' }).click();
  await expect(page).toHaveURL(/#\/sources$/);
  const card = providerCard(page, 'Oura');
  await expect(card).toHaveAttribute('data-status', 'needs_reconnect');
  await expect(card).toContainText(RESTORED_MESSAGE);
  expect(await recordCounts(page, 'Oura')).toEqual(before);
  // Neither the upload nor the staged copy stays in the data directory.
  const left = fs.readdirSync(omnio.dataDir).filter((f) => /restore/.test(f));
  expect(left).toEqual([]);
  expect(fs.readdirSync(path.join(omnio.dataDir, 'uploads'))).toEqual([]);
});

test('Restore: a file that is not a backup, or a damaged backup, is refused in words; nothing is lost', async ({
  omnio,
  omnioRuntime,
}) => {
  test.skip(omnioRuntime === 'electron', ELECTRON);
  const { page } = omnio;
  await connectAndSync(omnio, 'Oura');
  const before = await recordCounts(page, 'Oura');
  const good = fs.readFileSync(await backUp(page, test.info().outputPath('good.omnio-backup')));

  const notes = { name: 'notes.omnio-backup', mimeType: 'text/plain', buffer: Buffer.from('my notes\n'.repeat(500)) };
  const dialog = await chooseBackup(page, notes);
  await expect(dialog.getByRole('alert')).toHaveText(
    /^This file (is not|could not be (opened|read) as) an Omnio backup\. Nothing was changed\.$/,
  );

  // A real backup with pages overwritten in its middle: its integrity check fails.
  const damaged = Buffer.from(good);
  damaged.fill(0xa5, 4096 * 3, 4096 * 6);
  await chooseBackup(page, { name: 'damaged.omnio-backup', mimeType: 'application/octet-stream', buffer: damaged });
  await expect(dialog.getByRole('alert')).toHaveText(
    /^This (backup is damaged \(its integrity check failed\)|file could not be read as an Omnio backup)\. Nothing was changed\.$/,
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // The account is still connected, with the same records.
  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'connected');
  expect(await recordCounts(page, 'Oura')).toEqual(before);
});
