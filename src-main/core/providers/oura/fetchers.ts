import { promisify } from 'node:util';
import { deflateRaw } from 'node:zlib';
import type { z } from 'zod';
import { emptyBatch, RAW_PAGE_DEFLATE_LEVEL, type Batch, type SeriesPage } from '../../store/records';
import { MalformedResponseError } from '../../sync/errors';
import { DAY_MS, utcDate, type CategoryFetcher, type FetchContext } from '../../sync/fetcher';
import { decodeUtf8, type ProviderRequest } from '../../sync/http/provider-http';
import { scanHeartRatePage } from './heart-rate-scan';
import * as m from './mapping';

// Oura API v2 collections. Date-ranged documents: `end_date` is a date, which
// Oura reads as midnight, so the window's end is asked as the next day (or
// today's records would be dropped); the start is widened by a day too because
// records carry the user's local day, not UTC. Upserts absorb the overlap.

const COLLECTION = '/v2/usercollection';

interface Doc<T> {
  value: T;
  raw: string;
}

async function documents<S extends z.ZodType>(
  ctx: FetchContext,
  name: string,
  schema: S,
  fromMs: number,
  toMs: number,
): Promise<Doc<z.infer<S>>[]> {
  const out: Doc<z.infer<S>>[] = [];
  const query = { start_date: utcDate(fromMs - DAY_MS), end_date: utcDate(toMs + DAY_MS) };
  for await (const items of pages(ctx, name, query)) {
    items.forEach((item, i) => {
      const parsed = schema.safeParse(item);
      if (!parsed.success) throw new MalformedResponseError('Oura', name, `data[${i}] ${describe(parsed.error)}`);
      out.push({ value: parsed.data, raw: JSON.stringify(item) });
    });
  }
  return out;
}

/** Follows `next_token` until the collection ends. */
async function* pages(ctx: FetchContext, name: string, query: Record<string, string>): AsyncGenerator<unknown[]> {
  let next: string | null = null;
  do {
    const url = new URL(`${COLLECTION}/${name}`, ctx.apiBaseUrl);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    if (next) url.searchParams.set('next_token', next);
    const body = await ctx.http.json({ method: 'GET', url: url.toString(), endpoint: name });
    const page = m.ouraPage.safeParse(body);
    if (!page.success) throw new MalformedResponseError('Oura', name, describe(page.error));
    yield page.data.data;
    next = page.data.next_token ?? null;
  } while (next);
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

function documentFetcher(category: CategoryFetcher['category'], parts: Part[]): CategoryFetcher {
  return {
    provider: 'oura',
    category,
    mode: 'range',
    chunkMs: 180 * DAY_MS,
    overlapMs: 2 * DAY_MS,
    async fetchWindow(ctx, fromMs, toMs) {
      const batch = emptyBatch();
      for (const part of parts) await part(ctx, fromMs, toMs, batch);
      return batch;
    },
  };
}

type Part = (ctx: FetchContext, from: number, to: number, into: Batch) => Promise<void>;

/** One Oura collection: fetch its documents, map each, add it to the daily or the session list. */
function part<S extends z.ZodType, R>(
  name: string,
  schema: S,
  map: (value: z.infer<S>, raw: string) => R,
  list: (b: Batch) => R[],
): Part {
  return async (ctx, from, to, batch) => {
    const target = list(batch);
    for (const d of await documents(ctx, name, schema, from, to)) target.push(map(d.value, d.raw));
  };
}

const daily = (b: Batch) => b.daily;
const sessions = (b: Batch) => b.sessions;
const dailySleep = part('daily_sleep', m.publicDailySleep, m.dailySleepRecord, daily);
const sleepPeriods = part('sleep', m.publicSleep, m.sleepSession, sessions);
const dailyActivity = part('daily_activity', m.publicDailyActivity, m.dailyActivityRecord, daily);
const dailyReadiness = part('daily_readiness', m.publicDailyReadiness, m.dailyReadinessRecord, daily);
const dailySpo2 = part('daily_spo2', m.publicDailySpO2, m.dailySpo2Record, daily);
const workouts = part('workout', m.publicWorkout, m.workoutSession, sessions);

const deflateRawAsync = promisify(deflateRaw);
// One output buffer for a whole page's compressed bytes (~10 % of ~850 KB): zlib calls back once per
// filled output chunk, and the default 16 KB meant a handful of thread hops and a concatenation per page.
const DEFLATE_CHUNK_BYTES = 256 * 1024;

// Heart-rate rows carry the same instant twice: `timestamp` (ISO text) and `timestamp_unix` (ms). Oura's
// `fields` parameter (1.29) asks for the rest only: 40 % fewer bytes to send, read, scan, compress and
// keep as the raw page, nothing lost. A server that ignores it sends all four, which reads the same. One
// that honours `fields` without knowing `timestamp_unix` (an API older than the document) would send rows
// with no instant at all: that page is asked for again without `fields`, and so is everything after it.
export const HEART_RATE_FIELDS = 'timestamp_unix,bpm,source';
let fieldsGiveTheInstant = true;

const heartRate: CategoryFetcher = {
  provider: 'oura',
  category: 'heart_rate',
  mode: 'range',
  // Oura serves at most 30 days of heart rate per request.
  chunkMs: 30 * DAY_MS,
  overlapMs: DAY_MS,
  async fetchWindow(ctx, fromMs, toMs) {
    const batch = emptyBatch();
    const fromTs = Math.floor(fromMs / 1000);
    const toTs = Math.floor(toMs / 1000);
    let next: string | null = null;
    for (;;) {
      const withFields = fieldsGiveTheInstant;
      const url = new URL(`${COLLECTION}/heartrate`, ctx.apiBaseUrl);
      url.searchParams.set('start_datetime', new Date(fromMs).toISOString());
      url.searchParams.set('end_datetime', new Date(toMs).toISOString());
      if (withFields) url.searchParams.set('fields', HEART_RATE_FIELDS);
      if (next) url.searchParams.set('next_token', next);
      const req = { method: 'GET', url: url.toString(), endpoint: 'heartrate' } as const;
      const bytes = await ctx.http.body(req);
      // The raw page is compressed on the thread pool while this thread reads it.
      const deflated = deflateRawAsync(bytes, { level: RAW_PAGE_DEFLATE_LEVEL, chunkSize: DEFLATE_CHUNK_BYTES });
      deflated.catch(() => undefined); // awaited below unless the page is rejected first
      const read = readHeartRatePage(ctx, req, bytes, fromTs, toTs, withFields);
      if (read === WITHOUT_INSTANT) {
        fieldsGiveTheInstant = false;
        continue; // the same page, every field
      }
      ctx.http.noteRecords(req, read.page.ts.length); // the access log's count (issue 12)
      read.page.deflatedRaw = await deflated;
      batch.series.push(read.page);
      next = read.next;
      if (!next) break;
    }
    splitWindow(batch.series);
    return batch;
  },
};

/** Asked with `fields`, a page whose rows carry neither timestamp_unix nor timestamp (without, heartRatePage words the error). */
const WITHOUT_INSTANT = Symbol('rows without an instant');

/**
 * One heart-rate page: the byte scanner for the plain shape Oura sends, else the general path (decode,
 * JSON.parse, heartRatePage), which also words the error for a bad page.
 */
function readHeartRatePage(
  ctx: FetchContext,
  req: ProviderRequest,
  bytes: Buffer,
  fromTs: number,
  toTs: number,
  withFields: boolean,
): { page: SeriesPage; next: string | null } | typeof WITHOUT_INSTANT {
  const scanned = scanHeartRatePage(bytes);
  if (scanned) {
    const { ts, values, tags, nextToken } = scanned;
    return { page: { metric: 'heart_rate', unit: 'bpm', fromTs, toTs, ts, values, tags, raw: bytes }, next: nextToken };
  }
  const body = ctx.http.parseJson(req, decodeUtf8(bytes)) as { data?: unknown; next_token?: unknown } | null;
  if (typeof body !== 'object' || body === null || !Array.isArray(body.data))
    throw new MalformedResponseError('Oura', 'heartrate', 'no data array');
  if (body.next_token !== undefined && body.next_token !== null && typeof body.next_token !== 'string') {
    throw new MalformedResponseError('Oura', 'heartrate', 'next_token is not a string');
  }
  if (withFields && body.data.length > 0 && body.data.every(withoutInstant)) return WITHOUT_INSTANT;
  const page = m.heartRatePage(body.data, fromTs, toTs, bytes);
  if (typeof page === 'string') throw new MalformedResponseError('Oura', 'heartrate', page);
  return { page, next: body.next_token ?? null };
}

function withoutInstant(row: unknown): boolean {
  return typeof row === 'object' && row !== null && !('timestamp_unix' in row) && !('timestamp' in row);
}

/** Several pages of one window: each page's raw payload is keyed by the part of the window it holds. */
function splitWindow(pages: Batch['series']): void {
  for (let k = 0; k < pages.length; k++) {
    const page = pages[k]!;
    if (k > 0 && page.ts.length > 0) page.fromTs = page.ts[0]!;
    const next = pages[k + 1];
    if (next && next.ts.length > 0) page.toTs = next.ts[0]!;
  }
}

const profile: CategoryFetcher = {
  provider: 'oura',
  category: 'profile',
  mode: 'snapshot',
  chunkMs: DAY_MS,
  overlapMs: 0,
  async fetchWindow(ctx) {
    const url = new URL(`${COLLECTION}/personal_info`, ctx.apiBaseUrl).toString();
    const item = await ctx.http.json({ method: 'GET', url, endpoint: 'personal_info' });
    const parsed = m.personalInfo.safeParse(item);
    if (!parsed.success) throw new MalformedResponseError('Oura', 'personal_info', describe(parsed.error));
    const batch = emptyBatch();
    batch.profiles.push(m.profileRecord(parsed.data, JSON.stringify(item)));
    return batch;
  },
};

// Heart rate first: it is the longest category by far, and the job runs categories a few at a time,
// so starting it first lets the short ones fill the other lane instead of leaving it as the tail.
export const ouraFetchers: readonly CategoryFetcher[] = [
  heartRate,
  documentFetcher('daily_summary', [dailyActivity, dailyReadiness]),
  documentFetcher('sleep', [dailySleep, sleepPeriods]),
  documentFetcher('workouts', [workouts]),
  documentFetcher('spo2', [dailySpo2]),
  profile,
];
