// The seam between the update service (Electron-free, in the core) and the
// thing that really checks, downloads and installs: electron-updater in the
// packaged app (src-main/electron/electron-updater-adapter.ts), a fake in
// tests (fake-updater.ts). The browser host and an unpackaged app have none.

export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string; releaseNotes: string | null }
  | { type: 'not-available' }
  | { type: 'progress'; percent: number }
  /** The download matched the feed's sha512 (electron-updater refuses it otherwise). */
  | { type: 'downloaded'; version: string; releaseNotes: string | null }
  | { type: 'error'; message: string };

export interface Updater {
  /** Every event from now on, in order. */
  onEvent(listener: (event: UpdaterEvent) => void): void;
  /** Asks the feed whether there is a newer version; rejects when the check fails. */
  check(): Promise<void>;
  /** Downloads the version on offer; rejects when the download or its verification fails. */
  download(): Promise<void>;
  /** Quits the app and installs the downloaded version. Only ever called on the person's click. */
  quitAndInstall(): void;
}
