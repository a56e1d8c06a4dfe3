import type { Page } from '@playwright/test';
import { DEMO_GARMIN_USERS } from '../../simulators/garmin';
import { expectFocus, tabTo } from '../fixtures/a11y';
import { approveInPopup } from '../fixtures/consent';
import { expect, providerCard, test } from '../fixtures/simulators';

// Issue 15: each flow by keyboard only, asserting where focus is after each
// step — never <body>. (The provider's own page in the system browser is not
// Omnio's: the test plays the person there as the other specs do.)

const section = (page: Page, name: string) => page.getByRole('region', { name });
const rowHeading = (page: Page, provider: string) =>
  section(page, provider).locator('li[data-account-id] [data-focus-heading]');

test('Connect, then Disconnect and delete, by keyboard: focus follows the card, never <body>', async ({ omnio }) => {
  const { page } = omnio;
  const card = providerCard(page, 'Oura');
  await expect(card).toHaveAttribute('data-status', 'not_connected');

  await tabTo(page, card.getByRole('button', { name: 'Connect Oura' }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Connect Oura' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator(':focus')).toHaveCount(1);

  const continueButton = dialog.getByRole('button', { name: 'Continue to Oura' });
  await tabTo(page, continueButton);
  const opened = page.context().waitForEvent('page');
  await page.keyboard.press('Enter');
  const popup = await opened;
  // The dialog and the Connect button are gone: focus lands on the row's heading.
  await expect(card).toHaveAttribute('data-status', 'connecting');
  await expectFocus(page, card.locator('[data-focus-heading]'));

  await omnio.deliverDeepLink(await approveInPopup(popup));
  // The connect completed: the account's own row replaced the provider row, and its heading has focus.
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', /^(connected|syncing)$/);
  await expectFocus(page, rowHeading(page, 'Oura'));

  // Disconnect and delete.
  await tabTo(page, providerCard(page, 'Oura').getByRole('button', { name: 'Disconnect Oura' }));
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Disconnect Oura?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.locator(':focus')).toHaveCount(1);
  await tabTo(page, confirm.getByRole('radio', { name: 'Keep it on this computer' }), { back: true });
  await page.keyboard.press('ArrowDown');
  await expect(confirm.getByRole('radio', { name: 'Delete it' })).toBeChecked();
  await tabTo(page, confirm.getByRole('button', { name: 'Confirm disconnect' }));
  await page.keyboard.press('Enter');
  // The row and its dialog went with the data: focus is on Oura's section heading, next to the outcome notice.
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'not_connected');
  await expect(page.getByRole('status').filter({ hasText: 'Oura disconnected and its synced data deleted' })).toBeVisible();
  await expectFocus(page, section(page, 'Oura').getByRole('heading', { name: 'Oura', level: 3 }));
});

test('Garmin by keyboard: a wrong password focuses the password field, the MFA step the code field, then the new row', async ({
  omnio,
}) => {
  const { page } = omnio;
  const mfa = DEMO_GARMIN_USERS.find((u) => u.mfaCode)!;
  await tabTo(page, providerCard(page, 'Garmin').getByRole('button', { name: 'Connect Garmin' }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Connect Garmin' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator(':focus')).toHaveCount(1);

  const email = dialog.getByLabel('Email');
  const password = dialog.getByLabel('Password');
  await tabTo(page, email);
  await page.keyboard.type(mfa.email);
  await page.keyboard.press('Tab');
  await expectFocus(page, password);
  await page.keyboard.type('not-the-password');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toBeVisible();
  // The field in error has focus, is marked invalid and points at the message.
  await expectFocus(page, password);
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/did not accept|Check/);

  await page.keyboard.type(mfa.password);
  await page.keyboard.press('Enter');
  const code = dialog.getByLabel('Verification code');
  await expectFocus(page, code);
  await page.keyboard.type(mfa.mfaCode!);
  await page.keyboard.press('Enter');
  await expect(providerCard(page, 'Garmin')).toHaveAttribute('data-status', /^(connected|syncing)$/);
  await expectFocus(page, rowHeading(page, 'Garmin'));
});

test('Settings by keyboard: a choice saves itself and focus stays on it; the Developer fold opens in place', async ({
  omnio,
}) => {
  const { page } = omnio;
  const settings = page.getByRole('link', { name: 'Settings', exact: true });
  await tabTo(page, settings);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'General' })).toBeVisible();
  await expectFocus(page, settings);

  const interval = page.getByLabel('Sync', { exact: true });
  await tabTo(page, interval);
  const before = await interval.inputValue();
  await page.keyboard.press('ArrowDown');
  await expect(interval).not.toHaveValue(before);
  await expect(page.getByRole('status').filter({ hasText: 'Saved' }).first()).toBeVisible();
  await expectFocus(page, interval);

  const fold = page.getByText('Developer: provider apps');
  await tabTo(page, fold);
  await page.keyboard.press('Enter');
  const clientId = page.getByLabel('Oura client id');
  await expect(clientId).toBeVisible();
  await expectFocus(page, fold);
  await tabTo(page, clientId);
  await expectFocus(page, clientId);
});
