import type { SavedFile as SharedSavedFile } from '../../../src-shared/saved-file';

// Issue 12: where an exported file goes, behind the Platform seam. The
// renderer never supplies a path. In Electron the main process asks with its
// own save dialog; in the browser host the file is written into the data
// directory's downloads folder and handed to the page as a one-time download
// URL the host serves (and deletes once served).

export interface SaveRequest {
  /** The file name offered (the user may change it in Electron's dialog). */
  suggestedName: string;
  /** MIME type of the content, for the browser host's download. */
  mime: string;
}

/** Where the file was chosen to go. The core writes `path` atomically, then calls `delivered`. */
export interface SaveTarget {
  path: string;
  delivered(): SavedFile;
  /** The write failed or was cancelled (no file was left): the saver forgets the target. */
  abandoned(): void;
}

export type SavedFile = Exclude<SharedSavedFile, { kind: 'cancelled' }>;

export interface FileSaver {
  /** Asks where to save; null when the person cancelled the dialog. */
  choose(request: SaveRequest): Promise<SaveTarget | null>;
}
