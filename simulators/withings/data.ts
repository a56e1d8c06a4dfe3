import type { IncomingMessage } from 'node:http';
import type { SimAuthority } from '../sim-authority';
import { form, json, type Route } from '../sim-server';
import { WithingsDataset, type Json } from './dataset';

// Withings data endpoints as documented: POST with `action=…` (form body, or
// query), bearer auth, and every answer HTTP 200 with an envelope
// {status, body}: 0 success, 401 invalid token, 214 scope not granted. Lists
// page with `offset` and `more`; `*ymd` dates are inclusive local dates.

export function defaultWithingsDataset(): WithingsDataset {
  const firstDay = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  return new WithingsDataset({ seed: 4, userId: 123456, firstDay, timezone: 'Europe/Paris', until: () => Date.now() });
}

export interface WithingsDataOptions {
  pageSize?: number;
}

const ACTIONS: Record<string, Record<string, string>> = {
  '/measure': { getmeas: 'user.metrics' },
  '/v2/measure': { getactivity: 'user.activity', getworkouts: 'user.activity' },
  '/v2/sleep': { getsummary: 'user.activity' },
};

export function dataRoutes(
  authority: SimAuthority,
  datasetOrNothing?: unknown,
  options: WithingsDataOptions = {},
): Route {
  const dataset = datasetOrNothing instanceof WithingsDataset ? datasetOrNothing : defaultWithingsDataset();
  const pageSize = options.pageSize ?? 100;
  return async (req, res, url, body) => {
    const actions = ACTIONS[url.pathname];
    if (req.method !== 'POST' || !actions) return false;
    const params = form(body);
    for (const [k, v] of url.searchParams) if (!params.has(k)) params.set(k, v);
    const action = params.get('action') ?? '';
    const scope = actions[action];
    if (!scope) return json(res, 200, { status: 2555, body: {}, error: `Unknown action ${action.slice(0, 40)}` });
    const grant = await authenticate(authority, req);
    if (!grant)
      return json(res, 200, { status: 401, body: {}, error: 'invalid_token: The access token provided is invalid' });
    if (!grant.scopes.includes(scope))
      return json(res, 200, { status: 214, body: {}, error: 'Unauthorized: scope not granted' });

    const offset = Number(params.get('offset') ?? '0');
    if (!Number.isInteger(offset) || offset < 0)
      return json(res, 200, { status: 503, body: {}, error: 'Invalid params: offset' });

    if (action === 'getmeas') {
      const start = Number(params.get('startdate') ?? '0');
      const end = Number(params.get('enddate') ?? String(Number.MAX_SAFE_INTEGER));
      const all = dataset.measureGroups().filter((g) => (g.date as number) >= start && (g.date as number) < end);
      const page = all.slice(offset, offset + pageSize);
      const more = offset + pageSize < all.length;
      return json(res, 200, {
        status: 0,
        body: {
          updatetime: String(Math.floor(Date.now() / 1000)),
          timezone: dataset.opts.timezone,
          measuregrps: page,
          more: more ? 1 : 0,
          offset: more ? offset + pageSize : 0,
        },
      });
    }
    const from = params.get('startdateymd');
    const to = params.get('enddateymd');
    if (!from || !to || !/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) {
      return json(res, 200, { status: 503, body: {}, error: 'Invalid params: startdateymd/enddateymd' });
    }
    const source =
      action === 'getactivity'
        ? dataset.activities()
        : action === 'getworkouts'
          ? dataset.workouts()
          : dataset.sleepSummaries();
    const all = source.filter((x: Json) => (x.date as string) >= from && (x.date as string) <= to);
    const page = all.slice(offset, offset + pageSize);
    const more = offset + pageSize < all.length;
    const key = action === 'getactivity' ? 'activities' : 'series';
    return json(res, 200, { status: 0, body: { [key]: page, more, offset: more ? offset + pageSize : 0 } });
  };
}

async function authenticate(authority: SimAuthority, req: IncomingMessage) {
  const header = req.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? authority.authenticate(header.slice(7)) : null;
}
