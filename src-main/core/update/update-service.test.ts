import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../../src-shared/update';
import { createCore, type OmnioCore } from '../app/create-core';
import { recordingPlatform } from '../app/test-support/recording-platform';
import { createLogger } from '../log/logger';
import { confSettings } from '../settings/conf-settings';
import { FakeUpdater } from './fake-updater';
import {
  createUpdateService,
  plainReleaseNotes,
  START_CHECK_FALLBACK_MS,
  UPDATE_CHECK_INTERVAL_MS,
  type UpdateService,
} from './update-service';

// The update service against the fake updater (every state: checking,
// available, downloading with progress, downloaded, error), with real
// settings files; and once through createCore, as both runtimes build it.

let dir: string;
let service: UpdateService | null = null;
let core: OmnioCore | null = null;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-update-'));
});
afterEach(async () => {
  service?.close();
  service = null;
  await core?.close();
  core = null;
  vi.useRealTimers();
  fs.rmSync(dir, { recursive: true, force: true });
});

function setup(options: { online?: boolean; updater?: FakeUpdater | null } = {}) {
  const updater = options.updater === undefined ? new FakeUpdater() : options.updater;
  const seen: UpdateStatus[] = [];
  const net = { online: options.online ?? true };
  const lines: string[] = [];
  let minutes = 0;
  service = createUpdateService({
    updater,
    settings: confSettings(dir),
    isOnline: () => net.online,
    emit: (s) => seen.push(s),
    log: createLogger([{ write: (l) => lines.push(l) }], 'omnio', 'debug'),
    // A minute later at every call, so each finished check leaves its own lastCheckedAt.
    now: () => new Date(Date.parse('2026-12-02T12:00:00Z') + 60_000 * minutes++),
  });
  /** Resolves when the n-th check has finished (not merely started). */
  const checksDone = (n: number) =>
    until(
      () => new Set(seen.map((s) => s.lastCheckedAt).filter(Boolean)).size === n && updater?.checks === n,
      `check ${n} to finish`,
    );
  return { updater: updater!, seen, net, lines, service, checksDone };
}

async function until(probe: () => boolean, what: string) {
  for (let i = 0; i < 500; i++) {
    if (probe()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`never happened: ${what}`);
}

describe('update service', () => {
  it('goes checking → available → downloading (with progress) → downloaded, and installs nothing by itself', async () => {
    const { updater, seen, service } = setup();
    updater.release = {
      version: '1.2.0',
      releaseNotes: '<h2>Omnio 1.2.0</h2><p>Faster sync &amp; a new <b>icon</b>.</p>',
    };
    service.start();
    service.setOnline(true); // the runtime's first word on the network
    await until(() => service.status().phase === 'downloaded', 'the download');

    expect(seen.map((s) => s.phase)).toEqual([
      'checking',
      'available',
      'available', // lastCheckedAt set when the check returns
      'downloading',
      'downloading',
      'downloading',
      'downloaded',
    ]);
    expect(seen.filter((s) => s.phase === 'downloading').map((s) => s.percent)).toEqual([10, 55, 100]);
    expect(service.status()).toMatchObject({
      supported: true,
      checksEnabled: true,
      phase: 'downloaded',
      version: '1.2.0',
      releaseNotes: 'Omnio 1.2.0\nFaster sync & a new icon.',
      percent: 100,
      error: null,
      lastCheckedAt: '2026-12-02T12:00:00.000Z', // the first call of now()
    });
    expect(updater.checks).toBe(1);
    expect(updater.downloads).toBe(1);
    expect(updater.installs).toBe(0);
  });

  it('shows the download in progress while it runs', async () => {
    const { updater, service } = setup();
    let release!: () => void;
    updater.downloadGate = new Promise((r) => (release = r));
    updater.release = { version: '1.2.0', releaseNotes: null };
    service.start();
    service.setOnline(true);
    await until(() => service.status().phase === 'downloading', 'the download to start');
    expect(service.status()).toMatchObject({ phase: 'downloading', percent: 10, version: '1.2.0' });
    // Not ready: the person cannot restart into a half-downloaded update.
    await expect(service.handlers.installUpdate({})).rejects.toMatchObject({ code: 'CONFLICT' });
    release();
    await until(() => service.status().phase === 'downloaded', 'the download');
    expect(updater.installs).toBe(0);
  });

  it('installs only when the person says so, and only a downloaded update', async () => {
    const { updater, service, lines } = setup();
    await expect(service.handlers.installUpdate({})).rejects.toMatchObject({ code: 'CONFLICT' });
    updater.release = { version: '1.2.0', releaseNotes: 'Notes' };
    service.start();
    service.setOnline(true);
    await until(() => service.status().phase === 'downloaded', 'the download');
    expect(updater.installs).toBe(0);
    await expect(service.handlers.installUpdate({})).resolves.toEqual({ restarting: true });
    expect(updater.installs).toBe(1);
    expect(lines.join('\n')).toContain('as the person asked');
  });

  it('says nothing is on offer when the feed has nothing newer', async () => {
    const { updater, service } = setup();
    service.start();
    service.setOnline(true);
    await until(() => service.status().lastCheckedAt !== null, 'the check');
    expect(service.status()).toMatchObject({ phase: 'idle', version: null });
    expect(updater.downloads).toBe(0);
  });

  it('reports a failed check in words (first line only) and a refused download (sha512 mismatch)', async () => {
    const { updater, service } = setup();
    updater.failCheck =
      'HttpError: 404 Not Found\n"method: GET url: https://omnio.app/desktop/updates/latest-linux.yml"\nHeaders: {…}';
    service.start();
    service.setOnline(true);
    await until(() => service.status().phase === 'error', 'the error');
    expect(service.status().error).toBe('HttpError: 404 Not Found');

    updater.failCheck = null;
    updater.release = { version: '1.2.0', releaseNotes: null };
    updater.failDownload = 'sha512 checksum mismatch, expected abc, got def';
    await service.handlers.checkForUpdates({});
    await until(() => service.status().phase === 'error' && updater.downloads === 1, 'the refused download');
    expect(service.status().error).toBe('sha512 checksum mismatch, expected abc, got def');
    await expect(service.handlers.installUpdate({})).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(updater.installs).toBe(0);
  });

  it('keeps a downloaded update on offer when a later check fails', async () => {
    const { updater, service } = setup();
    updater.release = { version: '1.2.0', releaseNotes: null };
    service.start();
    service.setOnline(true);
    await until(() => service.status().phase === 'downloaded', 'the download');
    // Later checks are not even made while an update waits for a restart.
    await service.handlers.checkForUpdates({});
    expect(updater.checks).toBe(1);
    expect(service.status().phase).toBe('downloaded');
  });

  it('checks at start and every 6 hours, never while offline; a check due offline runs when the network is back', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { updater, service, net, checksDone } = setup({ online: false });
    service.start();
    expect(updater.checks).toBe(0);
    net.online = true;
    service.setOnline(true); // as the core tells it: the network is back
    await checksDone(1);

    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS - 1000);
    expect(updater.checks).toBe(1);
    vi.advanceTimersByTime(1000);
    await checksDone(2);

    net.online = false;
    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS);
    await new Promise((r) => setImmediate(r));
    expect(updater.checks).toBe(2);
    net.online = true;
    service.setOnline(true);
    await checksDone(3);
    // Nothing more is owed.
    service.setOnline(true);
    await new Promise((r) => setImmediate(r));
    expect(updater.checks).toBe(3);
  });

  it('the check at start waits for the network state, and runs on its own if none comes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { updater, service, checksDone } = setup();
    service.start();
    await new Promise((r) => setImmediate(r));
    expect(updater.checks).toBe(0);
    vi.advanceTimersByTime(START_CHECK_FALLBACK_MS);
    await checksDone(1);
    // The network's first word afterwards owes nothing more.
    service.setOnline(true);
    await new Promise((r) => setImmediate(r));
    expect(updater.checks).toBe(1);
  });

  it('a setting turns checks off (kept in settings.json); "Check now" still works, never offline', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const first = setup();
    await first.service.handlers.setUpdateChecks({ enabled: false });
    expect(confSettings(dir).get('updateChecksEnabled')).toBe(false);
    first.service.close();

    // Next start: the setting holds.
    const { updater, service, net, checksDone } = setup();
    expect(service.status().checksEnabled).toBe(false);
    service.start();
    vi.advanceTimersByTime(3 * UPDATE_CHECK_INTERVAL_MS);
    await new Promise((r) => setImmediate(r));
    expect(updater.checks).toBe(0);

    await service.handlers.checkForUpdates({});
    expect(updater.checks).toBe(1);
    net.online = false;
    await expect(service.handlers.checkForUpdates({})).rejects.toMatchObject({ code: 'OFFLINE' });

    net.online = true;
    const on = await service.handlers.setUpdateChecks({ enabled: true });
    expect(on.checksEnabled).toBe(true);
    await checksDone(2);
    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS);
    await checksDone(3);
  });

  it('without an updater (browser host, unpackaged app) reports unsupported and refuses to check or install', async () => {
    const { service } = setup({ updater: null });
    service.start();
    expect(service.status()).toMatchObject({ supported: false, phase: 'idle' });
    await expect(service.handlers.checkForUpdates({})).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });
    await expect(service.handlers.installUpdate({})).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('plainReleaseNotes', () => {
  it('turns HTML into bounded text and drops empty notes', () => {
    expect(plainReleaseNotes('<ul><li>One</li><li>Two &lt;3</li></ul>')).toBe('One\nTwo <3');
    expect(plainReleaseNotes('<p></p>')).toBeNull();
    expect(plainReleaseNotes(null)).toBeNull();
    expect(plainReleaseNotes('x'.repeat(5000))?.length).toBe(4001);
  });
});

describe('through createCore', () => {
  it('answers the contract calls and sends updateStatus events to the window', async () => {
    const updater = new FakeUpdater();
    updater.release = { version: '9.9.9', releaseNotes: 'Big one' };
    const platform = { ...recordingPlatform(dir), updater };
    core = await createCore({ dataDir: dir, platform, env: {} });
    core.setOnline(true); // as Electron's online watcher does right after start
    await until(
      () =>
        platform.events.some((e) => e.event === 'updateStatus' && (e.payload as UpdateStatus).phase === 'downloaded'),
      'the downloaded event',
    );
    const status = await core.handlers.getUpdateStatus({});
    expect(status).toMatchObject({ supported: true, phase: 'downloaded', version: '9.9.9', releaseNotes: 'Big one' });
    expect(await core.handlers.installUpdate({})).toEqual({ restarting: true });
    expect(updater.installs).toBe(1);
  });

  it('has no update support on a platform without an updater (the browser host)', async () => {
    const platform = recordingPlatform(dir);
    core = await createCore({ dataDir: dir, platform, env: {} });
    expect(await core.handlers.getUpdateStatus({})).toMatchObject({ supported: false });
    expect(platform.events.filter((e) => e.event === 'updateStatus')).toEqual([]);
  });
});
