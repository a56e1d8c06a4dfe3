import type { Page } from '@playwright/test';
import { expect, providerCard, test, type Omnio } from '../fixtures/omnio';

// Issue 11: demo mode as a newcomer meets it in an ordinary browser. The
// provider pages are the demo's own simulators; the person reads the demo
// sign-in on the page, types it, clicks Allow or Deny, and the provider's tab
// then navigates back to Omnio on its own (the host's loopback route, or
// Withings' bounce page first). Nothing here delivers a redirect, intercepts a
// request or routes one: the browser does everything itself.

test.use({ omnioHostArgs: ['--demo'] });
test.skip(({ omnioRuntime }) => omnioRuntime !== 'browser-host', 'the browser host’s own redirect route');

/** Clicks Connect and Continue; returns the provider's page, opened as Omnio's "system browser". */
async function openProviderPage(omnio: Omnio, name: string): Promise<Page> {
  const { page } = omnio;
  const popup = page.context().waitForEvent('page');
  await providerCard(page, name).getByRole('button', { name: `Connect ${name}` }).click();
  await page.getByRole('dialog', { name: `Connect ${name}` }).getByRole('button', { name: `Continue to ${name}` }).click();
  const provider = await popup;
  await provider.waitForLoadState('domcontentloaded');
  return provider;
}

/** Signs in with the demo credentials the simulator's page itself shows. */
async function signInAsShown(provider: Page, name: string): Promise<void> {
  await expect(provider.getByRole('heading', { name: `Sign in to ${name}` })).toBeVisible();
  const hint = provider.locator('.demo');
  await expect(hint).toContainText('Demo sign-in');
  const [email, password] = await hint.locator('strong').allTextContents();
  await provider.getByLabel('Email', { exact: true }).fill(email!);
  await provider.getByLabel('Password', { exact: true }).fill(password!);
}

test('a person connects Oura, WHOOP, Withings and Garmin in demo mode, and each then shows synced records', async ({
  omnio,
}) => {
  const { page } = omnio;
  await expect(page.getByRole('note').filter({ hasText: 'Demo mode' })).toHaveText(
    /^Demo mode: providers are local simulators\./,
  );
  const origin = new URL(page.url()).origin;
  // A newcomer who wants to see numbers soon imports two weeks, not the default 90 days: Garmin
  // answers one day per request within its request budget, so 90 days take minutes.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('History to import when connecting').selectOption({ label: 'The last 2 weeks' });
  await expect(page.getByRole('status').filter({ hasText: 'Saved' }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Sources', exact: true }).click();

  // Garmin first (its backfill is the slowest: a request per day). It signs in inside Omnio: the MFA user, with the password and code the demo printed for them.
  const printed = /Garmin: (mfa@\S+) \/ (\S+) \(then the MFA code (\d+)\)/.exec(omnio.logs());
  expect(printed, omnio.logs()).not.toBeNull();
  const [, email, password, code] = printed!;
  await providerCard(page, 'Garmin').getByRole('button', { name: 'Connect Garmin' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Email', { exact: true }).fill(email!);
  await dialog.getByLabel('Password', { exact: true }).fill(password!);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await dialog.getByLabel('Verification code').fill(code!);
  await dialog.getByRole('button', { name: 'Verify' }).click();
  await expect(providerCard(page, 'Garmin')).toHaveAttribute('data-status', /connected|syncing/);

  for (const name of ['Oura', 'WHOOP', 'Withings']) {
    const provider = await openProviderPage(omnio, name);
    await expect(providerCard(page, name)).toHaveAttribute('data-status', 'connecting');
    await signInAsShown(provider, name);
    await provider.getByRole('button', { name: 'Allow' }).click();
    // The provider's tab lands on Omnio's own page (Withings through the bounce page first).
    await expect(provider.getByRole('heading', { name: `Omnio is connected to ${name}` })).toBeVisible();
    expect(provider.url().startsWith(`${origin}/oauth/${name.toLowerCase()}?`)).toBe(true);
    await provider.close();
    // The Omnio tab updated by itself.
    await expect(providerCard(page, name)).toHaveAttribute('data-status', /connected|syncing/);
  }

  for (const name of ['Oura', 'WHOOP', 'Withings', 'Garmin']) {
    const card = providerCard(page, name);
    await expect(card).toHaveAttribute('data-status', 'connected');
    // The per-category figures live in the row's "Sync details…" side panel (issue 15).
    await card.getByRole('button', { name: new RegExp(`^More for ${name}`) }).click();
    await page.getByRole('menuitem', { name: 'Sync details…' }).click();
    const panel = page.getByRole('dialog', { name: /sync details/ });
    // At least one category stored records from the simulator.
    await expect(panel.getByRole('cell').filter({ hasText: /^[1-9][\d,]* records?/ }).first()).toBeVisible();
    await panel.getByRole('button', { name: 'Close sync details' }).click();
    await expect(panel).toBeHidden();
  }
});

test('Deny on the simulator page ends in words, in the provider’s tab and on the card, with no account', async ({
  omnio,
}) => {
  const { page } = omnio;
  const provider = await openProviderPage(omnio, 'Oura');
  await signInAsShown(provider, 'Oura');
  await provider.getByRole('button', { name: 'Deny' }).click();
  await expect(provider.getByRole('heading', { name: 'Oura was not connected' })).toBeVisible();
  await expect(provider.getByText('You did not allow Omnio to read your Oura data')).toBeVisible();
  const card = providerCard(page, 'Oura');
  await expect(card).toHaveAttribute('data-status', 'not_connected');
  await expect(card).toContainText('Oura did not grant access');
  await expect(page.getByRole('listitem', { name: /^Oura — / })).toHaveCount(0);
});

test.describe('an expired request', () => {
  // The browser host shortens its Connect lifetime for QA (docs/qa.md); the person is simply slow.
  test.use({ omnioEnv: { OMNIO_QA_CONNECT_LIFETIME_MS: '1500' } });

  test('Allow after Omnio stopped waiting ends in words, in the tab and on the card, with no account', async ({
    omnio,
  }) => {
    const { page } = omnio;
    const provider = await openProviderPage(omnio, 'WHOOP');
    const card = providerCard(page, 'WHOOP');
    await expect(card).toContainText('Connecting WHOOP timed out');
    await expect(card).toHaveAttribute('data-status', 'not_connected');
    await signInAsShown(provider, 'WHOOP');
    await provider.getByRole('button', { name: 'Allow' }).click();
    await expect(provider.getByText('Omnio is not waiting for this answer')).toBeVisible();
    await expect(card).toHaveAttribute('data-status', 'not_connected');
    await expect(page.getByRole('listitem', { name: /^WHOOP — / })).toHaveCount(0);
  });
});
