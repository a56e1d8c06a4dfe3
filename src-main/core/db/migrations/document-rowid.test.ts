import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectedOuraAccount } from '../../store/test-support/connected-account';
import { HealthStore } from '../../store/health-store';
import { emptyBatch, type Batch, type DailyRecord, type SeriesPage } from '../../store/records';
import { openDatabase, type Database } from '../database';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';

// Migrations 006 (document tables rebuilt as rowid tables) and 007
// (series.sample_count), run on a real file that was at schema 5 with data in
// it; then the sample count as the store keeps it from there on.

const DOC_TABLES = ['daily_summaries', 'sessions', 'measurements'] as const;
const DOC_INDEXES = [
  'daily_summaries_by_date',
  'daily_summaries_by_category',
  'sessions_by_date',
  'sessions_by_category',
  'measurements_by_date',
  'measurements_by_category',
];
const FIXED_NOW = () => new Date('2025-01-02T03:04:05.000Z');

let dir: string;
let db: Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-docrowid-'));
});
afterEach(() => {
  if (db?.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const newAccount = (d: Database, user: string) => connectedOuraAccount(d, { user });

/** A database file at schema 5, connected the way openDatabase does it (WAL, foreign keys on). */
function databaseAtVersion5(): Database {
  const d = new BetterSqlite3(path.join(dir, 'omnio.sqlite'));
  d.pragma('journal_mode = WAL');
  d.pragma('foreign_keys = ON');
  migrate(
    d,
    MIGRATIONS.filter((m) => m.version <= 5),
  );
  expect(d.pragma('user_version', { simple: true })).toBe(5);
  return d;
}

/** Every row of a table, each column with its storage class, in key order. */
function dump(d: Database, table: string): Record<string, unknown>[] {
  const cols = d.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[];
  const select = cols.map((c) => `${c}, typeof(${c}) AS ${c}__type`).join(', ');
  return d.prepare(`SELECT ${select} FROM ${table} ORDER BY account_id, kind, record_id`).all() as Record<
    string,
    unknown
  >[];
}

const tableSql = (d: Database, name: string) =>
  d.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(name) as string | undefined;

function seedVersion5(d: Database, accounts: string[]): void {
  const daily = d.prepare(
    `INSERT INTO daily_summaries (account_id, kind, record_id, category, local_date, utc_offset_min, score, data, raw, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const session = d.prepare(
    `INSERT INTO sessions (account_id, kind, record_id, category, sub_type, start_at, end_at, utc_offset_min, local_date, data, raw, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const measurement = d.prepare(
    `INSERT INTO measurements (account_id, kind, record_id, category, measured_at, utc_offset_min, local_date, value, unit, raw, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const series = d.prepare('INSERT INTO series (account_id, category, metric, unit) VALUES (?, ?, ?, ?)');
  const sample = d.prepare('INSERT INTO series_samples (series_id, ts, value, tag) VALUES (?, ?, ?, ?)');
  const page = d.prepare(
    'INSERT INTO series_pages (series_id, from_ts, to_ts, samples, raw, fetched_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  accounts.forEach((acc, a) => {
    // Record ids inserted out of key order, a long raw that overflows a page, NULLs in every nullable column.
    for (const n of [7, 2, 9, 0, 5]) {
      daily.run(
        acc,
        n % 2 ? 'oura.daily_sleep' : 'oura.daily_activity',
        `d-${n}-${a}`,
        n % 2 ? 'sleep' : 'daily_summary',
        `2024-03-0${n + 1}`,
        n === 0 ? null : 60 * (n - 4),
        n === 5 ? null : n * 10.5,
        JSON.stringify({ n, nested: { ok: true, list: [1, 'two', null] }, text: 'Grüße ✓' }),
        n === 9 ? 'x'.repeat(9000) : `{"id":"d-${n}","day":"2024-03-0${n + 1}"}`,
        `2024-04-0${n + 1}T00:00:00.000Z`,
      );
    }
    for (const n of [3, 1, 4]) {
      session.run(
        acc,
        'oura.sleep',
        `s-${n}-${a}`,
        'sleep',
        n === 1 ? null : 'long_sleep',
        `2024-03-0${n}T22:00:00Z`,
        n === 4 ? null : `2024-03-0${n + 1}T06:00:00Z`,
        n === 3 ? null : -300,
        `2024-03-0${n + 1}`,
        JSON.stringify({ stages: [n, n + 1], hr: n * 1.25 }),
        `{"id":"s-${n}"}`,
        '2024-04-01T00:00:00.000Z',
      );
    }
    for (const n of [2, 1]) {
      measurement.run(
        acc,
        'weight',
        `m-${n}-${a}`,
        'body',
        `2024-03-0${n}T08:00:00Z`,
        n === 1 ? null : 120,
        `2024-03-0${n}`,
        n === 1 ? 72 : 71.35,
        'kg',
        `{"weight":${n}}`,
        '2024-04-01T00:00:00.000Z',
      );
    }
    const hr = Number(series.run(acc, 'heart_rate', 'heart_rate', 'bpm').lastInsertRowid);
    for (let i = 0; i < 300; i++) sample.run(hr, 1_700_000_000 + i * 300, 50 + (i % 30), i % 3 ? 'rest' : null);
    page.run(hr, 1_700_000_000, 1_700_090_000, 300, Buffer.from([1, 2, 3]), '2024-04-01T00:00:00.000Z');
    const spo2 = Number(series.run(acc, 'spo2', 'spo2', 'pct').lastInsertRowid);
    for (let i = 0; i < 3 + a; i++) sample.run(spo2, 1_700_000_000 + i * 86_400, 97 + i * 0.5, null);
    // A series with no samples at all.
    series.run(acc, 'hrv', 'hrv', 'ms');
  });
}

describe('migrations 006 and 007 on a schema-5 database with data', () => {
  it('keeps every row with identical values, rebuilds the document tables as rowid tables, and counts samples', () => {
    db = databaseAtVersion5();
    const accounts = [newAccount(db, 'a'), newAccount(db, 'b')];
    seedVersion5(db, accounts);
    for (const t of DOC_TABLES) expect(tableSql(db, t)).toMatch(/WITHOUT ROWID/i);
    const before = Object.fromEntries(DOC_TABLES.map((t) => [t, dump(db, t)]));
    expect(before.daily_summaries).toHaveLength(10);
    expect(before.sessions).toHaveLength(6);
    expect(before.measurements).toHaveLength(4);
    const samplesBefore = db.prepare('SELECT * FROM series_samples ORDER BY series_id, ts').all();
    const pagesBefore = db.prepare('SELECT * FROM series_pages ORDER BY series_id, from_ts').all();

    expect(migrate(db, MIGRATIONS)).toEqual({ from: 5, to: MIGRATIONS.at(-1)!.version });

    for (const t of DOC_TABLES) {
      expect(dump(db, t)).toEqual(before[t]);
      const sql = tableSql(db, t)!;
      expect(sql).not.toMatch(/WITHOUT ROWID/i);
      expect(sql).toMatch(/UNIQUE\s*\(account_id, kind, record_id\)/);
      // A rowid table: rowid is readable, and nothing of the temporary name is left in the schema.
      expect(db.prepare(`SELECT count(rowid) FROM ${t}`).pluck().get()).toBe(before[t]!.length);
    }
    expect(
      db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%\\_rowid%' ESCAPE '\\'").pluck().get(),
    ).toBe(0);
    const indexes = db
      .prepare("SELECT name, tbl_name AS tbl FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL")
      .all() as { name: string; tbl: string }[];
    for (const name of DOC_INDEXES) {
      expect(indexes).toContainEqual({ name, tbl: name.replace(/_by_(date|category)$/, '') });
    }
    expect(db.prepare('SELECT * FROM series_samples ORDER BY series_id, ts').all()).toEqual(samplesBefore);
    expect(db.prepare('SELECT * FROM series_pages ORDER BY series_id, from_ts').all()).toEqual(pagesBefore);

    const counts = db
      .prepare(
        `SELECT s.metric, s.sample_count AS kept, (SELECT count(*) FROM series_samples x WHERE x.series_id = s.id) AS real
           FROM series s ORDER BY s.id`,
      )
      .all() as { metric: string; kept: number; real: number }[];
    expect(counts.map((c) => [c.metric, c.kept])).toEqual([
      ['heart_rate', 300],
      ['spo2', 3],
      ['hrv', 0],
      ['heart_rate', 300],
      ['spo2', 4],
      ['hrv', 0],
    ]);
    for (const c of counts) expect(c.kept).toBe(c.real);

    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('after migrating, the upsert key still merges a re-written document and rejects a duplicate insert', () => {
    db = databaseAtVersion5();
    const acc = newAccount(db, 'a');
    seedVersion5(db, [acc]);
    migrate(db, MIGRATIONS);
    const store = new HealthStore(db, FIXED_NOW);

    const rowsOf = (id: string) =>
      db.prepare('SELECT * FROM daily_summaries WHERE account_id = ? AND record_id = ?').all(acc, id) as Record<
        string,
        unknown
      >[];
    const migrated = rowsOf('d-7-0')[0]!;
    const doc: DailyRecord = {
      kind: 'oura.daily_sleep',
      recordId: 'd-7-0',
      localDate: '2024-03-08',
      utcOffsetMin: 180,
      score: 91,
      data: { refetched: true },
      raw: '{"id":"d-7","changed":true}',
    };
    const batch = (): Batch => ({ ...emptyBatch(), daily: [{ ...doc }] });
    const cursor = { coveredFrom: 0, coveredTo: 1 };
    // Same key as a migrated row: updated in place, not duplicated.
    expect(store.writeBatch(acc, 'sleep', batch(), cursor)).toBe(1);
    // Same document again: one row, nothing rewritten.
    expect(store.writeBatch(acc, 'sleep', batch(), cursor)).toBe(0);
    const rows = rowsOf('d-7-0');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      score: 91,
      utc_offset_min: 180,
      data: '{"refetched":true}',
      raw: doc.raw,
      updated_at: FIXED_NOW().toISOString(),
    });
    expect(rows[0]!.raw).not.toBe(migrated.raw);

    // A brand-new document, twice: one row.
    const fresh = (): Batch => ({ ...emptyBatch(), daily: [{ ...doc, recordId: 'new-1' }] });
    store.writeBatch(acc, 'sleep', fresh(), cursor);
    store.writeBatch(acc, 'sleep', fresh(), cursor);
    expect(rowsOf('new-1')).toHaveLength(1);

    // Sessions and measurements keep their keys too.
    const session = db.prepare('SELECT * FROM sessions WHERE record_id = ?').get('s-3-0') as Record<string, unknown>;
    const measurement = db.prepare('SELECT * FROM measurements WHERE record_id = ?').get('m-1-0') as Record<
      string,
      unknown
    >;
    const sessionsAndMeasurements = (): Batch => ({
      ...emptyBatch(),
      sessions: [
        {
          kind: 'oura.sleep',
          recordId: 's-3-0',
          subType: 'nap',
          startAt: '2024-03-03T13:00:00Z',
          endAt: '2024-03-03T13:30:00Z',
          utcOffsetMin: 0,
          localDate: '2024-03-03',
          data: {},
          raw: '{"nap":true}',
        },
      ],
      measurements: [
        {
          kind: 'weight',
          recordId: 'm-1-0',
          measuredAt: '2024-03-01T08:00:00Z',
          utcOffsetMin: null,
          localDate: '2024-03-01',
          value: 70,
          unit: 'kg',
          raw: '{"weight":70}',
        },
      ],
    });
    expect(store.writeBatch(acc, 'sleep', sessionsAndMeasurements(), cursor)).toBe(2);
    expect(store.writeBatch(acc, 'sleep', sessionsAndMeasurements(), cursor)).toBe(0);
    expect(db.prepare('SELECT count(*) FROM sessions WHERE record_id = ?').pluck().get('s-3-0')).toBe(1);
    expect(db.prepare('SELECT count(*) FROM measurements WHERE record_id = ?').pluck().get('m-1-0')).toBe(1);
    expect(db.prepare('SELECT sub_type FROM sessions WHERE record_id = ?').pluck().get('s-3-0')).toBe('nap');
    expect(session.sub_type).toBe('long_sleep');
    expect(db.prepare('SELECT value FROM measurements WHERE record_id = ?').pluck().get('m-1-0')).toBe(70);
    expect(measurement.value).toBe(72);

    // A plain INSERT of an existing key is refused by the UNIQUE constraint.
    for (const [table, id] of [
      ['daily_summaries', 'd-2-0'],
      ['sessions', 's-1-0'],
      ['measurements', 'm-2-0'],
    ] as const) {
      expect(() =>
        db.prepare(`INSERT INTO ${table} SELECT * FROM ${table} WHERE account_id = ? AND record_id = ?`).run(acc, id),
      ).toThrow(/UNIQUE constraint failed/);
    }
  });

  it('after migrating, deleting the account still cascades to the rebuilt tables', () => {
    db = databaseAtVersion5();
    const [a, b] = [newAccount(db, 'a'), newAccount(db, 'b')];
    seedVersion5(db, [a, b]);
    migrate(db, MIGRATIONS);
    db.prepare('DELETE FROM accounts WHERE id = ?').run(a);
    for (const t of DOC_TABLES) {
      expect(db.prepare(`SELECT count(*) FROM ${t} WHERE account_id = ?`).pluck().get(a)).toBe(0);
      expect(db.prepare(`SELECT count(*) FROM ${t} WHERE account_id = ?`).pluck().get(b)).toBeGreaterThan(0);
    }
  });

  it('the migrated file opens with openDatabase as the latest schema, changing nothing more', () => {
    db = databaseAtVersion5();
    seedVersion5(db, [newAccount(db, 'a')]);
    db.close();
    db = openDatabase(path.join(dir, 'omnio.sqlite'));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    for (const t of DOC_TABLES) expect(tableSql(db, t)).not.toMatch(/WITHOUT ROWID/i);
    expect(db.prepare('SELECT sum(sample_count) FROM series').pluck().get()).toBe(303);
    const store = new HealthStore(db);
    const acc = (db.prepare('SELECT id FROM accounts').pluck().get() as string) ?? '';
    expect(store.countRecords(acc, 'heart_rate')).toBe(300);
    expect(store.countRecords(acc, 'sleep')).toBe(3 + 3);
  });
});

describe('HealthStore series.sample_count', () => {
  let store: HealthStore;
  let acc: string;

  beforeEach(() => {
    db = openDatabase(path.join(dir, 'omnio.sqlite'));
    store = new HealthStore(db, FIXED_NOW);
    acc = newAccount(db, 'u');
  });

  const page = (metric: string, ts: number[], value: (t: number) => number = (t) => t % 97): SeriesPage => ({
    metric,
    unit: 'bpm',
    fromTs: ts.length ? Math.min(...ts) : 0,
    toTs: ts.length ? Math.max(...ts) + 1 : 1,
    ts,
    values: ts.map(value),
    tags: ts.map((t) => (t % 2 ? 'rest' : null)),
    raw: `{"page":${ts.length}}`,
  });
  const range = (from: number, n: number, step = 60) => Array.from({ length: n }, (_, i) => from + i * step);
  const writeSeries = (pages: SeriesPage[], category: 'heart_rate' | 'spo2' = 'heart_rate') =>
    store.writeBatch(acc, category, { ...emptyBatch(), series: pages }, { coveredFrom: 0, coveredTo: 1 });
  const kept = (metric: string) =>
    db.prepare('SELECT sample_count FROM series WHERE account_id = ? AND metric = ?').pluck().get(acc, metric);
  const real = (metric: string) =>
    db
      .prepare(
        'SELECT count(*) FROM series_samples WHERE series_id = (SELECT id FROM series WHERE account_id = ? AND metric = ?)',
      )
      .pluck()
      .get(acc, metric);

  it('writing the same page twice leaves the count unchanged', () => {
    const ts = range(1_000_000, 300);
    expect(writeSeries([page('heart_rate', ts)])).toBe(300);
    expect(kept('heart_rate')).toBe(300);
    expect(writeSeries([page('heart_rate', ts)])).toBe(0);
    expect(kept('heart_rate')).toBe(300);
    // Changed values on re-fetch rewrite rows but add none.
    expect(writeSeries([page('heart_rate', ts, (t) => (t % 97) + 1)])).toBe(300);
    expect(kept('heart_rate')).toBe(300);
    expect(real('heart_rate')).toBe(300);
  });

  it('an overlapping page adds only its new samples', () => {
    writeSeries([page('heart_rate', range(1_000_000, 200))]);
    // 150 overlap the first page, 250 are new.
    writeSeries([page('heart_rate', range(1_000_000 + 50 * 60, 400))]);
    expect(kept('heart_rate')).toBe(450);
    // A page inside a range that holds samples it does not repeat (a sparser re-fetch) adds its new ones only.
    writeSeries([page('heart_rate', [...range(1_000_000, 5, 120), 1_000_000 + 30])]);
    expect(kept('heart_rate')).toBe(451);
    // Unsorted timestamps and a timestamp repeated inside one page.
    writeSeries([page('heart_rate', [5_000_010, 5_000_000, 5_000_010, 4_999_990])]);
    expect(kept('heart_rate')).toBe(454);
    // Into an empty range, a repeated timestamp with another value is an update, not a second sample.
    const repeated = page('heart_rate', [5_500_000, 5_500_060, 5_500_060]);
    repeated.values = [60, 61, 62];
    expect(writeSeries([repeated])).toBe(3);
    expect(kept('heart_rate')).toBe(456);
    // Two pages of one series in one batch, overlapping each other.
    writeSeries([page('heart_rate', range(6_000_000, 129)), page('heart_rate', range(6_000_000 + 64 * 60, 129))]);
    expect(kept('heart_rate')).toBe(456 + 129 + 64);
    // An empty page changes nothing.
    writeSeries([page('heart_rate', [])]);
    expect(kept('heart_rate')).toBe(real('heart_rate'));
    expect(real('heart_rate')).toBe(456 + 129 + 64);
  });

  it('a failed batch leaves the count as it was', () => {
    writeSeries([page('heart_rate', range(1_000_000, 10))]);
    const bad = page('heart_rate', range(2_000_000, 3));
    (bad.values as number[]).pop();
    expect(() => writeSeries([page('heart_rate', range(1_000_000 + 600, 10)), bad])).toThrow(/ragged/);
    expect(kept('heart_rate')).toBe(10);
    expect(real('heart_rate')).toBe(10);
  });

  it('countRecords equals the real count(*) of every record of the category', () => {
    const docs: Batch = {
      ...emptyBatch(),
      daily: [1, 2, 3].map((n) => ({
        kind: 'oura.daily_stress',
        recordId: `d${n}`,
        localDate: `2024-01-0${n}`,
        utcOffsetMin: 0,
        score: n,
        data: { n },
        raw: `{"n":${n}}`,
      })),
      profiles: [{ kind: 'oura.personal_info', recordId: 'p', data: {}, raw: '{}' }],
    };
    store.writeBatch(acc, 'heart_rate', docs, { coveredFrom: 0, coveredTo: 1 });
    writeSeries([page('heart_rate', range(1_000_000, 257)), page('heart_rate_rest', range(1_000_000, 17))]);
    writeSeries([page('heart_rate', range(1_000_000 + 200 * 60, 100))]);
    // Re-fetched with changed values: rows rewritten, none added.
    writeSeries([page('heart_rate', range(1_000_000, 10), (t) => (t % 97) + 1)]);
    // Another category's series is not counted under heart_rate.
    writeSeries([page('spo2', range(1_000_000, 40))], 'spo2');
    const realCount = (category: string) =>
      (['daily_summaries', 'sessions', 'measurements', 'profiles'] as const).reduce(
        (sum, t) =>
          sum +
          (db
            .prepare(`SELECT count(*) FROM ${t} WHERE account_id = ? AND category = ?`)
            .pluck()
            .get(acc, category) as number),
        0,
      ) +
      (db
        .prepare(
          `SELECT count(*) FROM series_samples WHERE series_id IN
             (SELECT id FROM series WHERE account_id = ? AND category = ?)`,
        )
        .pluck()
        .get(acc, category) as number);
    expect(realCount('heart_rate')).toBe(3 + 1 + 300 + 17);
    expect(store.countRecords(acc, 'heart_rate')).toBe(realCount('heart_rate'));
    expect(store.countRecords(acc, 'spo2')).toBe(40);
    expect(store.countRecords(acc, 'spo2')).toBe(realCount('spo2'));
    // The running tally counts changed rows; settling replaces it with the exact count.
    expect(store.cursor(acc, 'heart_rate')!.records).not.toBe(realCount('heart_rate'));
    expect(store.settleRecordCount(acc, 'heart_rate')).toBe(realCount('heart_rate'));
    expect(store.cursor(acc, 'heart_rate')!.records).toBe(realCount('heart_rate'));
  });
});
