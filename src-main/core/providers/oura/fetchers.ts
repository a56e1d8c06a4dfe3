import type { z } from 'zod';
import { emptyBatch, type Batch } from '../../store/records';
import { MalformedResponseError } from '../../sync/errors';
import { DAY_MS, utcDate, type CategoryFetcher, type FetchContext } from '../../sync/fetcher';
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

function documentFetcher(
  category: CategoryFetcher['category'],
  parts: ((ctx: FetchContext, from: number, to: number, into: Batch) => Promise<void>)[],
): CategoryFetcher {
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

const dailySleep = async (ctx: FetchContext, from: number, to: number, b: Batch) => {
  for (const d of await documents(ctx, 'daily_sleep', m.publicDailySleep, from, to))
    b.daily.push(m.dailySleepRecord(d.value, d.raw));
};
const sleepPeriods = async (ctx: FetchContext, from: number, to: number, b: Batch) => {
  for (const d of await documents(ctx, 'sleep', m.publicSleep, from, to))
    b.sessions.push(m.sleepSession(d.value, d.raw));
};
const dailyActivity = async (ctx: FetchContext, from: number, to: number, b: Batch) => {
  for (const d of await documents(ctx, 'daily_activity', m.publicDailyActivity, from, to))
    b.daily.push(m.dailyActivityRecord(d.value, d.raw));
};
const dailyReadiness = async (ctx: FetchContext, from: number, to: number, b: Batch) => {
  for (const d of await documents(ctx, 'daily_readiness', m.publicDailyReadiness, from, to))
    b.daily.push(m.dailyReadinessRecord(d.value, d.raw));
};
const dailySpo2 = async (ctx: FetchContext, from: number, to: number, b: Batch) => {
  for (const d of await documents(ctx, 'daily_spo2', m.publicDailySpO2, from, to))
    b.daily.push(m.dailySpo2Record(d.value, d.raw));
};
const workouts = async (ctx: FetchContext, from: number, to: number, b: Batch) => {
  for (const d of await documents(ctx, 'workout', m.publicWorkout, from, to))
    b.sessions.push(m.workoutSession(d.value, d.raw));
};

const heartRate: CategoryFetcher = {
  provider: 'oura',
  category: 'heart_rate',
  mode: 'range',
  // Oura serves at most 30 days of heart rate per request.
  chunkMs: 30 * DAY_MS,
  overlapMs: DAY_MS,
  async fetchWindow(ctx, fromMs, toMs) {
    const batch = emptyBatch();
    let next: string | null = null;
    do {
      const url = new URL(`${COLLECTION}/heartrate`, ctx.apiBaseUrl);
      url.searchParams.set('start_datetime', new Date(fromMs).toISOString());
      url.searchParams.set('end_datetime', new Date(toMs).toISOString());
      if (next) url.searchParams.set('next_token', next);
      const { value, text } = await ctx.http.jsonWithText({
        method: 'GET',
        url: url.toString(),
        endpoint: 'heartrate',
      });
      const body = value as { data?: unknown; next_token?: unknown } | null;
      if (typeof body !== 'object' || body === null || !Array.isArray(body.data))
        throw new MalformedResponseError('Oura', 'heartrate', 'no data array');
      if (body.next_token !== undefined && body.next_token !== null && typeof body.next_token !== 'string') {
        throw new MalformedResponseError('Oura', 'heartrate', 'next_token is not a string');
      }
      const page = m.heartRatePage(body.data, Math.floor(fromMs / 1000), Math.floor(toMs / 1000), text);
      if (typeof page === 'string') throw new MalformedResponseError('Oura', 'heartrate', page);
      batch.series.push(page);
      next = (body.next_token as string | null | undefined) ?? null;
    } while (next);
    splitWindow(batch.series);
    return batch;
  },
};

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

export const ouraFetchers: readonly CategoryFetcher[] = [
  documentFetcher('daily_summary', [dailyActivity, dailyReadiness]),
  documentFetcher('sleep', [dailySleep, sleepPeriods]),
  heartRate,
  documentFetcher('workouts', [workouts]),
  documentFetcher('spo2', [dailySpo2]),
  profile,
];
