import fs from 'node:fs';
import path from 'node:path';
import { channelFor } from '../../src-shared/ipc/contract';
import { fake, type FakeBrowserWindow } from './fake-electron';

// What the tests of the real main.ts under the stand-in Electron share
// (main-process.test.ts, main-release.test.ts): waiting for the app to reach a
// state, reading its log, and calling an IPC handler the way a frame would.

export type IpcResult = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

/** Polls `probe` every 10 ms for up to 2 s: main.ts does its work across several turns of the event loop. */
export async function until<T>(probe: () => T | undefined | null | false, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The app's log file in `dir` (its data or platform directory), or '' before the first line. */
export function logText(dir: string): string {
  const file = path.join(dir, 'logs', 'omnio.log');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

/** Who sends the call: the app's own top frame unless told otherwise (a subframe, another page, no frame). */
export interface Sender {
  frameUrl: string | null;
  subframe: boolean;
  foreignContents: boolean;
}

/** Calls the handler main.ts registered for `name`, as `win`'s renderer would through the preload. */
export function invokeFrom(win: FakeBrowserWindow, name: string, input: unknown, sender: Partial<Sender> = {}) {
  const handler = fake.ipcMain.handlers.get(channelFor(name as never));
  if (!handler) throw new Error(`no handler for ${name}`);
  const wc = win.webContents;
  const frameUrl = sender.frameUrl === undefined ? 'app://omnio/index.html' : sender.frameUrl;
  const event = {
    sender: sender.foreignContents ? { id: 9999 } : wc,
    senderFrame:
      frameUrl === null
        ? null
        : {
            url: frameUrl,
            processId: wc.mainFrame.processId,
            routingId: sender.subframe ? 424242 : wc.mainFrame.routingId,
          },
  };
  return handler(event, input) as Promise<IpcResult>;
}
