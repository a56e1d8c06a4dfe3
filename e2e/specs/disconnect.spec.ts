import type { Page } from '@playwright/test';
import { approveInPopup } from '../fixtures/consent';
import { expectNoSecrets, readTree } from '../fixtures/scan';
import type { Omnio } from '../fixtures/omnio';
import { expect, providerCard, test, type Simulators } from '../fixtures/simulators';

// Disconnect, revocation at the provider, the offline queue and reconnect, as
// the user lives them, through the browser host and Chromium against the
// provider simulators (docs/disconnect.md).

type OAuthName = 'Oura' | 'WHOOP';

/**
 * Connect → Continue → the provider's page (the popup this click opened) →
 * Allow → the redirect delivered as the OS would. The popup is taken from the
 * click itself: a second Connect in one test must not pick up the first page.
 */
async function connect(
  omnio: Omnio,
  name: OAuthName,
  button = `Connect ${name}`,
  signInAs?: { username: string; password: string },
) {
  const { page } = omnio;
  await providerCard(page, name).getByRole('button', { name: button }).first().click();
  const opened = page.context().waitForEvent('page');
  await page.getByRole('dialog', { name: `Connect ${name}` }).getByRole('button', { name: `Continue to ${name}` }).click();
  await omnio.deliverDeepLink(await approveInPopup(await opened, signInAs ? { signInAs } : {}));
}

async function disconnect(page: Page, name: OAuthName, choice: 'Delete it' | 'Keep it on this computer') {
  await providerCard(page, name).getByRole('button', { name: `Disconnect ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Disconnect ${name}?` });
  await expect(dialog).toContainText('Any sync running for this account stops now');
  await dialog.getByRole('radio', { name: choice }).check();
  await dialog.getByRole('button', { name: 'Confirm disconnect' }).click();
  return page.getByRole('dialog', { name: `${name} disconnected` });
}

const tokenRequests = (sims: Simulators, id: 'oura' | 'whoop', since: number) =>
  sims[id].server.requests.slice(since).filter((r) => r.authorization !== null || r.path === '/oauth/revoke');

test('Oura: disconnect and delete during the backfill — nothing sent after, revoked at Oura, card back to not connected', async ({
  omnio,
  sims,
}) => {
  const { page } = omnio;
  await connect(omnio, 'Oura');
  // The first sync starts by itself a moment after connecting.
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'syncing', { timeout: 15_000 });

  await disconnect(page, 'Oura', 'Delete it');
  // The account, its card and the dialog are gone with the data: the outcome is a message.
  await expect(
    page.getByRole('status').filter({ hasText: 'Oura disconnected and its synced data deleted. Omnio’s access was also revoked at Oura.' }),
  ).toBeVisible();
  const after = sims.oura.server.requests.length;
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'not_connected');

  // The revocation was the last request; the grant is gone: no token Omnio was given still works.
  expect(sims.oura.server.requests.at(-1)?.path).toBe('/oauth/revoke');
  const live = sims.oura.authority.issued.filter((t) => sims.oura.authority.authenticate(t) !== null);
  expect(live).toEqual([]);
  await page.waitForTimeout(1_000);
  expect(sims.oura.server.requests.slice(after)).toEqual([]);
});

test('WHOOP: keep the data, the card says so; Reconnect as the same person restores the same card', async ({ omnio, sims }) => {
  const { page } = omnio;
  await connect(omnio, 'WHOOP');
  const outcome = await disconnect(page, 'WHOOP', 'Keep it on this computer');
  await expect(outcome).toContainText('Its synced data is kept on this computer.');
  await expect(outcome).toContainText('Omnio’s access was also revoked at WHOOP.');
  await outcome.getByRole('button', { name: 'Done' }).click();
  expect(sims.whoop.server.requests.some((r) => r.method === 'DELETE' && r.path === '/developer/v2/user/access')).toBe(true);

  const card = providerCard(page, 'WHOOP');
  await expect(card).toHaveAttribute('data-status', 'disconnected');
  await expect(card).toContainText('Disconnected in Omnio. Data synced before is kept.');
  const accountId = await card.getAttribute('data-account-id');

  await connect(omnio, 'WHOOP', 'Reconnect WHOOP');
  await expect(providerCard(page, 'WHOOP')).toHaveAttribute('data-status', /connected|syncing/);
  await expect(page.getByRole('listitem', { name: /^WHOOP/ })).toHaveCount(1);
  expect(await providerCard(page, 'WHOOP').getAttribute('data-account-id')).toBe(accountId);
});

test('offline: disconnect works at once, and the revocation is done when Oura is reachable again', async ({ omnio, sims }) => {
  const { page } = omnio;
  await connect(omnio, 'Oura');
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', /connected|syncing/);
  await sims.oura.server.stop();

  await disconnect(page, 'Oura', 'Delete it');
  await expect(page.getByRole('status').filter({ hasText: /Omnio will revoke its access at Oura when the network is back \(Oura could not be reached/ })).toBeVisible();
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'not_connected');

  // The queued token is sealed: no issued token or client secret sits in plaintext in the data dir or the logs.
  expectNoSecrets([...readTree(omnio.dataDir), Buffer.from(omnio.logs())], [...sims.oura.authority.issued, sims.oura.client.clientSecret]);

  // The provider is reachable again; the queue is worked at the next start.
  await sims.oura.server.start();
  const before = sims.oura.server.requests.length;
  await omnio.restart();
  await expect(omnio.page.getByRole('status').filter({ hasText: 'Omnio’s access was revoked at Oura.' })).toBeVisible({ timeout: 15_000 });
  expect(sims.oura.server.requests.slice(before).map((r) => r.path)).toEqual(['/oauth/revoke']);
  expect(sims.oura.authority.issued.filter((t) => sims.oura.authority.authenticate(t) !== null)).toEqual([]);
});

test('reconnecting as a different Oura user creates a second card and leaves the first one as it was', async ({ omnio, sims }) => {
  const { page } = omnio;
  sims.oura.authority.addUser({ id: 'second-oura-user', username: 'partner@oura.test', password: 'partner-pw', email: 'partner@oura.test', firstName: 'P', lastName: 'O' });
  await connect(omnio, 'Oura');
  const first = await disconnect(page, 'Oura', 'Keep it on this computer');
  await first.getByRole('button', { name: 'Done' }).click();
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'disconnected');

  await connect(omnio, 'Oura', 'Reconnect Oura', { username: 'partner@oura.test', password: 'partner-pw' });
  const cards = page.getByRole('listitem', { name: /^Oura/ });
  await expect(cards).toHaveCount(2);
  await expect(page.locator('li[data-status="disconnected"]')).toHaveCount(1);
  await expect(cards.filter({ hasText: 'partner@oura.test' })).toHaveAttribute('data-status', /connected|syncing/);
});

test('revoked in Oura’s settings: the next sync shows the card disconnected with the reason, once; Reconnect restores it', async ({
  omnio,
  sims,
}) => {
  const { page } = omnio;
  await connect(omnio, 'Oura');
  const card = providerCard(page, 'Oura');
  // The card turns into the account's card once the code is exchanged: read its id only then.
  await expect(card).toHaveAttribute('data-account-id', /^[0-9a-f]{32}$/, { timeout: 30_000 });
  const accountId = await card.getAttribute('data-account-id');
  await expect(card.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 30_000 });

  sims.oura.authority.revokeUser(sims.oura.user.id);
  await card.getByRole('button', { name: 'Sync now' }).click();
  await expect(card).toHaveAttribute('data-status', 'disconnected');
  await expect(card.getByRole('alert')).toContainText('Access was revoked at Oura');
  // No retry loop: nothing token-bearing reaches Oura afterwards.
  const after = sims.oura.server.requests.length;
  await page.waitForTimeout(1_000);
  expect(tokenRequests(sims, 'oura', after)).toEqual([]);

  await connect(omnio, 'Oura', 'Reconnect Oura');
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', /connected|syncing/);
  await expect(page.getByRole('listitem', { name: /^Oura/ })).toHaveCount(1);
  expect(await providerCard(page, 'Oura').getAttribute('data-account-id')).toBe(accountId);
});
