import { app, BrowserWindow, nativeTheme, session, shell, type WebContents } from 'electron';
import type { Logger } from '../core/log/logger';
import { allowNavigation, externalTargetForWindowOpen } from './navigation-policy';
import { APP_ENTRY_URL } from './origin-policy';

// The one window, hardened per Electron's security checklist (docs/security.md):
// isolated, sandboxed, no Node, no navigation away from app://omnio, no new
// windows, no permissions, no <webview>. The checks themselves are pure
// functions in navigation-policy.ts.

/**
 * Applies the navigation, new-window and webview guards to every webContents
 * Electron ever creates, not only our window's: nothing can slip past them by
 * opening something we did not expect. Call once, before the first window.
 */
export function hardenAllWebContents(log: Logger): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, log));
}

function guardWebContents(contents: WebContents, log: Logger): void {
  const refuse = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    if (allowNavigation(event.url)) return;
    event.preventDefault();
    log.warn(`${kind} blocked`, { target: safeOrigin(event.url) });
  };
  contents.on('will-navigate', refuse('navigation'));
  contents.on('will-frame-navigate', refuse('frame navigation'));
  contents.on('will-redirect', refuse('redirect'));

  contents.setWindowOpenHandler(({ url }) => {
    const external = externalTargetForWindowOpen(url);
    if (external) {
      void shell.openExternal(external).catch((err: unknown) => log.warn('could not open link', { error: err })); // eng-disable OPEN_EXTERNAL_JS_CHECK: https pages of vetted provider hosts only (externalTargetForWindowOpen, tested)
    } else {
      log.warn('new window blocked', { target: safeOrigin(url) });
    }
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('<webview> blocked');
  });
}

/** Origin only: a URL's query may carry an authorization code. */
function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(unparsable)';
  }
}

/** No permission is ever granted: Omnio needs no camera, notifications, geolocation… */
export function denyAllPermissions(log: Logger): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('permission request denied', { permission });
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
}

export function createMainWindow(preloadPath: string, log: Logger): BrowserWindow {
  nativeTheme.themeSource = 'system';
  const win = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    title: 'Omnio',
    show: false,
    // The renderer's --bg for the OS theme (src-renderer/styles/app.css): no white flash in dark mode.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15181d' : '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK: one function per contract call and on() for contract events; ipcRenderer never reaches the page (preload-bundle.test.ts)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click would open links as new windows; the window-open handler denies them anyway.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('render-process-gone', (_event, details) => {
    log.error('renderer process gone', { reason: details.reason, exitCode: details.exitCode });
  });
  void win.loadURL(APP_ENTRY_URL).catch((err: unknown) => log.error('could not load the app page', { error: err }));
  return win;
}

/** Bring the window to the front (after an OAuth redirect or a second launch). */
export function focusWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
