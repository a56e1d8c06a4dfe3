import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { finished } from 'node:stream/promises';
import type { PartialFiles } from './partial-files';

/**
 * Writes `target` atomically: into a temporary file next to it, fsync'd, then
 * renamed over it. A crash, a failure or a cancel (`signal`) at any point
 * leaves either no file (or the old one) or the whole new one, never half of
 * one; the temporary file is removed on failure or cancel. A SIGKILL leaves
 * it behind, never under the target's name: `partials` lists it, and the
 * next start deletes it (PartialFiles.sweep).
 *
 * `produce` writes through `write`, which waits when the stream's buffer is
 * full (memory stays flat however long the file).
 */
export async function writeFileAtomically(
  target: string,
  produce: (write: (chunk: string | Uint8Array) => Promise<void> | void, signal: AbortSignal) => Promise<void>,
  signal: AbortSignal = new AbortController().signal,
  /** Where the temporary file is listed while it exists, so a start after a kill deletes it. */
  partials?: PartialFiles,
): Promise<void> {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.omnio-partial`,
  );
  partials?.add(temp);
  let fd: number;
  try {
    fd = fs.openSync(temp, 'wx', 0o600);
  } catch (err) {
    partials?.remove(temp);
    throw err;
  }
  const out = fs.createWriteStream(temp, { fd, autoClose: false, highWaterMark: 256 * 1024 });
  let failed: Error | null = null;
  out.on('error', (err) => (failed ??= err));
  try {
    const write = (chunk: string | Uint8Array): Promise<void> | void => {
      if (failed) throw failed;
      if (!out.write(chunk)) {
        return new Promise<void>((resolve, reject) => {
          const onDrain = () => {
            out.off('error', onError);
            resolve();
          };
          const onError = (err: Error) => {
            out.off('drain', onDrain);
            reject(err);
          };
          out.once('drain', onDrain);
          out.once('error', onError);
        });
      }
    };
    await produce(write, signal);
    signal.throwIfAborted();
    out.end();
    await finished(out);
    if (failed) throw failed;
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(temp, target);
    partials?.remove(temp);
    fsyncDir(path.dirname(target));
  } catch (err) {
    out.destroy();
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(temp, { force: true });
    partials?.remove(temp);
    throw err;
  }
}

/** Makes a rename durable (the directory entry); not possible on Windows, where it is skipped. */
function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const d = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(d);
    } finally {
      fs.closeSync(d);
    }
  } catch {
    // best effort
  }
}
