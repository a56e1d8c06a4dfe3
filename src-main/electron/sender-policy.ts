import { isAppOrigin } from './origin-policy';

/**
 * What ipc.ts knows about the frame that sent a call. `frameUrl` is null when
 * Electron gives no `senderFrame` (the frame navigated or was destroyed while
 * the message was in flight): such calls are rejected, never guessed.
 */
export interface SenderFacts {
  frameUrl: string | null;
  isMainFrame: boolean;
  /** The sender's webContents is the webContents of Omnio's own window. */
  isOurWindow: boolean;
}

/** Only the main frame of Omnio's own window, showing the app's own origin, may call the core. */
export function isTrustedSender(facts: SenderFacts): boolean {
  return facts.frameUrl !== null && facts.isMainFrame && facts.isOurWindow && isAppOrigin(facts.frameUrl);
}
