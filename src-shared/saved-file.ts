// What an export call answers (issue 12). The renderer never names a path:
// Electron's main process asked with its save dialog; the browser host hands
// the page a one-time, same-origin download URL.
export type SavedFile =
  | { kind: 'saved'; fileName: string }
  | { kind: 'download'; fileName: string; url: string }
  /** The person closed the save dialog. */
  | { kind: 'cancelled' };

/** Issue 12: the data export's formats: CSV, JSON, FHIR R4 Observation NDJSON. */
export const EXPORT_FORMATS = ['csv', 'json', 'fhir'] as const;
export type ExportFormatId = (typeof EXPORT_FORMATS)[number];

export interface ExportProgressEvent {
  exportId: string;
  done: number;
  total: number;
}
