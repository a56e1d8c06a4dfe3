import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectedOuraAccount } from '../../store/test-support/connected-account';
import { openDatabase, type Database } from '../../db/database';
import { HealthStore } from '../../store/health-store';
import { emptyBatch, type Batch, type SeriesPage } from '../../store/records';
import { ThreadStoreWriter } from './writer-thread';

// The database writer thread on a real file: its own connection, calls
// carried out and answered in order, each answer meaning "committed" (visible
// to another connection), a failed write changing nothing.

let dir: string;
let dbFile: string;
let db: Database;
let reader: HealthStore;
let accountId: string;
let writer: ThreadStoreWriter;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-writer-'));
  dbFile = path.join(dir, 'omnio.sqlite');
  db = openDatabase(dbFile);
  reader = new HealthStore(db);
  accountId = connectedOuraAccount(db);
  writer = new ThreadStoreWriter(dbFile);
  await writer.start();
});
afterEach(async () => {
  await writer.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const DAY = 86_400;

function hrPage(fromTs: number, n: number, metric = 'heart_rate'): SeriesPage {
  const ts = Array.from({ length: n }, (_, i) => fromTs + i * 300);
  return {
    metric,
    unit: 'bpm',
    fromTs,
    toTs: fromTs + DAY,
    ts,
    values: ts.map((_, i) => 50 + (i % 40) + 0.25),
    tags: ts.map((_, i) => (i % 3 ? 'rest' : null)),
    raw: `{"from":${fromTs}}`,
  };
}
const seriesBatch = (...pages: SeriesPage[]): Batch => ({ ...emptyBatch(), series: pages });
/** Window `w` of a backfill: one day from a fixed start. */
const windowOf = (w: number) => {
  const fromTs = 1_700_000_000 + w * DAY;
  return { fromTs, cursor: { coveredFrom: 1_700_000_000_000, coveredTo: (fromTs + DAY) * 1000 } };
};
const samplesBetween = (from: number, to: number) =>
  db.prepare('SELECT ts, value, tag FROM series_samples WHERE ts >= ? AND ts < ? ORDER BY ts').all(from, to) as {
    ts: number;
    value: number;
    tag: string | null;
  }[];
const allSamples = () => db.prepare('SELECT count(*) FROM series_samples').pluck().get() as number;

describe('ThreadStoreWriter', () => {
  it('leaves the WAL alone while writes keep coming, and checkpoints it once idle', async () => {
    const fileSize = () => fs.statSync(dbFile).size;
    const before = fileSize();
    // A burst of windows, back to back: their pages go to the WAL (commits do not copy them into the file).
    await Promise.all(
      Array.from({ length: 20 }, (_, w) => {
        const { fromTs, cursor } = windowOf(w);
        return writer.writeBatch(accountId, 'heart_rate', seriesBatch(hrPage(fromTs, 288)), cursor);
      }),
    );
    expect(fs.statSync(`${dbFile}-wal`).size).toBeGreaterThan(100_000);
    // Idle for a moment: the writer copies the WAL into the database (the file grows; the data is the same).
    const deadline = Date.now() + 5_000;
    while (fileSize() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(fileSize()).toBeGreaterThan(before);
    expect(allSamples()).toBe(20 * 288);
  });

  it('answers writes in order, each committed (rows and cursor visible from another connection) when it resolves', async () => {
    // One at a time: exactly the window's rows and its cursor after each.
    for (const w of [0, 1]) {
      const { fromTs, cursor } = windowOf(w);
      expect(await writer.writeBatch(accountId, 'heart_rate', seriesBatch(hrPage(fromTs, 150)), cursor)).toBe(150);
      expect(samplesBetween(fromTs, fromTs + DAY)).toEqual(
        Array.from(hrPage(fromTs, 150).ts, (ts, i) => ({
          ts,
          value: 50 + (i % 40) + 0.25,
          tag: i % 3 ? 'rest' : null,
        })),
      );
      expect(reader.cursor(accountId, 'heart_rate')).toMatchObject(cursor);
      expect(allSamples()).toBe(150 * (w + 1));
    }

    // Pipelined, as a job does it: several in flight, answered in the order they were made.
    const order: number[] = [];
    const seen: { w: number; rows: number; coveredTo: number }[] = [];
    const writes = [2, 3, 4, 5].map((w) => {
      const { fromTs, cursor } = windowOf(w);
      const batch = seriesBatch(hrPage(fromTs, 129 + w));
      return writer.writeBatch(accountId, 'heart_rate', batch, cursor).then((changed) => {
        order.push(w);
        // Read at the moment of the answer: this write is committed (later ones may be too).
        seen.push({
          w,
          rows: samplesBetween(fromTs, fromTs + DAY).length,
          coveredTo: reader.cursor(accountId, 'heart_rate')!.coveredTo,
        });
        return changed;
      });
    });
    expect(await Promise.all(writes)).toEqual([131, 132, 133, 134]);
    expect(order).toEqual([2, 3, 4, 5]);
    for (const s of seen) {
      expect(s.rows).toBe(129 + s.w);
      expect(s.coveredTo).toBeGreaterThanOrEqual(windowOf(s.w).cursor.coveredTo);
    }
    expect(reader.cursor(accountId, 'heart_rate')).toEqual({
      ...windowOf(5).cursor,
      records: 300 + 131 + 132 + 133 + 134,
    });
    expect(allSamples()).toBe(300 + 131 + 132 + 133 + 134);
  });

  it('documents and compressed pages arrive intact through the thread', async () => {
    const { deflateRawSync } = await import('node:zlib');
    const raw = Buffer.from('{"page":"compressed by the fetcher"}');
    const batch: Batch = {
      ...emptyBatch(),
      daily: [
        {
          kind: 'oura.daily_sleep',
          recordId: 'd1',
          localDate: '2024-03-01',
          utcOffsetMin: 60,
          score: 80,
          data: { deep: 70, text: 'Grüße ✓', list: [1, null] },
          raw: '{"id":"d1"}',
        },
      ],
      series: [{ ...hrPage(1_700_000_000, 3), deflatedRaw: deflateRawSync(raw, { level: 1 }) }],
    };
    expect(await writer.writeBatch(accountId, 'sleep', batch, { coveredFrom: 0, coveredTo: 1 })).toBe(4);
    expect(db.prepare('SELECT data FROM daily_summaries WHERE record_id = ?').pluck().get('d1')).toBe(
      JSON.stringify({ deep: 70, text: 'Grüße ✓', list: [1, null] }),
    );
    expect(reader.seriesPages(accountId, 'heart_rate').map((p) => p.raw)).toEqual([raw.toString('utf8')]);
  });

  it('markAttempt, markOutcome and settleRecordCount reach the database', async () => {
    await writer.markAttempt(accountId, 'heart_rate');
    const status = () =>
      db
        .prepare(
          'SELECT last_attempt_at AS attempt, last_success_at AS success, last_error AS error FROM sync_status WHERE account_id = ? AND category = ?',
        )
        .get(accountId, 'heart_rate') as { attempt: string | null; success: string | null; error: string | null };
    expect(status()).toMatchObject({ success: null, error: null });
    expect(status().attempt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const { fromTs, cursor } = windowOf(0);
    await writer.writeBatch(accountId, 'heart_rate', seriesBatch(hrPage(fromTs, 200)), cursor);
    // A re-fetch with changed values: the running tally counts the rewritten rows again.
    const changed = hrPage(fromTs, 200);
    changed.values = changed.values.map((v) => v + 1);
    expect(await writer.writeBatch(accountId, 'heart_rate', seriesBatch(changed), cursor)).toBe(200);
    expect(reader.cursor(accountId, 'heart_rate')!.records).toBe(400);

    await writer.markOutcome(accountId, 'heart_rate', null);
    const ok = status();
    expect(ok.error).toBeNull();
    expect(ok.success).toMatch(/^\d{4}-\d\d-\d\dT/);

    expect(await writer.settleRecordCount(accountId, 'heart_rate')).toBe(200);
    expect(reader.cursor(accountId, 'heart_rate')!.records).toBe(200);
    expect(
      db
        .prepare('SELECT records FROM sync_cursors WHERE account_id = ? AND category = ?')
        .pluck()
        .get(accountId, 'heart_rate'),
    ).toBe(200);

    await writer.markOutcome(accountId, 'heart_rate', 'provider said no');
    expect(status()).toEqual({ attempt: ok.attempt, success: ok.success, error: 'provider said no' });
    expect(reader.statuses(accountId)).toEqual([
      {
        category: 'heart_rate',
        lastAttemptAt: ok.attempt,
        lastSuccessAt: ok.success,
        lastError: 'provider said no',
        coveredFrom: cursor.coveredFrom,
        coveredTo: cursor.coveredTo,
        records: 200,
      },
    ]);
  });

  it('a failing write rejects, changes nothing, and the writer keeps working', async () => {
    const { fromTs, cursor } = windowOf(0);
    await writer.writeBatch(accountId, 'heart_rate', seriesBatch(hrPage(fromTs, 10)), cursor);
    const cursorBefore = reader.cursor(accountId, 'heart_rate');

    const next = windowOf(1);
    const ragged = hrPage(next.fromTs + 3600, 3);
    ragged.values = ragged.values.slice(0, 2);
    const bad: Batch = {
      ...seriesBatch(hrPage(next.fromTs, 5), ragged),
      daily: [
        {
          kind: 'oura.daily_sleep',
          recordId: 'never',
          localDate: '2024-03-01',
          utcOffsetMin: 0,
          score: 1,
          data: {},
          raw: '{}',
        },
      ],
    };
    const failed = writer.writeBatch(accountId, 'heart_rate', bad, next.cursor);
    await expect(failed).rejects.toBeInstanceOf(Error);
    await expect(failed).rejects.toThrow(/ragged/);
    expect(db.prepare('SELECT count(*) FROM daily_summaries').pluck().get()).toBe(0);
    expect(samplesBetween(next.fromTs, next.fromTs + DAY)).toEqual([]);
    expect(allSamples()).toBe(10);
    expect(reader.cursor(accountId, 'heart_rate')).toEqual(cursorBefore);
    expect(db.prepare('SELECT sample_count FROM series').pluck().all()).toEqual([10]);

    // The thread is still there and the next write goes through.
    expect(await writer.writeBatch(accountId, 'heart_rate', seriesBatch(hrPage(next.fromTs, 5)), next.cursor)).toBe(5);
    expect(allSamples()).toBe(15);
    expect(reader.cursor(accountId, 'heart_rate')).toMatchObject(next.cursor);
    expect(await writer.settleRecordCount(accountId, 'heart_rate')).toBe(15);
  });

  // HealthStore caches series ids; one created in a transaction that rolled back must be forgotten, or the
  // writer thread's long-lived store files the metric's later samples under an id SQLite gives to another
  // series (or fails them on the foreign key).
  it('a failed first write of a new metric does not break its later writes', async () => {
    const { fromTs, cursor } = windowOf(0);
    const ragged = hrPage(fromTs, 3, 'spo2');
    ragged.values = ragged.values.slice(0, 2);
    await expect(writer.writeBatch(accountId, 'spo2', seriesBatch(ragged), cursor)).rejects.toThrow(/ragged/);
    await writer.writeBatch(accountId, 'hrv', seriesBatch(hrPage(fromTs, 2, 'hrv')), cursor);
    await writer.writeBatch(accountId, 'spo2', seriesBatch(hrPage(fromTs, 3, 'spo2')), cursor);
    const counts = db
      .prepare(
        'SELECT s.metric, s.sample_count AS kept, (SELECT count(*) FROM series_samples x WHERE x.series_id = s.id) AS real FROM series s ORDER BY s.metric',
      )
      .all();
    expect(counts).toEqual([
      { metric: 'hrv', kept: 2, real: 2 },
      { metric: 'spo2', kept: 3, real: 3 },
    ]);
  });

  it('close() resolves; every call after it rejects', async () => {
    await writer.writeBatch(accountId, 'heart_rate', seriesBatch(hrPage(1_700_000_000, 2)), windowOf(0).cursor);
    await expect(writer.close()).resolves.toBeUndefined();
    // Closing twice is harmless.
    await expect(writer.close()).resolves.toBeUndefined();
    await expect(
      writer.writeBatch(accountId, 'heart_rate', seriesBatch(hrPage(1_800_000_000, 2)), windowOf(1).cursor),
    ).rejects.toThrow(/closing/);
    await expect(writer.markAttempt(accountId, 'heart_rate')).rejects.toThrow(/closing/);
    await expect(writer.settleRecordCount(accountId, 'heart_rate')).rejects.toThrow(/closing/);
    expect(allSamples()).toBe(2);
    expect(reader.cursor(accountId, 'heart_rate')).toMatchObject(windowOf(0).cursor);
  });

  it('close() waits for the writes already sent, which all commit', async () => {
    const writes = [0, 1, 2].map((w) =>
      writer.writeBatch(accountId, 'heart_rate', seriesBatch(hrPage(windowOf(w).fromTs, 50)), windowOf(w).cursor),
    );
    const closed = writer.close();
    expect(await Promise.all(writes)).toEqual([50, 50, 50]);
    await closed;
    expect(allSamples()).toBe(150);
    expect(reader.cursor(accountId, 'heart_rate')).toMatchObject(windowOf(2).cursor);
  });
});
