import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokeFrom, logText, until } from './main-test-kit';
import { fake, FakeBrowserWindow } from './fake-electron';

// Issue 13 (items 1 and 3): the real main.ts as a packaged release build (the
// stand-in Electron says isPackaged, and no test-build flag was baked in). The
// QA switches a local program could set — OMNIO_DATA_DIR, OMNIO_PROVIDERS with
// plain-http endpoints — must be ignored with a log line, a hand-edited
// plain-http endpoint in settings.json too, and the window must not change
// provider endpoints without the main process's own dialog.

vi.mock('electron', async () => {
  const { fake: electron } = await import('./fake-electron');
  return { ...electron, default: electron };
});

let platformDir: string;
let qaDir: string;
let win: FakeBrowserWindow;
const listenersBefore = {
  uncaught: process.listeners('uncaughtException'),
  rejection: process.listeners('unhandledRejection'),
};

const invoke = (name: string, input: unknown) => invokeFrom(win, name, input);

type Endpoints = { providerId: string; tokenUrl: string; apiBaseUrl: string; source: string };
async function endpointsOf(provider: string): Promise<Endpoints> {
  const r = await invoke('getSettings', {});
  return (r.value as { endpoints: Endpoints[] }).endpoints.find((e) => e.providerId === provider)!;
}

beforeAll(async () => {
  platformDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-release-platform-'));
  qaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-release-qa-'));
  const providersFile = path.join(qaDir, 'providers.json');
  fs.writeFileSync(
    providersFile,
    JSON.stringify({
      oura: {
        tokenUrl: 'http://127.0.0.1:9/oauth/token',
        apiBaseUrl: 'http://127.0.0.1:9',
        clientId: 'qa',
        clientSecret: 'qa-secret',
      },
    }),
  );
  // A hand-edited settings file with a plain-http endpoint (what malware or a tutorial might leave).
  fs.writeFileSync(
    path.join(platformDir, 'settings.json'),
    JSON.stringify({ endpointOverrides: { whoop: { tokenUrl: 'http://127.0.0.1:9/token' } } }),
  );
  fake.app.isPackaged = true;
  fake.app.defaultUserData = platformDir;
  delete process.env.OMNIO_TEST_BUILD;
  process.env.OMNIO_DATA_DIR = qaDir;
  process.env.OMNIO_PROVIDERS = providersFile;

  await import('./main');
  fake.app.becomeReady();
  win = await until(() => FakeBrowserWindow.all[0], 'the window');
  await until(
    () => logText(platformDir).includes('"started"') || logText(platformDir).includes(' started'),
    'start-up to finish',
  );
}, 30_000);

afterAll(() => {
  fake.app.quit();
  for (const l of process.listeners('uncaughtException'))
    if (!listenersBefore.uncaught.includes(l)) process.off('uncaughtException', l);
  for (const l of process.listeners('unhandledRejection'))
    if (!listenersBefore.rejection.includes(l)) process.off('unhandledRejection', l);
  delete process.env.OMNIO_DATA_DIR;
  delete process.env.OMNIO_PROVIDERS;
  fs.rmSync(platformDir, { recursive: true, force: true });
  fs.rmSync(qaDir, { recursive: true, force: true });
});

describe('a release build (packaged, not a test build)', () => {
  it('ignores OMNIO_DATA_DIR: every file is in the platform’s own folder, and the log says why', () => {
    expect(fake.app.getPath('userData')).toBe(platformDir);
    expect(fs.existsSync(path.join(platformDir, 'omnio.sqlite'))).toBe(true);
    expect(fs.readdirSync(qaDir)).toEqual(['providers.json']);
    expect(logText(platformDir)).toMatch(/release build: QA switches ignored[^\n]*OMNIO_DATA_DIR[^\n]*OMNIO_PROVIDERS/);
  });

  it('ignores OMNIO_PROVIDERS and plain-http endpoints in settings.json: the providers’ own https addresses apply', async () => {
    expect(await endpointsOf('oura')).toMatchObject({
      tokenUrl: 'https://api.ouraring.com/oauth/token',
      apiBaseUrl: 'https://api.ouraring.com',
    });
    expect((await endpointsOf('whoop')).tokenUrl).toBe('https://api.prod.whoop.com/oauth/oauth2/token');
    expect(logText(platformDir)).toMatch(
      /release build: plain-http endpoints in settings ignored[^\n]*whoop\.tokenUrl/,
    );
  });

  it('refuses a plain-http endpoint from the window', async () => {
    const r = await invoke('updateSettings', {
      endpoints: { providerId: 'oura', tokenUrl: 'http://127.0.0.1:9/oauth/token' },
    });
    expect(r.error?.code).toBe('INVALID_ARGUMENT');
    expect((await endpointsOf('oura')).tokenUrl).toBe('https://api.ouraring.com/oauth/token');
  });

  it('changes endpoints from the window only after the main process’s own dialog said yes', async () => {
    const proxy = 'https://proxy.example/oauth/token';
    fake.dialog.answer = 0; // Cancel
    const declined = await invoke('updateSettings', { endpoints: { providerId: 'oura', tokenUrl: proxy } });
    expect(declined.error?.code).toBe('CONFLICT');
    expect(fake.dialog.shown).toHaveLength(1);
    expect(fake.dialog.shown[0]!.detail).toContain(proxy);
    expect(fake.dialog.shown[0]!.buttons).toEqual(['Cancel', 'Use these addresses']);
    expect((await endpointsOf('oura')).tokenUrl).toBe('https://api.ouraring.com/oauth/token');

    fake.dialog.answer = 1; // Use these addresses
    const confirmed = await invoke('updateSettings', { endpoints: { providerId: 'oura', tokenUrl: proxy } });
    expect(confirmed.ok).toBe(true);
    expect(fake.dialog.shown).toHaveLength(2);
    expect((await endpointsOf('oura')).tokenUrl).toBe(proxy);
  });
});
