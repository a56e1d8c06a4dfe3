import type { Database, Statement } from 'better-sqlite3';
import { DAILY_METRICS, METRIC_INFO, SERIES_MAX_GAP_S, type DailyMetricId } from '../../../src-shared/data/metrics';
import type {
  DailyColumns,
  DataOverview,
  DayAccountView,
  DayDetail,
  RecordProvenance,
  SeriesColumns,
  SessionView,
  WorkoutList,
} from '../../../src-shared/data/columns';
import type { ProviderId } from '../../../src-shared/providers';
import { OmnioError } from '../errors';
import { DAILY_SOURCES, STORED_SERIES_METRIC, type DocTable } from './daily-sources';
import { m4, withGaps } from './m4';
import { SeriesCache } from './series-cache';

// The Data area's reads (issue 17). Runs on the data query thread's own
// read-only connection (data-query-worker.ts), never on the thread that
// answers the window. Every answer is columns.

export interface SeriesQuery {
  accountId: string;
  metric: string;
  /** Unix seconds, [from, to). */
  from: number;
  to: number;
  /** The chart's plot area width in device pixels (uPlot's bbox.width, a multiple of 0.5). */
  buckets: number;
  /** The plot area's left edge in device pixels (uPlot's bbox.left): with it, buckets are uPlot's columns. */
  plotLeft?: number;
  /** Every raw sample instead of the M4 reduction (day detail, the canvas comparison). */
  raw?: boolean;
}

export interface DailyQuery {
  accountId: string;
  metric: DailyMetricId;
  /** Local dates, inclusive; omitted: everything. */
  from?: string;
  to?: string;
}

const DAY_S = 86_400;
/** A bound for `raw: true` answers (five years of 5-minute samples is ~530,000). */
export const MAX_RAW_SAMPLES = 2_000_000;

const dateToSeconds = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;
const nextDate = (date: string) => new Date((dateToSeconds(date) + DAY_S) * 1000).toISOString().slice(0, 10);
const isoToSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export class DataQueries {
  private readonly accountRow: Statement;
  private readonly seriesRow: Statement;
  private readonly dailyStatements = new Map<string, Statement>();
  /** The samples of the series drawn, as columns in memory (series-cache.ts): the M4 pass reads these. */
  private readonly cache: SeriesCache;

  constructor(private readonly db: Database) {
    this.accountRow = db.prepare('SELECT provider_id FROM accounts WHERE id = ?').pluck();
    this.seriesRow = db.prepare('SELECT id, unit FROM series WHERE account_id = ? AND metric = ?');
    this.cache = new SeriesCache(db);
  }

  /**
   * Reads one more chunk of the series last charted into memory, if any is missing: the query thread calls
   * it while idle, so that after a month is drawn, the year and everything are answered from memory.
   */
  warmStep(): boolean {
    return this.cache.warmStep();
  }

  private provider(accountId: string): ProviderId {
    const p = this.accountRow.get(accountId) as ProviderId | undefined;
    if (!p) throw new OmnioError('NOT_FOUND', 'There is no such account.');
    return p;
  }

  /** A series over [from, to): the M4 reduction for `buckets` pixel columns, or every sample. */
  series(q: SeriesQuery): SeriesColumns {
    const started = performance.now();
    const providerId = this.provider(q.accountId);
    const stored = STORED_SERIES_METRIC[q.metric];
    if (!stored) throw new OmnioError('INVALID_ARGUMENT', `Omnio has no series named ${q.metric}.`);
    const row = this.seriesRow.get(q.accountId, stored) as { id: number; unit: string } | undefined;
    const base = {
      accountId: q.accountId,
      providerId,
      metric: q.metric,
      unit: row?.unit ?? METRIC_INFO.heart_rate.unit,
    };
    if (!row || !(q.to > q.from)) {
      return {
        ...base,
        t: new Float64Array(0),
        v: new Float64Array(0),
        rawCount: 0,
        stats: null,
        decimated: !q.raw,
        queryMs: 0,
      };
    }
    // Views of the cache's columns: only fresh arrays (m4, withGaps) leave this method.
    const parts = this.cache.range(row.id, Math.floor(q.from), Math.ceil(q.to));
    // A chart's range: the rest of its series is read into memory while the thread is idle.
    if (!q.raw) this.cache.prefetch(row.id);
    let n = 0;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const { v: vs } of parts) {
      n += vs.length;
      for (let i = 0; i < vs.length; i++) {
        const x = vs[i]!;
        if (x < min) min = x;
        if (x > max) max = x;
        sum += x;
      }
    }
    if (q.raw && n > MAX_RAW_SAMPLES) {
      throw new OmnioError('INVALID_ARGUMENT', `That range holds ${n} samples; ask for a decimated series instead.`);
    }
    const stats = n > 0 ? { min, max, mean: sum / n } : null;
    // Fewer samples than 4 per column: nothing to reduce, the raw samples are already the answer.
    const decimate = !q.raw && n > q.buckets * 4;
    const cols = decimate
      ? m4(parts, { from: q.from, to: q.to, width: q.buckets, left: q.plotLeft ?? 0 }, SERIES_MAX_GAP_S)
      : withGaps(parts, SERIES_MAX_GAP_S);
    return { ...base, ...cols, rawCount: n, stats, decimated: decimate, queryMs: performance.now() - started };
  }

  /** One value per local date (the record's own, as stored), only for dates that have one. */
  daily(q: DailyQuery): DailyColumns {
    const providerId = this.provider(q.accountId);
    const byDate = new Map<string, { v: number; ref: string }>();
    for (const [index, source] of DAILY_SOURCES[q.metric].entries()) {
      const stmt = this.dailyStatement(q.metric, index);
      const rows = stmt.all({
        account: q.accountId,
        from: q.from ?? '0000-01-01',
        to: q.to ?? '9999-12-31',
        ...Object.fromEntries(source.kinds.map((k, i) => [`k${i}`, k])),
      }) as { d: string; v: number; kind: string; recordId: string }[];
      for (const r of rows) {
        if (!byDate.has(r.d)) byDate.set(r.d, { v: r.v, ref: `${source.table}/${r.kind}/${r.recordId}` });
      }
    }
    const dates = [...byDate.keys()].sort();
    const t = new Float64Array(dates.length);
    const v = new Float64Array(dates.length);
    const refs: string[] = new Array(dates.length);
    dates.forEach((d, i) => {
      const e = byDate.get(d)!;
      t[i] = dateToSeconds(d);
      v[i] = e.v;
      refs[i] = e.ref;
    });
    return {
      accountId: q.accountId,
      providerId,
      metric: q.metric,
      unit: METRIC_INFO[q.metric].unit,
      dates,
      t,
      v,
      refs,
    };
  }

  private dailyStatement(metric: DailyMetricId, index: number): Statement {
    const key = `${metric}:${index}`;
    let stmt = this.dailyStatements.get(key);
    if (!stmt) {
      const s = DAILY_SOURCES[metric][index]!;
      const kinds = s.kinds.map((_, i) => `@k${i}`).join(', ');
      stmt = this.db.prepare(`
        SELECT local_date AS d, ${s.agg}(${s.value}) AS v, kind, record_id AS recordId FROM ${s.table}
         WHERE account_id = @account AND kind IN (${kinds}) AND local_date BETWEEN @from AND @to
           AND (${s.value}) IS NOT NULL ${s.where ? `AND ${s.where}` : ''}
         GROUP BY local_date ORDER BY local_date`);
      this.dailyStatements.set(key, stmt);
    }
    return stmt;
  }

  /**
   * The UTC offset (minutes) an account's local day `date` is lived in: the offset of a record dated that
   * day, else of the latest record before it, else `fallback`. Daily summaries first: they are the day's own.
   */
  private dayOffset(accountId: string, date: string, exactOnly: boolean): number | null {
    const exact = this.db
      .prepare(
        `SELECT utc_offset_min FROM (
           SELECT utc_offset_min, 0 AS o FROM daily_summaries WHERE account_id = @a AND local_date = @d AND utc_offset_min IS NOT NULL
           UNION ALL SELECT utc_offset_min, 1 FROM sessions WHERE account_id = @a AND local_date = @d AND utc_offset_min IS NOT NULL
           UNION ALL SELECT utc_offset_min, 2 FROM measurements WHERE account_id = @a AND local_date = @d AND utc_offset_min IS NOT NULL
         ) ORDER BY o LIMIT 1`,
      )
      .pluck()
      .get({ a: accountId, d: date }) as number | undefined;
    if (exact !== undefined || exactOnly) return exact ?? null;
    const before = this.db
      .prepare(
        `SELECT utc_offset_min FROM (
           SELECT utc_offset_min, local_date FROM daily_summaries WHERE account_id = @a AND local_date < @d AND utc_offset_min IS NOT NULL
           UNION ALL SELECT utc_offset_min, local_date FROM sessions WHERE account_id = @a AND local_date < @d AND utc_offset_min IS NOT NULL
         ) ORDER BY local_date DESC LIMIT 1`,
      )
      .pluck()
      .get({ a: accountId, d: date }) as number | undefined;
    return before ?? null;
  }

  /** The local day `date` of an account in UTC seconds: 23 or 25 hours long when its offset changes. */
  dayWindow(
    accountId: string,
    date: string,
    fallbackOffsetMin: number,
  ): { start: number; end: number; startOffsetMin: number; endOffsetMin: number } {
    const startOffsetMin = this.dayOffset(accountId, date, false) ?? fallbackOffsetMin;
    const endOffsetMin = this.dayOffset(accountId, nextDate(date), true) ?? startOffsetMin;
    return {
      start: dateToSeconds(date) - startOffsetMin * 60,
      end: dateToSeconds(date) + DAY_S - endOffsetMin * 60,
      startOffsetMin,
      endOffsetMin,
    };
  }

  /** One local day of every account: its heart-rate samples, sessions and the day's summaries. */
  day(date: string, fallbackOffsetMin: number): DayDetail {
    const accounts = this.db
      .prepare('SELECT id, provider_id AS providerId FROM accounts ORDER BY created_at')
      .all() as {
      id: string;
      providerId: ProviderId;
    }[];
    const out: DayAccountView[] = [];
    for (const a of accounts) {
      const w = this.dayWindow(a.id, date, fallbackOffsetMin);
      const hr = this.series({
        accountId: a.id,
        metric: 'heart_rate',
        from: w.start,
        to: w.end,
        buckets: 1,
        raw: true,
      });
      const sessions = (
        this.db
          .prepare(
            `SELECT kind, record_id AS recordId, category, sub_type AS subType, start_at AS startAt, end_at AS endAt,
                    utc_offset_min AS utcOffsetMin, local_date AS localDate
               FROM sessions
              WHERE account_id = @a AND (local_date = @d OR (start_at < @endIso AND COALESCE(end_at, start_at) > @startIso))
              ORDER BY start_at`,
          )
          .all({
            a: a.id,
            d: date,
            startIso: new Date(w.start * 1000).toISOString(),
            endIso: new Date(w.end * 1000).toISOString(),
          }) as SessionRow[]
      ).map(toSessionView);
      const summaries = (
        this.db
          .prepare(
            'SELECT kind, record_id AS recordId, score, data FROM daily_summaries WHERE account_id = ? AND local_date = ? ORDER BY kind',
          )
          .all(a.id, date) as { kind: string; recordId: string; score: number | null; data: string }[]
      ).map((s) => ({ ...s, data: JSON.parse(s.data) as Record<string, unknown> }));
      if (hr.rawCount === 0 && sessions.length === 0 && summaries.length === 0) continue;
      out.push({
        accountId: a.id,
        providerId: a.providerId,
        ...w,
        heartRate: { t: hr.t, v: hr.v },
        sessions,
        summaries,
      });
    }
    return { date, accounts: out };
  }

  /** Workouts of every account whose local date is in [from, to]. */
  workouts(from: string, to: string): WorkoutList[] {
    const rows = this.db
      .prepare(
        `SELECT s.account_id AS accountId, a.provider_id AS providerId, s.kind, s.record_id AS recordId, s.category,
                s.sub_type AS subType, s.start_at AS startAt, s.end_at AS endAt, s.utc_offset_min AS utcOffsetMin,
                s.local_date AS localDate, s.data AS data
           FROM sessions s JOIN accounts a ON a.id = s.account_id
          WHERE s.category = 'workouts' AND s.local_date BETWEEN ? AND ?
          ORDER BY s.start_at`,
      )
      .all(from, to) as (SessionRow & { accountId: string; providerId: ProviderId; data: string })[];
    const lists = new Map<string, WorkoutList>();
    for (const r of rows) {
      let list = lists.get(r.accountId);
      if (!list) {
        list = { accountId: r.accountId, providerId: r.providerId, sessions: [], data: [] };
        lists.set(r.accountId, list);
      }
      list.sessions.push(toSessionView(r));
      list.data.push(JSON.parse(r.data) as Record<string, unknown>);
    }
    return [...lists.values()];
  }

  /** What the store holds per account: series with their extent, daily metrics with their days, workouts. */
  overview(): DataOverview {
    const accounts = this.db
      .prepare('SELECT id, provider_id AS providerId FROM accounts ORDER BY created_at')
      .all() as {
      id: string;
      providerId: ProviderId;
    }[];
    const seriesOf = this.db.prepare(
      `SELECT metric, unit, sample_count AS samples,
              (SELECT min(ts) FROM series_samples WHERE series_id = series.id) AS first,
              (SELECT max(ts) FROM series_samples WHERE series_id = series.id) AS last
         FROM series WHERE account_id = ?`,
    );
    const storedToView = new Map(Object.entries(STORED_SERIES_METRIC).map(([view, stored]) => [stored, view]));
    return {
      accounts: accounts.map((a) => {
        const series = (
          seriesOf.all(a.id) as {
            metric: string;
            unit: string;
            samples: number;
            first: number | null;
            last: number | null;
          }[]
        )
          .filter((s) => storedToView.has(s.metric))
          .map((s) => ({ ...s, metric: storedToView.get(s.metric)! }));
        const daily = DAILY_METRICS.map((metric) => {
          const c = this.daily({ accountId: a.id, metric });
          return { metric, days: c.dates.length, first: c.dates[0] ?? null, last: c.dates.at(-1) ?? null };
        }).filter((d) => d.days > 0);
        const workouts = this.db
          .prepare("SELECT count(*) FROM sessions WHERE account_id = ? AND category = 'workouts'")
          .pluck()
          .get(a.id) as number;
        return { accountId: a.id, providerId: a.providerId, series, daily, workouts };
      }),
    };
  }

  /** A value's source record (provenance): `table/kind/recordId` as in DailyColumns.refs. */
  record(accountId: string, ref: string): RecordProvenance {
    const [table, kind, ...rest] = ref.split('/');
    const recordId = rest.join('/');
    const tables: DocTable[] = ['daily_summaries', 'sessions', 'measurements'];
    if (!tables.includes(table as DocTable) || !kind || !recordId) {
      throw new OmnioError('INVALID_ARGUMENT', 'That is not a record reference.');
    }
    const row = this.db
      .prepare(
        `SELECT local_date AS localDate, updated_at AS updatedAt, raw FROM ${table} WHERE account_id = ? AND kind = ? AND record_id = ?`,
      )
      .get(accountId, kind, recordId) as { localDate: string; updatedAt: string; raw: string } | undefined;
    if (!row) throw new OmnioError('NOT_FOUND', 'That record is no longer stored.');
    return { table: table!, kind, recordId, accountId, ...row };
  }
}

interface SessionRow {
  kind: string;
  recordId: string;
  category: string;
  subType: string | null;
  startAt: string;
  endAt: string | null;
  utcOffsetMin: number | null;
  localDate: string;
}

function toSessionView(r: SessionRow): SessionView {
  return {
    kind: r.kind,
    recordId: r.recordId,
    category: r.category,
    subType: r.subType,
    start: isoToSeconds(r.startAt),
    end: r.endAt ? isoToSeconds(r.endAt) : null,
    utcOffsetMin: r.utcOffsetMin,
    localDate: r.localDate,
  };
}
