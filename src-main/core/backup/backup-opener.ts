// Issue 12: where the file to restore comes from, behind the Platform seam.
// The renderer never supplies a path. In Electron the main process asks with
// its own open dialog; in the browser host the page has uploaded the file the
// person picked (host-uploads.ts) and names only the upload's one-time id.

export interface OpenRequest {
  /** Browser host: the id the upload answered. Electron refuses one (its dialog chooses). */
  uploadId?: string;
}

/** The chosen file, readable until `release` (the host then deletes its uploaded copy). */
export interface ChosenFile {
  path: string;
  /** The name the person knows the file by. */
  fileName: string;
  release(): void;
}

export interface BackupOpener {
  /** Asks for the backup file; null when the person cancelled the dialog. Throws a clear error for an unknown upload. */
  choose(request: OpenRequest): Promise<ChosenFile | null>;
}
