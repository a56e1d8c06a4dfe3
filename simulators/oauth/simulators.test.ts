import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startOuraSimulator, OURA_PATHS } from '../oura';
import { startWhoopSimulator, WHOOP_PATHS } from '../whoop';
import { startWithingsSimulator } from '../withings';
import { consent } from './consent-driver';
import { checkSchema, resolveRef } from './openapi-check';
import type { OAuthSimulator } from './start-oauth-simulator';

const REDIRECT = (p: string) => `com.omnio.app:/oauth/${p}`;
const running: OAuthSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(sim: OAuthSimulator, provider: string, scopes: string, state: string, challenge: string): string {
  const u = new URL(sim.endpoints.authorizationUrl);
  u.search = new URLSearchParams({
    response_type: 'code',
    client_id: sim.client.clientId,
    redirect_uri: REDIRECT(provider),
    scope: scopes,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  return u.toString();
}

async function postForm(
  url: string,
  fields: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams(fields) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

// OpenAPI documents are walked by key; their shape is checked by the assertions themselves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
const doc = (name: string) =>
  JSON.parse(fs.readFileSync(new URL(`../../specs/${name}`, import.meta.url), 'utf8')) as Doc;

describe('Oura simulator', () => {
  it('authorizes with consent, exchanges the code with PKCE, rotates single-use refresh tokens, revokes', async () => {
    const sim = await startOuraSimulator();
    running.push(sim);
    const { verifier, challenge } = pkce();
    const out = await consent(authorizeUrl(sim, 'oura', 'personal daily heartrate', 'st-1', challenge), {
      untick: ['heartrate'],
    });
    const redirect = new URL(out.location!);
    expect(`${redirect.protocol}${redirect.pathname}`).toBe(REDIRECT('oura'));
    expect(redirect.searchParams.get('state')).toBe('st-1');
    const code = redirect.searchParams.get('code')!;

    const base = { client_id: sim.client.clientId, client_secret: sim.client.clientSecret };
    const wrongVerifier = await postForm(sim.endpoints.tokenUrl, {
      ...base,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT('oura'),
      code_verifier: 'x'.repeat(43),
    });
    expect(wrongVerifier).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    // A fresh code (the failed exchange consumed the first one).
    const again = await consent(authorizeUrl(sim, 'oura', 'personal daily heartrate', 'st-2', challenge), {
      untick: ['heartrate'],
    });
    const code2 = new URL(again.location!).searchParams.get('code')!;
    const tok = await postForm(sim.endpoints.tokenUrl, {
      ...base,
      grant_type: 'authorization_code',
      code: code2,
      redirect_uri: REDIRECT('oura'),
      code_verifier: verifier,
    });
    expect(tok.status).toBe(200);
    expect(tok.body).toMatchObject({ token_type: 'bearer', scope: 'personal daily' });
    const replay = await postForm(sim.endpoints.tokenUrl, {
      ...base,
      grant_type: 'authorization_code',
      code: code2,
      redirect_uri: REDIRECT('oura'),
      code_verifier: verifier,
    });
    expect(replay.body.error).toBe('invalid_grant');

    const info = await fetch(sim.url + OURA_PATHS.personalInfo, {
      headers: { authorization: `Bearer ${tok.body.access_token as string}` },
    });
    // The code replay revoked the grant (RFC 6749 §4.1.2).
    expect(info.status).toBe(401);
  });

  it('refresh invalidates the old refresh token; revocation and the settings hook end the grant', async () => {
    const sim = await startOuraSimulator();
    running.push(sim);
    const { verifier, challenge } = pkce();
    const code = new URL(
      (await consent(authorizeUrl(sim, 'oura', 'personal daily', 's', challenge))).location!,
    ).searchParams.get('code')!;
    const basic = 'Basic ' + Buffer.from(`${sim.client.clientId}:${sim.client.clientSecret}`).toString('base64');
    const first = await fetch(sim.endpoints.tokenUrl, {
      method: 'POST',
      headers: { authorization: basic },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT('oura'),
        code_verifier: verifier,
      }),
    }).then((r) => r.json() as Promise<Record<string, string>>);
    const base = {
      client_id: sim.client.clientId,
      client_secret: sim.client.clientSecret,
      grant_type: 'refresh_token',
    };
    const second = await postForm(sim.endpoints.tokenUrl, { ...base, refresh_token: first.refresh_token! });
    expect(second.status).toBe(200);
    expect((await postForm(sim.endpoints.tokenUrl, { ...base, refresh_token: first.refresh_token! })).body.error).toBe(
      'invalid_grant',
    );
    expect(sim.authority.authenticate(second.body.access_token as string)).toMatchObject({ userId: sim.user.id });
    const revoke = await fetch(`${sim.url}${OURA_PATHS.revoke}?access_token=${second.body.access_token as string}`);
    expect(revoke.status).toBe(200);
    expect(sim.authority.authenticate(second.body.access_token as string)).toBeNull();
    expect(
      (await postForm(sim.endpoints.tokenUrl, { ...base, refresh_token: second.body.refresh_token as string })).body
        .error,
    ).toBe('invalid_grant');
  });

  it('shows an error page, never a redirect, for an unregistered redirect URI', async () => {
    const sim = await startOuraSimulator();
    running.push(sim);
    const u = new URL(authorizeUrl(sim, 'oura', 'daily', 's', 'c'));
    u.searchParams.set('redirect_uri', 'com.evil.app:/steal');
    const res = await fetch(u, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('redirect_uri does not match');
  });

  it('conforms to the Oura OpenAPI document: endpoints, scopes, personal_info', async () => {
    const sim = await startOuraSimulator();
    running.push(sim);
    const spec = doc('oura-openapi.json');
    const flow = spec.components.securitySchemes.OAuth2.flows.authorizationCode;
    expect(new URL(flow.authorizationUrl).pathname).toBe(OURA_PATHS.authorize);
    expect(new URL(flow.tokenUrl).pathname).toBe(OURA_PATHS.token);
    const simScopes = sim.authority.options.scopes.map((s) => s.scope);
    for (const s of ['email', 'personal', 'daily', 'heartrate', 'workout', 'session']) {
      expect(Object.keys(flow.scopes)).toContain(s);
      expect(simScopes).toContain(s);
    }
    const { challenge, verifier } = pkce();
    const code = new URL(
      (await consent(authorizeUrl(sim, 'oura', 'personal email', 's', challenge))).location!,
    ).searchParams.get('code')!;
    const tok = await postForm(sim.endpoints.tokenUrl, {
      client_id: sim.client.clientId,
      client_secret: sim.client.clientSecret,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT('oura'),
      code_verifier: verifier,
    });
    const info = await fetch(sim.url + OURA_PATHS.personalInfo, {
      headers: { authorization: `Bearer ${tok.body.access_token as string}` },
    }).then((r) => r.json());
    const schema =
      spec.paths['/v2/usercollection/personal_info'].get.responses['200'].content['application/json'].schema;
    expect(checkSchema(spec, schema, info)).toEqual([]);
  });
});

describe('WHOOP simulator', () => {
  it('demands an 8-character state and scope=offline on refresh; a refresh kills the old access and refresh tokens', async () => {
    const sim = await startWhoopSimulator();
    running.push(sim);
    const { verifier, challenge } = pkce();
    const short = await consent(authorizeUrl(sim, 'whoop', 'offline read:profile', 'abc', challenge));
    expect(new URL(short.location!).searchParams.get('error')).toBe('invalid_state');

    const ok = new URL(
      (
        await consent(authorizeUrl(sim, 'whoop', 'offline read:profile read:sleep', 'abcd1234', challenge), {
          untick: ['read:sleep'],
        })
      ).location!,
    );
    expect(ok.searchParams.get('scope')).toBe('offline read:profile');
    const base = { client_id: sim.client.clientId, client_secret: sim.client.clientSecret };
    const tok = await postForm(sim.endpoints.tokenUrl, {
      ...base,
      grant_type: 'authorization_code',
      code: ok.searchParams.get('code')!,
      redirect_uri: REDIRECT('whoop'),
      code_verifier: verifier,
    });
    expect(tok.body).toMatchObject({ scope: 'offline read:profile', expires_in: 3600 });
    const noScope = await postForm(sim.endpoints.tokenUrl, {
      ...base,
      grant_type: 'refresh_token',
      refresh_token: tok.body.refresh_token as string,
    });
    expect(noScope.body.error).toBe('invalid_request');
    const refreshed = await postForm(sim.endpoints.tokenUrl, {
      ...base,
      grant_type: 'refresh_token',
      refresh_token: tok.body.refresh_token as string,
      scope: 'offline',
    });
    expect(refreshed.status).toBe(200);
    expect(sim.authority.authenticate(tok.body.access_token as string)).toBeNull();
    expect(
      (
        await postForm(sim.endpoints.tokenUrl, {
          ...base,
          grant_type: 'refresh_token',
          refresh_token: tok.body.refresh_token as string,
          scope: 'offline',
        })
      ).body.error,
    ).toBe('invalid_grant');

    const spec = doc('whoop-openapi.json');
    const profile = await fetch(sim.url + WHOOP_PATHS.profile, {
      headers: { authorization: `Bearer ${refreshed.body.access_token as string}` },
    }).then((r) => r.json());
    expect(checkSchema(spec, resolveRef(spec, '#/components/schemas/UserBasicProfile'), profile)).toEqual([]);

    const del = await fetch(sim.url + WHOOP_PATHS.revoke, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${refreshed.body.access_token as string}` },
    });
    expect(del.status).toBe(204);
    expect(sim.authority.authenticate(refreshed.body.access_token as string)).toBeNull();
  });

  it('without offline there is no refresh token', async () => {
    const sim = await startWhoopSimulator();
    running.push(sim);
    const { verifier, challenge } = pkce();
    const loc = new URL(
      (
        await consent(authorizeUrl(sim, 'whoop', 'offline read:profile', 'abcd1234', challenge), {
          untick: ['offline'],
        })
      ).location!,
    );
    const tok = await postForm(sim.endpoints.tokenUrl, {
      client_id: sim.client.clientId,
      client_secret: sim.client.clientSecret,
      grant_type: 'authorization_code',
      code: loc.searchParams.get('code')!,
      redirect_uri: REDIRECT('whoop'),
      code_verifier: verifier,
    });
    expect(tok.body.refresh_token).toBeUndefined();
  });

  it('conforms to the WHOOP OpenAPI document: endpoints, scopes, revocation path', () => {
    const spec = doc('whoop-openapi.json');
    const flow = spec.components.securitySchemes.OAuth.flows.authorizationCode;
    expect(new URL(flow.authorizationUrl).pathname).toBe(WHOOP_PATHS.authorize);
    expect(new URL(flow.tokenUrl).pathname).toBe(WHOOP_PATHS.token);
    expect(spec.paths['/v2/user/access'].delete).toBeDefined();
    expect(WHOOP_PATHS.revoke).toBe('/developer/v2/user/access');
    expect(WHOOP_PATHS.profile).toBe('/developer' + '/v2/user/profile/basic');
    return startWhoopSimulator().then((sim) => {
      running.push(sim);
      const simScopes = sim.authority.options.scopes.map((s) => s.scope);
      for (const s of Object.keys(flow.scopes)) expect(simScopes).toContain(s);
    });
  });
});

describe('Withings simulator', () => {
  it('answers the requesttoken envelope as the OpenAPI document describes, with comma scopes and a numeric userid', async () => {
    const sim = await startWithingsSimulator();
    running.push(sim);
    const { verifier, challenge } = pkce();
    const loc = new URL(
      (
        await consent(authorizeUrl(sim, 'withings', 'user.info,user.metrics,user.activity', 'w-state', challenge), {
          untick: ['user.activity'],
        })
      ).location!,
    );
    const base = { action: 'requesttoken', client_id: sim.client.clientId, client_secret: sim.client.clientSecret };
    const tok = await postForm(sim.endpoints.tokenUrl, {
      ...base,
      grant_type: 'authorization_code',
      code: loc.searchParams.get('code')!,
      redirect_uri: REDIRECT('withings'),
      code_verifier: verifier,
    });
    expect(tok.status).toBe(200);
    expect(tok.body.status).toBe(0);
    expect(tok.body.body).toMatchObject({
      userid: 363,
      scope: 'user.info,user.metrics',
      expires_in: 10800,
      token_type: 'Bearer',
    });

    const spec = doc('withings-openapi.json');
    const op = Object.values(spec.paths as Record<string, Doc>).find(
      (p) => p.post?.operationId === 'oauth2-getaccesstoken',
    )!.post;
    const schema = op.responses['200'].content['application/json'].schema;
    expect(checkSchema(spec, schema, tok.body)).toEqual([]);
    for (const key of Object.keys(schema.properties.body.properties)) expect(tok.body.body).toHaveProperty(key);

    // Old refresh token stays valid until the new access token is used.
    const t1 = tok.body.body as Record<string, string>;
    const r1 = await postForm(sim.endpoints.tokenUrl, {
      ...base,
      grant_type: 'refresh_token',
      refresh_token: t1.refresh_token!,
    });
    expect(r1.body.status).toBe(0);
    const again = await postForm(sim.endpoints.tokenUrl, {
      ...base,
      grant_type: 'refresh_token',
      refresh_token: t1.refresh_token!,
    });
    expect(again.body.status).toBe(0);
    expect(sim.authority.authenticate((again.body.body as Record<string, string>).access_token!)).not.toBeNull();
    const late = await postForm(sim.endpoints.tokenUrl, {
      ...base,
      grant_type: 'refresh_token',
      refresh_token: t1.refresh_token!,
    });
    expect(late.body.status).toBe(401);
    expect(checkSchema(spec, schema, late.body)).toEqual([]);
  });

  it('codes live 30 seconds', async () => {
    const sim = await startWithingsSimulator();
    running.push(sim);
    const { verifier, challenge } = pkce();
    const loc = new URL((await consent(authorizeUrl(sim, 'withings', 'user.info', 'w', challenge))).location!);
    sim.authority.advance(31_000);
    const tok = await postForm(sim.endpoints.tokenUrl, {
      action: 'requesttoken',
      client_id: sim.client.clientId,
      client_secret: sim.client.clientSecret,
      grant_type: 'authorization_code',
      code: loc.searchParams.get('code')!,
      redirect_uri: REDIRECT('withings'),
      code_verifier: verifier,
    });
    expect(tok.body).toMatchObject({ status: 401, error: expect.stringMatching(/expired/) });
  });

  it('serves the bounce page that forwards to the app scheme', async () => {
    const sim = await startWithingsSimulator();
    running.push(sim);
    const html = await fetch(`${sim.url}/oauth-bounce.html?code=x&state=y`).then((r) => r.text());
    expect(html).toContain("'com.omnio.app:/oauth/'");
    expect(html).toContain('base + provider + location.search');
    // Its CSP pins the inline script by hash: a reformatted script must get a new hash.
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(html).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
  });
});

describe('loopback redirect URIs (RFC 8252 §7.3, issue 11)', () => {
  it('a registered loopback URI matches on any port, on 127.0.0.1 or [::1]; path, scheme and host must match exactly', async () => {
    const sim = await startOuraSimulator({
      redirectUris: ['http://127.0.0.1/oauth/oura', 'http://[::1]/oauth/oura'],
    });
    running.push(sim);
    const check = (uri: string) => typeof sim.authority.checkClient(sim.client.clientId, uri) !== 'string';
    expect(check('http://127.0.0.1:5170/oauth/oura')).toBe(true);
    expect(check('http://127.0.0.1:61234/oauth/oura')).toBe(true);
    expect(check('http://[::1]:40000/oauth/oura')).toBe(true);
    expect(check('http://127.0.0.1/oauth/oura')).toBe(true); // exactly as registered
    expect(check('http://127.0.0.1:5170/oauth/whoop')).toBe(false);
    expect(check('http://127.0.0.1:5170/oauth/oura/x')).toBe(false);
    expect(check('http://127.0.0.1:5170/oauth/oura?next=1')).toBe(false);
    expect(check('http://localhost:5170/oauth/oura')).toBe(false);
    expect(check('https://127.0.0.1:5170/oauth/oura')).toBe(false);
    expect(check('http://127.0.0.2:5170/oauth/oura')).toBe(false);
    expect(check('com.omnio.app:/oauth/oura')).toBe(false); // not registered here
  });

  it('the sign-in page says which demo user and password to use', async () => {
    const sim = await startOuraSimulator();
    running.push(sim);
    const html = await fetch(authorizeUrl(sim, 'oura', 'personal', 'state-123', pkce().challenge)).then((r) =>
      r.text(),
    );
    expect(html).toContain(`Demo sign-in: <strong>${sim.user.username}</strong>`);
    expect(html).toContain(`<strong>${sim.user.password}</strong>`);
  });
});
