import type { Database } from 'better-sqlite3';
import type { CategoryId, ProviderId } from '../../../src-shared/providers';

// Issue 12: the stored records of a selection, one at a time, in one shape
// for every format (csv, json, fhir). Read from a connection of the export's
// own (read-only): its statements stay open across the export's awaits
// without leaving the app's connection busy, and WAL gives it one consistent
// snapshot while sync keeps writing.

export interface ExportSelection {
  /** One account, or every account. */
  accountId?: string;
  /** One category, or every category. */
  category?: CategoryId;
}

export type RecordType = 'sample' | 'daily' | 'session' | 'measurement' | 'profile';

/** One stored record, as every format reads it. Instants are ms since epoch; offsets minutes east of UTC. */
export interface ExportRecord {
  type: RecordType;
  accountId: string;
  providerId: ProviderId;
  category: CategoryId;
  /** Document kind (`oura.daily_sleep`), measurement kind (`weight`) or series metric (`heart_rate`). */
  kind: string;
  /** The provider's record id; for samples `<metric>:<ts>`. */
  recordId: string;
  /** Start or instant (ms), null for profiles and daily records without one. */
  time: number | null;
  endTime: number | null;
  utcOffsetMin: number | null;
  localDate: string | null;
  score: number | null;
  value: number | null;
  unit: string | null;
  tag: string | null;
  /** The normalized fields (JSON text) of documents; null for samples and measurements. */
  data: string | null;
}

function where(sel: ExportSelection, alias: string): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (sel.accountId) {
    clauses.push(`${alias}.account_id = ?`);
    params.push(sel.accountId);
  }
  if (sel.category) {
    clauses.push(`${alias}.category = ?`);
    params.push(sel.category);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** How many records the selection holds (progress; cheap: series counts are kept, no scan of samples). */
export function countRecords(db: Database, sel: ExportSelection): number {
  let n = 0;
  for (const table of ['daily_summaries', 'sessions', 'measurements', 'profiles']) {
    const w = where(sel, 't');
    n += db
      .prepare(`SELECT count(*) FROM ${table} t ${w.sql}`)
      .pluck()
      .get(...w.params) as number;
  }
  const w = where(sel, 't');
  n += db
    .prepare(`SELECT COALESCE(SUM(sample_count), 0) FROM series t ${w.sql}`)
    .pluck()
    .get(...w.params) as number;
  return n;
}

/** The (metric, unit) pairs of the selection, for CSV headers with units: series metrics and measurement kinds. */
export function valueColumns(db: Database, sel: ExportSelection): { kind: string; unit: string }[] {
  const ws = where(sel, 't');
  const rows = db
    .prepare(
      `SELECT DISTINCT metric AS kind, unit FROM series t ${ws.sql}
       UNION SELECT DISTINCT kind, unit FROM measurements t ${ws.sql} ORDER BY kind, unit`,
    )
    .all(...ws.params, ...ws.params) as { kind: string; unit: string }[];
  return rows;
}

/** Every record of the selection: documents first, then measurements (by instant), then samples (by series, time). */
export function* exportRecords(db: Database, sel: ExportSelection): IterableIterator<ExportRecord> {
  yield* documentRecords(db, sel);
  const rows = sampleRows(db);
  for (const s of seriesOf(db, sel)) {
    for (const row of rows(s.id)) yield sampleRecord(s, row);
  }
}

/** One series of the selection (its samples are read as raw rows: sampleRows). */
export interface SeriesInfo {
  id: number;
  accountId: string;
  providerId: ProviderId;
  category: CategoryId;
  metric: string;
  unit: string;
}

/** A stored sample as read: unix seconds, value, tag. */
export type SampleRow = [ts: number, value: number | null, tag: string | null];

/** The records of the selection that are not series samples, in exportRecords' order. */
export function* documentRecords(db: Database, sel: ExportSelection): IterableIterator<ExportRecord> {
  const provider = '(SELECT provider_id FROM accounts a WHERE a.id = t.account_id)';
  let w = where(sel, 't');
  for (const r of db
    .prepare(
      `SELECT t.account_id, ${provider} AS provider_id, t.category, t.kind, t.record_id, t.local_date, t.utc_offset_min, t.score, t.data
         FROM daily_summaries t ${w.sql} ORDER BY t.account_id, t.local_date, t.kind, t.record_id`,
    )
    .iterate(...w.params) as IterableIterator<Record<string, unknown>>) {
    yield {
      type: 'daily',
      accountId: r.account_id as string,
      providerId: r.provider_id as ProviderId,
      category: r.category as CategoryId,
      kind: r.kind as string,
      recordId: r.record_id as string,
      time: null,
      endTime: null,
      utcOffsetMin: r.utc_offset_min as number | null,
      localDate: r.local_date as string,
      score: r.score as number | null,
      value: null,
      unit: null,
      tag: null,
      data: r.data as string,
    };
  }
  w = where(sel, 't');
  for (const r of db
    .prepare(
      `SELECT t.account_id, ${provider} AS provider_id, t.category, t.kind, t.record_id, t.sub_type, t.start_at, t.end_at,
              t.utc_offset_min, t.local_date, t.data
         FROM sessions t ${w.sql} ORDER BY t.account_id, t.start_at, t.kind, t.record_id`,
    )
    .iterate(...w.params) as IterableIterator<Record<string, unknown>>) {
    yield {
      type: 'session',
      accountId: r.account_id as string,
      providerId: r.provider_id as ProviderId,
      category: r.category as CategoryId,
      kind: r.kind as string,
      recordId: r.record_id as string,
      time: Date.parse(r.start_at as string),
      endTime: r.end_at === null ? null : Date.parse(r.end_at as string),
      utcOffsetMin: r.utc_offset_min as number | null,
      localDate: r.local_date as string,
      score: null,
      value: null,
      unit: null,
      tag: r.sub_type as string | null,
      data: r.data as string,
    };
  }
  w = where(sel, 't');
  for (const r of db
    .prepare(
      `SELECT t.account_id, ${provider} AS provider_id, t.category, t.kind, t.record_id, t.measured_at, t.utc_offset_min,
              t.local_date, t.value, t.unit
         FROM measurements t ${w.sql} ORDER BY t.account_id, t.measured_at, t.kind, t.record_id`,
    )
    .iterate(...w.params) as IterableIterator<Record<string, unknown>>) {
    yield {
      type: 'measurement',
      accountId: r.account_id as string,
      providerId: r.provider_id as ProviderId,
      category: r.category as CategoryId,
      kind: r.kind as string,
      recordId: r.record_id as string,
      time: Date.parse(r.measured_at as string),
      endTime: null,
      utcOffsetMin: r.utc_offset_min as number | null,
      localDate: r.local_date as string,
      score: null,
      value: r.value as number,
      unit: r.unit as string,
      tag: null,
      data: null,
    };
  }
  w = where(sel, 't');
  for (const r of db
    .prepare(
      `SELECT t.account_id, ${provider} AS provider_id, t.category, t.kind, t.record_id, t.data
         FROM profiles t ${w.sql} ORDER BY t.account_id, t.kind`,
    )
    .iterate(...w.params) as IterableIterator<Record<string, unknown>>) {
    yield {
      type: 'profile',
      accountId: r.account_id as string,
      providerId: r.provider_id as ProviderId,
      category: r.category as CategoryId,
      kind: r.kind as string,
      recordId: r.record_id as string,
      time: null,
      endTime: null,
      utcOffsetMin: null,
      localDate: null,
      score: null,
      value: null,
      unit: null,
      tag: null,
      data: r.data as string,
    };
  }
}

/** The series of the selection, by account and metric. */
export function seriesOf(db: Database, sel: ExportSelection): SeriesInfo[] {
  const provider = '(SELECT provider_id FROM accounts a WHERE a.id = t.account_id)';
  const w = where(sel, 't');
  return db
    .prepare(
      `SELECT t.id, t.account_id AS accountId, ${provider} AS providerId, t.category, t.metric, t.unit
         FROM series t ${w.sql} ORDER BY t.account_id, t.metric`,
    )
    .all(...w.params) as SeriesInfo[];
}

/** Rows per read of a series' samples: enough that a read's fixed cost vanishes, few enough that memory stays flat. */
const SAMPLE_PAGE = 4096;

/**
 * A series' samples by time, in pages of raw rows (no object per row), read with `all()`:
 * one call into SQLite per 4,096 rows instead of one per row (`iterate()`), which cost as much as
 * formatting the rows. Pages follow the (series_id, ts) primary key, so each starts with a seek.
 */
export function samplePages(db: Database): (seriesId: number) => IterableIterator<SampleRow[]> {
  const page = db
    .prepare(
      `SELECT ts, value, tag FROM series_samples WHERE series_id = ? AND ts > ? ORDER BY ts LIMIT ${SAMPLE_PAGE}`,
    )
    .raw();
  return function* (seriesId) {
    let after = -Infinity;
    for (;;) {
      const rows = page.all(seriesId, after) as SampleRow[];
      yield rows;
      if (rows.length < SAMPLE_PAGE) return;
      after = rows[rows.length - 1]![0];
    }
  };
}

/** The same, one row at a time. */
export function sampleRows(db: Database): (seriesId: number) => IterableIterator<SampleRow> {
  const pages = samplePages(db);
  return function* (seriesId) {
    for (const rows of pages(seriesId)) yield* rows;
  };
}

export function sampleRecord(s: SeriesInfo, [ts, value, tag]: SampleRow): ExportRecord {
  return {
    type: 'sample',
    accountId: s.accountId,
    providerId: s.providerId,
    category: s.category,
    kind: s.metric,
    recordId: `${s.metric}:${ts}`,
    time: ts * 1000,
    endTime: null,
    utcOffsetMin: null,
    localDate: null,
    score: null,
    value,
    unit: s.unit,
    tag,
    data: null,
  };
}
