import { looksOpaque } from '../../src-shared/account-label';
import { DEMO_GARMIN_USERS } from '../../simulators/garmin';
import { approveInBrowser } from '../fixtures/consent';
import { expect, providerCard, test } from '../fixtures/simulators';
import type { Simulators } from '../fixtures/simulators';
import type { Omnio } from '../fixtures/omnio';

// Issue 15: each row is labelled with what the person knows the account by —
// the e-mail or name the provider gives — and never with an id a machine made
// ("Oura user 8f3c2a9e-…"). Withings gives no profile: no label. Two accounts
// of one provider without a label read "Account 1" and "Account 2".

/** The ids the simulators' demo users have at each provider: none may appear anywhere on screen. */
const PROVIDER_USER_IDS = ['8f3c2a9e-oura-demo-user', 'user 10129', 'user 363', '81234567'];

async function connectOAuth(
  omnio: Omnio,
  sims: Simulators,
  name: 'Oura' | 'WHOOP' | 'Withings',
  opener: () => Promise<void>,
  signInAs?: { username: string; password: string },
) {
  await opener();
  await omnio.page.getByRole('dialog', { name: `Connect ${name}` }).getByRole('button', { name: `Continue to ${name}` }).click();
  const id = ({ Oura: 'oura', WHOOP: 'whoop', Withings: 'withings' } as const)[name];
  await omnio.deliverDeepLink(await approveInBrowser(omnio, { authorizeHost: sims[id].url, signInAs }));
}

test('every row shows the e-mail its provider gives, or nothing, never an opaque id', async ({ omnio, sims }) => {
  const { page } = omnio;
  for (const name of ['Oura', 'WHOOP', 'Withings'] as const) {
    await connectOAuth(omnio, sims, name, () =>
      providerCard(page, name).getByRole('button', { name: `Connect ${name}` }).click(),
    );
    await expect(providerCard(page, name)).toHaveAttribute('data-status', /^(connected|syncing)$/);
  }
  const garmin = DEMO_GARMIN_USERS.find((u) => !u.mfaCode)!;
  await providerCard(page, 'Garmin').getByRole('button', { name: 'Connect Garmin' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect Garmin' });
  await dialog.getByLabel('Email').fill(garmin.email);
  await dialog.getByLabel('Password').fill(garmin.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(providerCard(page, 'Garmin')).toHaveAttribute('data-status', /^(connected|syncing)$/);

  await expect(page.getByRole('listitem', { name: 'Oura — demo@oura.test', exact: true })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'WHOOP — demo@whoop.test', exact: true })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Withings', exact: true })).toBeVisible(); // no profile call: no label
  await expect(page.getByRole('listitem', { name: `Garmin — ${garmin.email}`, exact: true })).toBeVisible();

  const labels = await page.locator('.row-label').allTextContents();
  expect(labels.sort()).toEqual(['demo@oura.test', 'demo@whoop.test', garmin.email].sort());
  for (const label of labels) expect(looksOpaque(label), label).toBe(false);
  // Nowhere on screen — rows, the sidebar's account list, notices — does a provider's id for the person show.
  const text = await page.locator('body').innerText();
  for (const id of PROVIDER_USER_IDS) expect(text).not.toContain(id);
});

test('two Withings accounts, which give no e-mail, read "Account 1" and "Account 2"', async ({ omnio, sims }) => {
  const { page } = omnio;
  sims.withings.authority.addUser({
    id: '4242',
    username: 'second@withings.test',
    password: 'second-password',
    email: 'second@withings.test',
    firstName: 'Second',
    lastName: 'Person',
  });
  await connectOAuth(omnio, sims, 'Withings', () =>
    providerCard(page, 'Withings').getByRole('button', { name: 'Connect Withings' }).click(),
  );
  const first = page.getByRole('listitem', { name: 'Withings', exact: true });
  await expect(first).toHaveAttribute('data-status', /^(connected|syncing)$/);

  await connectOAuth(
    omnio,
    sims,
    'Withings',
    async () => {
      // By keyboard: the "Connected to Withings." notice above the row fades and goes after 8 s, and a click
      // aimed just as it goes would land on whatever moved under the pointer.
      await first.getByRole('button', { name: /^More for Withings/ }).focus();
      await page.keyboard.press('Enter');
      const add = page.getByRole('menuitem', { name: 'Add another Withings account' });
      await expect(page.getByRole('menu')).toBeVisible();
      for (let i = 0; i < 5 && !(await add.evaluate((el) => el === document.activeElement)); i++)
        await page.keyboard.press('ArrowDown');
      await expect(add).toBeFocused();
      await page.keyboard.press('Enter');
    },
    { username: 'second@withings.test', password: 'second-password' },
  );
  await expect(page.getByRole('listitem', { name: 'Withings — Account 1', exact: true })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Withings — Account 2', exact: true })).toBeVisible();
  const text = await page.locator('body').innerText();
  for (const id of ['363', '4242']) expect(text).not.toContain(`user ${id}`);
});
