import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelFor } from '../../src-shared/ipc/contract';
import { invokeFrom, logText, until, type Sender } from './main-test-kit';
import { fake, FakeBrowserWindow, preventable } from './fake-electron';

// The real main.ts, the real core (SQLite in a temp data dir), the real IPC
// registration and window guards — only Electron itself is the stand-in from
// fake-electron.ts, because its binary cannot run here. Covers what the pure
// policy tests cannot: that main.ts wires them in, in the right order.

vi.mock('electron', async () => {
  const { fake: electron } = await import('./fake-electron');
  return { ...electron, default: electron };
});

const COLD_START = 'com.omnio.app:/oauth/callback?code=cold&state=coldstart';
let dataDir: string;
let win: FakeBrowserWindow;
const listenersBefore = {
  uncaught: process.listeners('uncaughtException'),
  rejection: process.listeners('unhandledRejection'),
};

const invoke = (name: string, input: unknown, sender: Partial<Sender> = {}) => invokeFrom(win, name, input, sender);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-main-'));
  process.env.OMNIO_DATA_DIR = dataDir;
  process.env.OMNIO_QA_SKIP_SCHEME_REGISTRATION = '1';
  process.argv.push('--some-chromium-switch', COLD_START);

  await import('./main');

  // Before ready: as macOS would, deliver a link before the core exists.
  fake.app.emit('will-finish-launching');
  fake.app.emit('open-url', preventable(), 'com.omnio.app:/oauth/callback?code=early&state=earlyyyy');
  expect(fake.ipcMain.handlers.size).toBe(0);

  fake.app.becomeReady();
  win = await until(() => FakeBrowserWindow.all[0], 'the window');
  await until(() => logText(dataDir).includes('started'), 'start-up to finish');
}, 30_000);

afterAll(() => {
  for (const l of process.listeners('uncaughtException'))
    if (!listenersBefore.uncaught.includes(l)) process.off('uncaughtException', l);
  for (const l of process.listeners('unhandledRejection'))
    if (!listenersBefore.rejection.includes(l)) process.off('unhandledRejection', l);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('main.ts start-up', () => {
  it('puts every file under OMNIO_DATA_DIR, Chromium’s included', () => {
    expect(fake.app.getPath('userData')).toBe(dataDir);
    expect(fs.existsSync(path.join(dataDir, 'omnio.sqlite'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'logs', 'omnio.log'))).toBe(true);
  });

  it('registers app:// as a standard, secure scheme and loads the app from it', () => {
    expect(fake.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(win.loadedUrl).toBe('app://omnio/index.html');
  });

  it('creates the window with the hardened web preferences and shows it when ready', async () => {
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      // Unpackaged here; a packaged build gets devTools: false (!app.isPackaged).
      devTools: true,
    });
    expect(win.options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(fake.nativeTheme.themeSource).toBe('system');
    await until(() => win.visible, 'the window to show');
  });

  it('delivers the cold-start and the early open-url links once the core exists', async () => {
    await until(() => (logText(dataDir).match(/deep link ignored/g) ?? []).length >= 2, 'both links to reach the core');
    const log = logText(dataDir);
    expect(log).toMatch(/deep link ignored[^\n]*"source":"cold-start"/);
    expect(log).toMatch(/deep link ignored[^\n]*"source":"open-url"/);
    // The authorization code never reaches the log.
    expect(log).not.toContain('code=cold');
    expect(log).not.toContain('code=early');
    expect(log).not.toContain('earlyyyy');
  });

  it('reads a second instance’s argv strictly: exactly one deep link, window focused', async () => {
    const focusedBefore = win.focused;
    fake.app.emit(
      'second-instance',
      preventable(),
      ['/opt/Omnio/omnio', '--flag', 'com.omnio.app:/a?state=1', 'com.omnio.app:/b?state=2'],
      '/',
    );
    expect(win.focused).toBe(focusedBefore + 1);
    await until(() => logText(dataDir).includes('second launch without exactly one deep link'), 'the ignored launch');
    fake.app.emit(
      'second-instance',
      preventable(),
      ['/opt/Omnio/omnio', 'com.omnio.app:/oauth/callback?code=x&state=secondin'],
      '/',
    );
    await until(
      () => /deep link ignored[^\n]*"source":"second-instance"/.test(logText(dataDir)),
      'the second-instance link',
    );
  });
});

describe('IPC', () => {
  it('answers the app’s own window', async () => {
    const result = await invoke('listAccounts', {});
    expect(result.ok).toBe(true);
  });

  it('rejects a null sender frame, a foreign origin, a subframe and another webContents', async () => {
    for (const sender of [
      { frameUrl: null },
      { frameUrl: 'https://evil.example/' },
      { frameUrl: 'app://omnio.evil/index.html' },
      { frameUrl: 'file:///tmp/index.html' },
      { subframe: true },
      { foreignContents: true },
    ]) {
      const result = await invoke('garminConnectApiKey', { apiKey: 'personal-api-key-123456' }, sender);
      expect(result, JSON.stringify(sender)).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'FORBIDDEN_SENDER' }),
      });
    }
    expect(logText(dataDir)).toContain('rejected call from a foreign sender');
    expect(logText(dataDir)).not.toContain('personal-api-key-123456');
  });

  it('rejects a malformed argument from our own window with a typed error', async () => {
    const result = await invoke('garminSignIn', { email: 'a@b.c', password: 'pw', extra: true });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_ARGUMENT' }) });
  });

  it('leaves no trace in the database after rejected calls', () => {
    const db = new Database(path.join(dataDir, 'omnio.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM secrets').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  // Issue 12: the backup to restore comes from the main process's open dialog, never from the page.
  it('restores only a file chosen in its own open dialog; a non-backup is refused and nothing changes', async () => {
    // What the database holds (its file may change with a checkpoint; its rows must not).
    const rows = () => {
      const db = new Database(path.join(dataDir, 'omnio.sqlite'), { readonly: true });
      try {
        return JSON.stringify([db.prepare('SELECT * FROM accounts').all(), db.pragma('user_version')]);
      } finally {
        db.close();
      }
    };
    const before = rows();
    fake.dialog.nextOpenPath = null;
    expect(await invoke('restoreBackup', {})).toEqual({ ok: true, value: { kind: 'cancelled' } });
    const upload = await invoke('restoreBackup', { uploadId: 'a'.repeat(64) });
    expect(upload.error?.message).toBe('Omnio asks for the backup file itself.');
    const notes = path.join(dataDir, '..', `notes-${process.pid}.omnio-backup`);
    fs.writeFileSync(notes, 'not a database\n'.repeat(300));
    try {
      fake.dialog.nextOpenPath = notes;
      const refused = await invoke('restoreBackup', {});
      expect(refused.ok).toBe(false);
      expect(refused.error?.message).toMatch(/Omnio backup\. Nothing was changed\.$/);
    } finally {
      fake.dialog.nextOpenPath = null;
      fs.rmSync(notes, { force: true });
    }
    expect(fs.existsSync(path.join(dataDir, 'omnio.sqlite.restore'))).toBe(false);
    expect(rows()).toBe(before);
    expect((await invoke('ping', {})).ok).toBe(true);
  });

  it('leaves no electron-store IPC listener behind (every channel is ours and checked)', () => {
    expect(fake.ipcMain.listenerCount('electron-store-get-data')).toBe(0);
  });
});

describe('window guards', () => {
  it('cancels navigation away from app://omnio and keeps it inside', () => {
    const away = preventable({ url: 'https://evil.example/' });
    win.webContents.emit('will-navigate', away);
    expect(away.defaultPrevented).toBe(true);
    const inside = preventable({ url: 'app://omnio/index.html#/settings' });
    win.webContents.emit('will-navigate', inside);
    expect(inside.defaultPrevented).toBe(false);
    const redirect = preventable({ url: 'file:///etc/passwd' });
    win.webContents.emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
  });

  it('never opens a window; vetted provider pages go to the system browser', async () => {
    const handler = win.webContents.windowOpenHandler!;
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'https://cloud.ouraring.com/account' })).toEqual({ action: 'deny' });
    await until(() => fake.shell.opened.includes('https://cloud.ouraring.com/account'), 'the system browser');
    expect(fake.shell.opened).not.toContain('https://evil.example/');
  });

  it('refuses <webview> and every permission', () => {
    const attach = preventable();
    win.webContents.emit('will-attach-webview', attach, {}, {});
    expect(attach.defaultPrevented).toBe(true);
    const answers: boolean[] = [];
    fake.session.defaultSession.requestHandler!(
      win.webContents,
      'media',
      (granted: boolean) => answers.push(granted),
      {},
    );
    expect(answers).toEqual([false]);
    expect(fake.session.defaultSession.checkHandler!(win.webContents, 'notifications', 'app://omnio', {})).toBe(false);
  });

  it('serves app:// with the CSP and refuses paths outside the renderer', async () => {
    const handler = fake.protocol.handlers.get('app')!;
    // (`%2e%2e` segments are already folded by the URL parser; encoded slashes are not.)
    const outside = await handler(new Request('app://omnio/..%2f..%2fpackage.json'));
    expect(outside.status).toBe(403);
    expect(outside.headers.get('content-security-policy')).toContain("default-src 'none'");
    const foreign = await handler(new Request('app://evil/index.html'));
    expect(foreign.status).toBe(403);
  });
});

// Issue 14: the About panel, and no updater in an unpackaged app.
describe('about and updates', () => {
  it('sets the About panel: Omnio’s version (not Electron’s), licence and the docs link', () => {
    const version = JSON.parse(
      fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'),
    ).version;
    expect(fake.app.aboutPanel).toMatchObject({ applicationName: 'Omnio', applicationVersion: version, version });
    expect(String(fake.app.aboutPanel?.copyright)).toContain('All rights reserved');
    expect(fake.app.aboutPanel?.website).toBe('https://omnio.app/docs');
  });

  it('has no updater when unpackaged (npm start): the window is told updates are unsupported', async () => {
    const status = (await invoke('getUpdateStatus', {})) as { ok: boolean; value?: { supported: boolean } };
    expect(status).toMatchObject({ ok: true, value: { supported: false } });
    expect(win.webContents.sent.some((m) => m.channel === channelFor('updateStatus'))).toBe(false);
  });
});

describe('platform events and shutdown', () => {
  it('sends core events to the window, never openExternal', () => {
    // The online watcher reports its first state at start; the core publishes accountsChanged for it.
    expect(win.webContents.sent.some((m) => m.channel === channelFor('accountsChanged'))).toBe(true);
    expect(win.webContents.sent.some((m) => m.channel === channelFor('openExternal'))).toBe(false);
  });

  it('survives a resume from sleep', () => {
    expect(() => fake.powerMonitor.emit('resume')).not.toThrow();
  });

  it('closes the core before quitting', async () => {
    fake.app.quit();
    await until(() => fake.app.quitted, 'the app to quit');
    expect(logText(dataDir)).not.toMatch(/did not close cleanly/);
  });
});
