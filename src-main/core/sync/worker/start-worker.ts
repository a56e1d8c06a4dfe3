import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

// Starting one of the sync engine's threads (the sync worker, the database
// writer) from a script next to the calling module: the .ts source under
// tsx/vitest/bench, the bundled .js in a build.

/** `name`.ts next to `moduleUrl` when that module is TypeScript source, else `name`.js. */
export function scriptNextTo(moduleUrl: string, name: string): URL {
  return new URL(moduleUrl.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, moduleUrl);
}

/** Whether a worker script is on disk (a bundle that did not emit it falls back to running in-thread). */
export function scriptAvailable(url: URL): boolean {
  return url.protocol === 'file:' && fs.existsSync(url);
}

export function startWorker(url: URL, workerData: object): Worker {
  // TypeScript sources need tsx registered inside the worker itself: on Node 20 neither the parent's
  // loader hooks nor `--import` in the worker's execArgv apply to the entry.
  return url.pathname.endsWith('.ts')
    ? new Worker(TS_BOOTSTRAP, {
        eval: true,
        workerData: { ...workerData, entry: url.href, tsxApi: tsxApi() },
      })
    : new Worker(url, { workerData });
}

/**
 * Asks a thread to close (its protocol's close message) and resolves once it has exited. The thread is held
 * until then: an unref'd thread would let a process with nothing else to do quit before it closed.
 */
export function closeThread(worker: Worker, message: unknown): Promise<void> {
  return new Promise<void>((resolve) => {
    worker.ref();
    worker.once('exit', () => resolve());
    worker.postMessage(message);
  });
}

// Registers tsx in the worker, then loads the TypeScript entry.
const TS_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((api) => { api.register(); return import(workerData.entry); });
`;

function tsxApi(): string {
  // The ESM build of tsx's API (require.resolve picks its CommonJS twin, which cannot register from an eval worker).
  return pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
}
