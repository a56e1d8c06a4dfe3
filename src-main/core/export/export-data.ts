import Database from 'better-sqlite3';
import { writeFileAtomically } from './atomic-file';
import {
  countRecords,
  documentRecords,
  sampleRecord,
  samplePages,
  seriesOf,
  valueColumns,
  type ExportSelection,
} from './export-records';
import { csvWriter, fhirWriter, jsonWriter, type ExportFormat, type FormatWriter } from './formats';
import type { PartialFiles } from './partial-files';
import { MAX_SAMPLE_LINE_BYTES } from './csv-sample-bytes';

/** Text gathered before one write: large enough that writes are few, small enough that memory stays flat. */
const CHUNK_CHARS = 256 * 1024;
/** The same for the samples' bytes (csv-sample-bytes.ts). */
const CHUNK_BYTES = 256 * 1024;

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
  /** A pause after each chunk written (QA only: export-service.ts), so a test can cancel mid-stream. */
  pauseMs?: number;
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
    // Between chunks the export gives the event loop a turn, so a cancel gets through and the thread answers.
    const turn = () =>
      new Promise<void>((resolve) => (options.pauseMs ? setTimeout(resolve, options.pauseMs) : setImmediate(resolve)));
    await writeFileAtomically(
      options.target,
      async (write, signal) => {
        let chunk = writer.header();
        let next = step;
        options.onProgress?.({ done: 0, total });
        // Called when a chunk is full: one write (waiting while the stream's buffer is full), then a
        // turn of the event loop, so a cancel gets through and the thread answers meanwhile.
        const flush = async () => {
          await write(chunk);
          chunk = '';
          await turn();
          signal.throwIfAborted();
        };
        for (const r of documentRecords(db, options.selection)) {
          chunk += writer.record(r);
          done++;
          if (chunk.length >= CHUNK_CHARS) await flush();
          if (done >= next) {
            next += step;
            options.onProgress?.({ done, total });
          }
        }
        // Samples (nearly every row of a large export) go from the raw row to the output without a
        // record object: as bytes into a buffer where the format can (FormatWriter.sampleBytes),
        // else as text (sampleLine). The text gathered so far goes out first, keeping the order.
        if (chunk) await flush();
        let bytes = Buffer.allocUnsafe(CHUNK_BYTES + MAX_SAMPLE_LINE_BYTES);
        let pos = 0;
        const flushBytes = async () => {
          const full = bytes.subarray(0, pos);
          // The stream keeps the written buffer until it is on disk: the next lines go into a new one.
          bytes = Buffer.allocUnsafe(CHUNK_BYTES + MAX_SAMPLE_LINE_BYTES);
          pos = 0;
          await write(full);
          await turn();
          signal.throwIfAborted();
        };
        const pages = samplePages(db);
        for (const s of seriesOf(db, options.selection)) {
          const encode = writer.sampleBytes?.(s) ?? null;
          const line = writer.sampleLine?.(s) ?? ((ts, value, tag) => writer.record(sampleRecord(s, [ts, value, tag])));
          for (const page of pages(s.id)) {
            for (let k = 0; k < page.length; k++) {
              const row = page[k]!;
              const end = encode ? encode(bytes, pos, row[0], row[1], row[2]) : -1;
              if (end >= 0) pos = end;
              else {
                const text = line(row[0], row[1], row[2]);
                if (Buffer.byteLength(text) > bytes.length - pos) {
                  await flushBytes();
                  await write(text);
                } else pos += bytes.write(text, pos);
              }
              done++;
              if (pos >= CHUNK_BYTES) await flushBytes();
              if (done >= next) {
                next += step;
                options.onProgress?.({ done, total });
              }
            }
          }
        }
        if (pos > 0) await flushBytes();
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
