import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../core/log/logger';
import type { UpdaterEvent } from '../core/update/updater';
import {
  adaptUpdater,
  packagedAppUpdater,
  releaseNotesText,
  UPDATER_SETTINGS,
  type AppUpdaterLike,
} from './electron-updater-adapter';

// The adapter over electron-updater, against an emitter that sends what
// electron-updater sends (its event names and payload shapes). Its real
// network and install code needs Electron's runtime, which cannot run here.

class StandInAppUpdater extends EventEmitter {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowDowngrade = true;
  allowPrerelease = true;
  disableWebInstaller = false;
  forceDevUpdateConfig = true;
  logger: unknown = console;
  feeds: unknown[] = [];
  calls: string[] = [];
  setFeedURL(options: unknown) {
    this.feeds.push(options);
  }
  async checkForUpdates() {
    this.calls.push('check');
    return null;
  }
  async downloadUpdate() {
    this.calls.push('download');
    return [];
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
    this.calls.push(`quitAndInstall(${isSilent}, ${isForceRunAfter})`);
  }
}

const lines: string[] = [];
const log = createLogger([{ write: (l) => lines.push(l) }], 'omnio', 'debug');

function adapted(feed: string | null = null) {
  const raw = new StandInAppUpdater();
  const updater = adaptUpdater(raw as unknown as AppUpdaterLike, feed, log);
  const events: UpdaterEvent[] = [];
  updater.onEvent((e) => events.push(e));
  return { raw, updater, events };
}

describe('electron-updater adapter', () => {
  it('sets electron-updater so that nothing downloads or installs behind the person’s back', () => {
    const { raw } = adapted();
    expect(UPDATER_SETTINGS).toEqual({
      autoDownload: false,
      autoInstallOnAppQuit: false,
      allowDowngrade: false,
      allowPrerelease: false,
      disableWebInstaller: true,
      forceDevUpdateConfig: false,
    });
    for (const [key, value] of Object.entries(UPDATER_SETTINGS))
      expect(raw[key as keyof StandInAppUpdater]).toBe(value);
    // The feed from electron-builder.yml (app-update.yml) stays unless OMNIO_UPDATE_FEED_URL says otherwise.
    expect(raw.feeds).toEqual([]);
  });

  it('points at a test feed as a generic provider', () => {
    const { raw } = adapted('http://127.0.0.1:9000/feed/');
    expect(raw.feeds).toEqual([{ provider: 'generic', url: 'http://127.0.0.1:9000/feed/' }]);
  });

  it('maps every electron-updater event to the core’s', () => {
    const { raw, events } = adapted();
    raw.emit('checking-for-update');
    raw.emit('update-available', { version: '1.2.0', releaseNotes: '<p>New</p>', files: [], path: '', sha512: 'x' });
    raw.emit('download-progress', { percent: 42.5, bytesPerSecond: 1, total: 100, transferred: 42, delta: 1 });
    raw.emit('update-downloaded', {
      version: '1.2.0',
      releaseNotes: [{ version: '1.2.0', note: 'New' }],
      downloadedFile: '/tmp/x',
    });
    raw.emit('update-not-available', { version: '0.1.0' });
    raw.emit('error', new Error('sha512 checksum mismatch'));
    expect(events).toEqual([
      { type: 'checking' },
      { type: 'available', version: '1.2.0', releaseNotes: '<p>New</p>' },
      { type: 'progress', percent: 42.5 },
      { type: 'downloaded', version: '1.2.0', releaseNotes: '1.2.0\nNew' },
      { type: 'not-available' },
      { type: 'error', message: 'sha512 checksum mismatch' },
    ]);
  });

  it('checks, downloads and installs only when the core asks; installs silently and restarts', async () => {
    const { raw, updater } = adapted();
    expect(raw.calls).toEqual([]);
    await updater.check();
    await updater.download();
    updater.quitAndInstall();
    expect(raw.calls).toEqual(['check', 'download', 'quitAndInstall(true, true)']);
  });

  it('sends electron-updater’s log lines to Omnio’s logger', () => {
    const { raw } = adapted();
    (raw.logger as { info(m: string): void }).info('Checking for update');
    expect(lines.some((l) => l.includes('Checking for update'))).toBe(true);
  });

  it('has no updater in an unpackaged app, or with a refused test feed', () => {
    expect(packagedAppUpdater(false, {}, log)).toBeUndefined();
    expect(packagedAppUpdater(true, { OMNIO_UPDATE_FEED_URL: 'http://updates.example/' }, log)).toBeUndefined();
    expect(lines.some((l) => l.includes('OMNIO_UPDATE_FEED_URL was refused'))).toBe(true);
  });

  it('joins per-version release notes', () => {
    expect(releaseNotesText(null)).toBeNull();
    expect(releaseNotesText('plain')).toBe('plain');
    expect(
      releaseNotesText([
        { version: '1.1.0', note: null },
        { version: '1.2.0', note: 'x' },
      ]),
    ).toBe('1.1.0\n\n1.2.0\nx');
  });
});
