import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { HealthStore } from '../store/health-store';
import { emptyBatch } from '../store/records';
import { connectedOuraAccount } from '../store/test-support/connected-account';
import { DataQueries } from './data-queries';
import { createQueryRunner } from './query-thread';

// The Data area's queries run on their own thread with a read-only connection,
// and their columns come back as Float64Arrays equal to the in-thread answer.

let dir: string;
let file: string;
let db: Database;
let accountId: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-qthread-'));
  file = path.join(dir, 'omnio.sqlite');
  db = openDatabase(file);
  accountId = connectedOuraAccount(db);
  const ts = Array.from({ length: 5000 }, (_, i) => 1_700_000_000 + i * 300);
  const batch = emptyBatch();
  batch.series.push({
    metric: 'heart_rate',
    unit: 'bpm',
    fromTs: ts[0]!,
    toTs: ts.at(-1)! + 300,
    ts,
    values: ts.map((t) => 40 + (t % 61)),
    tags: ts.map(() => null),
    raw: '{}',
  });
  new HealthStore(db).writeBatch(accountId, 'heart_rate', batch, { coveredFrom: 0, coveredTo: 1 });
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('answers on the data query thread what the in-thread query answers, as Float64Arrays', async () => {
  const runner = createQueryRunner(file, db);
  try {
    expect(runner.mode).toBe('thread');
    const q = { accountId, metric: 'heart_rate', from: 1_700_000_000, to: 1_700_000_000 + 5000 * 300, buckets: 300 };
    const answer = await runner.run('series', q);
    const local = new DataQueries(db).series(q);
    expect(answer.t).toBeInstanceOf(Float64Array);
    expect(answer.decimated).toBe(true);
    expect(Array.from(answer.t)).toEqual(Array.from(local.t));
    expect(Array.from(answer.v)).toEqual(Array.from(local.v));
    await expect(runner.run('record', accountId, 'nowhere/x/y')).rejects.toThrow(/not a record reference/);
  } finally {
    await runner.close();
  }
});
