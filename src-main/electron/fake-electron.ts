import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';

// A stand-in for the parts of Electron's main-process API that main.ts uses,
// for main-process.test.ts only. Electron's binary cannot run on the build
// machines; this lets the real wiring (main.ts → core → IPC → window guards)
// run under Node. It imitates behaviour, not internals: events carry
// preventDefault, ipcMain.handle refuses duplicates, safeStorage really
// encrypts (AES-GCM), BrowserWindow announces its webContents through
// `web-contents-created` as Electron does.

type Handler = (...args: unknown[]) => unknown;

export interface PreventableEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function preventable<T extends object>(extra: T = {} as T): PreventableEvent & T {
  return Object.assign(
    {
      defaultPrevented: false,
      preventDefault(this: PreventableEvent) {
        this.defaultPrevented = true;
      },
    },
    extra,
  );
}

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly mainFrame = { processId: 7, routingId: this.id, url: 'about:blank' };
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  focused = 0;
  visible = false;
  loadedUrl: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
    fake.app.emit('web-contents-created', preventable(), this.webContents);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    setImmediate(() => this.emit('ready-to-show'));
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  isVisible() {
    return this.visible;
  }
  show() {
    this.visible = true;
  }
  focus() {
    this.focused++;
  }
}

class FakeApp extends EventEmitter {
  readonly paths = new Map<string, string>();
  name = 'Electron';
  isPackaged = false;
  quitted = false;
  exitCode: number | null = null;
  private resolveReady!: () => void;
  private readonly ready = new Promise<void>((r) => (this.resolveReady = r));
  defaultUserData = '/nonexistent/Electron';
  setName(name: string) {
    this.name = name;
  }
  getName() {
    return this.name;
  }
  getPath(name: string) {
    return this.paths.get(name) ?? this.defaultUserData;
  }
  setPath(name: string, value: string) {
    this.paths.set(name, value);
  }
  getVersion() {
    return '45.4.1';
  }
  requestSingleInstanceLock() {
    return true;
  }
  setAsDefaultProtocolClient() {
    return false;
  }
  isDefaultProtocolClient() {
    return false;
  }
  whenReady() {
    return this.ready;
  }
  /** Linux and Windows: will-finish-launching fires together with ready. */
  becomeReady() {
    this.emit('will-finish-launching');
    this.resolveReady();
    this.emit('ready');
  }
  quit() {
    const event = preventable();
    this.emit('will-quit', event);
    if (!event.defaultPrevented) this.quitted = true;
  }
  exit(code: number) {
    this.exitCode = code;
  }
  // Issue 14: the About panel's options, as main.ts set them.
  aboutPanel: Record<string, unknown> | null = null;
  setAboutPanelOptions(options: Record<string, unknown>) {
    this.aboutPanel = options;
  }
}

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
}

const safeStorageKey = randomBytes(32);

export const fake = {
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  ipcMain: new FakeIpcMain(),
  protocol: {
    privileged: [] as unknown[],
    handlers: new Map<string, (request: Request) => Promise<Response>>(),
    registerSchemesAsPrivileged(schemes: unknown[]) {
      this.privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Promise<Response>) {
      this.handlers.set(scheme, handler);
    },
  },
  session: {
    defaultSession: {
      requestHandler: null as Handler | null,
      checkHandler: null as Handler | null,
      setPermissionRequestHandler(h: Handler) {
        this.requestHandler = h;
      },
      setPermissionCheckHandler(h: Handler) {
        this.checkHandler = h;
      },
    },
  },
  nativeTheme: { themeSource: 'light', shouldUseDarkColors: false },
  shell: {
    opened: [] as string[],
    async openExternal(url: string) {
      fake.shell.opened.push(url);
    },
  },
  net: { online: true, isOnline: () => fake.net.online },
  // Issue 13: the native confirmation; a test sets `answer` (the button index a person would click).
  // Issue 12: the save dialog answers with `nextSavePath` (null: the person cancelled).
  dialog: {
    shown: [] as { message?: string; detail?: string; buttons?: string[] }[],
    answer: 0,
    nextSavePath: null as string | null,
    async showSaveDialog(..._args: unknown[]) {
      const filePath = fake.dialog.nextSavePath;
      return filePath ? { canceled: false, filePath } : { canceled: true, filePath: undefined };
    },
    // Issue 12: the open dialog of "Restore from a backup…" answers with `nextOpenPath` (null: cancelled).
    nextOpenPath: null as string | null,
    async showOpenDialog(..._args: unknown[]) {
      const filePath = fake.dialog.nextOpenPath;
      return filePath ? { canceled: false, filePaths: [filePath] } : { canceled: true, filePaths: [] };
    },
    async showMessageBox(...args: unknown[]) {
      const options = args[args.length - 1] as { message?: string; detail?: string; buttons?: string[] };
      fake.dialog.shown.push(options);
      return { response: fake.dialog.answer, checkboxChecked: false };
    },
  },
  powerMonitor: new EventEmitter(),
  safeStorage: {
    isAsyncEncryptionAvailable: async () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    setUsePlainTextEncryption: (_use: boolean) => {},
    async encryptStringAsync(text: string) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', safeStorageKey, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    async decryptStringAsync(blob: Buffer) {
      const d = createDecipheriv('aes-256-gcm', safeStorageKey, blob.subarray(0, 12));
      d.setAuthTag(blob.subarray(12, 28));
      return {
        result: Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8'),
        shouldReEncrypt: false,
      };
    },
  },
};
