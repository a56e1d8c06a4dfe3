import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataRoutes } from '../../../../simulators/oura/data';
import { OuraDataset } from '../../../../simulators/oura/dataset';
import { syncThreadConfig } from '../../../../vite.config';
import { SyncHarness, storeDigest } from '../test-support/harness';
import { ouraExpected } from '../test-support/oura-expected';
import { memoryLogger } from '../../log/logger';
import { WorkerRunner } from './worker-runner';

// The sync engine's threads as the packaged app runs them: sync-worker.js and
// db-writer.js built by the same vite config as dist/main, loaded by Node
// without tsx, running a real backfill against the Oura simulator. Catches
// what only the bundles can break (a missing external, a path the bundler
// rewrote, the writer not found next to the worker).

const repo = path.resolve(import.meta.dirname, '../../../..');
// Inside the repository so the bundles resolve better-sqlite3 from node_modules, like dist/main does.
const outDir = path.join(repo, 'node_modules', '.cache', `omnio-sync-threads-${process.pid}`);

beforeAll(async () => {
  await build(syncThreadConfig('sync-worker', outDir));
  await build(syncThreadConfig('db-writer', outDir));
}, 120_000);
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

describe('built sync threads', () => {
  it('emit sync-worker.js with db-writer.js beside it, and run a real backfill', async () => {
    expect(fs.existsSync(path.join(outDir, 'sync-worker.js'))).toBe(true);
    expect(fs.existsSync(path.join(outDir, 'db-writer.js'))).toBe(true);
    const h = new SyncHarness('oura', Date.now());
    const firstDay = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
    const dataset = new OuraDataset({ seed: 5, userId: 'b', firstDay, utcOffsetMin: 0, until: () => h.clock });
    h.sim.use(dataRoutes(h.grants, dataset, { heartRatePageSize: 2000 }));
    await h.start();
    const runner = new WorkerRunner({
      dbFile: h.dbFile,
      tokens: h.grants,
      workerUrl: pathToFileURL(path.join(outDir, 'sync-worker.js')),
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxWaitMs: 1000, rateLimitWaitMs: 20 },
    });
    try {
      const scopes = ['personal', 'daily', 'heartrate'];
      const account = h.connect('oura', 'b', scopes);
      const outcome = await runner.run({ accountId: account.id, apiBaseUrl: h.sim.url, backfillDays: 120 }, () => {});
      expect(outcome).toEqual({ status: 'ok', retryAt: null, errors: {} });
      expect(runner.writerMode).toBe('thread'); // the built sync-worker.js found the built db-writer.js
      expect(storeDigest(h.db, account.id)).toEqual(ouraExpected(dataset, scopes));
    } finally {
      await runner.close();
      await h.close();
    }
  }, 60_000);

  it('without db-writer.js the built worker writes in its own thread, says so, and stores the same data', async () => {
    const alone = path.join(outDir, 'alone');
    fs.mkdirSync(alone, { recursive: true });
    fs.copyFileSync(path.join(outDir, 'sync-worker.js'), path.join(alone, 'sync-worker.js'));
    const h = new SyncHarness('oura', Date.now());
    const firstDay = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const dataset = new OuraDataset({ seed: 6, userId: 'c', firstDay, utcOffsetMin: 0, until: () => h.clock });
    h.sim.use(dataRoutes(h.grants, dataset, { heartRatePageSize: 2000 }));
    await h.start();
    const log = memoryLogger();
    const runner = new WorkerRunner({
      dbFile: h.dbFile,
      tokens: h.grants,
      log,
      workerUrl: pathToFileURL(path.join(alone, 'sync-worker.js')),
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxWaitMs: 1000, rateLimitWaitMs: 20 },
    });
    try {
      const scopes = ['personal', 'heartrate'];
      const account = h.connect('oura', 'c', scopes);
      const outcome = await runner.run({ accountId: account.id, apiBaseUrl: h.sim.url, backfillDays: 50 }, () => {});
      expect(outcome.status).toBe('ok');
      expect(runner.writerMode).toBe('in-thread');
      expect(log.lines.join('\n')).toContain('database writer script not found');
      expect(storeDigest(h.db, account.id)).toEqual(ouraExpected(dataset, scopes));
    } finally {
      await runner.close();
      await h.close();
    }
  }, 60_000);
});
