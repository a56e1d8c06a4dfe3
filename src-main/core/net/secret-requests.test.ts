import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRevokeRequest } from '../disconnect/revoke-request';
import { getJsonWithBearer } from '../oauth/identity-fetch';
import { TokenEndpointError } from '../oauth/token-types';
import type { OAuthProviderDefinition } from '../providers/definition';
import { exchangeServiceTicket } from '../providers/garmin/di-token';
import { garmin } from '../providers/garmin/definition';
import { exchangeApiKey } from '../providers/garmin/personal-api-key';
import { oura } from '../providers/oura/definition';
import { createTokenClient as ouraTokenClient } from '../providers/oura/token-client';
import { withings } from '../providers/withings/definition';
import { createTokenClient as withingsTokenClient } from '../providers/withings/token-client';
import { MAX_SECRET_ANSWER_BYTES } from './secret-fetch';

// Issue 13, item 4: every client that sends a secret outside the sync transport
// refuses a redirect (the target server never sees a request) and refuses an
// answer larger than MAX_SECRET_ANSWER_BYTES. Real HTTP servers on 127.0.0.1:
// `redirector` answers every request with a 3xx to `sink`; `sink` would
// answer a perfectly good token/profile, so a client that followed the
// redirect would succeed there — and `sink.hits` would show it.

// Good enough for every client: Withings' envelope, RFC 6749, Garmin, a profile.
const GOOD_ANSWER = JSON.stringify({
  status: 0,
  body: { access_token: 'sink-access', refresh_token: 'sink-refresh', expires_in: 3600, userid: 7 },
  access_token: 'sink-access',
  refresh_token: 'sink-refresh',
  token_type: 'Bearer',
  expires_in: 3600,
  id: 'sink-user',
});

interface Server {
  url: string;
  hits: number;
  close(): Promise<void>;
}

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Server> {
  const server = http.createServer((req, res) => {
    state.hits++;
    req.resume();
    req.on('end', () => handler(req, res));
  });
  const state: Server = {
    url: '',
    hits: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

let sink: Server;
const redirectors = new Map<number, Server>();
let huge: Server;

beforeAll(async () => {
  sink = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(GOOD_ANSWER);
  });
  for (const status of [302, 307]) {
    redirectors.set(
      status,
      await serve((req, res) => {
        res.writeHead(status, { location: `${sink.url}${req.url ?? '/'}` });
        res.end();
      }),
    );
  }
  // A valid answer padded past the cap, sent chunked (no Content-Length to trust).
  huge = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(GOOD_ANSWER);
    const pad = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const more = () => {
      while (sent <= MAX_SECRET_ANSWER_BYTES) {
        sent += pad.length;
        if (!res.write(pad)) return void res.once('drain', more);
      }
      res.end();
    };
    res.on('error', () => undefined);
    more();
  });
});

afterAll(async () => {
  await Promise.all([sink.close(), huge.close(), ...[...redirectors.values()].map((s) => s.close())]);
});

function oauthDef(base: OAuthProviderDefinition, origin: string): OAuthProviderDefinition {
  return {
    ...base,
    endpoints: {
      authorizationUrl: `${origin}/authorize`,
      tokenUrl: `${origin}/token`,
      revocationUrl: `${origin}/revoke`,
      apiBaseUrl: `${origin}/api/`,
    },
  };
}

const client = {
  clientId: 'cid',
  clientSecret: 'the-client-secret',
  source: 'user' as const,
  fixedRedirectUri: null,
};
const now = () => new Date();

function garminEndpoints(origin: string) {
  return {
    ...garmin.endpoints,
    ticketExchangeUrl: `${origin}/di/ticket`,
    tokenRefreshUrl: `${origin}/di/refresh`,
    personalApiTokenUrl: `${origin}/personal/token`,
  };
}

describe.each([302, 307])('a %i answer is refused, never followed', (status) => {
  const origin = () => redirectors.get(status)!.url;

  it('Withings token client (refresh)', async () => {
    const before = sink.hits;
    const tokens = withingsTokenClient({ def: oauthDef(withings, origin()), client, now });
    const err = await tokens.refresh('the-refresh-token').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenEndpointError);
    expect((err as TokenEndpointError).message).toMatch(new RegExp(`answered HTTP ${status}`));
    expect(sink.hits).toBe(before);
  });

  it('Oura/WHOOP standard token client (refresh, oauth4webapi)', async () => {
    const before = sink.hits;
    const tokens = ouraTokenClient({ def: oauthDef(oura, origin()), client, now });
    await expect(tokens.refresh('the-refresh-token')).rejects.toBeInstanceOf(TokenEndpointError);
    expect(sink.hits).toBe(before);
  });

  it("Garmin's DI token exchange", async () => {
    const before = sink.hits;
    await expect(
      exchangeServiceTicket(garminEndpoints(origin()), 'ST-ticket', 'https://svc', Date.now()),
    ).rejects.toThrow(new RegExp(`answered HTTP ${status}`));
    expect(sink.hits).toBe(before);
  });

  it("Garmin's Personal API key exchange", async () => {
    const before = sink.hits;
    await expect(exchangeApiKey(garminEndpoints(origin()), 'the-api-key', Date.now())).rejects.toThrow(
      new RegExp(`answered HTTP ${status}`),
    );
    expect(sink.hits).toBe(before);
  });

  it('the identity fetch (a redirect counts as no profile)', async () => {
    const before = sink.hits;
    await expect(getJsonWithBearer(`${origin()}/api/profile`, 'the-access-token')).resolves.toBeNull();
    expect(sink.hits).toBe(before);
  });

  it.each(['oura', 'whoop'] as const)('the %s revocation request', async (provider) => {
    const before = sink.hits;
    const result = await sendRevokeRequest(provider, provider, `${origin()}/revoke`, 'the-access-token');
    expect(result).toEqual({ kind: 'failed', reason: expect.stringMatching(new RegExp(`HTTP ${status}`)) });
    expect(sink.hits).toBe(before);
  });
});

describe('an answer over the size cap is refused', () => {
  it('Withings token client', async () => {
    const tokens = withingsTokenClient({ def: oauthDef(withings, huge.url), client, now });
    await expect(tokens.refresh('the-refresh-token')).rejects.toThrow(/larger than/);
  });

  it('Oura/WHOOP standard token client', async () => {
    const tokens = ouraTokenClient({ def: oauthDef(oura, huge.url), client, now });
    await expect(tokens.refresh('the-refresh-token')).rejects.toThrow(/larger than/);
  });

  it("Garmin's DI token exchange", async () => {
    await expect(
      exchangeServiceTicket(garminEndpoints(huge.url), 'ST-ticket', 'https://svc', Date.now()),
    ).rejects.toThrow(/larger than/);
  });

  it("Garmin's Personal API key exchange", async () => {
    await expect(exchangeApiKey(garminEndpoints(huge.url), 'the-api-key', Date.now())).rejects.toThrow(/larger than/);
  });

  it('the identity fetch', async () => {
    await expect(getJsonWithBearer(`${huge.url}/api/profile`, 'the-access-token')).rejects.toThrow(/larger than/);
  });
});
