import { approveInBrowser } from '../fixtures/consent';
import { expectNoSecrets, readTree } from '../fixtures/scan';
import { expect, providerCard, test } from '../fixtures/simulators';

// The Connect flow as the user lives it, for each OAuth provider, through the
// browser host and Chromium against the providers' simulators.

const PROVIDERS = [
  { name: 'Oura', id: 'oura', untick: 'heartrate', missing: 'Heart rate' },
  { name: 'WHOOP', id: 'whoop', untick: 'read:workout', missing: 'Workouts' },
  { name: 'Withings', id: 'withings', untick: 'user.metrics', missing: 'Body measurements' },
] as const;

for (const p of PROVIDERS) {
  test(`${p.name}: connect in the system browser ends connected, with a partial grant shown`, async ({ omnio, sims }) => {
    const { page } = omnio;
    await providerCard(page, p.name).getByRole('button', { name: `Connect ${p.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Connect ${p.name}` });
    await expect(dialog).toContainText('never sees your');
    await dialog.getByRole('button', { name: `Continue to ${p.name}` }).click();
    await expect(providerCard(page, p.name)).toHaveAttribute('data-status', 'connecting');

    const redirect = await approveInBrowser(omnio, { untick: [p.untick], authorizeHost: sims[p.id].url });
    await omnio.deliverDeepLink(redirect);

    const card = providerCard(page, p.name);
    await expect(card).toHaveAttribute('data-status', /connected|syncing/);
    await expect(card).toContainText('Granted:');
    await expect(card).toContainText(`Not granted: ${p.missing}`);
    await expect(card.getByRole('button', { name: new RegExp(`^Reconnect ${p.name}`) })).toBeVisible();

    // Replaying the same redirect changes nothing and the app keeps running.
    await omnio.deliverDeepLink(redirect);
    await expect(page.getByRole('listitem', { name: new RegExp(`^${p.name}`) })).toHaveCount(1);

    // No issued token and no client secret sits anywhere under the data dir or in the logs.
    const secrets = [...sims[p.id].authority.issued, sims[p.id].client.clientSecret];
    expect(secrets.length).toBeGreaterThan(1);
    expectNoSecrets([...readTree(omnio.dataDir), Buffer.from(omnio.logs())], secrets);
  });
}

test('Deny on the provider page ends the flow with the provider’s message and no account', async ({ omnio, sims }) => {
  const { page } = omnio;
  await providerCard(page, 'Oura').getByRole('button', { name: 'Connect Oura' }).click();
  await page.getByRole('button', { name: 'Continue to Oura' }).click();
  const redirect = await approveInBrowser(omnio, { deny: true, authorizeHost: sims.oura.url });
  expect(redirect).toContain('error=access_denied');
  await omnio.deliverDeepLink(redirect);
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'not_connected');
  await expect(page.getByRole('alert').or(page.getByRole('status')).filter({ hasText: /Oura/ }).first()).toBeVisible();
});

test('forged, malformed and unknown deep links leave the app running and the accounts unchanged', async ({ omnio }) => {
  const { page } = omnio;
  await providerCard(page, 'WHOOP').getByRole('button', { name: 'Connect WHOOP' }).click();
  await page.getByRole('button', { name: 'Continue to WHOOP' }).click();
  await expect(providerCard(page, 'WHOOP')).toHaveAttribute('data-status', 'connecting');
  const links = [
    'com.omnio.app:/oauth/whoop?code=abc&state=forged12',
    'com.omnio.app:/oauth/whoop?code=abc',
    'com.omnio.app:/oauth/whoop?state=&code=',
    'com.omnio.app:/oauth/nope?code=a&state=b',
    'com.omnio.app://evil.example/oauth/whoop?code=a&state=b',
    'https://evil.example/?code=a&state=b',
    'com.omnio.app:/oauth/whoop?code=a&state=b&state=c',
    '%%%',
    '',
    'com.omnio.app:/' + 'x'.repeat(5000),
  ];
  for (const l of links) await omnio.deliverDeepLink(l);
  await expect(providerCard(page, 'WHOOP')).toHaveAttribute('data-status', 'connecting');
  await expect(providerCard(page, 'Oura')).toHaveAttribute('data-status', 'not_connected');
  // Cancel returns the card to its previous state.
  await providerCard(page, 'WHOOP').getByRole('button', { name: /^Cancel connecting/ }).click();
  await expect(providerCard(page, 'WHOOP')).toHaveAttribute('data-status', 'not_connected');
});

