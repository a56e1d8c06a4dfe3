// What fetchers hand to the store: provider records already mapped to the
// normalized shapes. `raw` is the provider's own JSON for that record (for
// time series, the whole page), kept for fidelity and later re-mapping.

export interface DailyRecord {
  /** Provider document type, e.g. `oura.daily_sleep`, `whoop.cycle`. */
  kind: string;
  recordId: string;
  /** The user's local date the provider assigns the record to (YYYY-MM-DD). */
  localDate: string;
  utcOffsetMin: number | null;
  score: number | null;
  data: Record<string, unknown>;
  raw: string;
}

/**
 * In a daily record's `data`: the record has no UTC offset of its own and takes the offset of another record
 * of the same account (`kind`, `recordId`), once that one is stored, for the local date of instant `at` (ms).
 * WHOOP recoveries are dated by their cycle this way. HealthStore.applyDatedBy does it after each job.
 */
export interface DatedBy {
  kind: string;
  recordId: string;
  at: number;
}

export interface SessionRecord {
  kind: string;
  recordId: string;
  /** Sleep type (`long_sleep`, `nap`) or sport name. */
  subType: string | null;
  /** UTC instants, ISO 8601. `endAt` null while a session is still open (WHOOP's current cycle). */
  startAt: string;
  endAt: string | null;
  utcOffsetMin: number | null;
  localDate: string;
  data: Record<string, unknown>;
  raw: string;
}

export interface MeasurementRecord {
  /** `weight`, `height`, `bp_systolic`, … */
  kind: string;
  recordId: string;
  measuredAt: string;
  utcOffsetMin: number | null;
  localDate: string;
  value: number;
  unit: string;
  raw: string;
}

export interface ProfileRecord {
  kind: string;
  recordId: string;
  data: Record<string, unknown>;
  raw: string;
}

/** zlib level of stored raw pages (deflateRaw): level 1 is several times faster than the default for a few % more bytes. */
export const RAW_PAGE_DEFLATE_LEVEL = 1;

/** One fetched page of a time series, in columns (cheap to build, cheap to transfer between threads). */
export interface SeriesPage {
  metric: string;
  unit: string;
  /** The window the page was requested for, unix seconds [fromTs, toTs). */
  fromTs: number;
  toTs: number;
  /** Plain arrays, or typed arrays (the Oura heart-rate scanner's), which cross threads without a copy. */
  ts: number[] | Float64Array;
  values: number[] | Float64Array;
  tags: (string | null)[];
  /** The provider's page: its text, or the UTF-8 bytes as received. */
  raw: string | Uint8Array;
  /**
   * `raw` already deflate-compressed (deflateRaw at RAW_PAGE_DEFLATE_LEVEL), when the fetcher did it off
   * this thread; otherwise the store compresses `raw` itself.
   */
  deflatedRaw?: Buffer;
}

export interface Batch {
  daily: DailyRecord[];
  sessions: SessionRecord[];
  measurements: MeasurementRecord[];
  profiles: ProfileRecord[];
  series: SeriesPage[];
}

/**
 * What the store reads of a page: columns it can index, plain arrays from a fetcher or typed arrays
 * after the batch crossed to the writer thread (batch-wire.ts).
 */
export type StoredSeriesPage = Omit<SeriesPage, 'ts' | 'values' | 'tags'> & {
  ts: ArrayLike<number>;
  values: ArrayLike<number>;
  tags: ArrayLike<string | null>;
};

/** A record's `data` as the store takes it: the object, or its JSON already made (batch-wire.ts). */
type WithDataJson<T extends { data: Record<string, unknown> }> = Omit<T, 'data'> & {
  data: Record<string, unknown> | string;
};

export interface StoredBatch {
  daily: WithDataJson<DailyRecord>[];
  sessions: WithDataJson<SessionRecord>[];
  measurements: MeasurementRecord[];
  profiles: WithDataJson<ProfileRecord>[];
  series: StoredSeriesPage[];
}

export function emptyBatch(): Batch {
  return { daily: [], sessions: [], measurements: [], profiles: [], series: [] };
}

export function batchSize(b: Batch): number {
  let n = b.daily.length + b.sessions.length + b.measurements.length + b.profiles.length;
  for (const p of b.series) n += p.ts.length;
  return n;
}

/** Appends `more` into `into` (pages of one window are gathered before one write). */
export function mergeBatch(into: Batch, more: Batch): Batch {
  into.daily.push(...more.daily);
  into.sessions.push(...more.sessions);
  into.measurements.push(...more.measurements);
  into.profiles.push(...more.profiles);
  into.series.push(...more.series);
  return into;
}

/** A provider's request budget as kept across restarts (RequestBudget's snapshot): when its requests left, and any block the provider set. */
export interface BudgetState {
  sent: number[];
  blockedUntil: number;
}
