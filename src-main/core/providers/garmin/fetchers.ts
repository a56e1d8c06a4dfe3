import type { z } from 'zod';
import type { CategoryId } from '../../../../src-shared/providers';
import { emptyBatch, type Batch } from '../../store/records';
import { MalformedResponseError } from '../../sync/errors';
import { DAY_MS, utcDate, type CategoryFetcher, type FetchContext } from '../../sync/fetcher';
import * as m from './mapping';

// Garmin Connect data, read through the same paths the unofficial clients use
// (docs/providers.md, Garmin). Most endpoints answer one calendar day per
// request, so backfill chunks are a month of days; weight and activities take
// a date range. Several paths need the user's display name, read once per
// sync from the social profile.

const DAILY_CHUNK = 30 * DAY_MS;
const OVERLAP = 2 * DAY_MS;
const ACTIVITY_PAGE = 100;

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

function url(ctx: FetchContext, path: string, query: Record<string, string> = {}): string {
  const u = new URL(`${ctx.apiBaseUrl.replace(/\/+$/, '')}${path}`);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u.toString();
}

async function get<S extends z.ZodType>(
  ctx: FetchContext,
  endpoint: string,
  target: string,
  schema: S,
  /** The user's display name when it is in the path: the access log shows `{displayName}` instead. */
  displayName?: string,
): Promise<{ value: z.infer<S>; raw: string }> {
  const named = displayName ? { [displayName]: 'displayName' } : undefined;
  const { value, text } = await ctx.http.jsonWithText({ method: 'GET', url: target, endpoint, named });
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new MalformedResponseError('Garmin', endpoint, describe(parsed.error));
  return { value: parsed.data, raw: text };
}

// One profile lookup per sync run (the ProviderHttp lives for one job).
const displayNames = new WeakMap<FetchContext['http']['job'], Promise<string>>();

function displayName(ctx: FetchContext): Promise<string> {
  let name = displayNames.get(ctx.http.job);
  if (!name) {
    name = get(ctx, 'socialProfile', url(ctx, '/userprofile-service/socialProfile'), m.socialProfile).then(
      (p) => p.value.displayName,
    );
    name.catch(() => displayNames.delete(ctx.http.job));
    displayNames.set(ctx.http.job, name);
  }
  return name;
}

/** The calendar dates a window [fromMs, toMs) touches, oldest first. */
export function datesIn(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  for (let d = Date.parse(`${utcDate(fromMs)}T00:00:00Z`); d < toMs; d += DAY_MS) out.push(utcDate(d));
  return out;
}

function perDay(
  category: CategoryId,
  part: (ctx: FetchContext, date: string, into: Batch) => Promise<void>,
): CategoryFetcher {
  return {
    provider: 'garmin',
    category,
    mode: 'range',
    chunkMs: DAILY_CHUNK,
    overlapMs: OVERLAP,
    async fetchWindow(ctx, fromMs, toMs) {
      const batch = emptyBatch();
      for (const date of datesIn(fromMs, toMs)) await part(ctx, date, batch);
      return batch;
    },
  };
}

const dayBounds = (date: string) => {
  const from = Date.parse(`${date}T00:00:00Z`) / 1000;
  return { fromTs: from, toTs: from + DAY_MS / 1000 };
};

const dailySummary = perDay('daily_summary', async (ctx, date, b) => {
  const user = await displayName(ctx);
  const name = encodeURIComponent(user);
  const r = await get(
    ctx,
    'usersummary/daily',
    url(ctx, `/usersummary-service/usersummary/daily/${name}`, { calendarDate: date }),
    m.dailySummary,
    user,
  );
  const rec = m.dailySummaryRecord(r.value, r.raw);
  if (rec) b.daily.push(rec);
});

const sleep = perDay('sleep', async (ctx, date, b) => {
  const user = await displayName(ctx);
  const name = encodeURIComponent(user);
  const r = await get(
    ctx,
    'dailySleepData',
    url(ctx, `/wellness-service/wellness/dailySleepData/${name}`, { date }),
    m.dailySleep,
    user,
  );
  const rec = m.sleepSession(r.value, r.raw);
  if (rec) b.sessions.push(rec);
});

const heartRate = perDay('heart_rate', async (ctx, date, b) => {
  const user = await displayName(ctx);
  const name = encodeURIComponent(user);
  const r = await get(
    ctx,
    'dailyHeartRate',
    url(ctx, `/wellness-service/wellness/dailyHeartRate/${name}`, { date }),
    m.dailyHeartRate,
    user,
  );
  const { fromTs, toTs } = dayBounds(date);
  const page = m.seriesPage('heart_rate', 'bpm', r.value.heartRateValues, fromTs, toTs, r.raw);
  if (page) b.series.push(page);
});

const stress = perDay('stress', async (ctx, date, b) => {
  const r = await get(ctx, 'dailyStress', url(ctx, `/wellness-service/wellness/dailyStress/${date}`), m.dailyStress);
  const rec = m.dailyStressRecord(r.value, r.raw);
  if (rec) b.daily.push(rec);
  const { fromTs, toTs } = dayBounds(date);
  const page = m.seriesPage('stress', 'score', r.value.stressValuesArray, fromTs, toTs, r.raw);
  if (page) b.series.push(page);
});

const hrv = perDay('hrv', async (ctx, date, b) => {
  const r = await get(ctx, 'hrv', url(ctx, `/hrv-service/hrv/${date}`), m.hrvDay);
  const rec = m.hrvRecord(r.value, r.raw);
  if (rec) b.daily.push(rec);
});

const body: CategoryFetcher = {
  provider: 'garmin',
  category: 'body',
  mode: 'range',
  chunkMs: 365 * DAY_MS,
  overlapMs: OVERLAP,
  async fetchWindow(ctx, fromMs, toMs) {
    const batch = emptyBatch();
    const query = { startDate: utcDate(fromMs), endDate: utcDate(toMs - 1) };
    const r = await get(ctx, 'weight/dateRange', url(ctx, '/weight-service/weight/dateRange', query), m.weightRange);
    batch.measurements.push(...m.weightMeasurements(r.value));
    return batch;
  },
};

const workouts: CategoryFetcher = {
  provider: 'garmin',
  category: 'workouts',
  mode: 'range',
  chunkMs: 90 * DAY_MS,
  overlapMs: OVERLAP,
  async fetchWindow(ctx, fromMs, toMs) {
    const batch = emptyBatch();
    const range = { startDate: utcDate(fromMs), endDate: utcDate(toMs - 1), limit: String(ACTIVITY_PAGE) };
    for (let start = 0; ; start += ACTIVITY_PAGE) {
      const target = url(ctx, '/activitylist-service/activities/search/activities', { ...range, start: String(start) });
      const page = await get(ctx, 'activities', target, m.activityList);
      page.value.forEach((item, i) => {
        const parsed = m.activity.safeParse(item);
        if (!parsed.success)
          throw new MalformedResponseError('Garmin', 'activities', `[${i}] ${describe(parsed.error)}`);
        batch.sessions.push(m.activitySession(parsed.data, JSON.stringify(item)));
      });
      if (page.value.length < ACTIVITY_PAGE) break;
    }
    return batch;
  },
};

export const garminFetchers: readonly CategoryFetcher[] = [dailySummary, sleep, heartRate, stress, hrv, body, workouts];
