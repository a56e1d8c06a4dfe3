import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { consent } from '../../simulators/oauth/consent-driver';
import { GarminLoginClient } from '../core/garmin/login-client';
import type { GarminEndpoints } from '../core/providers/definition';
import { startDemoProviders } from './demo-providers';

// Issue 15 item 8 (assigned to issue 11): every sign-in the demo prints at
// start signs in at its simulator — read back from the printed text itself, so
// a wrong password next to a user fails here. And a wrong one does not, so the
// check means something.

let demo: Awaited<ReturnType<typeof startDemoProviders>>;
let printed = '';

beforeAll(async () => {
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed += args.join(' ') + '\n';
  });
  demo = await startDemoProviders();
  log.mockRestore();
});
afterAll(() => demo.stop());

interface Printed {
  provider: string;
  username: string;
  password: string;
  mfaCode: string | null;
}

function printedCredentials(): Printed[] {
  return [
    ...printed.matchAll(/^ {2}(Oura|WHOOP|Withings|Garmin): (\S+) \/ (\S+)(?: \(then the MFA code (\d+)\))?$/gm),
  ].map((m) => ({ provider: m[1]!, username: m[2]!, password: m[3]!, mfaCode: m[4] ?? null }));
}

type ProvidersFile = Record<string, Record<string, string>> & { garmin: GarminEndpoints };
const providers = () => JSON.parse(fs.readFileSync(demo.providersFile, 'utf8')) as ProvidersFile;

/** The simulator's sign-in page, as Omnio would open it, with one scope each provider knows. */
function authorizationUrl(provider: 'oura' | 'whoop' | 'withings'): string {
  const p = providers()[provider]!;
  const u = new URL(p.authorizationUrl!);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('client_id', p.clientId!);
  u.searchParams.set('redirect_uri', `com.omnio.app:/oauth/${provider}`);
  u.searchParams.set('scope', { oura: 'personal', whoop: 'read:profile', withings: 'user.info' }[provider]);
  u.searchParams.set('state', 'demo-state-1');
  return u.toString();
}

async function garminSignsIn(c: Printed): Promise<boolean> {
  const client = new GarminLoginClient({ endpoints: () => providers().garmin });
  let step = await client.signIn(c.username, Buffer.from(c.password, 'utf8'));
  if (step.kind === 'mfa') {
    if (!c.mfaCode) return false;
    step = await client.submitMfa(step.jar, c.mfaCode, step.mfaMethod);
  }
  return step.kind === 'ticket' && step.ticket.length > 0;
}

describe('the demo’s printed credentials', () => {
  it('prints one line per demo user, each with that user’s own password', () => {
    const creds = printedCredentials();
    expect(creds.map((c) => c.provider)).toEqual(['Oura', 'WHOOP', 'Withings', 'Garmin', 'Garmin']);
    expect(creds.map((c) => c.username)).toEqual(demo.credentials.map((c) => c.username));
    expect(creds.map((c) => c.password)).toEqual(demo.credentials.map((c) => c.password));
    expect(creds.find((c) => c.mfaCode)?.password).toBe('demo-password-2');
  });

  it('every printed credential signs in at its simulator', async () => {
    for (const c of printedCredentials()) {
      if (c.provider === 'Garmin') {
        expect({ user: c.username, signedIn: await garminSignsIn(c) }).toEqual({ user: c.username, signedIn: true });
        continue;
      }
      const id = c.provider.toLowerCase() as 'oura' | 'whoop' | 'withings';
      const out = await consent(authorizationUrl(id), { username: c.username, password: c.password });
      expect({ user: c.username, status: out.status }).toEqual({ user: c.username, status: 302 });
      expect(new URL(out.location!).searchParams.get('code')).toBeTruthy();
    }
  });

  it('a wrong password does not sign in (the check above can fail)', async () => {
    const [oura, , , garmin] = printedCredentials();
    const out = await consent(authorizationUrl('oura'), { username: oura!.username, password: 'not-the-password' });
    expect(out.status).toBe(401);
    expect(out.location).toBeNull();
    await expect(garminSignsIn({ ...garmin!, password: 'not-the-password' })).rejects.toThrow();
  });
});
