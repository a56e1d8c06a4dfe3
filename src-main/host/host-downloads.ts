import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { FileSaver } from '../core/export/file-saver';

// Issue 12: exports in the browser host are downloads, as a browser expects.
// The core writes the file (atomically) into the data directory's downloads
// folder under a random name; the page gets a one-time URL,
// /download/<32 random bytes>, which the host serves as an attachment and
// then deletes with the file. The page never names a path. The route sits
// behind the host's Host-header check like every other; the unguessable,
// single-use name keeps another local page from fetching someone's export.

const TOKEN = /^\/download\/([0-9a-f]{64})$/;
/** A download not fetched within this time is deleted. */
const UNCLAIMED_MS = 10 * 60 * 1000;

interface Ready {
  file: string;
  fileName: string;
  mime: string;
  timer: NodeJS.Timeout;
}

export class HostDownloads {
  private readonly ready = new Map<string, Ready>();
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'downloads');
    // Whatever an earlier run left (a download never fetched, a write cut off) is stale.
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  readonly saver: FileSaver = {
    choose: async ({ suggestedName, mime }) => {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const token = randomBytes(32).toString('hex');
      const file = path.join(this.dir, token);
      return {
        path: file,
        delivered: () => {
          const timer = setTimeout(() => this.forget(token), UNCLAIMED_MS);
          timer.unref();
          this.ready.set(token, { file, fileName: suggestedName, mime, timer });
          return { kind: 'download', fileName: suggestedName, url: `/download/${token}` };
        },
        abandoned: () => fs.rmSync(file, { force: true }),
      };
    },
  };

  /** Serves `/download/<token>` once; false when the path is not a download route. */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    headers: Record<string, string>,
  ): Promise<boolean> {
    const m = TOKEN.exec(pathname);
    if (!pathname.startsWith('/download/')) return false;
    const entry = m ? this.ready.get(m[1]!) : undefined;
    if (!m || !entry || req.method !== 'GET') {
      res.writeHead(404, headers).end();
      return true;
    }
    this.ready.delete(m[1]!);
    clearTimeout(entry.timer);
    const ascii = entry.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
    res.writeHead(200, {
      ...headers,
      'content-type': entry.mime,
      'content-length': String(fs.statSync(entry.file).size),
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(entry.fileName)}`,
    });
    try {
      await pipeline(fs.createReadStream(entry.file), res);
    } finally {
      fs.rmSync(entry.file, { force: true });
    }
    return true;
  }

  private forget(token: string): void {
    const entry = this.ready.get(token);
    if (!entry) return;
    this.ready.delete(token);
    fs.rmSync(entry.file, { force: true });
  }

  close(): void {
    for (const token of [...this.ready.keys()]) this.forget(token);
  }
}
