import type { z } from 'zod';
import type { CategoryId } from '../../../../src-shared/providers';
import { emptyBatch, type Batch } from '../../store/records';
import { MalformedResponseError } from '../../sync/errors';
import { DAY_MS, type CategoryFetcher, type FetchContext } from '../../sync/fetcher';
import * as m from './mapping';

// WHOOP API v2 collections under /developer/v2: `start` inclusive, `end`
// exclusive, at most 25 records per page (`limit`), then `nextToken`. With a
// budget of 100 requests a minute, chunks are long and pages full.

const PAGE_LIMIT = '25';

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

async function collection<S extends z.ZodType>(
  ctx: FetchContext,
  path: string,
  schema: S,
  fromMs: number,
  toMs: number,
  each: (v: z.infer<S>, raw: string) => void,
): Promise<void> {
  const name = path.slice('/developer/v2/'.length);
  let next: string | null = null;
  do {
    const url = new URL(path, ctx.apiBaseUrl);
    url.searchParams.set('start', new Date(fromMs).toISOString());
    url.searchParams.set('end', new Date(toMs).toISOString());
    url.searchParams.set('limit', PAGE_LIMIT);
    if (next) url.searchParams.set('nextToken', next);
    const body = await ctx.http.json({ method: 'GET', url: url.toString(), endpoint: name });
    const page = m.whoopPage.safeParse(body);
    if (!page.success) throw new MalformedResponseError('WHOOP', name, describe(page.error));
    page.data.records.forEach((item, i) => {
      const parsed = schema.safeParse(item);
      if (!parsed.success) throw new MalformedResponseError('WHOOP', name, `records[${i}] ${describe(parsed.error)}`);
      each(parsed.data, JSON.stringify(item));
    });
    next = page.data.next_token || null;
  } while (next);
}

function rangeFetcher(
  category: CategoryId,
  fill: (ctx: FetchContext, from: number, to: number, b: Batch) => Promise<void>,
): CategoryFetcher {
  return {
    provider: 'whoop',
    category,
    mode: 'range',
    chunkMs: 60 * DAY_MS,
    // The current cycle stays open and unscored records get scored later: look back two days.
    overlapMs: 2 * DAY_MS,
    async fetchWindow(ctx, from, to) {
      const b = emptyBatch();
      await fill(ctx, from, to, b);
      return b;
    },
  };
}

function snapshotFetcher(
  category: CategoryId,
  path: string,
  fill: (body: unknown, raw: string, ctx: FetchContext, b: Batch) => void,
): CategoryFetcher {
  return {
    provider: 'whoop',
    category,
    mode: 'snapshot',
    chunkMs: DAY_MS,
    overlapMs: 0,
    async fetchWindow(ctx) {
      const body = await ctx.http.json({
        method: 'GET',
        url: new URL(path, ctx.apiBaseUrl).toString(),
        endpoint: path.slice('/developer/v2/'.length),
      });
      const b = emptyBatch();
      fill(body, JSON.stringify(body), ctx, b);
      return b;
    },
  };
}

export const whoopFetchers: readonly CategoryFetcher[] = [
  rangeFetcher('recovery', (ctx, f, t, b) =>
    collection(ctx, '/developer/v2/recovery', m.recovery, f, t, (v, raw) => b.daily.push(m.recoveryRecord(v, raw))),
  ),
  rangeFetcher('daily_summary', (ctx, f, t, b) =>
    collection(ctx, '/developer/v2/cycle', m.cycle, f, t, (v, raw) => b.daily.push(m.cycleRecord(v, raw))),
  ),
  rangeFetcher('sleep', (ctx, f, t, b) =>
    collection(ctx, '/developer/v2/activity/sleep', m.sleep, f, t, (v, raw) => b.sessions.push(m.sleepSession(v, raw))),
  ),
  rangeFetcher('workouts', (ctx, f, t, b) =>
    collection(ctx, '/developer/v2/activity/workout', m.workout, f, t, (v, raw) =>
      b.sessions.push(m.workoutSession(v, raw)),
    ),
  ),
  snapshotFetcher('body', '/developer/v2/user/measurement/body', (body, raw, ctx, b) => {
    const parsed = m.bodyMeasurement.safeParse(body);
    if (!parsed.success) throw new MalformedResponseError('WHOOP', 'user/measurement/body', describe(parsed.error));
    b.measurements.push(...m.bodyMeasurements(parsed.data, raw, ctx.now));
  }),
  snapshotFetcher('profile', '/developer/v2/user/profile/basic', (body, raw, _ctx, b) => {
    const parsed = m.basicProfile.safeParse(body);
    if (!parsed.success) throw new MalformedResponseError('WHOOP', 'user/profile/basic', describe(parsed.error));
    b.profiles.push(m.profileRecord(parsed.data, raw));
  }),
];
