import fs from 'node:fs';
import type { OAuthEndpoints } from '../../src-main/core/providers/definition';
import type { SimAuthority } from '../sim-authority';
import { SimServer, type Route } from '../sim-server';
import { demoUser, simClient } from './demo-users';
import type { SimClient, SimOAuthAuthority, SimUser } from './sim-oauth-authority';

// Shared start-up for the Oura, WHOOP and Withings simulators: one SimServer
// with the provider's auth routes and, when the provider folder has a
// `data.ts` exporting `dataRoutes(authority, dataset)`, its data routes.

export interface OAuthSimulator {
  server: SimServer;
  authority: SimOAuthAuthority;
  url: string;
  /** The registered client (id, secret, redirect URIs). */
  client: SimClient;
  /** The demo user (first registered user). */
  user: SimUser;
  /** The provider endpoints pointing at this simulator (an OMNIO_PROVIDERS override). */
  endpoints: OAuthEndpoints;
  stop(): Promise<void>;
}

export interface OAuthSimulatorOptions {
  port?: number;
  /** Redirect URIs registered for the client (exact match); defaults to the app scheme. */
  redirectUris?: string[];
  clientId?: string;
  users?: SimUser[];
  accessTokenSeconds?: number;
  /** Passed to the data routes; they create their own default dataset when absent. */
  dataset?: unknown;
}

type DataRoutesFactory = (authority: SimAuthority, dataset?: unknown) => Route;

async function loadDataRoutes(dataModule: URL): Promise<DataRoutesFactory | null> {
  if (!fs.existsSync(dataModule)) return null;
  const mod = (await import(dataModule.href)) as { dataRoutes?: DataRoutesFactory };
  return typeof mod.dataRoutes === 'function' ? mod.dataRoutes : null;
}

export async function startOAuthSimulator(spec: {
  provider: 'oura' | 'whoop' | 'withings';
  authority: SimOAuthAuthority;
  authRoutes: Route;
  paths: { authorize: string; token: string; revoke: string | null };
  dataModule: URL;
  options: OAuthSimulatorOptions;
}): Promise<OAuthSimulator> {
  const { provider, authority, options } = spec;
  if (options.accessTokenSeconds !== undefined) authority.accessTokenSeconds = options.accessTokenSeconds;
  const users = options.users ?? [demoUser(provider)];
  users.forEach((u) => authority.addUser(u));
  const client = authority.registerClient(
    simClient(provider, options.redirectUris ?? [`com.omnio.app:/oauth/${provider}`], options.clientId),
  );
  const server = new SimServer(provider).use(spec.authRoutes);
  const data = await loadDataRoutes(spec.dataModule);
  if (data) server.use(data(authority, options.dataset));
  const url = await server.start(options.port ?? 0);
  return {
    server,
    authority,
    url,
    client,
    user: users[0]!,
    endpoints: {
      authorizationUrl: url + spec.paths.authorize,
      tokenUrl: url + spec.paths.token,
      revocationUrl: spec.paths.revoke ? url + spec.paths.revoke : null,
      apiBaseUrl: url,
    },
    stop: () => server.stop(),
  };
}
