import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_GARMIN_API_KEY, DEMO_GARMIN_USERS, startGarminSimulator } from '../../simulators/garmin';
import { startOuraSimulator } from '../../simulators/oura';
import { startWhoopSimulator } from '../../simulators/whoop';
import { startWithingsSimulator } from '../../simulators/withings';
import { HOSTED_BOUNCE_PATH } from '../core/oauth/redirect-uri';

// Demo mode: every provider is a local simulator on 127.0.0.1, and the app is
// pointed at them through the same OMNIO_PROVIDERS file a QA suite would use.
// A newcomer can walk through Connect, sign-in, sync and disconnect with no
// provider account. The demo credentials are printed once at start.

/** One sign-in the demo prints; each is proven to sign in (demo-providers.test.ts). */
export interface DemoCredential {
  provider: 'oura' | 'whoop' | 'withings' | 'garmin';
  username: string;
  password: string;
  mfaCode?: string;
}

/** The redirect URIs the demo simulators accept: our scheme (Electron), and loopback on any port (RFC 8252 §7.3). */
function demoRedirectUris(provider: 'oura' | 'whoop' | 'withings'): string[] {
  const uris = [`com.omnio.app:/oauth/${provider}`, `http://127.0.0.1/oauth/${provider}`];
  // The browser host serves Withings' bounce page on its own port (src-main/host/oauth-routes.ts).
  if (provider === 'withings') uris.push(`http://127.0.0.1${HOSTED_BOUNCE_PATH('withings')}`);
  return uris;
}

/** The lines printed at start: every user with their own password (issue 15, item 8). */
export function demoCredentialLines(credentials: DemoCredential[]): string[] {
  const names = { oura: 'Oura', whoop: 'WHOOP', withings: 'Withings', garmin: 'Garmin' };
  return credentials.map(
    (c) =>
      `  ${names[c.provider]}: ${c.username} / ${c.password}` + (c.mfaCode ? ` (then the MFA code ${c.mfaCode})` : ''),
  );
}

export async function startDemoProviders(): Promise<{
  providersFile: string;
  credentials: DemoCredential[];
  stop(): Promise<void>;
}> {
  const [oura, whoop, withings, garmin] = await Promise.all([
    startOuraSimulator({ redirectUris: demoRedirectUris('oura') }),
    startWhoopSimulator({ redirectUris: demoRedirectUris('whoop') }),
    startWithingsSimulator({ redirectUris: demoRedirectUris('withings') }),
    startGarminSimulator({ users: DEMO_GARMIN_USERS, apiKeys: [DEMO_GARMIN_API_KEY] }),
  ]);
  const credentials: DemoCredential[] = [
    ...[oura, whoop, withings].map((sim, i) => ({
      provider: (['oura', 'whoop', 'withings'] as const)[i]!,
      username: sim.user.username,
      password: sim.user.password,
    })),
    ...DEMO_GARMIN_USERS.map((u) => ({
      provider: 'garmin' as const,
      username: u.email,
      password: u.password,
      ...(u.mfaCode ? { mfaCode: u.mfaCode } : {}),
    })),
  ];
  const overrides = {
    oura: { ...oura.endpoints, clientId: oura.client.clientId, clientSecret: oura.client.clientSecret },
    whoop: { ...whoop.endpoints, clientId: whoop.client.clientId, clientSecret: whoop.client.clientSecret },
    withings: { ...withings.endpoints, clientId: withings.client.clientId, clientSecret: withings.client.clientSecret },
    garmin: garmin.endpoints,
  };
  const clean = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
  // Outside the data directory: the file holds the simulators' client secrets, and
  // nothing under OMNIO_DATA_DIR may hold a secret in plaintext.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-demo-'));
  const providersFile = path.join(dir, 'providers.json');
  fs.writeFileSync(
    providersFile,
    JSON.stringify(Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, clean(v)])), null, 2),
    { mode: 0o600 },
  );
  console.log(
    [
      'Demo mode: providers are local simulators. Sign in with (email / password):',
      ...demoCredentialLines(credentials),
      `  Garmin Personal API key: ${DEMO_GARMIN_API_KEY.key} (expires in ${DEMO_GARMIN_API_KEY.validDays} days)`,
    ].join('\n'),
  );
  return {
    providersFile,
    credentials,
    async stop() {
      await Promise.all([oura.stop(), whoop.stop(), withings.stop(), garmin.stop()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
