// What the renderer knows about updates (issue 14, docs/release.md "Updates").
// The main process decides everything; the renderer shows this and asks for
// a restart only when the person clicks "Restart to update".

export type UpdatePhase =
  /** Nothing on offer (or not checked yet). */
  | 'idle'
  | 'checking'
  /** A newer version exists; its download starts at once (it installs only on the person's word). */
  | 'available'
  | 'downloading'
  /** Downloaded and verified against the feed's sha512: "Restart to update". */
  | 'downloaded'
  | 'error';

export interface UpdateStatus {
  /** False where this runtime does not update itself: the browser host, an unpackaged app. */
  supported: boolean;
  /** The setting: check at start and every 6 hours. */
  checksEnabled: boolean;
  phase: UpdatePhase;
  /** The version on offer (available, downloading, downloaded). */
  version: string | null;
  /** Its release notes as plain text, bounded. */
  releaseNotes: string | null;
  /** Download progress, 0–100 (downloading). */
  percent: number | null;
  /** What went wrong, in words (error). */
  error: string | null;
  /** When the last check finished (ISO time). */
  lastCheckedAt: string | null;
}
