import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { nodeBundleConfig, syncThreadConfig } from '../../../../vite.config';

// Issue 16: tests that start the sync engine in fresh threads or processes run
// it from bundles built once per test file, the way the packaged app runs it.
// Under tsx each thread or child compiled the sources again at start-up: 8–11 s
// per child on a loaded machine, which made crash-safety.test.ts (40+ children)
// and worker-runner.test.ts fail by their time limits instead of by their
// assertions.

const repo = path.resolve(import.meta.dirname, '../../../..');

export interface BuiltThreads {
  dir: string;
  /** sync-worker.js, with db-writer.js beside it. */
  syncWorker: URL;
  /** The built file of each extra entry, by the name it was given. */
  file(name: string): string;
  remove(): void;
}

/**
 * Builds sync-worker.js and db-writer.js, plus any extra entries (name → source file), into a scratch
 * directory inside the repository, so the bundles resolve better-sqlite3 from node_modules.
 */
export async function buildThreads(extra: Record<string, string> = {}): Promise<BuiltThreads> {
  const dir = path.join(repo, 'node_modules', '.cache', `omnio-test-threads-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  // The scratch directory is under node_modules, where no package.json says these files are ES modules.
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
  await build(syncThreadConfig('sync-worker', dir));
  await build(syncThreadConfig('db-writer', dir));
  for (const [name, entry] of Object.entries(extra)) await build(nodeBundleConfig(entry, `${name}.js`, dir));
  return {
    dir,
    syncWorker: pathToFileURL(path.join(dir, 'sync-worker.js')),
    file: (name) => path.join(dir, `${name}.js`),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
