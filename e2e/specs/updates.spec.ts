import type { WebSocket } from '@playwright/test';
import { expect, test } from '../fixtures/omnio';

// Issue 14: the browser host does not update itself, so it shows no update UI —
// no banner, no "Restart to update", no Settings → Updates — once the page has
// been told so (the getUpdateStatus answer is read off the host's WebSocket).
// (The update states themselves are covered against a fake updater:
// src-main/core/update/update-service.test.ts, src-renderer/update/update-banner.test.ts.)

test('the browser host shows no update UI anywhere a person looks', async ({ omnio, omnioRuntime }) => {
  test.skip(omnioRuntime !== 'browser-host', 'reads the browser host’s WebSocket frames');
  const { page } = omnio;

  // Load the page again with a listener on its socket, to see the answer the banner gets.
  const answered = new Promise<unknown>((resolve) => {
    page.on('websocket', (ws: WebSocket) => {
      const asked = new Set<number>();
      ws.on('framesent', ({ payload }) => {
        const m = JSON.parse(String(payload)) as { id: number; call: string };
        if (m.call === 'getUpdateStatus') asked.add(m.id);
      });
      ws.on('framereceived', ({ payload }) => {
        const m = JSON.parse(String(payload)) as { kind: string; id?: number; result?: { value?: unknown } };
        if (m.kind === 'result' && m.id !== undefined && asked.has(m.id)) resolve(m.result?.value);
      });
    });
  });
  await page.reload();
  expect(await answered).toMatchObject({ supported: false, phase: 'idle' });

  await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Update' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Restart to update' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByLabel('History to import when connecting')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Updates' })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: /Check for updates/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Check now' })).toHaveCount(0);
});
