import Database from 'better-sqlite3';
import { writeFileAtomically } from './atomic-file';
import { countRecords, exportRecords, valueColumns, type ExportSelection } from './export-records';
import { csvWriter, fhirWriter, jsonWriter, type ExportFormat, type FormatWriter } from './formats';
import type { PartialFiles } from './partial-files';

/** Text gathered before one write: large enough that writes are few, small enough that memory stays flat. */
const CHUNK_CHARS = 256 * 1024;

export interface ExportProgress {
  done: number;
  total: number;
}

/**
 * Streams the selection from `dbFile` into `target` in `format`, atomically
 * (export/atomic-file.ts): a cancel (`signal`) or a failure leaves no file.
 * Reads through a read-only connection of its own. Returns the records written.
 */
export async function exportData(options: {
  dbFile: string;
  target: string;
  format: ExportFormat;
  selection: ExportSelection;
  signal?: AbortSignal;
  partials?: PartialFiles;
  onProgress?: (p: ExportProgress) => void;
}): Promise<number> {
  const db = new Database(options.dbFile, { readonly: true, fileMustExist: true });
  let done = 0;
  try {
    const total = countRecords(db, options.selection);
    const writer: FormatWriter =
      options.format === 'csv'
        ? csvWriter(valueColumns(db, options.selection))
        : options.format === 'json'
          ? jsonWriter()
          : fhirWriter();
    const step = Math.max(1, Math.floor(total / 100));
    await writeFileAtomically(
      options.target,
      async (write, signal) => {
        let chunk = writer.header();
        let next = step;
        options.onProgress?.({ done: 0, total });
        for (const r of exportRecords(db, options.selection)) {
          chunk += writer.record(r);
          done++;
          if (chunk.length >= CHUNK_CHARS) {
            await write(chunk);
            chunk = '';
            // A turn of the event loop per chunk: a cancel gets through, and the thread answers meanwhile.
            await new Promise<void>((resolve) => setImmediate(resolve));
            signal.throwIfAborted();
          }
          if (done >= next) {
            next += step;
            options.onProgress?.({ done, total });
          }
        }
        chunk += writer.end();
        await write(chunk);
        options.onProgress?.({ done, total });
      },
      options.signal,
      options.partials,
    );
    return done;
  } finally {
    db.close();
  }
}
