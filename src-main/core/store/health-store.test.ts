import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectedOuraAccount } from './test-support/connected-account';
import { openDatabase, type Database } from '../db/database';
import { HealthStore } from './health-store';
import { emptyBatch, RAW_PAGE_DEFLATE_LEVEL, type SeriesPage } from './records';

let dir: string;
let db: Database;
let store: HealthStore;
let accountId: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-store-'));
  db = openDatabase(path.join(dir, 'omnio.sqlite'));
  store = new HealthStore(db);
  accountId = connectedOuraAccount(db, { grantedScopes: ['heartrate'] });
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function hrPage(fromTs: number, n: number, bpm: (i: number) => number, raw: string | Uint8Array): SeriesPage {
  const ts = Array.from({ length: n }, (_, i) => fromTs + i * 300);
  return {
    metric: 'heart_rate',
    unit: 'bpm',
    fromTs,
    toTs: fromTs + n * 300,
    ts,
    values: ts.map((_, i) => bpm(i)),
    tags: ts.map((_, i) => (i % 2 ? 'rest' : null)),
    raw,
  };
}

function write(pages: SeriesPage[], coveredFrom: number): number {
  const batch = emptyBatch();
  batch.series.push(...pages);
  return store.writeBatch(accountId, 'heart_rate', batch, { coveredFrom, coveredTo: 2_000_000_000_000 });
}

const samples = () =>
  db.prepare('SELECT ts, value, tag FROM series_samples ORDER BY ts').all() as {
    ts: number;
    value: number;
    tag: string | null;
  }[];

describe('HealthStore series pages', () => {
  // 128 rows go per multi-row statement: every remainder size around it must land exactly once.
  it.each([0, 1, 127, 128, 129, 256, 300])('stores all %i samples of a page, each once, with its tag', (n) => {
    const from = 1_700_000_000 + n * 1_000_000;
    expect(write([hrPage(from, n, (i) => 50 + (i % 40), '{"data":[]}')], from * 1000)).toBe(n);
    const rows = samples();
    expect(rows).toHaveLength(n);
    rows.forEach((r, i) => {
      expect(r).toEqual({ ts: from + i * 300, value: 50 + (i % 40), tag: i % 2 ? 'rest' : null });
    });
    expect(store.cursor(accountId, 'heart_rate')?.coveredFrom).toBe(from * 1000);
  });

  it('upserts on re-fetch: unchanged samples are not rewritten, changed ones are updated, none duplicated', () => {
    const from = 1_700_000_000;
    write([hrPage(from, 300, (i) => 60 + (i % 10), 'a')], from * 1000);
    // Same window again: nothing changes.
    expect(write([hrPage(from, 300, (i) => 60 + (i % 10), 'a')], from * 1000)).toBe(0);
    // Three samples changed by the provider (one in a 128-row statement, one in the remainder).
    const changed = new Set([5, 200, 299]);
    expect(write([hrPage(from, 300, (i) => (changed.has(i) ? 99 : 60 + (i % 10)), 'b')], from * 1000)).toBe(3);
    const rows = samples();
    expect(rows).toHaveLength(300);
    for (const i of changed) expect(rows[i]!.value).toBe(99);
    expect(rows[6]!.value).toBe(66);
    // The newer raw page replaced the older one for the same window.
    expect(store.seriesPages(accountId, 'heart_rate').map((p) => p.raw)).toEqual(['b']);
  });

  it('keeps the raw page whether it came as text, as bytes, or already compressed by the fetcher', () => {
    const text = '{"data":[{"bpm":61}],"next_token":null}';
    const bytes = Buffer.from('{"data":[{"bpm":62,"source":"rest"}]}');
    const pre = Buffer.from('{"data":"compressed elsewhere"}');
    write(
      [
        hrPage(1_000_000, 2, () => 61, text),
        hrPage(2_000_000, 2, () => 62, bytes),
        { ...hrPage(3_000_000, 2, () => 63, pre), deflatedRaw: deflateRawSync(pre, { level: RAW_PAGE_DEFLATE_LEVEL }) },
      ],
      1_000_000_000,
    );
    expect(store.seriesPages(accountId, 'heart_rate').map((p) => [p.fromTs, p.samples, p.raw])).toEqual([
      [1_000_000, 2, text],
      [2_000_000, 2, bytes.toString('utf8')],
      [3_000_000, 2, pre.toString('utf8')],
    ]);
  });

  it('rejects a page whose columns differ in length, writing nothing of the batch', () => {
    const bad = hrPage(1_000_000, 3, () => 60, 'x');
    (bad.values as number[]).pop();
    expect(() => write([hrPage(2_000_000, 2, () => 60, 'y'), bad], 1_000_000_000)).toThrow(/ragged columns/);
    expect(samples()).toHaveLength(0);
    expect(store.cursor(accountId, 'heart_rate')).toBeNull();
  });
});
