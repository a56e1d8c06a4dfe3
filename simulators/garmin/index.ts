import type { GarminEndpoints } from '../../src-main/core/providers/definition';
import { SimServer } from '../sim-server';
import { dataRoutes } from './data-routes';
import { SSO_PATHS, ssoRoutes } from './sso-routes';
import { GarminSimState, type GarminSimOptions, type GarminSimUser } from './state';
import { TOKEN_PATHS, tokenRoutes } from './token-routes';

export { GarminSimState, type GarminSimOptions, type GarminSimUser, type LoginFault } from './state';
export { CHALLENGE_HTML } from './sso-routes';

// The Garmin simulator: SSO sign-in page, JSON login, MFA, DI token endpoint,
// Personal API key endpoint and the Connect data paths, all on one SimServer.
// Point the app at it with `endpoints` (as an OMNIO_PROVIDERS override).

export interface GarminSimulator {
  server: SimServer;
  state: GarminSimState;
  url: string;
  /** The Garmin provider endpoints pointing at this simulator. */
  endpoints: GarminEndpoints;
  stop(): Promise<void>;
}

/** Where each endpoint lives on a simulator at `baseUrl`. */
export function garminSimEndpoints(baseUrl: string): GarminEndpoints {
  return {
    signInUrl: baseUrl + SSO_PATHS.signIn,
    loginUrl: baseUrl + SSO_PATHS.login,
    mfaUrl: baseUrl + SSO_PATHS.mfa,
    ticketExchangeUrl: baseUrl + TOKEN_PATHS.diToken,
    tokenRefreshUrl: baseUrl + TOKEN_PATHS.diToken,
    personalApiTokenUrl: baseUrl + TOKEN_PATHS.personalToken,
    apiBaseUrl: baseUrl,
  };
}

/** Demo users for demo mode and manual runs; tests add their own. */
export const DEMO_GARMIN_USERS: GarminSimUser[] = [
  { email: 'demo@omnio.test', password: 'demo-password-1', profileId: 81234567, displayName: 'demo-runner' },
  {
    email: 'mfa@omnio.test',
    password: 'demo-password-2',
    profileId: 81234568,
    displayName: 'mfa-runner',
    mfaCode: '123456',
  },
];

/** A fixed Personal API key for the first demo user, so demo mode can show the key tab. */
export const DEMO_GARMIN_API_KEY = { email: 'demo@omnio.test', key: 'gpak_demo-personal-api-key-0001', validDays: 10 };

export async function startGarminSimulator(
  options: GarminSimOptions & {
    port?: number;
    users?: GarminSimUser[];
    apiKeys?: { email: string; key: string; validDays: number }[];
  } = {},
): Promise<GarminSimulator> {
  const state = new GarminSimState(options);
  for (const u of options.users ?? []) state.addUser(u);
  for (const k of options.apiKeys ?? []) state.createApiKey(k.email, k.validDays, k.key);
  const server = new SimServer('garmin').use(ssoRoutes(state)).use(tokenRoutes(state)).use(dataRoutes(state));
  const url = await server.start(options.port ?? 0);
  return { server, state, url, endpoints: garminSimEndpoints(url), stop: () => server.stop() };
}
