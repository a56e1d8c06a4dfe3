import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dataRoutes } from '../../../simulators/oura/data';
import { OuraDataset } from '../../../simulators/oura/dataset';
import { SyncHarness, storeDigest } from './test-support/harness';
import { ouraExpected } from './test-support/oura-expected';
import { buildThreads, type BuiltThreads } from './test-support/built-threads';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const CHILD_SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support', 'crash-child.ts');
const SCOPES = ['personal', 'daily', 'heartrate', 'workout'];

// The child is bundled once (with db-writer.js beside it) and run by plain Node: 40+ children each
// compiling the sources under tsx took minutes on a loaded machine (issue 16).
let built: BuiltThreads;
beforeAll(async () => {
  built = await buildThreads({ 'crash-child': CHILD_SOURCE });
}, 120_000);
afterAll(() => built?.remove());

function runChild(env: Record<string, string>): {
  child: ChildProcess;
  started: Promise<void>;
  exited: Promise<string>;
} {
  const child = spawn(process.execPath, [built.file('crash-child')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markStarted: () => void;
  const started = new Promise<void>((r) => (markStarted = r));
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('started')) markStarted();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<string>((resolve) =>
    child.on('exit', (code, signal) => resolve(`${code ?? signal} ${out.trim()} ${err.trim().slice(0, 500)}`)),
  );
  return { child, started, exited };
}

describe('crash safety', () => {
  let h: SyncHarness;
  let dataset: OuraDataset;

  beforeEach(async () => {
    h = new SyncHarness('oura', NOW);
    dataset = new OuraDataset({
      seed: 11,
      userId: 'crash-user',
      firstDay: '2024-07-01',
      utcOffsetMin: 120,
      until: () => h.clock,
    });
    // Small pages: many requests, many transactions, many places to die.
    h.sim.use(dataRoutes(h.grants, dataset, { pageSize: 20, heartRatePageSize: 1500 }));
    await h.start();
  });
  afterEach(() => h.close());

  // `thread`: writes go through the database writer thread, as in the app; `inline`: in the job's own thread.
  it.each(['thread', 'inline'])(
    'kill -9 at random points during a backfill, 20+ times, ends with exactly the simulator’s data (%s writer)',
    async (writer) => {
      const account = h.connect('oura', 'crash-user', SCOPES);
      const token = await h.grants.accessToken(account.id);
      const env = {
        CRASH_DB: h.dbFile,
        CRASH_TOKEN: token,
        CRASH_NOW: String(NOW),
        CRASH_ACCOUNT: account.id,
        CRASH_API: h.sim.url,
        CRASH_DAYS: '730',
        CRASH_WRITER: writer,
      };
      const expectedHr = ouraExpected(dataset, SCOPES)['series.heart_rate']!;
      const target = Math.floor(NOW / 86_400_000) * 86_400_000 - 730 * 86_400_000;
      let kills = 0;
      let midBackfill = 0;
      let runs = 0;
      for (;;) {
        runs += 1;
        const run = runChild(env);
        await run.started;
        if (kills < 20) {
          await new Promise((r) => setTimeout(r, 10 + Math.random() * 120));
          if (run.child.exitCode === null) {
            run.child.kill('SIGKILL');
            kills += 1;
          }
          await run.exited;
          // After every death the cursor describes exactly what is stored.
          const cursor = h.store.cursor(account.id, 'heart_rate');
          const stored = (h.db.prepare('SELECT count(*) FROM series_samples').pluck().get() as number) ?? 0;
          if (!cursor || cursor.coveredFrom > target) midBackfill += 1;
          if (cursor) {
            expect(stored).toBe(dataset.heartRateRange(cursor.coveredFrom, cursor.coveredTo).count);
          } else {
            expect(stored).toBe(0);
          }
          // The series' kept count (migration 007) moved in the same transactions as its samples.
          const kept = h.db.prepare('SELECT COALESCE(SUM(sample_count), 0) FROM series').pluck().get() as number;
          expect(kept).toBe(stored);
          continue;
        }
        const result = await run.exited;
        expect(result).toMatch(/^0 started\ndone ok/);
        break;
      }
      expect(kills).toBeGreaterThanOrEqual(20);
      expect(midBackfill).toBeGreaterThanOrEqual(20);
      expect(runs).toBeGreaterThan(20);
      expect(storeDigest(h.db, account.id)).toEqual(ouraExpected(dataset, SCOPES));
      expect(storeDigest(h.db, account.id)['series.heart_rate']).toEqual(expectedHr);
    },
    120_000,
  );
});
