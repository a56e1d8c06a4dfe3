import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES, channelFor } from '../../src-shared/ipc/contract';
import { dispatchCall, forbiddenSender, type Handlers } from '../core/ipc/dispatch';
import type { Logger } from '../core/log/logger';
import { originOf } from './origin-policy';
import { isTrustedSender, type SenderFacts } from './sender-policy';

// One ipcMain.handle per contract call. Each message is checked twice before
// any handler runs: the sender here (our window's main frame on app://omnio,
// nothing else), then the argument against the contract's schema in
// dispatchCall. Handlers never throw across the bridge: the result is always a
// BridgeResult.

function senderFacts(event: IpcMainInvokeEvent, getWindow: () => BrowserWindow | null): SenderFacts {
  const win = getWindow();
  let frame: IpcMainInvokeEvent['senderFrame'] = null;
  try {
    // Electron can report the frame as gone (navigated, destroyed) with null or by throwing.
    frame = event.senderFrame;
  } catch {
    frame = null;
  }
  const ours = win !== null && !win.isDestroyed() && event.sender.id === win.webContents.id;
  const main = ours ? win.webContents.mainFrame : null;
  return {
    frameUrl: frame ? frame.url : null,
    isMainFrame:
      frame !== null && main !== null && frame.processId === main.processId && frame.routingId === main.routingId,
    isOurWindow: ours,
  };
}

export function registerIpc(handlers: Handlers, getWindow: () => BrowserWindow | null, log: Logger): void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(channelFor(name), async (event, input: unknown) => {
      const facts = senderFacts(event, getWindow);
      if (!isTrustedSender(facts)) {
        log.warn('rejected call from a foreign sender', {
          channel: name,
          origin: facts.frameUrl === null ? '(no frame)' : (originOf(facts.frameUrl) ?? '(opaque)'),
          isMainFrame: facts.isMainFrame,
          isOurWindow: facts.isOurWindow,
        });
        return forbiddenSender;
      }
      return dispatchCall(handlers, name, input, log);
    });
  }
}

export function unregisterIpc(): void {
  for (const name of CALL_NAMES) ipcMain.removeHandler(channelFor(name));
}
