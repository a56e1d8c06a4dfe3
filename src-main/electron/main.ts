import fs from 'node:fs';
import path from 'node:path';
import { app, net, powerMonitor, safeStorage, type BrowserWindow } from 'electron';
import { createCore, type DeepLinkSource, type OmnioCore } from '../core/app/create-core';
import { createLogger, FileSink, stderrSink } from '../core/log/logger';
import { dataPaths, resolveDataDir } from '../core/paths';
import { handleAppProtocol, registerAppSchemePrivileges } from './app-protocol';
import { createDeepLinkInbox, pickDeepLinkFromArgv } from './deep-link-policy';
import { electronPlatform } from './electron-platform';
import { electronStoreSettings } from './electron-settings';
import { packagedAppUpdater } from './electron-updater-adapter';
import { aboutPanelOptions } from './about-panel';
import { showRemovedEverything } from './removed-everything-notice'; // issue 12 (item 4)
import { showRestored } from './restored-notice'; // issue 12
import { linuxSchemeRegistration } from '../core/desktop/linux-scheme-registration';
import type { SettingsStore } from '../core/settings/settings-store';
import { askToAddSchemeEntry } from './scheme-question';
import { registerIpc } from './ipc';
import { decideSchemeRouting, linuxSchemeHandlerEntry } from './scheme-routing-policy';
import { isReleaseBuild, withoutQaSwitches } from './release-policy';
import { watchOnline, type OnlineWatch } from './online-policy';
import { createSafeStorageKeyStore } from './safe-storage-key-store';
import { createMainWindow, denyAllPermissions, focusWindow, hardenAllWebContents } from './window';

// The Electron main process: lifecycle and wiring only. Everything with logic
// lives in the core (src-main/core) or in the pure *-policy.ts files here.
//
// Order matters and is the reason this file reads top to bottom:
//   1. before ready: data directory, logger, privileged app:// scheme,
//      single-instance lock (keyed to the data directory), deep-link intake;
//   2. on ready: app:// handler, permissions, safeStorage, core, IPC, window.

/** RFC 8252 §7.1 private-use scheme: reversed domain name. */
const DEEP_LINK_SCHEME = 'com.omnio.app';
const ONLINE_POLL_MS = 10_000;
const MAX_BUFFERED_LINKS = 16;

const distDir = path.resolve(import.meta.dirname, '..');
const rendererDir = path.join(distDir, 'renderer');
const preloadPath = path.join(import.meta.dirname, 'preload.cjs');

// ── 1. Before ready ────────────────────────────────────────────────────────
app.setName('Omnio');
// Issue 13 (item 3): a packaged build that is not a test build honours no OMNIO_* switch (release-policy.ts).
const release = isReleaseBuild(app.isPackaged, process.env.OMNIO_TEST_BUILD);
const { env: appEnv, ignored: ignoredSwitches } = release
  ? withoutQaSwitches(process.env)
  : { env: process.env, ignored: [] };
const dataDir = resolveDataDir(appEnv, app.getPath('userData'));
fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
// Chromium's own files (cookies, caches, the single-instance lock) land here too.
app.setPath('userData', dataDir);

const logger = createLogger([new FileSink(dataPaths(dataDir).logFile), stderrSink]);
const log = logger.child('electron');
if (ignoredSwitches.length) log.warn('release build: QA switches ignored', { ignored: ignoredSwitches });

// Crash output goes through the redacting logger only; no crashReporter upload.
process.on('uncaughtException', (err) => log.error('uncaught exception', { error: err }));
process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: reason }));

registerAppSchemePrivileges();

if (!app.requestSingleInstanceLock()) {
  // Another Omnio owns this data directory; it receives our argv via 'second-instance'.
  app.quit();
} else {
  start();
}

function start(): void {
  let win: BrowserWindow | null = null;
  let core: OmnioCore | null = null;
  let online: OnlineWatch | null = null;
  let closed = false;

  const inbox = createDeepLinkInbox<DeepLinkSource>({
    maxBuffered: MAX_BUFFERED_LINKS,
    onDropped: (source) => log.warn('deep link dropped: too many before start-up finished', { source }),
    onError: (err, source) => log.error('deep link handling failed', { source, error: err }),
  });

  // macOS delivers custom-protocol URLs as open-url, which must be listened to
  // before ready or a cold-start URL is lost (on Windows and Linux this event
  // fires with ready and open-url is never sent by the OS).
  app.on('will-finish-launching', () => {
    app.on('open-url', (event, url) => {
      event.preventDefault();
      inbox.deliver(url, 'open-url');
    });
  });

  // Windows and Linux: the OS starts a second instance with the URL in argv.
  app.on('second-instance', (_event, argv) => {
    focusWindow(win);
    const url = pickDeepLinkFromArgv(argv, DEEP_LINK_SCHEME);
    if (url) inbox.deliver(url, 'second-instance');
    else log.info('second launch without exactly one deep link', { argc: argv.length });
  });

  // Cold start from a link on Windows and Linux.
  const coldStart = pickDeepLinkFromArgv(process.argv, DEEP_LINK_SCHEME);
  if (coldStart) inbox.deliver(coldStart, 'cold-start');

  hardenAllWebContents(log);

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', (event) => {
    if (closed || !core) return;
    // Let the core finish (close the database cleanly), then quit for real.
    event.preventDefault();
    online?.stop();
    const closing = core;
    core = null;
    void closing
      .close()
      .catch((err: unknown) => log.error('core did not close cleanly', { error: err }))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  // ── 2. On ready ────────────────────────────────────────────────────────────
  app
    .whenReady()
    .then(async () => {
      handleAppProtocol(rendererDir, log);
      denyAllPermissions(log);

      const keyStore = await createSafeStorageKeyStore(safeStorage, process.platform, log);
      const settings = electronStoreSettings(dataDir);
      const platform = electronPlatform({
        version: appVersion(),
        getWindow: () => win,
        keyStore,
        settings,
        logger,
        schemeRegistered: await registerSchemeHandler(settings),
        // Issue 14: electron-updater; its feed override is a QA switch, so it reads the release-filtered env.
        updater: packagedAppUpdater(app.isPackaged, appEnv, logger.child('updater')),
        releaseBuild: release,
      });
      // Issue 12 (item 4): after "Remove everything" the simplest clean first run is a new process.
      platform.restartAfterRemoval = (outcome) => {
        void showRemovedEverything(outcome).finally(() => {
          app.relaunch();
          app.exit(0);
        });
      };
      // Issue 12: a restore swapped the database in; the restored data starts in a new process too.
      platform.restartAfterRestore = (outcome) => {
        void showRestored(outcome).finally(() => {
          app.relaunch();
          app.exit(0);
        });
      };
      app.setAboutPanelOptions(aboutPanelOptions(platform.version));
      const started = await createCore({ dataDir, platform, env: appEnv });
      core = started;

      registerIpc(started.handlers, () => win, log);
      win = createMainWindow(preloadPath, log);
      win.on('closed', () => {
        win = null;
      });
      app.on('activate', () => {
        if (win === null) {
          win = createMainWindow(preloadPath, log);
          win.on('closed', () => (win = null));
        }
      });

      inbox.attach((url, source) => started.handleDeepLink(url, source));
      powerMonitor.on('resume', () => started.resumed());
      online = watchOnline({
        isOnline: () => net.isOnline(),
        onChange: (o) => started.setOnline(o),
        intervalMs: ONLINE_POLL_MS,
      });
      log.info('started', { version: platform.version, schemeRegistered: platform.schemeRegistered });
    })
    .catch((err: unknown) => {
      log.error('start-up failed', { error: err });
      app.exit(1);
    });
}

/**
 * Registers Omnio as the OS handler of its scheme. In development
 * (`electron dist/main/main.js`) the OS must be told to pass the script path
 * too. Test runs set OMNIO_QA_SKIP_SCHEME_REGISTRATION=1 so they never rewrite
 * the tester's desktop settings; they deliver links themselves (open-url /
 * second-instance), exactly as the OS would. Returns whether the OS will
 * actually route the scheme here (scheme-routing-policy.ts, issue 11): where
 * not, the core uses a loopback redirect for the providers that allow it.
 */
async function registerSchemeHandler(settings: SettingsStore): Promise<boolean> {
  const qaDeliversLinks = appEnv.OMNIO_QA_SKIP_SCHEME_REGISTRATION === '1';
  // Issue 14: on Linux an AppImage asks before it writes a desktop entry, and an
  // unpackaged run (`npm start`) writes none (setAsDefaultProtocolClient would).
  if (process.platform === 'linux' && !qaDeliversLinks) {
    const linux = await linuxSchemeRegistration({
      isPackaged: app.isPackaged,
      env: process.env,
      settings,
      log,
      ask: askToAddSchemeEntry,
    });
    if (linux !== 'system') return linux;
  }
  const args = process.defaultApp && process.argv[1] ? [path.resolve(process.argv[1])] : [];
  const registered = qaDeliversLinks
    ? false
    : process.defaultApp
      ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, args) // eng-disable PROTOCOL_HANDLER_JS_CHECK: every URL goes through pickDeepLinkFromArgv and the strict redirect parser
      : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME); // eng-disable PROTOCOL_HANDLER_JS_CHECK: as above (docs/security.md, Deep links)
  const routing = decideSchemeRouting({
    platform: process.platform,
    packaged: app.isPackaged,
    qaDeliversLinks,
    registered,
    isDefault: !qaDeliversLinks && app.isDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, args),
    linuxDesktopEntry:
      process.platform === 'linux' && !qaDeliversLinks ? linuxSchemeHandlerEntry(DEEP_LINK_SCHEME) : null,
  });
  if (!routing.routed) {
    log.warn(
      `${DEEP_LINK_SCHEME}: links will not reach this run (${routing.reason}). Oura and WHOOP connect through a ` +
        'loopback redirect on 127.0.0.1 instead (RFC 8252 §7.3); Withings accepts only its https bounce page, ' +
        'which forwards to the scheme, so it connects here only against a local simulator (npm run demo). See docs/oauth.md.',
    );
  }
  return routing.routed;
}

/** The app's version from its package.json (Electron reports its own when started from a script path). */
function appVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(distDir, '..', 'package.json'), 'utf8')) as { version?: unknown };
    if (typeof pkg.version === 'string') return pkg.version;
  } catch {
    // fall through
  }
  return app.getVersion();
}
