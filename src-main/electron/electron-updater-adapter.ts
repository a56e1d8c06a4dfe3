import electronUpdater, { type AppUpdater, type UpdateInfo } from 'electron-updater';
import type { Logger } from '../core/log/logger';
import { updateFeedOverride } from '../core/update/feed-url';
import type { Updater, UpdaterEvent } from '../core/update/updater';

// The thin adapter between electron-updater and the core's update service
// (src-main/core/update). Issue 14; docs/release.md "Updates".
//
// electron-updater is bundled into main.js by Vite (a devDependency, like
// everything Vite bundles), so the packaged app loads nothing from
// node_modules but better-sqlite3. It reads the feed from app-update.yml, which
// electron-builder writes from `publish` in electron-builder.yml, and checks
// every download against the sha512 listed in the feed before it can be
// installed: that is its default, and nothing here changes it.

/** What Omnio sets on electron-updater, and why (tested in electron-updater-adapter.test.ts). */
export const UPDATER_SETTINGS = {
  /** The core starts the download itself, right after a check (so never offline). */
  autoDownload: false,
  /** Quitting installs nothing: only "Restart to update" does (quitAndInstall). */
  autoInstallOnAppQuit: false,
  /** Never "update" to an older or a pre-release version. */
  allowDowngrade: false,
  allowPrerelease: false,
  /** Web installers may come without signature verification: never load them. */
  disableWebInstaller: true,
  /** Only the packaged app's app-update.yml, never a dev-app-update.yml next to the sources. */
  forceDevUpdateConfig: false,
} as const;

/** The part of electron-updater's AppUpdater the adapter uses. */
export type AppUpdaterLike = Pick<
  AppUpdater,
  'on' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall' | 'setFeedURL' | 'logger'
> & { -readonly [K in keyof typeof UPDATER_SETTINGS]: boolean };

/** electron-updater's release notes (a string, possibly HTML, or one note per version) as one string. */
export function releaseNotesText(notes: UpdateInfo['releaseNotes']): string | null {
  if (!notes) return null;
  if (typeof notes === 'string') return notes;
  return notes.map((n) => (n.note ? `${n.version}\n${n.note}` : n.version)).join('\n\n');
}

export function adaptUpdater(updater: AppUpdaterLike, feedUrl: string | null, log: Logger): Updater {
  Object.assign(updater, UPDATER_SETTINGS);
  // electron-updater's own log lines go through the redacting logger, not the console.
  updater.logger = {
    info: (m?: unknown) => log.info(String(m)),
    warn: (m?: unknown) => log.warn(String(m)),
    error: (m?: unknown) => log.error(String(m)),
  };
  if (feedUrl) {
    updater.setFeedURL({ provider: 'generic', url: feedUrl });
    log.info('update feed set from OMNIO_UPDATE_FEED_URL', { feed: feedUrl });
  }
  return {
    onEvent(listener: (e: UpdaterEvent) => void) {
      updater.on('checking-for-update', () => listener({ type: 'checking' }));
      updater.on('update-available', (info) =>
        listener({ type: 'available', version: info.version, releaseNotes: releaseNotesText(info.releaseNotes) }),
      );
      updater.on('update-not-available', () => listener({ type: 'not-available' }));
      updater.on('download-progress', (p) => listener({ type: 'progress', percent: p.percent }));
      updater.on('update-downloaded', (e) =>
        listener({ type: 'downloaded', version: e.version, releaseNotes: releaseNotesText(e.releaseNotes) }),
      );
      updater.on('error', (err) => listener({ type: 'error', message: err.message }));
    },
    async check() {
      await updater.checkForUpdates();
    },
    async download() {
      await updater.downloadUpdate();
    },
    quitAndInstall() {
      // Silent on Windows (the person already said yes), and start Omnio again afterwards.
      updater.quitAndInstall(true, true);
    },
  };
}

/**
 * The updater of the packaged app, or undefined: an unpackaged app (`npm start`)
 * does not update itself, and a bad OMNIO_UPDATE_FEED_URL turns updates off
 * with a log line rather than fall back silently to the release feed.
 */
export function packagedAppUpdater(
  isPackaged: boolean,
  env: Readonly<Record<string, string | undefined>>,
  log: Logger,
): Updater | undefined {
  if (!isPackaged) return undefined;
  let feed: string | null;
  try {
    feed = updateFeedOverride(env);
  } catch (err) {
    log.error('updates are off: OMNIO_UPDATE_FEED_URL was refused', { error: err });
    return undefined;
  }
  // Read here, not at import: the getter builds the platform's updater (it needs the ready app).
  // An updater that cannot be built (no app-update.yml, an unknown platform) turns updates off; it
  // never stops the app from starting.
  try {
    return adaptUpdater(electronUpdater.autoUpdater, feed, log);
  } catch (err) {
    log.error('updates are off: the updater could not be set up', { error: err });
    return undefined;
  }
}
