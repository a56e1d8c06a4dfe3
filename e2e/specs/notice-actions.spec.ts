import { approveInPopup, findPopup } from '../fixtures/consent';
import { beginConnect } from '../fixtures/connect';
import { expect, providerCard, test } from '../fixtures/simulators';

// Issue 15: every notice offers the action that fixes what it says, as a
// person meets it: a provider's tab closed by mistake is opened again from the
// notice in Oura's section ("Reopen Oura's page", the same request, built and
// opened by the main process), a refused connect offers "Try again", and a
// Garmin key about to expire offers "Replace key…".

test('closing Oura’s tab by mistake: "Reopen Oura’s page" in the notice opens it again, and approving connects', async ({
  omnio,
  sims,
}) => {
  const { page } = omnio;
  const card = providerCard(page, 'Oura');
  const tab = await beginConnect(omnio, 'Oura');
  const first = await omnio.waitForExternal((u) => u.startsWith(sims.oura.url));
  await expect(card).toHaveAttribute('data-status', 'connecting');

  // The person closes the provider's tab before signing in.
  await tab.close();

  const notice = card.getByRole('status').filter({ hasText: 'Finish in your browser' });
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: 'Reopen Oura’s page' }).click();
  const again = await omnio.waitForExternal((u) => u.startsWith(sims.oura.url));
  expect(again).toBe(first); // the same pending request, not a new one
  await expect(card).toHaveAttribute('data-status', 'connecting');

  await omnio.deliverDeepLink(await approveInPopup(await findPopup(page, again)));
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', /^(connected|syncing)$/);
  await expect(page.getByRole('listitem', { name: 'Oura — demo@oura.test' })).toBeVisible();
  await expect(notice).toHaveCount(0);
});

test('a refused connect says so in Oura’s section, and "Try again" opens the Connect Oura dialog', async ({
  omnio,
}) => {
  const { page } = omnio;
  await omnio.deliverDeepLink(await approveInPopup(await beginConnect(omnio, 'Oura'), { deny: true }));

  const section = page.getByRole('region', { name: 'Oura' });
  const notice = section.getByRole('status').filter({ hasText: 'Oura did not grant access' });
  await expect(notice).toBeVisible();
  await expect(notice).not.toContainText('https://'); // our words, not the provider's, and no bare address
  await notice.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('dialog', { name: 'Connect Oura' })).toBeVisible();
});

test('a Garmin API key about to expire offers "Replace key…", which opens the API key tab', async ({ omnio, sims }) => {
  const { page } = omnio;
  const key = 'gpak_e2e-expiring-key-0001';
  sims.garmin.state.createApiKey('demo@omnio.test', 10, key);
  await providerCard(page, 'Garmin').getByRole('button', { name: 'Connect Garmin' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect Garmin' });
  await dialog.getByRole('tab', { name: /API key/ }).click();
  await dialog.getByLabel('Personal API key').fill(key);
  await dialog.getByRole('button', { name: 'Connect with key' }).click();

  const card = providerCard(page, 'Garmin');
  await expect(card).toHaveAttribute('data-status', /^(connected|syncing)$/);
  await expect(card).toContainText('Your API key expires soon');
  await card.getByRole('button', { name: 'Replace key…' }).click();
  const replace = page.getByRole('dialog', { name: /Garmin/ });
  await expect(replace.getByRole('tab', { name: /API key/ })).toHaveAttribute('aria-selected', 'true');
  await expect(replace.getByLabel('Personal API key')).toBeVisible();
});
