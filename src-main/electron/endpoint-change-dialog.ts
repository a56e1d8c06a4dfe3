import { dialog, type BrowserWindow, type MessageBoxOptions } from 'electron';
import type { EndpointChangeRequest } from '../core/platform';

// Issue 13, item 1: the confirmation a release build asks before provider
// endpoints change. A native message box drawn by the main process: the
// renderer can ask for it but cannot draw, fill in or click it. "Cancel" is
// the default and the answer to Escape.

export function endpointChangeMessage(change: EndpointChangeRequest): MessageBoxOptions {
  const lines = Object.entries(change.endpoints).map(([key, url]) => `${key}: ${url}`);
  return {
    type: 'warning',
    buttons: ['Cancel', 'Use these addresses'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
    title: 'Change provider addresses',
    message: `Send your ${change.providerName} sign-in to these addresses?`,
    detail:
      `${lines.join('\n')}\n\n` +
      `Only continue if you set up this server yourself (for example a ${change.providerName} sandbox). ` +
      `Accounts connected through the old addresses will ask you to reconnect; their tokens are never sent to the new ones.`,
  };
}

export async function confirmEndpointChange(
  win: BrowserWindow | null,
  change: EndpointChangeRequest,
): Promise<boolean> {
  const options = endpointChangeMessage(change);
  const { response } =
    win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  return response === 1;
}
