import { randomUUID } from 'node:crypto';
import { DEMO_GARMIN_USERS } from '../../simulators/garmin';
import { expectNoSecrets, readTree } from '../fixtures/scan';
import { expect, providerCard, test } from '../fixtures/simulators';

// Garmin's sign-in dialog as a person uses it, through the browser host.

test('sign-in with MFA ends connected, and the password and code are nowhere: files, logs, page storage', async ({ omnio, sims }) => {
  // A fresh user whose password and code are random: a fixed short code could match an id by chance.
  const mfaUser = {
    email: `e2e-${randomUUID()}@omnio.test`,
    password: `pw-${randomUUID()}`,
    profileId: 90000000 + Math.floor(Math.random() * 999999),
    displayName: 'e2e-runner',
    mfaCode: String(Math.floor(Math.random() * 9e7) + 1e7),
  };
  sims.garmin.state.addUser(mfaUser);
  const { page } = omnio;
  await providerCard(page, 'Garmin').getByRole('button', { name: 'Connect Garmin' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('never stored');
  await dialog.getByLabel('Email').fill(mfaUser.email);
  await dialog.getByLabel('Password').fill(mfaUser.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await dialog.getByLabel('Verification code').fill(mfaUser.mfaCode!);
  await dialog.getByRole('button', { name: 'Verify' }).click();
  await expect(providerCard(page, 'Garmin')).toHaveAttribute('data-status', /connected|syncing/);

  const secrets = [mfaUser.password, mfaUser.mfaCode!];
  const storage = await page.evaluate(async () => {
    const dbs = (await indexedDB.databases?.()) ?? [];
    return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, dbs, html: document.documentElement.outerHTML });
  });
  expectNoSecrets([...readTree(omnio.dataDir), Buffer.from(omnio.logs()), Buffer.from(storage)], secrets);
});

test('a 429 from Garmin shows when to try again and blocks sign-in across a restart', async ({ omnio, sims }) => {
  sims.garmin.state.failLogins({ kind: 'rate-limit', retryAfterSeconds: 3600 }, 1);
  const { page } = omnio;
  await providerCard(page, 'Garmin').getByRole('button', { name: 'Connect Garmin' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Email').fill(DEMO_GARMIN_USERS[0]!.email);
  await dialog.getByLabel('Password').fill(DEMO_GARMIN_USERS[0]!.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Try again after');
  const loginsBefore = sims.garmin.server.requests.filter((r) => r.method === 'POST').length;

  await omnio.restart();
  const again = omnio.page;
  await providerCard(again, 'Garmin').getByRole('button', { name: 'Connect Garmin' }).click();
  const dialog2 = again.getByRole('dialog');
  await dialog2.getByLabel('Email').fill(DEMO_GARMIN_USERS[0]!.email);
  await dialog2.getByLabel('Password').fill(DEMO_GARMIN_USERS[0]!.password);
  await dialog2.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog2.getByRole('alert')).toContainText('Try again after');
  // Refused locally: no new login request reached Garmin.
  expect(sims.garmin.server.requests.filter((r) => r.method === 'POST').length).toBe(loginsBefore);
});


test('a Personal API key connects Garmin, the card shows when it expires, and the key is stored only sealed', async ({
  omnio,
  sims,
}) => {
  const key = `gpak_${randomUUID()}`;
  const email = `key-${randomUUID()}@omnio.test`;
  sims.garmin.state.addUser({ email, password: `pw-${randomUUID()}`, profileId: 91000000, displayName: 'key-user' });
  sims.garmin.state.createApiKey(email, 10, key);
  const { page } = omnio;
  await providerCard(page, 'Garmin').getByRole('button', { name: 'Connect Garmin' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('tab', { name: /API key/ }).click();
  await dialog.getByLabel('Personal API key').fill(key);
  await dialog.getByRole('button', { name: 'Connect with key' }).click();
  const card = providerCard(page, 'Garmin');
  await expect(card).toHaveAttribute('data-status', /connected|syncing/);
  // Ten days left is inside the warning window.
  await expect(card).toContainText('Your API key expires soon');
  expectNoSecrets([...readTree(omnio.dataDir), Buffer.from(omnio.logs())], [key]);
});
