import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { scanState } from '../fixtures/a11y';
import { approveInPopup } from '../fixtures/consent';
import { expectNoSecrets, readTree } from '../fixtures/scan';
import { expect, providerCard, test } from '../fixtures/simulators';

// Issue 12 (item 4): Settings › Remove everything, as a person does it, in the
// browser host against the Oura simulator. Afterwards the app is on its
// first-run Sources screen and the data dir holds nothing of the person's.

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

test('Settings › Remove everything: typed word, revoked at Oura, first-run Sources, nothing of the person’s left', async ({
  omnio,
  sims,
}) => {
  test.skip(
    test.info().project.name !== 'browser-host',
    'Electron relaunches itself after removing everything (src-main/electron/main.ts).',
  );
  const { page } = omnio;

  // Connect Oura as a person does, and let its first sync store data.
  await providerCard(page, 'Oura').getByRole('button', { name: 'Connect Oura' }).first().click();
  const popup = page.context().waitForEvent('page');
  await page.getByRole('dialog', { name: 'Connect Oura' }).getByRole('button', { name: 'Continue to Oura' }).click();
  await omnio.deliverDeepLink(await approveInPopup(await popup, {}));
  const card = providerCard(page, 'Oura');
  await expect(card).toHaveAttribute('data-status', 'connected', { timeout: 30_000 });
  const accountId = (await card.getAttribute('data-account-id'))!;
  expect(accountId).toBeTruthy();
  const oldVaultKey = fs.readFileSync(path.join(omnio.dataDir, 'vault-key.json'));
  expect(filesUnder(omnio.dataDir)).toEqual(expect.arrayContaining(['omnio.sqlite', path.join('logs', 'omnio.log')]));

  // Settings → Remove everything → the word → confirm.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Remove everything…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove everything?' });
  const confirm = dialog.getByRole('button', { name: 'Remove everything' });
  // Not pressable until the word is typed.
  await expect(confirm).toHaveAttribute('aria-disabled', 'true');
  await dialog.getByLabel('Type REMOVE to confirm').fill('remove');
  await expect(confirm).toHaveAttribute('aria-disabled', 'true');
  await dialog.getByLabel('Type REMOVE to confirm').fill('REMOVE');
  await expect(confirm).not.toHaveAttribute('aria-disabled');
  const findings = await scanState(page, 'Remove everything, confirming');
  await confirm.click();

  const outcome = page.getByRole('dialog', { name: 'Everything was removed' });
  await expect(outcome).toContainText('Omnio’s access was revoked at every provider you had connected.');
  // The revocation reached Oura: no token Omnio was given still works there.
  expect(sims.oura.server.requests.some((r) => r.path === '/oauth/revoke')).toBe(true);
  const issued = sims.oura.authority.issued;
  expect(issued.filter((t) => sims.oura.authority.authenticate(t) !== null)).toEqual([]);

  findings.push(...(await scanState(page, 'Remove everything, outcome')));
  expect(findings.map((f) => `${f.state} [${f.variant}] ${f.rule}: ${f.targets.join(', ')}`)).toEqual([]);

  // Start again: the empty first-run Sources screen.
  await outcome.getByRole('button', { name: 'Start again' }).click();
  await expect(page).toHaveURL(/#\/sources$/);
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'not_connected');
  await expect(page.locator('[data-account-id]')).toHaveCount(0);

  // The data dir holds only what a first start writes: an empty database, a new key, a new log.
  const files = filesUnder(omnio.dataDir);
  const firstRun = new Set([
    'omnio.sqlite',
    'omnio.sqlite-wal',
    'omnio.sqlite-shm',
    'settings.json',
    'vault-key.json',
    path.join('logs', 'omnio.log'),
  ]);
  expect(files.filter((f) => !firstRun.has(f))).toEqual([]);
  if (files.includes('vault-key.json')) {
    expect(fs.readFileSync(path.join(omnio.dataDir, 'vault-key.json')).equals(oldVaultKey)).toBe(false);
  }
  const db = new Database(path.join(omnio.dataDir, 'omnio.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    for (const table of [
      'accounts',
      'access_log',
      'revocation_queue',
      'series',
      'series_pages',
      'daily_summaries',
      'sessions',
      'measurements',
      'profiles',
      'sync_cursors',
      'sync_status',
    ]) {
      expect(count(table), table).toBe(0);
    }
  } finally {
    db.close();
  }
  // Nothing names the old account or holds a token Omnio was given, in any file.
  const tree = readTree(omnio.dataDir);
  expect(tree.findIndex((b) => b.includes(accountId))).toBe(-1);
  expectNoSecrets(tree, issued);
});
