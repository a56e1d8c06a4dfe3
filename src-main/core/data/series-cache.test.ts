import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { HealthStore } from '../store/health-store';
import { emptyBatch } from '../store/records';
import { connectedOuraAccount } from '../store/test-support/connected-account';
import { CHUNK_S, SeriesCache, type SampleColumns } from './series-cache';

// The query thread's in-memory columns answer exactly what SQLite holds, also
// after the sync writer (another connection) rewrites or removes samples, and
// whether they were read on demand, filled in while idle, or trimmed to a budget.

let dir: string;
let file: string;
let writer: Database;
let reader: Database;
let accountId: string;
let store: HealthStore;
const T0 = 1_700_000_000;
const DAYS = 120;

/** Writes heart rate every 5 min over [from, to) with value f(t), as one provider page. */
function write(from: number, to: number, f: (t: number) => number): void {
  const ts: number[] = [];
  for (let t = from; t < to; t += 300) ts.push(t);
  const batch = emptyBatch();
  batch.series.push({
    metric: 'heart_rate',
    unit: 'bpm',
    fromTs: from,
    toTs: to,
    ts,
    values: ts.map(f),
    tags: ts.map(() => null),
    raw: '{}',
  });
  store.writeBatch(accountId, 'heart_rate', batch, { coveredFrom: from * 1000, coveredTo: to * 1000 });
}

const seriesId = () =>
  writer
    .prepare("SELECT id FROM series WHERE account_id = ? AND metric = 'heart_rate'")
    .pluck()
    .get(accountId) as number;

const stored = (from: number, to: number) =>
  writer
    .prepare('SELECT ts, value FROM series_samples WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts')
    .raw()
    .all(seriesId(), from, to) as [number, number][];

const joined = (parts: SampleColumns[]) => parts.flatMap((p) => Array.from(p.t, (t, i) => [t, p.v[i]!]));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-series-cache-'));
  file = path.join(dir, 'omnio.sqlite');
  writer = openDatabase(file);
  accountId = connectedOuraAccount(writer);
  store = new HealthStore(writer);
  write(T0, T0 + DAYS * 86_400, (t) => 50 + (t % 37));
  // The data query thread's own read-only connection.
  reader = new BetterSqlite3(file, { readonly: true });
});
afterEach(() => {
  reader.close();
  writer.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('answers every stored sample of a range, across chunk boundaries and at its ends', () => {
  const cache = new SeriesCache(reader);
  for (const [from, to] of [
    [T0, T0 + DAYS * 86_400],
    [T0 + 12_345, T0 + 40 * 86_400 + 7],
    [Math.ceil(T0 / CHUNK_S) * CHUNK_S - 600, Math.ceil(T0 / CHUNK_S) * CHUNK_S + 600],
    [T0 - 86_400, T0 + 1],
    [T0 + 500 * 86_400, T0 + 501 * 86_400],
  ] as const) {
    expect(joined(cache.range(seriesId(), from, to))).toEqual(stored(from, to));
  }
});

it('sees what another connection rewrote or added, and only reads again the chunks it touched', () => {
  const cache = new SeriesCache(reader);
  const all: [number, number] = [T0 - 86_400, T0 + (DAYS + 30) * 86_400];
  cache.range(seriesId(), ...all);
  const held = cache.heldBytes;
  // The provider corrects ten days in the middle (same timestamps, other values) and adds a newer week.
  write(T0 + 50 * 86_400, T0 + 60 * 86_400, (t) => 150 + (t % 11));
  write(T0 + DAYS * 86_400, T0 + (DAYS + 7) * 86_400, () => 77);
  expect(joined(cache.range(seriesId(), ...all))).toEqual(stored(...all));
  expect(cache.heldBytes).toBe(held + 16 * 7 * 288);
  // A write that changes nothing still moves the page's fetched_at: the same answer.
  write(T0 + 50 * 86_400, T0 + 60 * 86_400, (t) => 150 + (t % 11));
  expect(joined(cache.range(seriesId(), ...all))).toEqual(stored(...all));
});

it('answers nothing once the account and its samples are removed', () => {
  const cache = new SeriesCache(reader);
  const id = seriesId();
  expect(cache.range(id, T0, T0 + 86_400)).not.toHaveLength(0);
  store.deleteAccountData(accountId);
  expect(cache.range(id, T0, T0 + 86_400)).toEqual([]);
  expect(cache.heldBytes).toBe(0);
});

it('sees the writes of its own connection too (the in-thread fallback shares it)', () => {
  const cache = new SeriesCache(writer);
  cache.range(seriesId(), T0, T0 + 10 * 86_400);
  write(T0, T0 + 10 * 86_400, () => 99);
  expect(joined(cache.range(seriesId(), T0, T0 + 10 * 86_400))).toEqual(stored(T0, T0 + 10 * 86_400));
});

it('fills in the rest of a prefetched series while idle, and keeps to its budget', () => {
  const cache = new SeriesCache(reader);
  cache.range(seriesId(), T0 + 100 * 86_400, T0 + 101 * 86_400);
  cache.prefetch(seriesId());
  let steps = 0;
  while (cache.warmStep()) steps++;
  expect(steps).toBeGreaterThan(2);
  expect(cache.heldBytes).toBe(16 * DAYS * 288);
  expect(joined(cache.range(seriesId(), T0, T0 + DAYS * 86_400))).toEqual(stored(T0, T0 + DAYS * 86_400));

  // A budget of two chunks' worth: older chunks go, answers stay whole.
  const small = new SeriesCache(reader, 2 * 16 * 8000);
  const range: [number, number] = [T0, T0 + DAYS * 86_400];
  expect(joined(small.range(seriesId(), ...range))).toEqual(stored(...range));
  expect(small.heldBytes).toBeLessThanOrEqual(2 * 16 * 8000);
  expect(joined(small.range(seriesId(), ...range))).toEqual(stored(...range));
});
