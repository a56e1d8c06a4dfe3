import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { consent } from '../../../simulators/oauth/consent-driver';
import { startOuraSimulator } from '../../../simulators/oura';
import type { OAuthSimulator } from '../../../simulators/oauth/start-oauth-simulator';
import { dataPaths } from '../paths';
import { standInKeyStore } from '../vault/stand-in-key-store';
import { createCore, type OmnioCore } from './create-core';
import { recordingPlatform } from './test-support/recording-platform';

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

describe('loopback redirect (runtime without a registered scheme)', () => {
  it('listens on 127.0.0.1 for the one flow, completes it through handleDeepLink, then closes', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-loopback-'));
    // RFC 8252 §7.3: the provider allows any port on the registered loopback URI.
    sim = await startOuraSimulator({ redirectUris: ['http://127.0.0.1/oauth/oura'] });
    const providers = path.join(dir, 'providers.json');
    fs.writeFileSync(
      providers,
      JSON.stringify({
        oura: { ...sim.endpoints, clientId: sim.client.clientId, clientSecret: sim.client.clientSecret },
      }),
    );
    const platform = recordingPlatform(path.join(dir, 'data'), { schemeRegistered: false });
    core = await createCore({ dataDir: path.join(dir, 'data'), platform, env: { OMNIO_PROVIDERS: providers } });
    expect((await core.handlers.getAppInfo({})).redirectUris.oura).toBe('http://127.0.0.1/oauth/oura (any port)');

    const started = await core.handlers.startConnect({ providerId: 'oura' });
    const redirectUri = new URL(started.authorizationUrl).searchParams.get('redirect_uri')!;
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/oura$/);
    // Anything but the redirect path is refused by the listener.
    expect((await fetch(new URL('/other', redirectUri))).status).toBe(404);
    // The same route rules as the browser host's (issue 11): another state, or a wrong Host, touches nothing.
    expect((await fetch(`${redirectUri}?code=abc&state=not-the-state`)).status).toBe(404);
    expect((await core.handlers.listAccounts({})).pending).toHaveLength(1);

    const out = await consent(started.authorizationUrl);
    expect(out.location!.startsWith(redirectUri + '?')).toBe(true);
    const page = await fetch(out.location!); // what the browser does with the redirect
    expect(await page.text()).toContain('You can close this tab');
    await waitFor(async () => (await core!.handlers.listAccounts({})).accounts.length === 1);
    const accounts = (await core.handlers.listAccounts({})).accounts;
    expect(accounts).toMatchObject([{ providerId: 'oura', status: 'connected' }]);
    await expect(fetch(out.location!)).rejects.toThrow();
  });
});

describe('redirect URI defaults', () => {
  it('Withings uses the https bounce page, except against a 127.0.0.1 simulator (demo mode)', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-redirects-'));
    const providers = path.join(dir, 'providers.json');
    fs.writeFileSync(
      providers,
      JSON.stringify({
        withings: {
          authorizationUrl: 'http://127.0.0.1:9/oauth2_user/authorize2',
          clientId: 'w',
          clientSecret: 'w-secret',
        },
        whoop: { clientId: 'x', clientSecret: 'x-secret' },
      }),
    );
    const dataDir = path.join(dir, 'data');
    core = await createCore({ dataDir, platform: recordingPlatform(dataDir), env: { OMNIO_PROVIDERS: providers } });
    const info = await core.handlers.getAppInfo({});
    expect(info.redirectUris).toEqual({
      oura: 'com.omnio.app:/oauth/oura',
      whoop: 'com.omnio.app:/oauth/whoop',
      withings: 'com.omnio.app:/oauth/withings',
    });
    const started = await core.handlers.startConnect({ providerId: 'withings' });
    expect(new URL(started.authorizationUrl).searchParams.get('redirect_uri')).toBe('com.omnio.app:/oauth/withings');
    expect(new URL(started.authorizationUrl).searchParams.get('scope')).toBe('user.info,user.metrics,user.activity');
  });
});

describe('a run the scheme does not reach (issue 11, item 2)', () => {
  it('Oura and WHOOP use a loopback listener; Withings, whose bounce page ends at the scheme, is refused in words', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-unrouted-'));
    const providers = path.join(dir, 'providers.json');
    const creds = (id: string) => ({ clientId: id, clientSecret: `${id}-secret-value` });
    fs.writeFileSync(providers, JSON.stringify({ oura: creds('o'), whoop: creds('w'), withings: creds('x') }));
    const dataDir = path.join(dir, 'data');
    const platform = recordingPlatform(dataDir, { schemeRegistered: false });
    core = await createCore({ dataDir, platform, env: { OMNIO_PROVIDERS: providers } });
    for (const providerId of ['oura', 'whoop'] as const) {
      const started = await core.handlers.startConnect({ providerId });
      expect(new URL(started.authorizationUrl).searchParams.get('redirect_uri')).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:\\d+/oauth/${providerId}$`),
      );
      await core.handlers.cancelConnect({ flowId: started.flowId });
    }
    await expect(core.handlers.startConnect({ providerId: 'withings' })).rejects.toMatchObject({
      code: 'NOT_CONFIGURED',
      message: expect.stringContaining('cannot receive Withings'),
    });
    expect(platform.opened.filter((u) => u.includes('withings'))).toEqual([]);
  });
});

describe('settings: bring your own app, vault choice', () => {
  it('stores the client id in settings and the secret sealed, never returning it; clear removes both', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-settings-'));
    const dataDir = path.join(dir, 'data');
    core = await createCore({ dataDir, platform: recordingPlatform(dataDir), env: {} });
    let view = await core.handlers.getSettings({});
    expect(view.clientCredentials.find((c) => c.providerId === 'oura')).toEqual({
      providerId: 'oura',
      clientId: null,
      hasClientSecret: false,
      source: 'none',
      redirectUri: 'com.omnio.app:/oauth/oura',
    });
    expect(view.clientCredentials.find((c) => c.providerId === 'withings')!.redirectUri).toBe(
      'https://omnio.app/oauth/withings',
    );
    await expect(core.handlers.startConnect({ providerId: 'oura' })).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });

    view = await core.handlers.updateSettings({
      clientCredentials: { providerId: 'oura', clientId: 'my-app', clientSecret: 'my-very-secret-value' },
      backfillDays: 30,
    });
    expect(view.backfillDays).toBe(30);
    expect(view.clientCredentials.find((c) => c.providerId === 'oura')).toMatchObject({
      clientId: 'my-app',
      hasClientSecret: true,
      source: 'user',
    });
    expect(JSON.stringify(view)).not.toContain('my-very-secret-value');
    expect(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).toContain('my-app');
    expect(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).not.toContain('my-very-secret-value');
    const started = await core.handlers.startConnect({ providerId: 'oura', categories: ['sleep'] });
    expect(new URL(started.authorizationUrl).searchParams.get('client_id')).toBe('my-app');
    expect(new URL(started.authorizationUrl).searchParams.get('scope')).toBe('personal email daily');
    await core.handlers.cancelConnect({ flowId: started.flowId });

    view = await core.handlers.updateSettings({ clearClientCredentials: 'oura' });
    expect(view.clientCredentials.find((c) => c.providerId === 'oura')).toMatchObject({
      clientId: null,
      hasClientSecret: false,
      source: 'none',
    });
  });

  it('Linux basic_text: tokens stay in memory until the user chooses; choosing weak stores them', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-vaultmode-'));
    const dataDir = path.join(dir, 'data');
    const basic = {
      ...standInKeyStore(dataPaths(dataDir).keyStore),
      backend: 'basic_text',
      protection: 'weak' as const,
      needsUserChoice: true,
    };
    core = await createCore({ dataDir, platform: recordingPlatform(dataDir, { keyStore: basic }), env: {} });
    let info = await core.handlers.getAppInfo({});
    expect(info.vault).toMatchObject({ backend: 'basic_text', protection: 'memory', needsChoice: true });
    expect(info.vault.explanation).toMatch(/No system keyring protects your tokens/);
    await core.handlers.updateSettings({
      clientCredentials: { providerId: 'whoop', clientId: 'id', clientSecret: 'secret-in-memory' },
    });
    info = await core.handlers.chooseVaultMode({ mode: 'weak' });
    expect(info.vault).toMatchObject({ protection: 'weak', needsChoice: false });
    expect(
      (await core.handlers.getSettings({})).clientCredentials.find((c) => c.providerId === 'whoop')!.hasClientSecret,
    ).toBe(true);

    const plain = await createCore({
      dataDir: path.join(dir, 'other'),
      platform: recordingPlatform(path.join(dir, 'other')),
      env: {},
    });
    await expect(plain.handlers.chooseVaultMode({ mode: 'memory' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await plain.close();
  });

  it('an invalid OMNIO_PROVIDERS file is a clear startup error', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-badproviders-'));
    const file = path.join(dir, 'providers.json');
    fs.writeFileSync(file, JSON.stringify({ oura: { tokenUrl: 'http://example.com/token' } }));
    await expect(
      createCore({
        dataDir: path.join(dir, 'data'),
        platform: recordingPlatform(path.join(dir, 'data')),
        env: { OMNIO_PROVIDERS: file },
      }),
    ).rejects.toThrow(/oura\.tokenUrl: must be an https URL, or plain http only to 127\.0\.0\.1/);
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
