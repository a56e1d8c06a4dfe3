import type { ProviderId } from '../providers';

// What the data calls answer: columns (one typed array per field), never an
// array of objects. Times are unix seconds; a NaN value is a gap (no data),
// never a zero.

/** A series over a range: every raw sample, or the M4 reduction of them (per pixel column: first, min, max, last). */
export interface SeriesColumns {
  accountId: string;
  providerId: ProviderId;
  metric: string;
  unit: string;
  /** Unix seconds, increasing. */
  t: Float64Array;
  /** NaN marks a gap (SERIES_MAX_GAP_S exceeded between two samples). */
  v: Float64Array;
  /** Stored samples in the range. */
  rawCount: number;
  /** Over every stored sample in the range (a reduction's own mean would not be the true one); null when none. */
  stats: { min: number; max: number; mean: number } | null;
  /** Whether `t`/`v` are the M4 reduction (false: every raw sample). */
  decimated: boolean;
  /** Time the core spent on the query (for the views benchmark). */
  queryMs: number;
}

/** One value per local day of one account. */
export interface DailyColumns {
  accountId: string;
  providerId: ProviderId;
  metric: string;
  unit: string;
  /** Local dates (YYYY-MM-DD), increasing; only days that have a value. */
  dates: string[];
  /** The local date as unix seconds at 00:00 UTC: the x position of the day on a date axis. */
  t: Float64Array;
  v: Float64Array;
  /** Where each value was read from: `table/kind/recordId` (see getRecord). */
  refs: string[];
}

export interface SessionView {
  /** `sessions` row: `kind` and `recordId` identify it for getRecord. */
  kind: string;
  recordId: string;
  category: string;
  subType: string | null;
  /** Unix seconds. */
  start: number;
  end: number | null;
  utcOffsetMin: number | null;
  localDate: string;
}

export interface DaySummaryView {
  kind: string;
  recordId: string;
  score: number | null;
  data: Record<string, unknown>;
}

/** One account's part of a day. */
export interface DayAccountView {
  accountId: string;
  providerId: ProviderId;
  /** The local day in UTC: [start, end) unix seconds (23 or 25 hours on a daylight-saving day). */
  start: number;
  end: number;
  /** The UTC offsets (minutes) the day starts and ends in. */
  startOffsetMin: number;
  endOffsetMin: number;
  /** Every stored heart-rate sample of the day. */
  heartRate: { t: Float64Array; v: Float64Array };
  sessions: SessionView[];
  summaries: DaySummaryView[];
}

export interface DayDetail {
  date: string;
  accounts: DayAccountView[];
}

/** What the store holds per account: which metrics, and over which days. */
export interface DataOverviewAccount {
  accountId: string;
  providerId: ProviderId;
  series: { metric: string; unit: string; samples: number; first: number | null; last: number | null }[];
  daily: { metric: string; days: number; first: string | null; last: string | null }[];
  workouts: number;
}

export interface DataOverview {
  accounts: DataOverviewAccount[];
}

export interface WorkoutList {
  accountId: string;
  providerId: ProviderId;
  sessions: SessionView[];
  /** Per session, its normalized fields (calories, distance, …). */
  data: Record<string, unknown>[];
}

export interface RecordProvenance {
  table: string;
  kind: string;
  recordId: string;
  accountId: string;
  localDate: string | null;
  updatedAt: string;
  /** The provider's own JSON, as fetched. */
  raw: string;
}
