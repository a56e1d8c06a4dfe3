import type { SimAuthority } from '../../sim-authority';
import { json, type Route } from '../../sim-server';

// A data module of the shape provider folders export (`dataRoutes(authority, dataset)`):
// proves start-oauth-simulator loads it and that bearer tokens authenticate through the authority.
export function dataRoutes(authority: SimAuthority, dataset?: unknown): Route {
  return async (req, res, url) => {
    if (url.pathname !== '/fixture/whoami') return false;
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const grant = await authority.authenticate(bearer);
    return grant ? json(res, 200, { ...grant, dataset: dataset ?? null }) : json(res, 401, { error: 'unauthorized' });
  };
}
