import type { Page } from '@playwright/test';
import { DEMO_GARMIN_USERS } from '../../simulators/garmin';
import { scanState, type ScanFinding } from '../fixtures/a11y';
import { approveInPopup } from '../fixtures/consent';
import { waitForBackfill } from '../fixtures/data-views';
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
//   Data area and sidebar (the sidebar is the 56 px icon strip at 800 px and
//   the 220 px list at 1440 px in every state above and below)
//    18. Data with no source: the "Add a source" picker; sidebar with no accounts
//    19. Oura connecting, reached from the Data area's picker (its notice with "Reopen Oura's page")
//    20. Data home (overview tiles) after Oura's backfill; sidebar with a connected account
//    21. a metric page (Heart rate), its chart and summaries
//    22. the same metric page with its table view open
//    23. the day detail (a day's heart rate, sleep band, summaries)
//    24. Sources opened from the sidebar's account entry (the account's row selected)
//    25. Data home with Oura disconnected by you (data kept); sidebar with a disconnected account

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

test('Data area and sidebar: no sources, connecting, home, a metric page, its table, the day detail', async ({
  omnio,
}) => {
  // One real backfill (Oura) comes first, then eight states of four runs each.
  test.setTimeout(480_000);
  const { page } = omnio;
  const findings: ScanFinding[] = [];
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await expect(page.getByRole('region', { name: 'No sources' })).toBeVisible();
  findings.push(...(await scanState(page, '18 Data, no sources')));

  await page.getByRole('link', { name: 'Connect a source' }).click();
  await providerCard(page, 'Oura').getByRole('button', { name: 'Connect Oura' }).click();
  const opened = page.context().waitForEvent('page');
  await page.getByRole('dialog', { name: 'Connect Oura' }).getByRole('button', { name: 'Continue to Oura' }).click();
  const popup = await opened;
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'connecting');
  await expect(providerCard(page, 'Oura').getByRole('button', { name: 'Reopen Oura’s page' })).toBeVisible();
  findings.push(...(await scanState(page, '19 Oura connecting, from the Data picker')));
  await omnio.deliverDeepLink(await approveInPopup(popup));
  await waitForBackfill(page, 'Oura');

  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Heart rate/ })).toBeVisible();
  findings.push(...(await scanState(page, '20 Data home, sidebar with a connected account')));

  await page.getByRole('link', { name: /^Heart rate/ }).click();
  const hr = page.locator('section[data-metric="heart_rate"]');
  await expect(hr.getByTestId('series-note')).toHaveAttribute('data-raw-count', /^[1-9]/);
  findings.push(...(await scanState(page, '21 metric page (Heart rate)')));
  for (const d of await hr.locator('details.chart-table').all()) await d.locator('summary').click();
  await expect(hr.getByRole('table').first()).toBeVisible();
  findings.push(...(await scanState(page, '22 metric page, table view open')));

  const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  await page.goto(`${new URL(page.url()).origin}/#/data/day/${day}`);
  const dayCard = page.locator('section[data-metric="day-heart-rate"]');
  await expect(dayCard.locator('canvas').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Summaries of the day' })).toBeVisible();
  findings.push(...(await scanState(page, '23 day detail')));

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Oura/ }).click();
  await expect(providerCard(page, 'Oura')).toBeVisible();
  findings.push(...(await scanState(page, '24 Sources from the sidebar account entry')));

  await providerCard(page, 'Oura').getByRole('button', { name: 'Disconnect Oura' }).click();
  await page.getByRole('dialog', { name: 'Disconnect Oura?' }).getByRole('button', { name: 'Confirm disconnect' }).click();
  await page.getByRole('dialog', { name: 'Oura disconnected' }).getByRole('button', { name: 'Done' }).click();
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'disconnected');
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await expect(page.getByRole('link', { name: /^Heart rate/ })).toBeVisible();
  findings.push(...(await scanState(page, '25 Data home, Oura disconnected by you')));

  expect(findings, report(findings)).toEqual([]);
});
