import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectedOuraAccount } from './test-support/connected-account';
import { openDatabase, type Database } from '../db/database';
import { fromWire, toWire, type WireBatch } from './batch-wire';
import { HealthStore } from './health-store';
import { emptyBatch, RAW_PAGE_DEFLATE_LEVEL, type Batch, type SeriesPage } from './records';

// A Batch crossing to the database writer thread: toWire, a structured clone
// with the transfer list (what postMessage does), fromWire. Nothing may be lost
// or altered on the way, and what the store writes from it must be identical.

const deflate = (b: string | Uint8Array) => deflateRawSync(b, { level: RAW_PAGE_DEFLATE_LEVEL });
const inLargerBuffer = (b: Buffer): Buffer => {
  const big = Buffer.alloc(b.length + 4096);
  b.copy(big, 1000);
  return big.subarray(1000, 1000 + b.length);
};

function hrPage(fromTs: number, n: number): SeriesPage {
  const ts = Array.from({ length: n }, (_, i) => fromTs + i * 300);
  return {
    metric: 'heart_rate',
    unit: 'bpm',
    fromTs,
    toTs: fromTs + n * 300,
    ts,
    // Fractions, negatives, zero, large values: all must survive a Float64Array.
    values: ts.map((_, i) => (i % 7 === 0 ? -0.5 * i : 40 + ((i * 13) % 97) + i / 8)),
    tags: ts.map((_, i) => [null, 'rest', 'awake', 'workout', 'sleep'][i % 5]!),
    raw: `{"data":[${ts.map((t) => `{"t":${t}}`).join(',')}]}`,
  };
}

function sampleBatch(): Batch {
  const allNull = hrPage(1_700_100_000, 200);
  const compressedRaw = Buffer.from('{"data":"spo2 page as received"}');
  return {
    daily: [
      {
        kind: 'oura.daily_sleep',
        recordId: 'd1',
        localDate: '2024-03-01',
        utcOffsetMin: 60,
        score: 82.5,
        data: { contributors: { deep: 70, rem: null }, list: [1, 'two', { three: 3 }], text: 'Grüße ✓ "quoted"' },
        raw: '{"id":"d1"}',
      },
      {
        kind: 'oura.daily_activity',
        recordId: 'd2',
        localDate: '2024-03-02',
        utcOffsetMin: null,
        score: null,
        data: {},
        raw: '{"id":"d2"}',
      },
    ],
    sessions: [
      {
        kind: 'oura.sleep',
        recordId: 's1',
        subType: null,
        startAt: '2024-03-01T22:00:00Z',
        endAt: null,
        utcOffsetMin: -300,
        localDate: '2024-03-02',
        data: { stages: [1, 2, 3], hr: { avg: 51.25 } },
        raw: '{"id":"s1"}',
      },
    ],
    measurements: [
      {
        kind: 'weight',
        recordId: 'm1',
        measuredAt: '2024-03-01T08:00:00Z',
        utcOffsetMin: null,
        localDate: '2024-03-01',
        value: 71.35,
        unit: 'kg',
        raw: '{"w":71.35}',
      },
    ],
    profiles: [{ kind: 'oura.personal_info', recordId: 'p1', data: { age: 40, email: null }, raw: '{"age":40}' }],
    series: [
      // Mixed tags, some null; raw as text; no compressed copy.
      hrPage(1_700_000_000, 300),
      // Every tag null.
      { ...allNull, metric: 'heart_rate_rest', tags: Array.from(allNull.ts, () => null) },
      // Compressed off-thread: only the compressed bytes may travel.
      {
        metric: 'spo2',
        unit: 'pct',
        fromTs: 1_700_200_000,
        toTs: 1_700_286_400,
        ts: [1_700_200_000, 1_700_200_060, 1_700_200_120],
        values: [97, 98.5, 99],
        tags: [null, 'sleep', null],
        raw: compressedRaw,
        // As zlib hands it back: a view into a larger buffer.
        deflatedRaw: inLargerBuffer(deflate(compressedRaw)),
      },
      // Raw as bytes, no compressed copy.
      {
        metric: 'hrv',
        unit: 'ms',
        fromTs: 1_700_300_000,
        toTs: 1_700_300_600,
        ts: [1_700_300_000, 1_700_300_300],
        values: [31, 45.75],
        tags: ['sleep', 'sleep'],
        // A small Buffer: a view of Node's shared 8 KB pool, which must not travel with it.
        raw: Buffer.from('{"hrv":[31,45.75]}'),
      },
      // An empty page (a window with no samples).
      {
        metric: 'stress',
        unit: 'score',
        fromTs: 1_700_400_000,
        toTs: 1_700_486_400,
        ts: [],
        values: [],
        tags: [],
        raw: '{"data":[]}',
      },
    ],
  };
}

/** What postMessage does: a structured clone moving the transfer list. */
function cross(batch: Batch): { wire: WireBatch; arrived: WireBatch } {
  const { wire, transfer } = toWire(batch);
  const arrived = structuredClone(wire, { transfer });
  return { wire, arrived };
}

const bytes = (b: Uint8Array | string) => (typeof b === 'string' ? b : Array.from(b));

describe('batch-wire', () => {
  it('every series value, ts, tag and page field survives toWire → structured clone → fromWire', () => {
    const batch = sampleBatch();
    const { arrived } = cross(batch);
    const stored = fromWire(arrived);
    expect(stored.series).toHaveLength(batch.series.length);
    batch.series.forEach((page, p) => {
      const got = stored.series[p]!;
      expect({ metric: got.metric, unit: got.unit, fromTs: got.fromTs, toTs: got.toTs }).toEqual({
        metric: page.metric,
        unit: page.unit,
        fromTs: page.fromTs,
        toTs: page.toTs,
      });
      expect(Array.from(got.ts)).toEqual(page.ts);
      expect(Array.from(got.values)).toEqual(page.values);
      expect(Array.from(got.tags)).toEqual(page.tags);
      // -0.5 * 0 is -0: not even the sign of zero changes.
      for (let i = 0; i < page.values.length; i++) expect(Object.is(got.values[i], page.values[i])).toBe(true);
    });
    // The all-null page: one dictionary entry (null), every code pointing at it.
    expect(arrived.series[1]!.tagNames).toEqual([null]);
    expect(Array.from(stored.series[1]!.tags).every((t) => t === null)).toBe(true);
    // Tags are dictionary-coded: five distinct tags, not 300 strings.
    expect(arrived.series[0]!.tagNames).toHaveLength(5);
    expect(arrived.series[0]!.tagCodes).toBeInstanceOf(Uint16Array);
    expect(arrived.series[0]!.ts).toBeInstanceOf(Float64Array);
    expect(arrived.series[0]!.values).toBeInstanceOf(Float64Array);
    expect(stored.series[4]!.ts).toHaveLength(0);
  });

  it('a page compressed off-thread travels only compressed; a page without a compressed copy keeps its raw', () => {
    const batch = sampleBatch();
    const { wire, arrived } = cross(batch);
    const stored = fromWire(arrived);
    const spo2 = batch.series[2]!;
    expect(wire.series[2]!.raw).toBeNull();
    expect(arrived.series[2]!.raw).toBeNull();
    const got = stored.series[2]!;
    expect(Buffer.isBuffer(got.deflatedRaw)).toBe(true);
    expect(got.deflatedRaw!.length).toBe(spo2.deflatedRaw!.length);
    expect(got.deflatedRaw!.equals(spo2.deflatedRaw!)).toBe(true);
    // It travels in a buffer of exactly its size, moved rather than copied: zlib's answer is a view of
    // a larger chunk, whose whole backing buffer a structured clone would copy.
    expect(spo2.deflatedRaw!.buffer.byteLength).toBeGreaterThan(spo2.deflatedRaw!.length);
    expect(wire.series[2]!.deflatedRaw!.byteLength).toBe(0); // detached: moved to the other side
    expect(arrived.series[2]!.deflatedRaw!.buffer.byteLength).toBe(spo2.deflatedRaw!.length);
    // The sender's own compressed page is untouched (only the copy moved).
    expect(spo2.deflatedRaw!.length).toBeGreaterThan(0);
    // The store reads raw only without a compressed copy; nothing of the uncompressed page arrived.
    expect(got.raw).toBe('');

    for (const p of [0, 1, 4]) {
      expect(stored.series[p]!.raw).toBe(batch.series[p]!.raw);
      expect(stored.series[p]!.deflatedRaw).toBeUndefined();
      expect('deflatedRaw' in stored.series[p]!).toBe(false);
    }
    const hrv = stored.series[3]!;
    expect(hrv.raw).toBeInstanceOf(Uint8Array);
    expect((arrived.series[3]!.raw as Uint8Array).buffer.byteLength).toBe((batch.series[3]!.raw as Buffer).length);
    expect((batch.series[3]!.raw as Buffer).toString()).toBe('{"hrv":[31,45.75]}'); // the sender's copy stays
    expect(bytes(hrv.raw)).toEqual(bytes(batch.series[3]!.raw));
    expect(hrv.deflatedRaw).toBeUndefined();
  });

  it('typed columns that own their buffer move as they are; views and plain arrays are copied', () => {
    const owned = { ...hrPage(1_800_000_000, 50) };
    owned.ts = Float64Array.from(owned.ts);
    owned.values = Float64Array.from(owned.values);
    const bigger = new Float64Array(200);
    bigger.set(hrPage(1_900_000_000, 50).ts, 10);
    const view = { ...hrPage(1_900_000_000, 50), ts: bigger.subarray(10, 60) };
    const expected = [Array.from(owned.ts), Array.from(owned.values), Array.from(view.ts)];
    const { arrived } = cross({ ...emptyBatch(), series: [owned, view] });
    const stored = fromWire(arrived);
    expect([
      Array.from(stored.series[0]!.ts),
      Array.from(stored.series[0]!.values),
      Array.from(stored.series[1]!.ts),
    ]).toEqual(expected);
    // The owned columns moved (the sender's are detached); the view was copied (the sender keeps it).
    expect(owned.ts.length).toBe(0);
    expect(owned.values.length).toBe(0);
    expect(view.ts.length).toBe(50);
    expect(arrived.series[1]!.ts.buffer.byteLength).toBe(50 * 8);
  });

  it("documents' data arrive as the same JSON; measurements unchanged", () => {
    const batch = sampleBatch();
    const { arrived } = cross(batch);
    // They travel as columns: one array per field, no object per record.
    expect(arrived.daily.count).toBe(batch.daily.length);
    expect(arrived.daily.columns.raw).toEqual(batch.daily.map((d) => d.raw));
    expect(Object.keys(arrived.sessions.columns)).toHaveLength(9);
    const stored = fromWire(arrived);
    const pairs = [
      ...batch.daily.map((d, i) => [d, stored.daily[i]!] as const),
      ...batch.sessions.map((d, i) => [d, stored.sessions[i]!] as const),
      ...batch.profiles.map((d, i) => [d, stored.profiles[i]!] as const),
    ];
    expect(pairs).toHaveLength(4);
    for (const [orig, got] of pairs) {
      expect(typeof got.data).toBe('string');
      expect(got.data).toBe(JSON.stringify(orig.data));
      expect(JSON.parse(got.data as string)).toEqual(orig.data);
      const { data: _a, ...restOrig } = orig;
      const { data: _b, ...restGot } = got;
      expect(restGot).toEqual(restOrig);
    }
    expect(stored.measurements).toEqual(batch.measurements);
    // An empty list stays empty.
    expect(fromWire(cross({ ...batch, sessions: [] }).arrived).sessions).toEqual([]);
  });

  it("moves the columns (the wire's buffers are detached) and leaves the original batch untouched", () => {
    const batch = sampleBatch();
    const snapshot = structuredClone(batch);
    const { wire, arrived } = cross(batch);
    for (let p = 0; p < wire.series.length; p++) {
      const w = wire.series[p]!;
      // Transferred, not copied: the sender's views are detached.
      expect(w.ts.buffer.byteLength).toBe(0);
      expect(w.values.buffer.byteLength).toBe(0);
      expect(w.tagCodes.buffer.byteLength).toBe(0);
      expect(arrived.series[p]!.ts.length).toBe(batch.series[p]!.ts.length);
    }
    // structuredClone turns Buffers into Uint8Arrays; compare the bytes of those, everything else exactly.
    const plain = (b: Batch) => ({
      ...b,
      series: b.series.map((s) => ({
        ...s,
        raw: bytes(s.raw),
        deflatedRaw: s.deflatedRaw ? bytes(s.deflatedRaw) : undefined,
      })),
    });
    expect(plain(batch)).toEqual(plain(snapshot));
    expect(Array.isArray(batch.series[0]!.ts)).toBe(true);
    expect(Buffer.isBuffer(batch.series[2]!.deflatedRaw)).toBe(true);
  });

  it('accepts up to 65536 distinct tags in a page and refuses more', () => {
    const page = (n: number): SeriesPage => ({
      metric: 'm',
      unit: 'u',
      fromTs: 0,
      toTs: n,
      ts: Array.from({ length: n }, (_, i) => i),
      values: Array.from({ length: n }, () => 1),
      tags: Array.from({ length: n }, (_, i) => (i === 0 ? null : `t${i}`)),
      raw: '',
    });
    const batch = (n: number): Batch => ({
      daily: [],
      sessions: [],
      measurements: [],
      profiles: [],
      series: [page(n)],
    });
    const stored = fromWire(cross(batch(65_536)).arrived);
    const tags = stored.series[0]!.tags;
    expect(tags[0]).toBeNull();
    expect(tags[65_535]).toBe('t65535');
    expect(new Set(Array.from(tags)).size).toBe(65_536);
    expect(() => toWire(batch(65_537))).toThrow(/more than 65536 distinct tags/);
  });
});

describe('batch-wire into the store', () => {
  const dirs: string[] = [];
  const dbs: Database[] = [];
  const now = () => new Date('2025-05-06T07:08:09.000Z');

  function freshStore(): { db: Database; store: HealthStore; accountId: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-wire-'));
    dirs.push(dir);
    const db = openDatabase(path.join(dir, 'omnio.sqlite'));
    dbs.push(db);
    const accountId = connectedOuraAccount(db, { now });
    return { db, store: new HealthStore(db, now), accountId };
  }

  beforeEach(() => {
    dirs.length = 0;
    dbs.length = 0;
  });
  afterEach(() => {
    for (const db of dbs) db.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Every stored row, without the (random) account id. */
  function dump(db: Database): Record<string, unknown[]> {
    const q = (sql: string) => db.prepare(sql).all();
    return {
      series: q('SELECT id, category, metric, unit, sample_count FROM series ORDER BY id'),
      samples: q('SELECT series_id, ts, value, typeof(value) AS vt, tag FROM series_samples ORDER BY series_id, ts'),
      pages: q(
        'SELECT series_id, from_ts, to_ts, samples, raw, fetched_at FROM series_pages ORDER BY series_id, from_ts',
      ),
      daily: q(
        'SELECT kind, record_id, category, local_date, utc_offset_min, score, data, raw, updated_at FROM daily_summaries ORDER BY kind, record_id',
      ),
      sessions: q(
        'SELECT kind, record_id, category, sub_type, start_at, end_at, utc_offset_min, local_date, data, raw, updated_at FROM sessions ORDER BY kind, record_id',
      ),
      measurements: q(
        'SELECT kind, record_id, category, measured_at, utc_offset_min, local_date, value, unit, raw, updated_at FROM measurements ORDER BY kind, record_id',
      ),
      profiles: q('SELECT kind, record_id, category, data, raw, updated_at FROM profiles ORDER BY kind'),
      cursors: q('SELECT category, covered_from, covered_to, records, updated_at FROM sync_cursors ORDER BY category'),
    };
  }

  it('writing the fromWire batch stores exactly the rows the original batch stores', () => {
    const direct = freshStore();
    const viaWire = freshStore();
    const cursor = { coveredFrom: 1_700_000_000_000, coveredTo: 1_700_500_000_000 };
    const n1 = direct.store.writeBatch(direct.accountId, 'heart_rate', sampleBatch(), cursor);
    const n2 = viaWire.store.writeBatch(
      viaWire.accountId,
      'heart_rate',
      fromWire(cross(sampleBatch()).arrived),
      cursor,
    );
    expect(n2).toBe(n1);
    expect(n1).toBe(2 + 1 + 1 + 1 + 300 + 200 + 3 + 2);
    const a = dump(direct.db);
    const b = dump(viaWire.db);
    expect(b).toEqual(a);
    expect(a.samples).toHaveLength(505);
    expect(a.pages).toHaveLength(5);
    // The pages decompress to the provider's text either way.
    for (const metric of ['heart_rate', 'spo2', 'hrv']) {
      expect(viaWire.store.seriesPages(viaWire.accountId, metric)).toEqual(
        direct.store.seriesPages(direct.accountId, metric),
      );
    }
    expect(viaWire.store.seriesPages(viaWire.accountId, 'spo2')[0]!.raw).toBe('{"data":"spo2 page as received"}');
    expect(viaWire.store.countRecords(viaWire.accountId, 'heart_rate')).toBe(
      direct.store.countRecords(direct.accountId, 'heart_rate'),
    );

    // And a re-write through the wire is as idempotent as a direct one.
    expect(
      viaWire.store.writeBatch(viaWire.accountId, 'heart_rate', fromWire(cross(sampleBatch()).arrived), cursor),
    ).toBe(direct.store.writeBatch(direct.accountId, 'heart_rate', sampleBatch(), cursor));
    expect(dump(viaWire.db)).toEqual(dump(direct.db));
  });
});
