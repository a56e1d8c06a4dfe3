import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { consent } from '../../../simulators/oauth/consent-driver';
import { startOuraSimulator } from '../../../simulators/oura';
import type { OAuthSimulator } from '../../../simulators/oauth/start-oauth-simulator';
import { dispatchCall } from '../ipc/dispatch';
import { createCore, type OmnioCore } from './create-core';
import { recordingPlatform } from './test-support/recording-platform';

// Provider endpoints set in Settings (issue 3: every URL overridable through
// OMNIO_PROVIDERS and through Settings), with a real core and a real simulator.

let dir: string;
let core: OmnioCore | null = null;
let sim: OAuthSimulator | null = null;
afterEach(async () => {
  await core?.close();
  await sim?.stop();
  core = null;
  sim = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}) {
  const platform = recordingPlatform(path.join(dir, 'data'));
  core = await createCore({ dataDir: path.join(dir, 'data'), platform, env });
  return { core, platform };
}

describe('provider endpoints in Settings', () => {
  it('point a connect flow at a sandbox, and Connect completes against it', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-endpoints-'));
    sim = await startOuraSimulator();
    const { core } = await start();
    expect((await core.handlers.getSettings({})).endpoints.find((e) => e.providerId === 'oura')?.source).toBe(
      'built-in',
    );

    const view = await core.handlers.updateSettings({
      endpoints: { providerId: 'oura', ...sim.endpoints, revocationUrl: sim.endpoints.revocationUrl ?? undefined },
      clientCredentials: { providerId: 'oura', clientId: sim.client.clientId, clientSecret: sim.client.clientSecret },
    });
    expect(view.endpoints.find((e) => e.providerId === 'oura')).toMatchObject({
      source: 'settings',
      authorizationUrl: sim.endpoints.authorizationUrl,
      tokenUrl: sim.endpoints.tokenUrl,
    });

    const started = await core.handlers.startConnect({ providerId: 'oura' });
    expect(started.authorizationUrl.startsWith(sim.endpoints.authorizationUrl)).toBe(true);
    const outcome = await consent(started.authorizationUrl, {
      username: sim.user.username,
      password: sim.user.password,
    });
    await core.handleDeepLink(outcome.location!, 'qa');
    expect((await core.handlers.listAccounts({})).accounts[0]?.status).toBe('connected');
  });

  it('refuses plain http to anything but 127.0.0.1 and a malformed URL, and keeps what was saved', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-endpoints-'));
    const { core } = await start();
    await core.handlers.updateSettings({ endpoints: { providerId: 'whoop', apiBaseUrl: 'https://sandbox.example' } });
    for (const bad of ['http://sandbox.example/token', 'not a url', 'ftp://127.0.0.1/x']) {
      const r = await dispatchCall(
        core.handlers,
        'updateSettings',
        { endpoints: { providerId: 'whoop', tokenUrl: bad } },
        recordingPlatform(path.join(dir, 'data')).logger,
      );
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/WHOOP endpoints/),
      });
    }
    const whoop = (await core.handlers.getSettings({})).endpoints.find((e) => e.providerId === 'whoop')!;
    expect(whoop).toMatchObject({ source: 'settings', apiBaseUrl: 'https://sandbox.example' });
    expect(whoop.tokenUrl).toBe('https://api.prod.whoop.com/oauth/oauth2/token');
  });

  it('OMNIO_PROVIDERS wins key by key; an empty field and "reset" restore the built-in URLs', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-endpoints-'));
    const file = path.join(dir, 'providers.json');
    fs.writeFileSync(file, JSON.stringify({ withings: { tokenUrl: 'https://qa.example/v2/oauth2' } }));
    const { core } = await start({ OMNIO_PROVIDERS: file });
    let view = await core.handlers.updateSettings({
      endpoints: { providerId: 'withings', tokenUrl: 'https://mine.example/t', apiBaseUrl: 'https://mine.example' },
    });
    let withings = view.endpoints.find((e) => e.providerId === 'withings')!;
    expect(withings).toMatchObject({
      source: 'override',
      tokenUrl: 'https://qa.example/v2/oauth2',
      apiBaseUrl: 'https://mine.example',
    });

    view = await core.handlers.updateSettings({ endpoints: { providerId: 'withings', apiBaseUrl: '' } });
    withings = view.endpoints.find((e) => e.providerId === 'withings')!;
    expect(withings.apiBaseUrl).toBe('https://wbsapi.withings.net');

    view = await core.handlers.updateSettings({ clearEndpoints: 'withings' });
    withings = view.endpoints.find((e) => e.providerId === 'withings')!;
    expect(withings.tokenUrl).toBe('https://qa.example/v2/oauth2');
    expect(withings.authorizationUrl).toBe('https://account.withings.com/oauth2_user/authorize2');
  });
});
