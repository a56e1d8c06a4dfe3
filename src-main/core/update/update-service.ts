import type { UpdateStatus } from '../../../src-shared/update';
import { OmnioError } from '../errors';
import type { Logger } from '../log/logger';
import type { SettingsStore } from '../settings/settings-store';
import type { Updater, UpdaterEvent } from './updater';

// When Omnio looks for a new version, and what the person sees (issue 14,
// docs/release.md "Updates"):
//   - at start and every 6 hours, only while the setting is on, never offline
//     (a check that falls due offline runs when the network is back);
//   - a version on offer is downloaded in the background at once (the core
//     starts it; electron-updater's own autoDownload is off), and checked
//     against the feed's sha512 by electron-updater;
//   - it is installed only when the person clicks "Restart to update"
//     (electron-updater's autoInstallOnAppQuit is off: quitting installs nothing).

export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;
/**
 * The check at start waits for the runtime's first word on the network (Electron's
 * watcher reports it right after the core starts), so it never runs on the
 * optimistic default; without that word it runs after this delay.
 */
export const START_CHECK_FALLBACK_MS = 30_000;
const MAX_NOTES_CHARS = 4000;
const MAX_ERROR_CHARS = 200;

export interface UpdateServiceOptions {
  /** Null where this runtime does not update itself (browser host, unpackaged app). */
  updater: Updater | null;
  settings: SettingsStore;
  isOnline(): boolean;
  emit(status: UpdateStatus): void;
  log: Logger;
  now(): Date;
}

export interface UpdateService {
  handlers: {
    getUpdateStatus(input: Record<string, never>): Promise<UpdateStatus>;
    setUpdateChecks(input: { enabled: boolean }): Promise<UpdateStatus>;
    checkForUpdates(input: Record<string, never>): Promise<UpdateStatus>;
    installUpdate(input: Record<string, never>): Promise<{ restarting: boolean }>;
  };
  /** The check at start, and the 6-hour timer. */
  start(): void;
  setOnline(online: boolean): void;
  close(): void;
  /** The current status (tests, and the handlers). */
  status(): UpdateStatus;
}

/** Release notes as bounded plain text: feeds may carry HTML; the window shows text only. */
export function plainReleaseNotes(notes: string | null): string | null {
  if (!notes) return null;
  const text = notes
    .replace(/<br\s*\/?>|<\/(p|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!text) return null;
  return text.length > MAX_NOTES_CHARS ? `${text.slice(0, MAX_NOTES_CHARS)}…` : text;
}

/** The first line of an updater error, bounded: electron-updater appends response headers and stacks. */
function errorWords(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const line = (raw.split('\n')[0] ?? '').trim() || 'unknown error';
  return line.length > MAX_ERROR_CHARS ? `${line.slice(0, MAX_ERROR_CHARS)}…` : line;
}

export function createUpdateService(options: UpdateServiceOptions): UpdateService {
  const { updater, settings, log } = options;
  let status: UpdateStatus = {
    supported: updater !== null,
    checksEnabled: settings.get('updateChecksEnabled'),
    phase: 'idle',
    version: null,
    releaseNotes: null,
    percent: null,
    error: null,
    lastCheckedAt: null,
  };
  let timer: ReturnType<typeof setInterval> | null = null;
  let startTimer: ReturnType<typeof setTimeout> | null = null;
  let checking = false;
  let downloading = false;
  /** A check fell due while offline: run it when the network is back. */
  let dueWhileOffline = false;
  let closed = false;

  const set = (patch: Partial<UpdateStatus>) => {
    const next = { ...status, ...patch };
    if (JSON.stringify(next) === JSON.stringify(status)) return;
    status = next;
    if (!closed) options.emit(status);
  };
  /** Once downloaded, the offer stands until the person restarts: later checks do not replace it. */
  const holding = () => status.phase === 'downloaded' || status.phase === 'downloading';
  const ready = () => status.phase === 'downloaded';

  const onEvent = (event: UpdaterEvent) => {
    switch (event.type) {
      case 'checking':
        if (!holding()) set({ phase: 'checking', error: null });
        break;
      case 'available':
        if (!holding())
          set({
            phase: 'available',
            version: event.version,
            releaseNotes: plainReleaseNotes(event.releaseNotes),
            percent: null,
            error: null,
          });
        break;
      case 'not-available':
        if (!holding()) set({ phase: 'idle', version: null, releaseNotes: null, percent: null, error: null });
        break;
      case 'progress':
        if (status.phase !== 'downloaded')
          set({ phase: 'downloading', percent: Math.max(0, Math.min(100, Math.round(event.percent))) });
        break;
      case 'downloaded':
        set({
          phase: 'downloaded',
          version: event.version,
          releaseNotes: plainReleaseNotes(event.releaseNotes) ?? status.releaseNotes,
          percent: 100,
          error: null,
        });
        log.info('update downloaded and verified; waiting for the person to restart', { version: event.version });
        break;
      case 'error':
        // A failed check never hides an update that is ready to install.
        if (status.phase !== 'downloaded') set({ phase: 'error', percent: null, error: errorWords(event.message) });
        break;
    }
  };
  updater?.onEvent(onEvent);

  const download = async () => {
    if (!updater || downloading || status.phase !== 'available') return;
    downloading = true;
    try {
      await updater.download();
    } catch (err) {
      log.warn('update download failed', { error: errorWords(err) });
      if (!ready()) set({ phase: 'error', percent: null, error: errorWords(err) });
    } finally {
      downloading = false;
    }
  };

  const check = async (why: 'start' | 'timer' | 'online' | 'person') => {
    if (!updater || closed || checking || holding()) return;
    if (!options.isOnline()) {
      dueWhileOffline = true;
      return;
    }
    checking = true;
    try {
      log.info('checking for updates', { why });
      await updater.check();
      set({ lastCheckedAt: options.now().toISOString() });
    } catch (err) {
      log.warn('update check failed', { error: errorWords(err) });
      if (!holding()) set({ phase: 'error', error: errorWords(err), lastCheckedAt: options.now().toISOString() });
    } finally {
      checking = false;
    }
    await download();
  };

  const schedule = () => {
    if (timer || !updater || !status.checksEnabled) return;
    timer = setInterval(() => void check('timer'), UPDATE_CHECK_INTERVAL_MS);
    // The timer alone never keeps the process alive (tests, shutdown).
    timer.unref?.();
  };
  const unschedule = () => {
    if (timer) clearInterval(timer);
    if (startTimer) clearTimeout(startTimer);
    timer = null;
    startTimer = null;
    dueWhileOffline = false;
  };

  return {
    status: () => status,
    start() {
      if (!updater || !status.checksEnabled) return;
      schedule();
      dueWhileOffline = true;
      startTimer = setTimeout(() => {
        startTimer = null;
        if (!dueWhileOffline) return;
        dueWhileOffline = false;
        void check('start');
      }, START_CHECK_FALLBACK_MS);
      startTimer.unref?.();
    },
    setOnline(online) {
      if (online && dueWhileOffline && status.checksEnabled) {
        dueWhileOffline = false;
        void check('online');
      }
    },
    close() {
      closed = true;
      unschedule();
    },
    handlers: {
      getUpdateStatus: async () => status,
      async setUpdateChecks({ enabled }) {
        settings.set('updateChecksEnabled', enabled);
        set({ checksEnabled: enabled });
        if (enabled) {
          schedule();
          void check('start');
        } else unschedule();
        return status;
      },
      async checkForUpdates() {
        if (!updater) throw new OmnioError('NOT_CONFIGURED', 'This copy of Omnio does not update itself.');
        if (!options.isOnline()) {
          throw new OmnioError('OFFLINE', 'You are offline. Omnio checks for updates when the network is back.');
        }
        await check('person');
        return status;
      },
      async installUpdate() {
        if (!updater || status.phase !== 'downloaded') {
          throw new OmnioError('CONFLICT', 'No update is ready to install yet.');
        }
        log.info('restarting to install the update, as the person asked', { version: status.version });
        updater.quitAndInstall();
        return { restarting: true };
      },
    },
  };
}
