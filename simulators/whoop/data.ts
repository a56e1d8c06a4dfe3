import type { SimAuthority } from '../sim-authority';
import { json, type Route } from '../sim-server';
import { WhoopDataset, type Json, type WhoopCycleSpan } from './dataset';

// WHOOP API v2 data endpoints as documented (whoop-openapi.json): bearer auth,
// 401 unknown token, 403 missing scope, collections under /developer/v2 paged
// with `limit` (≤ 25, else 400) and `nextToken`, filtered by `start`
// (inclusive) and `end` (exclusive) on the record's start, newest first.

export function defaultWhoopDataset(): WhoopDataset {
  const firstDay = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  return new WhoopDataset({ seed: 2, userId: 10129, firstDay, timezoneOffset: '+00:00', until: () => Date.now() });
}

const COLLECTIONS: Record<string, { scope: string; records: (d: WhoopDataset, c: WhoopCycleSpan) => (Json | null)[] }> =
  {
    '/developer/v2/cycle': { scope: 'read:cycles', records: (d, c) => [d.cycle(c)] },
    '/developer/v2/recovery': { scope: 'read:recovery', records: (d, c) => [d.recovery(c)] },
    '/developer/v2/activity/sleep': { scope: 'read:sleep', records: (d, c) => [d.sleep(c), d.nap(c)] },
    '/developer/v2/activity/workout': { scope: 'read:workout', records: (d, c) => [d.workout(c)] },
  };

export function dataRoutes(authority: SimAuthority, datasetOrNothing?: unknown): Route {
  const dataset = datasetOrNothing instanceof WhoopDataset ? datasetOrNothing : defaultWhoopDataset();
  return async (req, res, url) => {
    if (req.method !== 'GET' || !url.pathname.startsWith('/developer/v2/')) return false;
    const single =
      url.pathname === '/developer/v2/user/measurement/body'
        ? 'read:body_measurement'
        : url.pathname === '/developer/v2/user/profile/basic'
          ? 'read:profile'
          : null;
    const collection = COLLECTIONS[url.pathname];
    if (!single && !collection) return false;
    const header = req.headers.authorization;
    const grant =
      typeof header === 'string' && header.startsWith('Bearer ') ? await authority.authenticate(header.slice(7)) : null;
    if (!grant) return json(res, 401, { message: 'Authorization was not valid' });
    const scope = single ?? collection!.scope;
    if (!grant.scopes.includes(scope)) return json(res, 403, { message: `Missing scope ${scope}` });
    if (url.pathname.endsWith('/body')) return json(res, 200, dataset.bodyMeasurement());
    if (url.pathname.endsWith('/basic')) return json(res, 200, dataset.profile());

    const limit = Number(url.searchParams.get('limit') ?? '10');
    if (!Number.isInteger(limit) || limit < 1 || limit > 25)
      return json(res, 400, { message: 'limit must be between 1 and 25' });
    const start = url.searchParams.get('start') ? Date.parse(url.searchParams.get('start')!) : 0;
    const end = url.searchParams.get('end') ? Date.parse(url.searchParams.get('end')!) : Number.MAX_SAFE_INTEGER;
    if (Number.isNaN(start) || Number.isNaN(end))
      return json(res, 400, { message: 'start and end must be date-times' });
    const token = url.searchParams.get('nextToken');
    const offset = token === null ? 0 : Number.parseInt(Buffer.from(token, 'base64url').toString(), 10);
    if (!Number.isInteger(offset) || offset < 0) return json(res, 400, { message: 'invalid nextToken' });

    const all: Json[] = [];
    for (const c of dataset.cycles()) {
      for (const r of collection!.records(dataset, c)) {
        if (!r) continue;
        const at = Date.parse((r.start as string | undefined) ?? (r.created_at as string));
        if (at >= start && at < end) all.push(r);
      }
    }
    all.reverse(); // newest first, as WHOOP answers
    const page = all.slice(offset, offset + limit);
    const body: Json = { records: page };
    if (offset + limit < all.length) body.next_token = Buffer.from(String(offset + limit)).toString('base64url');
    return json(res, 200, body);
  };
}
