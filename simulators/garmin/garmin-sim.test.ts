import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGarminSimulator, type GarminSimulator } from './index';

// The simulator's own rules, as a raw HTTP client meets them: the JSON steps
// need the sign-in page's cookies, tickets are single-use, refresh tokens
// rotate, data needs a live bearer token.

let sim: GarminSimulator;
beforeEach(async () => {
  sim = await startGarminSimulator({
    users: [{ email: 'u@example.com', password: 'pw-123456', profileId: 42, displayName: 'u42' }],
  });
});
afterEach(() => sim.stop());

const loginBody = JSON.stringify({ username: 'u@example.com', password: 'pw-123456' });

async function cookies(): Promise<string> {
  const res = await fetch(sim.endpoints.signInUrl);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function ticket(): Promise<string> {
  const res = await fetch(sim.endpoints.loginUrl, {
    method: 'POST',
    headers: { cookie: await cookies() },
    body: loginBody,
  });
  return ((await res.json()) as { serviceTicketId: string }).serviceTicketId;
}

const basic = `Basic ${Buffer.from('GARMIN_CONNECT_MOBILE_ANDROID_DI_2025Q2:').toString('base64')}`;
const exchange = (params: Record<string, string>) =>
  fetch(sim.endpoints.ticketExchangeUrl, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
const grant = 'https://connectapi.garmin.com/di-oauth2-service/oauth/grant/service_ticket';

describe('Garmin simulator', () => {
  it('refuses the JSON login without the sign-in page cookies', async () => {
    const res = await fetch(sim.endpoints.loginUrl, { method: 'POST', body: loginBody });
    expect(res.status).toBe(403);
    expect(sim.state.loginAttempts).toEqual([]);
  });

  it('issues single-use tickets and rotating refresh tokens; data needs a live token', async () => {
    const t = await ticket();
    const first = await exchange({ grant_type: grant, service_ticket: t });
    expect(first.status).toBe(200);
    const tokens = (await first.json()) as { access_token: string; refresh_token: string };
    expect((await exchange({ grant_type: grant, service_ticket: t })).status).toBe(400);

    const refreshed = await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect((await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).status).toBe(400);

    const profile = (token: string) =>
      fetch(`${sim.url}/userprofile-service/socialProfile`, { headers: { authorization: `Bearer ${token}` } });
    expect((await profile(tokens.access_token)).status).toBe(200);
    sim.state.expireAccessTokens();
    expect((await profile(tokens.access_token)).status).toBe(401);
  });

  it('answers a 429 with Retry-After, and a challenge page as HTML', async () => {
    sim.state.failLogins({ kind: 'rate-limit', retryAfterSeconds: 120 });
    const limited = await fetch(sim.endpoints.loginUrl, {
      method: 'POST',
      headers: { cookie: await cookies() },
      body: loginBody,
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('120');
    sim.state.failLogins({ kind: 'challenge', status: 403 });
    const challenged = await fetch(sim.endpoints.loginUrl, {
      method: 'POST',
      headers: { cookie: await cookies() },
      body: loginBody,
    });
    expect(challenged.headers.get('content-type')).toContain('text/html');
    expect(await challenged.text()).toContain('Just a moment');
  });
});
