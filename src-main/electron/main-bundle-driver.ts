import { pathToFileURL } from 'node:url';
import { channelFor } from '../../src-shared/ipc/contract';
import { fake, FakeBrowserWindow } from './fake-electron';

// Child process of main-bundle.test.ts: loads the BUILT dist main.js with Node's
// own ESM loader (`electron` resolved to the stand-in by a loader hook), takes
// it through ready, one IPC call and quit, and prints what happened as JSON.

const mainJs = process.argv[2];
if (!mainJs) throw new Error('usage: main-bundle-driver <path to built main.js>');

async function until<T>(probe: () => T | undefined | null | false): Promise<T | null> {
  for (let i = 0; i < 300; i++) {
    const value = probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  return null;
}

await import(pathToFileURL(mainJs).href);
fake.app.becomeReady();
const win = await until(() => FakeBrowserWindow.all[0]);
const handler = fake.ipcMain.handlers.get(channelFor('listAccounts'));
const wc = win?.webContents;
const event = wc && {
  sender: wc,
  senderFrame: { url: 'app://omnio/index.html', processId: wc.mainFrame.processId, routingId: wc.mainFrame.routingId },
};
const listAccounts = handler && event ? await handler(event, {}) : null;
fake.app.quit();
const quitted = await until(() => fake.app.quitted);
process.stdout.write(
  JSON.stringify({
    window: win
      ? { loadedUrl: win.loadedUrl, preload: (win.options.webPreferences as { preload: string }).preload }
      : null,
    ipcChannels: fake.ipcMain.handlers.size,
    listAccounts,
    userData: fake.app.getPath('userData'),
    quitted: Boolean(quitted),
    exitCode: fake.app.exitCode,
  }) + '\n',
);
process.exit(0);
