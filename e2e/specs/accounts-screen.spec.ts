import { expect, providerCard, test } from '../fixtures/omnio';

test('Sources > Accounts lists the four providers, each not connected, with what connecting gives', async ({ omnio }) => {
  const { page } = omnio;
  await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
  for (const name of ['Oura', 'WHOOP', 'Withings', 'Garmin']) {
    const card = providerCard(page, name);
    await expect(card).toHaveAttribute('data-status', 'not_connected');
    await expect(card.getByRole('button', { name: new RegExp(`^Connect ${name}`) })).toBeVisible();
    await expect(card).toContainText('Can give:');
  }
  await page.screenshot({ path: 'test-results/accounts-screen.png', fullPage: true });
});

test('the Accounts screen is usable from the keyboard', async ({ omnio }) => {
  const { page } = omnio;
  await expect(providerCard(page, 'Oura')).toBeVisible();
  // Tab until the Oura connect button has focus, then open its dialog with Enter.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    if (focused.startsWith('Connect Oura')) break;
  }
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Connect Oura' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('follows the OS dark theme', async ({ omnio }) => {
  const { page } = omnio;
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(light).not.toBe(dark);
});
