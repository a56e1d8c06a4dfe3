import type { CategoryId } from '../../../src-shared/providers';
import type {
  Batch,
  DailyRecord,
  MeasurementRecord,
  ProfileRecord,
  SessionRecord,
  StoredBatch,
  StoredSeriesPage,
} from './records';

// A Batch as it crosses from the sync worker to the database writer thread
// (postMessage). Structured clone copies everything by default: a five-year
// heart-rate backfill would copy half a million numbers twice and 52 MB of
// raw pages. So the columns travel as typed arrays in the transfer list
// (moved, not copied), tags as small integer codes into a table of the
// distinct tags, and a raw page that is already compressed travels only in
// its compressed form (the store writes nothing else). Documents travel as
// columns, one array per field, with their normalized `data` already as JSON
// (the store would serialize it anyway): a structured clone of thousands of
// small objects costs several times the same values as arrays, most of all in
// a thread that has not cloned that shape before (a backfill's first minutes).

export interface WireSeriesPage {
  metric: string;
  unit: string;
  fromTs: number;
  toTs: number;
  ts: Float64Array;
  values: Float64Array;
  /** tagNames[tagCodes[i]] is sample i's tag. */
  tagCodes: Uint16Array;
  tagNames: (string | null)[];
  /** Null when `deflatedRaw` is set: the store keeps only the compressed page. */
  raw: string | Uint8Array | null;
  deflatedRaw: Uint8Array | null;
}

/** Records of one type as columns: columns[field][i] is record i's field. */
export interface WireRecords {
  count: number;
  columns: Record<string, unknown[]>;
}

export interface WireBatch {
  daily: WireRecords;
  sessions: WireRecords;
  measurements: WireRecords;
  profiles: WireRecords;
  series: WireSeriesPage[];
}

/** Every field of T, listed once (the compiler rejects a list that misses one). */
const fieldsOf =
  <T>() =>
  <const K extends readonly (keyof T & string)[]>(...keys: Exclude<keyof T, K[number]> extends never ? K : never) =>
    keys;
const DAILY_FIELDS = fieldsOf<DailyRecord>()('kind', 'recordId', 'localDate', 'utcOffsetMin', 'score', 'data', 'raw');
const SESSION_FIELDS = fieldsOf<SessionRecord>()(
  'kind',
  'recordId',
  'subType',
  'startAt',
  'endAt',
  'utcOffsetMin',
  'localDate',
  'data',
  'raw',
);
const MEASUREMENT_FIELDS = fieldsOf<MeasurementRecord>()(
  'kind',
  'recordId',
  'measuredAt',
  'utcOffsetMin',
  'localDate',
  'value',
  'unit',
  'raw',
);
const PROFILE_FIELDS = fieldsOf<ProfileRecord>()('kind', 'recordId', 'data', 'raw');

export interface WireWrite {
  accountId: string;
  category: CategoryId;
  batch: WireBatch;
  cursor: { coveredFrom: number; coveredTo: number };
}

const MAX_TAG_CODES = 0xffff;

export function toWire(batch: Batch): { wire: WireBatch; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const series = batch.series.map((page) => {
    const ts = ownedColumn(page.ts);
    const values = ownedColumn(page.values);
    const { codes, names } = encodeTags(page.tags);
    // Freshly allocated, so each buffer belongs to this array alone and can be moved.
    transfer.push(ts.buffer as ArrayBuffer, values.buffer as ArrayBuffer, codes.buffer as ArrayBuffer);
    const deflatedRaw = page.deflatedRaw ? ownedCopy(page.deflatedRaw) : null;
    // The uncompressed page travels only when there is no compressed one.
    const raw = deflatedRaw ? null : typeof page.raw === 'string' ? page.raw : ownedCopy(page.raw);
    for (const moved of [deflatedRaw, raw]) if (moved instanceof Uint8Array) transfer.push(moved.buffer as ArrayBuffer);
    return {
      metric: page.metric,
      unit: page.unit,
      fromTs: page.fromTs,
      toTs: page.toTs,
      ts,
      values,
      tagCodes: codes,
      tagNames: names,
      raw,
      deflatedRaw,
    } satisfies WireSeriesPage;
  });
  return {
    wire: {
      daily: toColumns(batch.daily, DAILY_FIELDS),
      sessions: toColumns(batch.sessions, SESSION_FIELDS),
      measurements: toColumns(batch.measurements, MEASUREMENT_FIELDS),
      profiles: toColumns(batch.profiles, PROFILE_FIELDS),
      series,
    },
    transfer,
  };
}

/** Records as columns; `data` (an object) goes as its JSON. */
function toColumns<T extends object>(records: readonly T[], fields: readonly (keyof T & string)[]): WireRecords {
  const columns: Record<string, unknown[]> = {};
  for (const field of fields) {
    const column = new Array<unknown>(records.length);
    for (let i = 0; i < records.length; i++) {
      const v = records[i]![field];
      column[i] = field === 'data' ? JSON.stringify(v) : v;
    }
    columns[field] = column;
  }
  return { count: records.length, columns };
}

/** The records back from their columns, fields in the order they were listed. */
function fromColumns<T>(wire: WireRecords): T[] {
  const fields = Object.keys(wire.columns);
  const out = new Array<T>(wire.count);
  for (let i = 0; i < wire.count; i++) {
    const record: Record<string, unknown> = {};
    for (const field of fields) record[field] = wire.columns[field]![i];
    out[i] = record as T;
  }
  return out;
}

export function fromWire(wire: WireBatch): StoredBatch {
  const series = wire.series.map((page): StoredSeriesPage => {
    const tags = new Array<string | null>(page.tagCodes.length);
    for (let i = 0; i < tags.length; i++) tags[i] = page.tagNames[page.tagCodes[i]!] ?? null;
    const deflatedRaw = page.deflatedRaw
      ? Buffer.from(page.deflatedRaw.buffer, page.deflatedRaw.byteOffset, page.deflatedRaw.byteLength)
      : undefined;
    return {
      metric: page.metric,
      unit: page.unit,
      fromTs: page.fromTs,
      toTs: page.toTs,
      ts: page.ts,
      values: page.values,
      tags,
      // The store reads `raw` only when there is no compressed copy.
      raw: page.raw ?? '',
      ...(deflatedRaw ? { deflatedRaw } : {}),
    };
  });
  return {
    daily: fromColumns(wire.daily),
    sessions: fromColumns(wire.sessions),
    measurements: fromColumns(wire.measurements),
    profiles: fromColumns(wire.profiles),
    series,
  };
}

/**
 * A column in a Float64Array that alone owns its buffer, to be moved: a typed column that already does
 * (the Oura scanner's) goes as it is; anything else is copied into a new one. Moving detaches it here.
 */
function ownedColumn(column: ArrayLike<number>): Float64Array {
  if (column instanceof Float64Array && column.byteOffset === 0 && column.byteLength === column.buffer.byteLength)
    return column;
  return Float64Array.from(column);
}

/**
 * The bytes in a buffer of their own, to be moved. A Buffer is often a view of a larger one (zlib hands
 * back a slice of its 256 KB output chunk; Node pools small Buffers), and a structured clone copies a
 * view's whole backing buffer: 256 KB per ~75 KB page. Copying the view is one memcpy of its bytes.
 */
function ownedCopy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function encodeTags(tags: ArrayLike<string | null>): { codes: Uint16Array; names: (string | null)[] } {
  const codes = new Uint16Array(tags.length);
  const names: (string | null)[] = [];
  const index = new Map<string | null, number>();
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    let code = index.get(tag);
    if (code === undefined) {
      code = names.length;
      if (code > MAX_TAG_CODES) throw new Error(`a series page has more than ${MAX_TAG_CODES + 1} distinct tags`);
      index.set(tag, code);
      names.push(tag);
    }
    codes[i] = code;
  }
  return { codes, names };
}
