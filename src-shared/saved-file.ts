// What an export call answers (issue 12). The renderer never names a path:
// Electron's main process asked with its save dialog; the browser host hands
// the page a one-time, same-origin download URL.
export type SavedFile =
  | { kind: 'saved'; fileName: string }
  | { kind: 'download'; fileName: string; url: string }
  /** The person closed the save dialog. */
  | { kind: 'cancelled' };
