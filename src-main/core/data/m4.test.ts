import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERIES_MAX_GAP_S } from '../../../src-shared/data/metrics';
import { openDatabase, type Database } from '../db/database';
import { HealthStore } from '../store/health-store';
import { emptyBatch } from '../store/records';
import { connectedOuraAccount } from '../store/test-support/connected-account';
import { DataQueries } from './data-queries';
import { bucketOf } from './m4';

// Every decimated bucket keeps the true first, last, min and max of the raw
// rows in it: checked against the rows read straight from a real SQLite file.

let dir: string;
let db: Database;
let accountId: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-m4-'));
  db = openDatabase(path.join(dir, 'omnio.sqlite'));
  accountId = connectedOuraAccount(db);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T0 = 1_600_000_000;

/** Heart rate every 5 min over `days`, with spikes, and off-wrist gaps of 1–8 hours. */
function storeSamples(days: number, seed: number): void {
  const r = rng(seed);
  const ts: number[] = [];
  const values: number[] = [];
  for (let t = T0; t < T0 + days * 86_400; t += 300) {
    if (r() < 0.002) t += Math.floor(3600 + r() * 7 * 3600);
    ts.push(t);
    values.push(r() < 0.003 ? 180 + Math.floor(r() * 30) : 50 + Math.floor(r() * 40));
  }
  const batch = emptyBatch();
  batch.series.push({
    metric: 'heart_rate',
    unit: 'bpm',
    fromTs: T0,
    toTs: T0 + days * 86_400,
    ts,
    values,
    tags: ts.map(() => 'awake'),
    raw: '{}',
  });
  new HealthStore(db).writeBatch(accountId, 'heart_rate', batch, { coveredFrom: 0, coveredTo: 1 });
}

const rawRows = (from: number, to: number) =>
  db.prepare('SELECT ts, value FROM series_samples WHERE ts >= ? AND ts < ? ORDER BY ts').all(from, to) as {
    ts: number;
    value: number;
  }[];

describe('M4 decimation from SQLite', () => {
  it.each([
    { days: 1, buckets: 50, plotLeft: 57 },
    { days: 365, buckets: 1600, plotLeft: 57 },
    { days: 365 * 5, buckets: 2400, plotLeft: 57 },
    { days: 30, buckets: 317, plotLeft: 57 },
    // A fractional device pixel ratio: uPlot's bbox is then in half pixels.
    { days: 365, buckets: 1222.5, plotLeft: 71.5 },
  ])(
    'keeps the true first, last, min and max of every column ($days days, $buckets columns)',
    ({ days, buckets, plotLeft }) => {
      storeSamples(days, days + Math.round(buckets));
      const from = T0 + 3600;
      const to = T0 + days * 86_400 - 7200;
      const axis = { from, to, width: buckets, left: plotLeft };
      const q = new DataQueries(db).series({ accountId, metric: 'heart_rate', from, to, buckets, plotLeft });
      const rows = rawRows(from, to);
      expect(q.rawCount).toBe(rows.length);
      expect(q.decimated).toBe(rows.length > buckets * 4);

      // The raw rows per run: a run is a column's samples between gaps (a gap splits a column).
      const runs: { ts: number; value: number }[][] = [];
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const prev = rows[i - 1];
        const newRun = !prev || r.ts - prev.ts > SERIES_MAX_GAP_S || bucketOf(r.ts, axis) !== bucketOf(prev.ts, axis);
        if (newRun) runs.push([]);
        runs.at(-1)!.push(r);
      }
      const kept = new Map<number, number>();
      for (let i = 0; i < q.t.length; i++) if (!Number.isNaN(q.v[i]!)) kept.set(q.t[i]!, q.v[i]!);
      let pointsInRuns = 0;
      for (const run of runs) {
        const first = run[0]!;
        const last = run.at(-1)!;
        const min = Math.min(...run.map((r) => r.value));
        const max = Math.max(...run.map((r) => r.value));
        expect(kept.get(first.ts)).toBe(first.value);
        expect(kept.get(last.ts)).toBe(last.value);
        const keptInRun = run.filter((r) => kept.get(r.ts) === r.value);
        expect(keptInRun.some((r) => r.value === min)).toBe(true);
        expect(keptInRun.some((r) => r.value === max)).toBe(true);
        expect(keptInRun.length).toBeLessThanOrEqual(4);
        pointsInRuns += keptInRun.length;
      }
      // Nothing but those points (and the gaps' NaNs) is kept, in time order.
      expect(kept.size).toBe(pointsInRuns);
      for (let i = 1; i < q.t.length; i++) expect(q.t[i]!).toBeGreaterThan(q.t[i - 1]!);
      // Every spike survives: its column's drawn span reaches it (two spikes in one column share the highest).
      for (const run of runs) {
        const spike = Math.max(...run.map((r) => r.value));
        if (spike >= 180) expect(Math.max(...run.filter((r) => kept.has(r.ts)).map((r) => r.value))).toBe(spike);
      }
      // A gap in the raw rows is a gap (NaN) in the answer, never a zero or a line across.
      const gapsInRaw = rows.filter((r, i) => i > 0 && r.ts - rows[i - 1]!.ts > SERIES_MAX_GAP_S).length;
      expect(Array.from(q.v).filter(Number.isNaN)).toHaveLength(gapsInRaw);
      expect(Array.from(q.v)).not.toContain(0);
      // A plot area off whole pixels touches one column more than its width (a part column at each end).
      if (days >= 365) expect(q.t.length).toBeLessThanOrEqual((buckets + 1) * 4 + gapsInRaw * 5);
    },
  );

  it('answers every raw sample, with the same gaps, when asked for raw', () => {
    storeSamples(3, 7);
    const from = T0;
    const to = T0 + 3 * 86_400;
    const q = new DataQueries(db).series({ accountId, metric: 'heart_rate', from, to, buckets: 10, raw: true });
    const rows = rawRows(from, to);
    const values = Array.from(q.v).filter((v) => !Number.isNaN(v));
    expect(values).toEqual(rows.map((r) => r.value));
    expect(q.decimated).toBe(false);
  });

  it('answers an empty series for an account without heart rate, and refuses an unknown account', () => {
    const q = new DataQueries(db).series({ accountId, metric: 'heart_rate', from: T0, to: T0 + 100, buckets: 10 });
    expect(q.t).toHaveLength(0);
    expect(() =>
      new DataQueries(db).series({ accountId: 'nobody', metric: 'heart_rate', from: 0, to: 1, buckets: 1 }),
    ).toThrow(/no such account/);
  });
});
