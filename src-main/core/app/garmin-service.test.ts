import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountsSnapshot } from '../../../src-shared/accounts';
import type { BridgeResult } from '../../../src-shared/errors';
import { startGarminSimulator, type GarminSimulator } from '../../../simulators/garmin';
import { findSecrets, textContainsSecret } from '../garmin/secret-scan';
import { dispatchCall } from '../ipc/dispatch';
import { createCore, type OmnioCore } from './create-core';
import { recordingPlatform, type RecordingPlatform } from './test-support/recording-platform';

// The Garmin calls end to end through the core as a window would make them
// (dispatchCall validates the argument exactly as the bridge does), against the
// Garmin simulator over real HTTP, with the real SQLite file, vault and
// settings in a temp data directory.

const PASSWORD = 'Tr0ub4dor&3-correct horse';
const MFA_CODE = '864209';

let dir: string;
let sim: GarminSimulator;
let core: OmnioCore | null = null;
let clock: number;
let platform: RecordingPlatform;

async function startCore(): Promise<OmnioCore> {
  platform = recordingPlatform(dir);
  core = await createCore({
    dataDir: dir,
    platform,
    env: { OMNIO_PROVIDERS: path.join(dir, '..', `${path.basename(dir)}-providers.json`) },
    now: () => new Date(clock),
  });
  return core;
}

async function call<T = unknown>(name: string, input: unknown): Promise<BridgeResult<T>> {
  const log = { debug() {}, info() {}, warn() {}, error() {}, child: () => log };
  return (await dispatchCall(core!.handlers, name, input, log)) as BridgeResult<T>;
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-garmin-'));
  clock = Date.now();
  sim = await startGarminSimulator({
    users: [
      { email: 'runner@example.com', password: PASSWORD, profileId: 5551001, displayName: 'runner-1' },
      { email: 'mfa@example.com', password: PASSWORD, profileId: 5551002, displayName: 'mfa-1', mfaCode: MFA_CODE },
      { email: 'locked@example.com', password: PASSWORD, profileId: 5551003, displayName: 'locked-1', locked: true },
    ],
  });
  fs.writeFileSync(
    path.join(dir, '..', `${path.basename(dir)}-providers.json`),
    JSON.stringify({ garmin: sim.endpoints }),
  );
  await startCore();
});

afterEach(async () => {
  await core?.close();
  core = null;
  await sim.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.join(dir, '..', `${path.basename(dir)}-providers.json`), { force: true });
});

const loginRequests = () => sim.server.requests.filter((r) => r.path.startsWith('/mobile/api/')).length;

/** What left the core besides files: every log line (debug level included) and every event sent to renderers. */
function leaksOutsideFiles(secrets: string[]): string[] {
  const texts = [...platform.lines, ...platform.events.map((e) => JSON.stringify(e))];
  return secrets.filter((secret) => texts.some((t) => textContainsSecret(t, secret)));
}

function accountsNow() {
  return call<AccountsSnapshot>('listAccounts', {});
}

describe('Garmin sign-in', () => {
  it('without MFA: ends connected, and the password is nowhere in the data directory', async () => {
    const r = await call<{ status: string; accountId: string }>('garminSignIn', {
      email: 'runner@example.com',
      password: PASSWORD,
    });
    expect(r).toMatchObject({ ok: true, value: { status: 'connected' } });
    const snap = await accountsNow();
    expect(snap.ok && snap.value.accounts).toEqual([
      expect.objectContaining({ providerId: 'garmin', status: 'connected', label: 'runner@example.com' }),
    ]);
    expect(
      (platform.events.filter((e) => e.event === 'accountsChanged').at(-1)?.payload as AccountsSnapshot).accounts[0]
        ?.status,
    ).toBe('connected');
    // The password did reach "Garmin" (the simulator judged it), once.
    expect(sim.state.loginAttempts).toEqual([{ email: 'runner@example.com', ok: true }]);
    // The four steps, in order, each once.
    expect(sim.server.requests.map((q) => `${q.method} ${q.path}`).slice(0, 4)).toEqual([
      'GET /mobile/sso/en/sign-in',
      'POST /mobile/api/login',
      'POST /di-oauth2-service/oauth/token',
      'GET /userprofile-service/socialProfile',
    ]);
    // The scan covers the log, which does record the sign-in.
    expect(fs.readFileSync(path.join(dir, 'logs', 'omnio.log'), 'utf8')).toContain('garmin: account connected');
    expect(findSecrets(dir, { password: PASSWORD })).toEqual([]);
    expect(leaksOutsideFiles([PASSWORD])).toEqual([]);
    await core!.close();
    core = null;
    expect(findSecrets(dir, { password: PASSWORD })).toEqual([]);
  });

  it('with MFA: asks for the code, ends connected, and neither password nor code is stored anywhere', async () => {
    const first = await call<{ status: string; flowId: string; expiresAt: string }>('garminSignIn', {
      email: 'mfa@example.com',
      password: PASSWORD,
    });
    expect(first).toMatchObject({ ok: true, value: { status: 'mfa_required' } });
    if (!first.ok || first.value.status !== 'mfa_required') throw new Error('expected MFA');
    expect(Date.parse(first.value.expiresAt) - clock).toBeLessThanOrEqual(5 * 60 * 1000);
    const second = await call('garminSubmitMfa', { flowId: first.value.flowId, code: MFA_CODE });
    expect(second).toMatchObject({ ok: true, value: { status: 'connected' } });
    const snap = await accountsNow();
    expect(snap.ok && snap.value.accounts.map((a) => a.status)).toEqual(['connected']);
    // The flow is single-use.
    const again = await call('garminSubmitMfa', { flowId: first.value.flowId, code: MFA_CODE });
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const secrets = { password: PASSWORD, code: MFA_CODE };
    expect(findSecrets(dir, secrets)).toEqual([]);
    expect(leaksOutsideFiles([PASSWORD, MFA_CODE])).toEqual([]);
    await core!.close();
    core = null;
    expect(findSecrets(dir, secrets)).toEqual([]);
  });

  it('wrong password, locked account and a wrong MFA code each get their own message', async () => {
    const wrong = await call('garminSignIn', { email: 'runner@example.com', password: 'not-the-password' });
    const locked = await call('garminSignIn', { email: 'locked@example.com', password: PASSWORD });
    const mfa = await call<{ flowId: string }>('garminSignIn', { email: 'mfa@example.com', password: PASSWORD });
    if (!mfa.ok) throw new Error('expected MFA');
    const badCode = await call('garminSubmitMfa', { flowId: mfa.value.flowId, code: '314159' });
    const messages = [wrong, locked, badCode].map((r) => (r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`));
    expect(messages[0]).toMatch(/^AUTH_FAILED: Garmin did not accept this e-mail and password/);
    expect(messages[1]).toMatch(/^AUTH_FAILED: Garmin has locked this account/);
    expect(messages[2]).toMatch(/^AUTH_FAILED: Garmin did not accept this verification code/);
    // The user may type the right code after a wrong one; that is their action, not a retry.
    const good = await call('garminSubmitMfa', { flowId: mfa.value.flowId, code: MFA_CODE });
    expect(good).toMatchObject({ ok: true, value: { status: 'connected' } });
    // None of these is a reason to block sign-ins.
    expect(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')).toContain('"garminLoginBlockedUntil": null');
    // Failures are logged — without the passwords or codes that failed.
    expect(fs.readFileSync(path.join(dir, 'logs', 'omnio.log'), 'utf8')).toContain('garmin: sign-in failed');
    expect(
      findSecrets(dir, { password: PASSWORD, wrongPassword: 'not-the-password', wrongCode: '314159', code: MFA_CODE }),
    ).toEqual([]);
    expect(leaksOutsideFiles([PASSWORD, 'not-the-password', '314159', MFA_CODE])).toEqual([]);
  });

  it('three wrong codes end the MFA step', async () => {
    const mfa = await call<{ flowId: string }>('garminSignIn', { email: 'mfa@example.com', password: PASSWORD });
    if (!mfa.ok) throw new Error('expected MFA');
    await call('garminSubmitMfa', { flowId: mfa.value.flowId, code: '000001' });
    await call('garminSubmitMfa', { flowId: mfa.value.flowId, code: '000002' });
    const third = await call('garminSubmitMfa', { flowId: mfa.value.flowId, code: '000003' });
    expect(third).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const fourth = await call('garminSubmitMfa', { flowId: mfa.value.flowId, code: MFA_CODE });
    expect(fourth).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a 429 blocks sign-ins until Retry-After, without another request to Garmin, across a restart', async () => {
    sim.state.failLogins({ kind: 'rate-limit', retryAfterSeconds: 7200 });
    const r = await call('garminSignIn', { email: 'runner@example.com', password: PASSWORD });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('RATE_LIMITED');
    expect(r.error.message).toMatch(/limiting sign-ins/);
    expect(Date.parse(r.error.retryAt!)).toBe(clock + 7200 * 1000);
    const requestsSoFar = loginRequests();

    // Restart: a new core on the same data directory still refuses, with the same time.
    await core!.close();
    await startCore();
    clock += 3600 * 1000;
    const refused = await call('garminSignIn', { email: 'runner@example.com', password: PASSWORD });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryAt: r.error.retryAt } });
    expect(loginRequests()).toBe(requestsSoFar);

    // After the stated time the user may try again, and it works.
    clock += 3600 * 1000 + 1000;
    const ok = await call('garminSignIn', { email: 'runner@example.com', password: PASSWORD });
    expect(ok).toMatchObject({ ok: true, value: { status: 'connected' } });
  });

  it('a challenge page blocks sign-ins for hours, with its own message, across a restart', async () => {
    sim.state.failLogins({ kind: 'challenge', status: 403 });
    const r = await call('garminSignIn', { email: 'runner@example.com', password: PASSWORD });
    if (r.ok) throw new Error('expected a refusal');
    expect(r.error.code).toBe('RATE_LIMITED');
    expect(r.error.message).toMatch(/bot check/);
    expect(Date.parse(r.error.retryAt!)).toBe(clock + 4 * 3600 * 1000);
    await core!.close();
    await startCore();
    const refused = await call('garminSignIn', { email: 'runner@example.com', password: PASSWORD });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryAt: r.error.retryAt } });
    expect(sim.state.loginAttempts).toEqual([]);
  });

  it('a challenge page answered with 200 and HTML is recognised too', async () => {
    sim.state.failLogins({ kind: 'challenge', status: 200 });
    const r = await call('garminSignIn', { email: 'runner@example.com', password: PASSWORD });
    expect(r).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('through the core’s TokenSource: a dead session ends in needs_reconnect, no login is attempted, and signing in again restores the account', async () => {
    const r = await call<{ status: string; accountId: string }>('garminSignIn', {
      email: 'runner@example.com',
      password: PASSWORD,
    });
    if (!r.ok) throw new Error('sign-in failed');
    const id = r.value.accountId;
    expect(typeof (await core!.tokens.accessToken(id))).toBe('string');
    const logins = loginRequests();
    sim.state.invalidateRefreshTokens();
    clock += 2 * 3600 * 1000; // past the simulator's 1 h access tokens
    await expect(core!.tokens.accessToken(id)).rejects.toMatchObject({
      name: 'AccessRevokedError',
      userMessage: 'Sign in to Garmin again',
    });
    const snap = await accountsNow();
    expect(snap.ok && snap.value.accounts[0]).toMatchObject({
      id,
      status: 'needs_reconnect',
      statusMessage: 'Sign in to Garmin again',
    });
    await expect(core!.tokens.accessToken(id)).rejects.toMatchObject({ name: 'AccessRevokedError' });
    expect(loginRequests()).toBe(logins);

    const again = await call('garminSignIn', { email: 'runner@example.com', password: PASSWORD, accountId: id });
    expect(again).toMatchObject({ ok: true, value: { status: 'connected', accountId: id } });
    expect(typeof (await core!.tokens.accessToken(id))).toBe('string');
  });

  it('disconnect deletes the local session (Garmin has no revocation); signing in again brings back the same account', async () => {
    const r = await call<{ status: string; accountId: string }>('garminSignIn', {
      email: 'runner@example.com',
      password: PASSWORD,
    });
    if (!r.ok) throw new Error('sign-in failed');
    const id = r.value.accountId;
    const d = await call('disconnect', { accountId: id, deleteData: false });
    expect(d).toMatchObject({ ok: true, value: { revocation: { kind: 'not_supported' } } });
    const db = new Database(path.join(dir, 'omnio.sqlite'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM secrets WHERE owner = ?').get(id)).toEqual({ n: 0 });
    db.close();
    const again = await call('garminSignIn', { email: 'runner@example.com', password: PASSWORD });
    expect(again).toMatchObject({ ok: true, value: { status: 'connected', accountId: id } });
  });

  it('a malformed call never reaches Garmin and never echoes the password', async () => {
    const r = await call('garminSignIn', { email: 'runner@example.com', password: PASSWORD, extra: 1 });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
    expect(loginRequests()).toBe(0);
  });
});
