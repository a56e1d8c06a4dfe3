import type { ProviderId } from './providers';

// Issue 12: what a restore from a backup answers. The renderer never names a
// path: Electron's main process asks with its own open dialog; in the browser
// host the page uploads the chosen file first and names only the upload's id.

/** An account that came back from the backup: with its history, asking to be reconnected. */
export interface RestoredAccount {
  providerId: ProviderId;
  label: string;
}

export type RestoreOutcome =
  | { kind: 'restored'; fileName: string; accounts: RestoredAccount[] }
  /** The person closed the open dialog. */
  | { kind: 'cancelled' };

/** The browser host's one-time id for an uploaded file (host-uploads.ts). */
export const UPLOAD_ID = /^[0-9a-f]{64}$/;
