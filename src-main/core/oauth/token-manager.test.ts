import { afterEach, expect, it } from 'vitest';
import { AccountRepo } from '../accounts/account-repo';
import { openDatabase, type Database } from '../db/database';
import { memoryLogger } from '../log/logger';
import { dataPaths } from '../paths';
import { loadProviderOverrides } from '../providers/overrides';
import { confSettings } from '../settings/conf-settings';
import { EnvelopeVault } from '../vault/envelope-vault';
import type { SecretVault } from '../vault/secret-vault';
import { startHarness, type Harness } from '../app/test-support/oauth-harness';
import { OAuthConfig } from './oauth-config';
import { TokenManager } from './token-manager';
import { loadTokens } from './token-store';

let h: Harness;
let db: Database | null = null;
afterEach(async () => {
  db?.close();
  db = null;
  await h?.close();
});

it('never hands out a new access token it could not seal first', async () => {
  h = await startHarness({ sim: { accessTokenSeconds: 30 } });
  await h.connect('oura');
  const accountId = (await h.core.handlers.listAccounts({})).accounts[0]!.id;

  // A second connection to the same data dir, with a vault whose writes fail (disk full, say).
  db = openDatabase(dataPaths(h.dataDir).database);
  const accounts = new AccountRepo(db);
  const real = await EnvelopeVault.open({ db, keyStore: h.platform.keyStore, mode: 'persistent', log: memoryLogger() });
  const failing: SecretVault = {
    get: (o, f) => real.get(o, f),
    has: (o, f) => real.has(o, f),
    delete: (o, f) => real.delete(o, f),
    put: () => Promise.reject(new Error('disk full')),
  };
  const env = { OMNIO_PROVIDERS: h.providersFile };
  const config = new OAuthConfig(
    { overrides: loadProviderOverrides(env), settings: confSettings(h.dataDir), vault: real, env },
    true,
    () => new Date(),
  );
  const tokens = new TokenManager({
    accounts,
    vault: failing,
    config,
    log: memoryLogger(),
    now: () => new Date(),
    publishAccounts: () => undefined,
  });

  const stored = await loadTokens(real, accountId);
  const issuedBefore = h.sims.oura.authority.issued.length;
  const err = await tokens.accessToken(accountId).catch((e: unknown) => e);
  // The provider did issue new tokens…
  expect(h.sims.oura.authority.issued.length).toBeGreaterThan(issuedBefore);
  const fresh = h.sims.oura.authority.issued.at(-2)!; // access token precedes its refresh token
  // …but the caller got an error, not the unsaved token, and the account is not disconnected.
  expect(err).not.toBe(fresh);
  expect(err).toMatchObject({ message: 'disk full' });
  expect(await loadTokens(real, accountId)).toEqual(stored);
  expect(accounts.get(accountId)!.status).toBe('connected');
});
