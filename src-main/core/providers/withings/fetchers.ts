import type { z } from 'zod';
import type { CategoryId } from '../../../../src-shared/providers';
import { emptyBatch, type Batch } from '../../store/records';
import { MalformedResponseError } from '../../sync/errors';
import { DAY_MS, utcDate, type CategoryFetcher, type FetchContext } from '../../sync/fetcher';
import * as m from './mapping';

// Withings: every call is a POST with `action=…`; the HTTP client unwraps the
// {status, body} envelope. Lists page with `offset` while `more` is set.
// `startdateymd`/`enddateymd` are inclusive local dates: the window is widened
// by a day at the start (local dates may trail UTC) and upserts absorb it.

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

async function list<S extends z.ZodType>(
  ctx: FetchContext,
  path: string,
  action: string,
  key: 'activities' | 'series' | 'measuregrps',
  params: Record<string, string>,
  schema: S,
  each: (v: z.infer<S>, raw: string, body: { timezone?: string }) => void,
): Promise<void> {
  let offset = 0;
  for (;;) {
    const form: Record<string, string> = { action, ...params };
    if (offset > 0) form.offset = String(offset);
    const body = await ctx.http.json({
      method: 'POST',
      url: new URL(path, ctx.apiBaseUrl).toString(),
      form,
      endpoint: action,
    });
    const parsedBody = (key === 'measuregrps' ? m.measureBody : m.listBody(key)).safeParse(body);
    if (!parsedBody.success) throw new MalformedResponseError('Withings', action, describe(parsedBody.error));
    const page = parsedBody.data as { more?: number | boolean; offset?: number; timezone?: string } & Record<
      string,
      unknown[]
    >;
    page[key]!.forEach((item, i) => {
      const parsed = schema.safeParse(item);
      if (!parsed.success)
        throw new MalformedResponseError('Withings', action, `${key}[${i}] ${describe(parsed.error)}`);
      each(parsed.data, JSON.stringify(item), page);
    });
    const more = page.more === true || page.more === 1;
    if (!more) return;
    if (typeof page.offset !== 'number' || page.offset <= offset)
      throw new MalformedResponseError('Withings', action, '`more` without a usable `offset`');
    offset = page.offset;
  }
}

const ymdRange = (from: number, to: number) => ({ startdateymd: utcDate(from - DAY_MS), enddateymd: utcDate(to) });

function fetcher(
  category: CategoryId,
  fill: (ctx: FetchContext, from: number, to: number, b: Batch) => Promise<void>,
): CategoryFetcher {
  return {
    provider: 'withings',
    category,
    mode: 'range',
    chunkMs: 90 * DAY_MS,
    overlapMs: 2 * DAY_MS,
    async fetchWindow(ctx, from, to) {
      const b = emptyBatch();
      await fill(ctx, from, to, b);
      return b;
    },
  };
}

export const withingsFetchers: readonly CategoryFetcher[] = [
  fetcher('body', (ctx, from, to, b) =>
    list(
      ctx,
      '/measure',
      'getmeas',
      'measuregrps',
      {
        meastypes: '1,4,5,6,8,9,10,11,54,76,88',
        category: '1',
        startdate: String(Math.floor(from / 1000)),
        enddate: String(Math.floor(to / 1000)),
      },
      m.measureGroup,
      (g, raw, body) => b.measurements.push(...m.measurements(g, body.timezone, raw)),
    ),
  ),
  fetcher('daily_summary', (ctx, from, to, b) =>
    list(
      ctx,
      '/v2/measure',
      'getactivity',
      'activities',
      { ...ymdRange(from, to), data_fields: 'steps,distance,calories,totalcalories,active,hr_average' },
      m.activity,
      (a, raw) => b.daily.push(m.activityRecord(a, raw)),
    ),
  ),
  fetcher('sleep', (ctx, from, to, b) =>
    list(
      ctx,
      '/v2/sleep',
      'getsummary',
      'series',
      { ...ymdRange(from, to), data_fields: 'total_timeinbed,total_sleep_time,sleep_score,hr_average' },
      m.sleepSummary,
      (s, raw) => b.sessions.push(m.sleepSession(s, raw)),
    ),
  ),
  fetcher('workouts', (ctx, from, to, b) =>
    list(ctx, '/v2/measure', 'getworkouts', 'series', ymdRange(from, to), m.workout, (w, raw) =>
      b.sessions.push(m.workoutSession(w, raw)),
    ),
  ),
];
