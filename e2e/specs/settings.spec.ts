import { randomUUID } from 'node:crypto';
import { expectNoSecrets, readTree } from '../fixtures/scan';
import { expect, test } from '../fixtures/omnio';

// Settings: bring-your-own-app credentials (the secret is write-only and
// sealed) and provider endpoints (https only, http only to 127.0.0.1).

test('a client secret entered in Settings is cleared from the form, never shown again, and stored only sealed', async ({
  omnio,
}) => {
  const { page } = omnio;
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByText('Developer: provider apps').click(); // folded away since issue 15
  const form = page.getByRole('form', { name: 'WHOOP app credentials' });
  const secret = `whoop-secret-${randomUUID()}`;
  await form.getByLabel('WHOOP client id').fill('my-whoop-app');
  await form.getByLabel('WHOOP client secret').fill(secret);
  await form.getByRole('button', { name: 'Save WHOOP credentials' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await expect(form.getByLabel('WHOOP client secret')).toHaveValue('');
  await expect(form).toContainText('secret stored');

  await page.reload();
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByText('Developer: provider apps').click(); // folded away since issue 15
  await expect(page.getByRole('form', { name: 'WHOOP app credentials' }).getByLabel('WHOOP client id')).toHaveValue(
    'my-whoop-app',
  );
  const html = await page.content();
  expectNoSecrets([...readTree(omnio.dataDir), Buffer.from(omnio.logs()), Buffer.from(html)], [secret]);
});

test('provider endpoints in Settings refuse plain http to other hosts with a clear message', async ({ omnio }) => {
  const { page } = omnio;
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByText('Developer: provider apps').click(); // folded away since issue 15
  await page.getByText('Advanced: Oura endpoints').click();
  const form = page.getByRole('form', { name: 'Oura endpoints' });
  await form.getByLabel('Oura Token URL').fill('http://sandbox.example/oauth/token');
  await form.getByRole('button', { name: 'Save Oura endpoints' }).click();
  await expect(form.getByRole('status')).toContainText('127.0.0.1');

  await form.getByLabel('Oura Token URL').fill('https://sandbox.example/oauth/token');
  await form.getByRole('button', { name: 'Save Oura endpoints' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByText('Advanced: Oura endpoints (from settings)')).toBeVisible();
});
