import path from 'node:path';
import type { Page } from '@playwright/test';
import { approveInPopup } from '../fixtures/consent';
import { expect, providerCard, test } from '../fixtures/simulators';

// The main states of the Sources screen, in light and dark, at 800 and 1440 px.
// SHOTS names the folder under docs/screenshots/ ("before" was taken from the
// build before issue 15, "after" from the build with it).

const dir = path.resolve(import.meta.dirname, '../../docs/screenshots', process.env.SHOTS ?? 'after');

async function shoot(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [800, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(dir, `${name}-${scheme}-${width}.png`), fullPage: true });
    }
  }
}

test('main states', async ({ omnio }) => {
  const { page } = omnio;
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'not_connected');
  await shoot(page, '1-accounts-empty');

  await providerCard(page, 'Oura').getByRole('button', { name: 'Connect Oura' }).click();
  const opened = page.context().waitForEvent('page');
  await page.getByRole('dialog', { name: 'Connect Oura' }).getByRole('button', { name: 'Continue to Oura' }).click();
  const popup = await opened;
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'connecting');
  // Issue 15's pending notice with "Reopen Oura's page" (the "before" build had no such button).
  const reopen = providerCard(page, 'Oura').getByRole('button', { name: 'Reopen Oura’s page' });
  if (await reopen.count()) await shoot(page, '6-oura-connecting');
  await omnio.deliverDeepLink(await approveInPopup(popup, { untick: ['heartrate'] }));
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', /^(connected|syncing)$/);
  await shoot(page, '2-oura-connected');

  // Issue 15's side panel (not in the "before" build, which had a collapsed table in the card).
  const more = providerCard(page, 'Oura').getByRole('button', { name: /^More for Oura/ });
  if (await more.count()) {
    await more.click();
    await page.getByRole('menuitem', { name: 'Sync details…' }).click();
    await expect(page.getByRole('dialog', { name: /sync details/ })).toBeVisible();
    await shoot(page, '5-sync-details-panel');
    await page.keyboard.press('Escape');
  }

  await providerCard(page, 'Garmin').getByRole('button', { name: 'Connect Garmin' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Email').fill('demo@omnio.test');
  await dialog.getByLabel('Password').fill('wrong-password');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await shoot(page, '3-garmin-wrong-password');
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await shoot(page, '4-settings');
});
