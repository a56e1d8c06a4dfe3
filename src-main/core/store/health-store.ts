import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Database, Statement } from 'better-sqlite3';
import type { CategoryId, ProviderId } from '../../../src-shared/providers';
import { RAW_PAGE_DEFLATE_LEVEL, type BudgetState, type StoredBatch, type StoredSeriesPage } from './records';

export interface Cursor {
  /** Everything in [coveredFrom, coveredTo) (ms since epoch) is stored. */
  coveredFrom: number;
  coveredTo: number;
  records: number;
}

export interface CategoryStatusRow {
  category: CategoryId;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  coveredFrom: number | null;
  coveredTo: number | null;
  records: number;
}

// Rows per multi-row INSERT for samples: fewer JS→SQLite crossings per sample.
const SAMPLE_ROWS_PER_STATEMENT = 128;

/**
 * The synced data and the sync bookkeeping. `writeBatch` is the only way data
 * gets in, and it moves the cursor in the same transaction: a process killed at
 * any point leaves either the old data and old cursor or the new data and the
 * new cursor, never a mix. Upserts make every re-fetch idempotent.
 */
export class HealthStore {
  private readonly upsertDaily: Statement;
  private readonly upsertSession: Statement;
  private readonly upsertMeasurement: Statement;
  private readonly upsertProfile: Statement;
  private readonly upsertSampleOne: Statement;
  private readonly upsertSampleMany: Statement;
  private readonly findSeries: Statement;
  private readonly insertSeries: Statement;
  private readonly insertPage: Statement;
  private readonly dropCoveredPages: Statement;
  private readonly countSamplesInRange: Statement;
  private readonly addSampleCount: Statement;
  private readonly upsertCursor: Statement;
  private readonly selectCursor: Statement;
  private readonly seriesIds = new Map<string, number>();
  /** Keys added to seriesIds by the writeBatch under way (forgotten again if it rolls back). */
  private readonly seriesCachedInTransaction: string[] = [];

  constructor(
    /** Also the access log's connection in the sync threads (issue 12). */
    readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.upsertDaily = db.prepare(`
      INSERT INTO daily_summaries (account_id, kind, record_id, category, local_date, utc_offset_min, score, data, raw, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account_id, kind, record_id) DO UPDATE SET
        category = excluded.category, local_date = excluded.local_date, utc_offset_min = excluded.utc_offset_min,
        score = excluded.score, data = excluded.data, raw = excluded.raw, updated_at = excluded.updated_at
      WHERE raw IS NOT excluded.raw`);
    this.upsertSession = db.prepare(`
      INSERT INTO sessions (account_id, kind, record_id, category, sub_type, start_at, end_at, utc_offset_min, local_date, data, raw, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account_id, kind, record_id) DO UPDATE SET
        category = excluded.category, sub_type = excluded.sub_type, start_at = excluded.start_at, end_at = excluded.end_at,
        utc_offset_min = excluded.utc_offset_min, local_date = excluded.local_date, data = excluded.data,
        raw = excluded.raw, updated_at = excluded.updated_at
      WHERE raw IS NOT excluded.raw`);
    this.upsertMeasurement = db.prepare(`
      INSERT INTO measurements (account_id, kind, record_id, category, measured_at, utc_offset_min, local_date, value, unit, raw, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account_id, kind, record_id) DO UPDATE SET
        category = excluded.category, measured_at = excluded.measured_at, utc_offset_min = excluded.utc_offset_min,
        local_date = excluded.local_date, value = excluded.value, unit = excluded.unit, raw = excluded.raw,
        updated_at = excluded.updated_at
      WHERE raw IS NOT excluded.raw`);
    this.upsertProfile = db.prepare(`
      INSERT INTO profiles (account_id, kind, category, record_id, data, raw, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account_id, kind) DO UPDATE SET
        category = excluded.category, record_id = excluded.record_id, data = excluded.data, raw = excluded.raw,
        updated_at = excluded.updated_at
      WHERE raw IS NOT excluded.raw`);
    const sampleUpsertTail = `
      ON CONFLICT (series_id, ts) DO UPDATE SET value = excluded.value, tag = excluded.tag
      WHERE value IS NOT excluded.value OR tag IS NOT excluded.tag`;
    this.upsertSampleOne = db.prepare(
      `INSERT INTO series_samples (series_id, ts, value, tag) VALUES (?, ?, ?, ?) ${sampleUpsertTail}`,
    );
    this.upsertSampleMany = db.prepare(
      `INSERT INTO series_samples (series_id, ts, value, tag) VALUES ${Array(SAMPLE_ROWS_PER_STATEMENT).fill('(?, ?, ?, ?)').join(', ')} ${sampleUpsertTail}`,
    );
    this.findSeries = db.prepare('SELECT id FROM series WHERE account_id = ? AND metric = ?').pluck();
    this.insertSeries = db.prepare('INSERT INTO series (account_id, category, metric, unit) VALUES (?, ?, ?, ?)');
    this.insertPage = db.prepare(`
      INSERT INTO series_pages (series_id, from_ts, to_ts, samples, raw, fetched_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (series_id, from_ts, to_ts) DO UPDATE SET samples = excluded.samples, raw = excluded.raw, fetched_at = excluded.fetched_at`);
    // A newer page whose window contains an older one supersedes it: raw pages never pile up on re-fetch.
    this.dropCoveredPages = db.prepare(
      'DELETE FROM series_pages WHERE series_id = ? AND from_ts >= ? AND to_ts <= ? AND NOT (from_ts = ? AND to_ts = ?)',
    );
    this.countSamplesInRange = db
      .prepare('SELECT count(*) FROM series_samples WHERE series_id = ? AND ts BETWEEN ? AND ?')
      .pluck();
    this.addSampleCount = db.prepare('UPDATE series SET sample_count = sample_count + ? WHERE id = ?');
    this.upsertCursor = db.prepare(`
      INSERT INTO sync_cursors (account_id, category, covered_from, covered_to, records, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (account_id, category) DO UPDATE SET covered_from = excluded.covered_from,
        covered_to = excluded.covered_to, records = sync_cursors.records + excluded.records, updated_at = excluded.updated_at`);
    this.selectCursor = db.prepare(
      'SELECT covered_from AS coveredFrom, covered_to AS coveredTo, records FROM sync_cursors WHERE account_id = ? AND category = ?',
    );
  }

  cursor(accountId: string, category: CategoryId): Cursor | null {
    return (this.selectCursor.get(accountId, category) as Cursor | undefined) ?? null;
  }

  /**
   * Writes one fetched window and moves the cursor to `cursor`, atomically.
   * Returns how many rows were inserted or changed.
   */
  writeBatch(
    accountId: string,
    category: CategoryId,
    batch: StoredBatch,
    cursor: { coveredFrom: number; coveredTo: number },
  ): number {
    const at = this.now().toISOString();
    this.seriesCachedInTransaction.length = 0;
    try {
      return this.writeInTransaction(accountId, category, batch, cursor, at);
    } catch (err) {
      // A series row created in the rolled-back transaction is gone: its cached id must go too, or the
      // id SQLite hands out next would be taken for it (samples filed under another metric).
      for (const key of this.seriesCachedInTransaction) this.seriesIds.delete(key);
      throw err;
    }
  }

  private writeInTransaction(
    accountId: string,
    category: CategoryId,
    batch: StoredBatch,
    cursor: { coveredFrom: number; coveredTo: number },
    at: string,
  ): number {
    return this.db.transaction(() => {
      let changed = 0;
      for (const d of batch.daily) {
        changed += this.upsertDaily.run(
          accountId,
          d.kind,
          d.recordId,
          category,
          d.localDate,
          d.utcOffsetMin,
          d.score,
          dataJson(d.data),
          d.raw,
          at,
        ).changes;
      }
      for (const s of batch.sessions) {
        changed += this.upsertSession.run(
          accountId,
          s.kind,
          s.recordId,
          category,
          s.subType,
          s.startAt,
          s.endAt,
          s.utcOffsetMin,
          s.localDate,
          dataJson(s.data),
          s.raw,
          at,
        ).changes;
      }
      for (const m of batch.measurements) {
        changed += this.upsertMeasurement.run(
          accountId,
          m.kind,
          m.recordId,
          category,
          m.measuredAt,
          m.utcOffsetMin,
          m.localDate,
          m.value,
          m.unit,
          m.raw,
          at,
        ).changes;
      }
      for (const p of batch.profiles) {
        changed += this.upsertProfile.run(accountId, p.kind, category, p.recordId, dataJson(p.data), p.raw, at).changes;
      }
      for (const page of batch.series) changed += this.writePage(accountId, category, page, at);
      this.upsertCursor.run(accountId, category, cursor.coveredFrom, cursor.coveredTo, changed, at);
      return changed;
    })();
  }

  private writePage(accountId: string, category: CategoryId, page: StoredSeriesPage, at: string): number {
    const seriesId = this.seriesId(accountId, category, page.metric, page.unit);
    const { ts, values, tags } = page;
    const n = ts.length;
    if (values.length !== n || tags.length !== n) throw new Error(`series page for ${page.metric} has ragged columns`);
    let lo = Infinity;
    let hi = -Infinity;
    let increasing = true;
    for (let i = 0; i < n; i++) {
      const t = ts[i]!;
      if (t <= hi) increasing = false;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    // The series' exact sample count moves by what this page adds (a re-fetch adds nothing).
    const before = n > 0 ? (this.countSamplesInRange.get(seriesId, lo, hi) as number) : 0;
    let changed = 0;
    let i = 0;
    const params: unknown[] = new Array(SAMPLE_ROWS_PER_STATEMENT * 4);
    for (; i + SAMPLE_ROWS_PER_STATEMENT <= n; i += SAMPLE_ROWS_PER_STATEMENT) {
      for (let j = 0; j < SAMPLE_ROWS_PER_STATEMENT; j++) {
        const k = j * 4;
        params[k] = seriesId;
        params[k + 1] = ts[i + j];
        params[k + 2] = values[i + j];
        params[k + 3] = tags[i + j];
      }
      changed += this.upsertSampleMany.run(params).changes;
    }
    for (; i < n; i++) changed += this.upsertSampleOne.run(seriesId, ts[i], values[i], tags[i]).changes;
    if (n > 0) {
      // Into an empty range, distinct timestamps can only be inserted: every change is a new sample (the
      // backfill's case, which spares a second scan of the range). A repeated timestamp may be an update.
      const added =
        before === 0 && increasing ? changed : (this.countSamplesInRange.get(seriesId, lo, hi) as number) - before;
      if (added !== 0) this.addSampleCount.run(added, seriesId);
    }
    this.dropCoveredPages.run(seriesId, page.fromTs, page.toTs, page.fromTs, page.toTs);
    const raw = page.deflatedRaw ?? deflateRawSync(page.raw, { level: RAW_PAGE_DEFLATE_LEVEL });
    this.insertPage.run(seriesId, page.fromTs, page.toTs, n, raw, at);
    return changed;
  }

  private seriesId(accountId: string, category: CategoryId, metric: string, unit: string): number {
    const key = `${accountId}\u0000${metric}`;
    const cached = this.seriesIds.get(key);
    if (cached !== undefined) return cached;
    let id = this.findSeries.get(accountId, metric) as number | undefined;
    if (id === undefined) id = Number(this.insertSeries.run(accountId, category, metric, unit).lastInsertRowid);
    this.seriesIds.set(key, id);
    this.seriesCachedInTransaction.push(key);
    return id;
  }

  /** The provider's raw pages of a series (decompressed), oldest first: what each sample was read from. */
  seriesPages(accountId: string, metric: string): { fromTs: number; toTs: number; samples: number; raw: string }[] {
    const rows = this.db
      .prepare(
        `SELECT p.from_ts AS fromTs, p.to_ts AS toTs, p.samples AS samples, p.raw AS raw
           FROM series_pages p JOIN series s ON s.id = p.series_id
          WHERE s.account_id = ? AND s.metric = ? ORDER BY p.from_ts`,
      )
      .all(accountId, metric) as { fromTs: number; toTs: number; samples: number; raw: Buffer }[];
    return rows.map((r) => ({ ...r, raw: inflateRawSync(r.raw).toString('utf8') }));
  }

  /** Exact number of stored records of a category (samples count one each). */
  countRecords(accountId: string, category: CategoryId): number {
    const one = (sql: string) => this.db.prepare(sql).pluck().get(accountId, category) as number;
    return (
      one('SELECT count(*) FROM daily_summaries WHERE account_id = ? AND category = ?') +
      one('SELECT count(*) FROM sessions WHERE account_id = ? AND category = ?') +
      one('SELECT count(*) FROM measurements WHERE account_id = ? AND category = ?') +
      one('SELECT count(*) FROM profiles WHERE account_id = ? AND category = ?') +
      // Kept exact by writePage (migration 007): no scan of the samples.
      one('SELECT COALESCE(SUM(sample_count), 0) FROM series WHERE account_id = ? AND category = ?')
    );
  }

  /** Replaces the running tally with the exact count (after a job: upsert tallies count changed rows too). */
  settleRecordCount(accountId: string, category: CategoryId): number {
    const n = this.countRecords(accountId, category);
    this.db
      .prepare('UPDATE sync_cursors SET records = ? WHERE account_id = ? AND category = ?')
      .run(n, accountId, category);
    return n;
  }

  hasData(accountId: string): boolean {
    return (
      this.db
        .prepare(
          `SELECT EXISTS (SELECT 1 FROM daily_summaries WHERE account_id = @id) OR EXISTS (SELECT 1 FROM sessions WHERE account_id = @id)
             OR EXISTS (SELECT 1 FROM measurements WHERE account_id = @id) OR EXISTS (SELECT 1 FROM series WHERE account_id = @id)
             OR EXISTS (SELECT 1 FROM profiles WHERE account_id = @id)`,
        )
        .pluck()
        .get({ id: accountId }) === 1
    );
  }

  /** Removes every synced row and all sync bookkeeping of an account, in one transaction. */
  deleteAccountData(accountId: string): void {
    this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM series_samples WHERE series_id IN (SELECT id FROM series WHERE account_id = ?)')
        .run(accountId);
      this.db
        .prepare('DELETE FROM series_pages WHERE series_id IN (SELECT id FROM series WHERE account_id = ?)')
        .run(accountId);
      for (const table of [
        'series',
        'daily_summaries',
        'sessions',
        'measurements',
        'profiles',
        'sync_cursors',
        'sync_status',
      ]) {
        this.db.prepare(`DELETE FROM ${table} WHERE account_id = ?`).run(accountId);
      }
    })();
    for (const key of this.seriesIds.keys()) if (key.startsWith(`${accountId}\u0000`)) this.seriesIds.delete(key);
  }

  /**
   * Gives every daily record of the account that is dated by another record (`data.datedBy`, see records.ts)
   * that record's UTC offset, and the local date of its instant in it. Records whose reference is not
   * stored keep what they have. Returns how many changed.
   */
  applyDatedBy(accountId: string): number {
    return this.db
      .prepare(
        `UPDATE daily_summaries AS r
            SET utc_offset_min = c.utc_offset_min,
                local_date = date(json_extract(r.data, '$.datedBy.at') / 1000 + c.utc_offset_min * 60, 'unixepoch')
           FROM daily_summaries AS c
          WHERE r.account_id = @account
            AND json_extract(r.data, '$.datedBy.kind') IS NOT NULL
            AND c.account_id = r.account_id
            AND c.kind = json_extract(r.data, '$.datedBy.kind')
            AND c.record_id = json_extract(r.data, '$.datedBy.recordId')
            AND c.utc_offset_min IS NOT NULL
            AND (r.utc_offset_min IS NOT c.utc_offset_min
                 OR r.local_date IS NOT date(json_extract(r.data, '$.datedBy.at') / 1000 + c.utc_offset_min * 60, 'unixepoch'))`,
      )
      .run({ account: accountId }).changes;
  }

  /** A provider's saved request budget (RequestBudget.snapshot), or null if none or unreadable. */
  loadBudget(provider: ProviderId): BudgetState | null {
    const row = this.db.prepare('SELECT value FROM app_state WHERE key = ?').pluck().get(budgetKey(provider));
    if (typeof row !== 'string') return null;
    try {
      const v = JSON.parse(row) as Partial<BudgetState>;
      if (!Array.isArray(v.sent) || !v.sent.every((x) => typeof x === 'number') || typeof v.blockedUntil !== 'number')
        return null;
      return { sent: v.sent, blockedUntil: v.blockedUntil };
    } catch {
      return null; // an unreadable entry is dropped: the provider's own 429s still bound the rate
    }
  }

  saveBudget(provider: ProviderId, state: BudgetState): void {
    this.db
      .prepare(
        'INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(budgetKey(provider), JSON.stringify(state));
  }

  markAttempt(accountId: string, category: CategoryId): void {
    this.db
      .prepare(
        `INSERT INTO sync_status (account_id, category, last_attempt_at) VALUES (?, ?, ?)
         ON CONFLICT (account_id, category) DO UPDATE SET last_attempt_at = excluded.last_attempt_at`,
      )
      .run(accountId, category, this.now().toISOString());
  }

  markOutcome(accountId: string, category: CategoryId, error: string | null): void {
    const at = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO sync_status (account_id, category, last_attempt_at, last_success_at, last_error) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id, category) DO UPDATE SET last_error = excluded.last_error,
           last_success_at = COALESCE(excluded.last_success_at, sync_status.last_success_at)`,
      )
      .run(accountId, category, at, error === null ? at : null, error);
  }

  statuses(accountId: string): CategoryStatusRow[] {
    return this.db
      .prepare(
        `SELECT k.category AS category, s.last_attempt_at AS lastAttemptAt, s.last_success_at AS lastSuccessAt,
                s.last_error AS lastError, c.covered_from AS coveredFrom, c.covered_to AS coveredTo, COALESCE(c.records, 0) AS records
           FROM (SELECT category FROM sync_cursors WHERE account_id = @id UNION SELECT category FROM sync_status WHERE account_id = @id) k
           LEFT JOIN sync_cursors c ON c.account_id = @id AND c.category = k.category
           LEFT JOIN sync_status s ON s.account_id = @id AND s.category = k.category`,
      )
      .all({ id: accountId }) as CategoryStatusRow[];
  }
}

/** A record's normalized fields as stored: already JSON when the batch crossed from another thread. */
function dataJson(data: Record<string, unknown> | string): string {
  return typeof data === 'string' ? data : JSON.stringify(data);
}

const budgetKey = (provider: ProviderId) => `sync.request_budget.${provider}`;
