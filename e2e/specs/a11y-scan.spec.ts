import type { Page } from '@playwright/test';
import { DEMO_GARMIN_USERS } from '../../simulators/garmin';
import { scanState, type ScanFinding } from '../fixtures/a11y';
import { approveInPopup } from '../fixtures/consent';
import { expect, providerCard, test } from '../fixtures/simulators';

// Issue 15: an axe-core scan of every reachable screen state, in light and
// dark, at 800 and 1440 px: no violation of serious or critical impact.
//
// The states scanned (each in the four variants):
//   Sources
//     1. every provider not connected
//     2. the Connect Oura dialog (consent)
//     3. Oura connecting (pending, in the browser)
//     4. Oura connected (syncing or synced), with its notice
//     5. the row's ⋯ menu open
//     6. the sync-details side panel open
//     7. the Disconnect Oura dialog
//     8. the disconnect outcome dialog (data kept)
//     9. Oura disconnected by you (data kept)
//    10. a notice after deleting (Oura back to not connected)
//   Garmin
//    11. the sign-in dialog
//    12. a wrong password (field in error)
//    13. the MFA step
//    14. the API key tab
//    15. Garmin connected
//   Settings
//    16. General, Privacy & storage, the Developer fold closed
//    17. the Developer fold open, a setting just saved

// Each state is four axe runs (two themes × two widths): the scan tests get the time that takes.
test.describe.configure({ timeout: 480_000 });

function report(findings: ScanFinding[]): string {
  return findings.map((f) => `${f.state} [${f.variant}] ${f.impact} ${f.rule}: ${f.targets.join(', ')}`).join('\n');
}

async function connectOura(page: Page, omnio: { deliverDeepLink(url: string): Promise<void> }, findings: ScanFinding[]) {
  await providerCard(page, 'Oura').getByRole('button', { name: 'Connect Oura' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect Oura' });
  await expect(dialog).toBeVisible();
  findings.push(...(await scanState(page, '2 Connect Oura dialog')));
  const opened = page.context().waitForEvent('page');
  await dialog.getByRole('button', { name: 'Continue to Oura' }).click();
  const popup = await opened;
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'connecting');
  findings.push(...(await scanState(page, '3 Oura connecting')));
  await omnio.deliverDeepLink(await approveInPopup(popup, { untick: ['heartrate'] }));
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', /^(connected|syncing)$/);
}

test('Sources: every state of an OAuth account passes the axe scan in both themes and widths', async ({ omnio }) => {
  const { page } = omnio;
  const findings: ScanFinding[] = [];
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'not_connected');
  findings.push(...(await scanState(page, '1 nothing connected')));

  await connectOura(page, omnio, findings);
  await expect(page.getByRole('status').filter({ hasText: 'Connected to Oura' })).toBeVisible();
  findings.push(...(await scanState(page, '4 Oura connected')));

  const row = providerCard(page, 'Oura');
  await row.getByRole('button', { name: /^More for Oura/ }).click();
  await expect(page.getByRole('menu')).toBeVisible();
  findings.push(...(await scanState(page, '5 row menu open')));
  await page.getByRole('menuitem', { name: 'Sync details…' }).click();
  const panel = page.getByRole('dialog', { name: /sync details/ });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('columnheader', { name: 'Back to' })).toBeVisible();
  findings.push(...(await scanState(page, '6 sync details panel')));
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  await row.getByRole('button', { name: 'Disconnect Oura' }).click();
  const dialog = page.getByRole('dialog', { name: 'Disconnect Oura?' });
  await expect(dialog).toBeVisible();
  findings.push(...(await scanState(page, '7 disconnect dialog')));
  await dialog.getByRole('button', { name: 'Confirm disconnect' }).click();
  const outcome = page.getByRole('dialog', { name: 'Oura disconnected' });
  await expect(outcome).toBeVisible();
  findings.push(...(await scanState(page, '8 disconnect outcome')));
  await outcome.getByRole('button', { name: 'Done' }).click();
  await expect(row).toHaveAttribute('data-status', 'disconnected');
  await expect(row).toContainText('Disconnected by you');
  findings.push(...(await scanState(page, '9 disconnected by you')));

  await row.getByRole('button', { name: /^Disconnect/ }).click();
  await page.getByRole('dialog').getByRole('radio', { name: 'Delete it' }).check();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm disconnect' }).click();
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'not_connected');
  await expect(page.getByRole('status').filter({ hasText: 'Oura disconnected and its synced data deleted' })).toBeVisible();
  findings.push(...(await scanState(page, '10 notice after delete')));

  expect(findings, report(findings)).toEqual([]);
});

test('Garmin: the sign-in dialog, a wrong password, the MFA step and the API key tab pass the axe scan', async ({ omnio }) => {
  const { page } = omnio;
  const findings: ScanFinding[] = [];
  const mfa = DEMO_GARMIN_USERS.find((u) => u.mfaCode)!;
  await providerCard(page, 'Garmin').getByRole('button', { name: 'Connect Garmin' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect Garmin' });
  await expect(dialog.getByLabel('Email')).toBeVisible();
  findings.push(...(await scanState(page, '11 Garmin sign-in')));

  await dialog.getByLabel('Email').fill(mfa.email);
  await dialog.getByLabel('Password').fill('not-the-password');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await expect(dialog.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  findings.push(...(await scanState(page, '12 Garmin wrong password')));

  await dialog.getByRole('tab', { name: /API key/ }).click();
  await expect(dialog.getByLabel('Personal API key')).toBeVisible();
  findings.push(...(await scanState(page, '14 Garmin API key tab')));
  await dialog.getByRole('tab', { name: /Garmin account/ }).click();

  await dialog.getByLabel('Email').fill(mfa.email);
  await dialog.getByLabel('Password').fill(mfa.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog.getByLabel('Verification code')).toBeVisible();
  findings.push(...(await scanState(page, '13 Garmin MFA step')));
  await dialog.getByLabel('Verification code').fill(mfa.mfaCode!);
  await dialog.getByRole('button', { name: 'Verify' }).click();
  await expect(providerCard(page, 'Garmin')).toHaveAttribute('data-status', /^(connected|syncing)$/);
  findings.push(...(await scanState(page, '15 Garmin connected')));

  expect(findings, report(findings)).toEqual([]);
});

test('Settings: General, Privacy & storage and the Developer fold pass the axe scan', async ({ omnio }) => {
  const { page } = omnio;
  const findings: ScanFinding[] = [];
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'General' })).toBeVisible();
  findings.push(...(await scanState(page, '16 Settings')));

  await page.getByLabel('Sync', { exact: true }).selectOption({ label: 'Every hour' });
  await expect(page.getByRole('status').filter({ hasText: 'Saved' }).first()).toBeVisible();
  await page.getByText('Developer: provider apps').click();
  await expect(page.getByRole('form', { name: 'Oura app credentials' })).toBeVisible();
  findings.push(...(await scanState(page, '17 Settings, developer open, saved')));

  expect(findings, report(findings)).toEqual([]);
});
