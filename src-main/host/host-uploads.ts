import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UPLOAD_ID } from '../../src-shared/restore';
import type { BackupOpener } from '../core/backup/backup-opener';
import { OmnioError } from '../core/errors';

// Issue 12: in the browser host the person picks a backup with the page's file
// input, and the page uploads it here: POST /upload/backup with the file as
// the body. The route is guarded like /download/* (the Host header, this
// launch's HttpOnly bridge cookie) and, being a write, also by Origin: only
// the page the host served may upload. The body streams into the data
// directory's uploads folder under a random name, capped in size; the answer
// is a one-time id the page then passes to `restoreBackup`. The core takes the
// file through this BackupOpener and releases it (deleted) once checked and
// staged. The page never names a path.

export const UPLOAD_ROUTE = '/upload/backup';
/** Larger than any backup a person accumulates (five years of every provider is ≈ 100 MB). */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
/** An upload not restored within this time is deleted. */
const UNCLAIMED_MS = 10 * 60 * 1000;
const FILE_NAME_HEADER = 'x-omnio-file-name';

interface Uploaded {
  file: string;
  fileName: string;
  timer: NodeJS.Timeout;
}

export class HostUploads {
  private readonly ready = new Map<string, Uploaded>();
  readonly dir: string;

  constructor(
    dataDir: string,
    private readonly maxBytes = MAX_UPLOAD_BYTES,
  ) {
    this.dir = path.join(dataDir, 'uploads');
    // Whatever an earlier run left (an upload never restored, a transfer cut off) is stale.
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  readonly opener: BackupOpener = {
    choose: async ({ uploadId }) => {
      const entry = uploadId && UPLOAD_ID.test(uploadId) ? this.ready.get(uploadId) : undefined;
      if (!uploadId || !entry) {
        throw new OmnioError('INVALID_ARGUMENT', 'The chosen file did not reach Omnio. Choose it again.');
      }
      this.ready.delete(uploadId);
      clearTimeout(entry.timer);
      return { path: entry.file, fileName: entry.fileName, release: () => fs.rmSync(entry.file, { force: true }) };
    },
  };

  /**
   * Answers POST /upload/backup (the caller has checked the Host header, the bridge cookie and the
   * Origin); false when the path is not the upload route.
   */
  async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (pathname !== UPLOAD_ROUTE) return false;
    const reply = (status: number, body: unknown) =>
      res
        .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(body));
    if (req.method !== 'POST') {
      reply(405, { error: 'POST only' });
      return true;
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      req.resume();
      reply(413, { error: 'Too large' });
      return true;
    }
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const token = randomBytes(32).toString('hex');
    const file = path.join(this.dir, token);
    let size = 0;
    const max = this.maxBytes;
    // A body without Content-Length (chunked) is capped as it streams.
    const cap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > max) done(new OmnioError('INVALID_ARGUMENT', 'Too large'));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(req, cap, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    } catch {
      fs.rmSync(file, { force: true });
      // The pipeline destroyed the request (and with it, usually, the connection): answer if it still can.
      if (!res.headersSent && !res.destroyed) {
        reply(size > max ? 413 : 400, { error: size > max ? 'Too large' : 'The upload was cut off' });
      }
      return true;
    }
    const timer = setTimeout(() => this.forget(token), UNCLAIMED_MS);
    timer.unref();
    this.ready.set(token, { file, fileName: fileNameFrom(req.headers[FILE_NAME_HEADER]), timer });
    reply(201, { uploadId: token });
    return true;
  }

  private forget(token: string): void {
    const entry = this.ready.get(token);
    if (!entry) return;
    this.ready.delete(token);
    clearTimeout(entry.timer);
    fs.rmSync(entry.file, { force: true });
  }

  close(): void {
    for (const token of [...this.ready.keys()]) this.forget(token);
  }
}

/** The name the page sent (URI-encoded), shown back to the person; never used as a path. */
function fileNameFrom(header: string | string[] | undefined): string {
  const raw = typeof header === 'string' ? header : '';
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    name = '';
  }
  const clean = [...name]
    .filter((c) => c >= ' ' && c !== '\u007f')
    .join('')
    .slice(0, 200);
  return clean || 'the chosen file';
}
