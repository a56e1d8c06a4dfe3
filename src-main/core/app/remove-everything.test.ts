import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../../src-shared/providers';
import { REMOVE_EVERYTHING_WORD, type RemoveEverythingOutcome } from '../../../src-shared/remove-everything';
import { dispatchCall } from '../ipc/dispatch';
import { PartialFiles } from '../export/partial-files';
import { startHarness, type Harness } from './test-support/oauth-harness';

// Issue 12 (item 4): "Remove everything" on a real data dir — real SQLite, the
// real vault with the stand-in key file, accounts connected through the Oura
// and WHOOP simulators on 127.0.0.1 — through the contract, as the page calls it.

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

const call = (name: string, input: unknown) => dispatchCall(h!.core.handlers, name, input, h!.platform.logger);

async function connectTwoAndSync(harness: Harness) {
  await harness.connect('oura');
  await harness.connect('whoop');
  // A setting of the person's, so settings.json holds something of theirs.
  expect(await call('updateSettings', { syncIntervalMinutes: 120 })).toMatchObject({ ok: true });
  const before = filesUnder(harness.dataDir);
  expect(before).toEqual(
    expect.arrayContaining(['omnio.sqlite', 'settings.json', 'vault-key.json', path.join('logs', 'omnio.log')]),
  );
}

describe('remove everything', () => {
  it('refuses a call without the typed word, and nothing is touched', async () => {
    h = await startHarness();
    await h.connect('oura');
    const before = filesUnder(h.dataDir);
    for (const input of [{}, { confirm: 'remove' }, { confirm: 'yes' }, { confirm: REMOVE_EVERYTHING_WORD, x: 1 }]) {
      const r = await call('removeEverything', input);
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(filesUnder(h.dataDir)).toEqual(before);
    const accounts = await call('listAccounts', {});
    expect(accounts).toMatchObject({
      ok: true,
      value: { accounts: [expect.objectContaining({ providerId: 'oura' })] },
    });
    expect(h.sims.oura.server.requests.some((r) => r.path === '/oauth/revoke')).toBe(false);
  });

  it('online: revokes at Oura and WHOOP, then the data dir holds nothing', async () => {
    h = await startHarness();
    await connectTwoAndSync(h);

    // An export cut off by a killed process left its temporary file next to its target, outside the data dir.
    const leftover = path.join(path.dirname(h.dataDir), '.export.csv.abc.omnio-partial');
    fs.writeFileSync(leftover, 'heart_rate [bpm]\r\n61\r\n');
    new PartialFiles(h.dataDir).add(leftover);

    const r = await call('removeEverything', { confirm: REMOVE_EVERYTHING_WORD });
    expect(r.ok).toBe(true);
    const outcome = (r as { value: RemoveEverythingOutcome }).value;
    expect(outcome.accounts.map((a) => [a.providerId, a.revoked]).sort()).toEqual([
      ['oura', true],
      ['whoop', true],
    ]);

    // The revocations reached the simulators, and no token Omnio held works there any more.
    expect(h.sims.oura.server.requests.some((q) => q.method === 'GET' && q.path === '/oauth/revoke')).toBe(true);
    expect(
      h.sims.whoop.server.requests.some((q) => q.method === 'DELETE' && q.path === '/developer/v2/user/access'),
    ).toBe(true);
    for (const id of ['oura', 'whoop'] as const) {
      const issued = h.sims[id].authority.issued;
      expect(issued.length).toBeGreaterThan(0);
      expect(issued.filter((t) => h!.sims[id].authority.authenticate(t) !== null)).toEqual([]);
    }

    expect(fs.existsSync(leftover)).toBe(false);
    // Nothing of the person's is left: no database (nor -wal/-shm), no vault key, no settings, no logs.
    expect(fs.readdirSync(h.dataDir)).toEqual([]);
  });

  it('offline: nothing is sent, the outcome names each provider’s page, and the data dir is still emptied', async () => {
    h = await startHarness();
    await connectTwoAndSync(h);
    const sent = { oura: h.sims.oura.server.requests.length, whoop: h.sims.whoop.server.requests.length };
    h.core.setOnline(false);

    const r = await call('removeEverything', { confirm: REMOVE_EVERYTHING_WORD });
    expect(r.ok).toBe(true);
    const outcome = (r as { value: RemoveEverythingOutcome }).value;
    expect(outcome.accounts.map((a) => [a.providerId, a.revoked, a.manageAccessUrl]).sort()).toEqual([
      ['oura', false, PROVIDERS.oura.manageAccessUrl],
      ['whoop', false, PROVIDERS.whoop.manageAccessUrl],
    ]);
    expect(h.sims.oura.server.requests.length).toBe(sent.oura);
    expect(h.sims.whoop.server.requests.length).toBe(sent.whoop);
    expect(fs.readdirSync(h.dataDir)).toEqual([]);
  });
});
