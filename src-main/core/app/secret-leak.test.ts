import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startHarness, type Harness } from './test-support/oauth-harness';
import Database from 'better-sqlite3';
import { AccessLogStore } from '../access-log/access-log-store';
import { accessLogCsvHeader, accessLogCsvRow } from '../access-log/access-log-csv';
import { dataPaths } from '../paths';

// Credential boundaries (issue 3, "Done when"): after connecting, refreshing and
// failing in the usual ways, no issued access token, refresh token or code, nor
// any client secret, appears in any file under the data dir, in the log lines,
// or in anything sent to the renderer — raw, base64, base64url, hex or URL-encoded.

let h: Harness;
afterEach(async () => {
  await h?.close();
});

function encodings(secret: string): string[] {
  const b = Buffer.from(secret, 'utf8');
  return [
    ...new Set([
      secret,
      b.toString('base64'),
      b.toString('base64url'),
      b.toString('hex'),
      b.toString('hex').toUpperCase(),
      encodeURIComponent(secret),
    ]),
  ];
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

/** Every place a secret was found: `<where>: <encoding index>`. */
function findLeaks(secrets: string[], haystacks: { where: string; bytes: Buffer }[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    for (const [i, form] of encodings(secret).entries()) {
      const needle = Buffer.from(form, 'utf8');
      for (const h of haystacks)
        if (h.bytes.includes(needle)) found.push(`${h.where}: secret #${secrets.indexOf(secret)} form #${i}`);
    }
  }
  return found;
}

it('no token, code or client secret reaches a file in the data dir, the logs or the renderer', async () => {
  h = await startHarness({ sim: { accessTokenSeconds: 30 } });
  await h.connect('oura', { untick: ['spo2'] });
  await h.connect('whoop');
  await h.connect('withings');
  // The user's own app secret is also a secret (stored sealed, never returned).
  const byoSecret = 'byo-secret-Zq8vQ2mW7xT4';
  const settings = await h.core.handlers.updateSettings({
    clientCredentials: { providerId: 'whoop', clientId: 'my-own-app', clientSecret: byoSecret },
  });
  expect(JSON.stringify(settings)).not.toContain(byoSecret);

  const accounts = (await h.core.handlers.listAccounts({})).accounts;
  // Refresh every account (30 s tokens), twice concurrently, then a failing refresh that echoes nothing.
  for (const a of accounts) await Promise.all([h.core.tokens.accessToken(a.id), h.core.tokens.accessToken(a.id)]);
  h.sims.oura.server.inject({ pathPrefix: '/oauth/token', fault: { kind: 'status', status: 500 }, times: 1 });
  await h.core.tokens.accessToken(accounts.find((a) => a.providerId === 'oura')!.id).catch(() => undefined);
  // A revoked grant: the refresh fails with invalid_grant and the account is disconnected.
  h.sims.whoop.authority.revokeUser(h.sims.whoop.user.id);
  await h.core.tokens.accessToken(accounts.find((a) => a.providerId === 'whoop')!.id).catch(() => undefined);
  // And a denied flow plus a replayed redirect, which log their own lines.
  await h.core.handleDeepLink(await h.authorize('oura', { deny: true }), 'qa');
  const replay = await h.authorize('withings');
  await h.core.handleDeepLink(replay, 'qa');
  await h.core.handleDeepLink(replay, 'qa');
  await h.core.close();
  h.core = { close: async () => undefined } as unknown as Harness['core'];

  const secrets = [
    ...Object.values(h.sims).flatMap((s) => s.authority.issued),
    ...Object.values(h.sims).map((s) => s.client.clientSecret),
    byoSecret,
  ];
  expect(secrets.length).toBeGreaterThan(20);
  const files = filesUnder(h.dataDir);
  expect(files.map((f) => path.relative(h.dataDir, f))).toEqual(
    expect.arrayContaining(['omnio.sqlite', 'logs/omnio.log', 'vault-key.json', 'settings.json']),
  );
  // Issue 12: the access log recorded every one of those requests; its rows and its CSV hold no secret.
  const db = new Database(dataPaths(h.dataDir).database, { readonly: true });
  const logged = new AccessLogStore(db).all();
  db.close();
  const actions = new Set(logged.map((e) => e.action));
  expect(actions.has('connect') && actions.has('token_refresh')).toBe(true);
  expect(logged.some((e) => e.endpoint === '/oauth/token' && e.status === 500)).toBe(true);
  const haystacks = [
    { where: 'access_log rows', bytes: Buffer.from(JSON.stringify(logged)) },
    { where: 'access_log CSV', bytes: Buffer.from(accessLogCsvHeader() + logged.map(accessLogCsvRow).join('')) },
    ...files.map((f) => ({ where: path.relative(h.dataDir, f), bytes: fs.readFileSync(f) })),
    { where: 'log lines', bytes: Buffer.from(h.platform.lines.join('\n')) },
    { where: 'renderer events', bytes: Buffer.from(JSON.stringify(h.platform.events)) },
  ];
  expect(findLeaks(secrets, haystacks)).toEqual([]);
  // The logs did record the flows (so the scan looked at something real).
  expect(h.platform.lines.join('\n')).toMatch(/connected.*access refreshed|access refreshed/s);

  // Positive control: the scanner finds a secret in each encoding.
  for (const form of encodings(secrets[0]!)) {
    expect(findLeaks([secrets[0]!], [{ where: 'planted', bytes: Buffer.from(`x${form}y`) }])).not.toEqual([]);
  }
});
