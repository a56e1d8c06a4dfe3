import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { finished } from 'node:stream/promises';

/**
 * Writes `target` atomically: into a temporary file next to it, fsync'd, then
 * renamed over it. A crash, a failure or a cancel (`signal`) at any point
 * leaves either no file (or the old one) or the whole new one, never half of
 * one; the temporary file is removed on failure. (A SIGKILL leaves the
 * temporary file behind, never under the target's name; its `.omnio-partial`
 * suffix names it for what it is.)
 *
 * `produce` writes through `write`, which waits when the stream's buffer is
 * full (memory stays flat however long the file).
 */
export async function writeFileAtomically(
  target: string,
  produce: (write: (chunk: string) => Promise<void> | void, signal: AbortSignal) => Promise<void>,
  signal: AbortSignal = new AbortController().signal,
): Promise<void> {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.omnio-partial`,
  );
  const fd = fs.openSync(temp, 'wx', 0o600);
  const out = fs.createWriteStream(temp, { fd, autoClose: false, highWaterMark: 256 * 1024 });
  let failed: Error | null = null;
  out.on('error', (err) => (failed ??= err));
  try {
    const write = (chunk: string): Promise<void> | void => {
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
    fsyncDir(path.dirname(target));
  } catch (err) {
    out.destroy();
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(temp, { force: true });
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
