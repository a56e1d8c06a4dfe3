import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { consent } from '../../simulators/oauth/consent-driver';
import type { OAuthSimulator } from '../../simulators/oauth/start-oauth-simulator';
import { startOuraSimulator } from '../../simulators/oura';
import { startWhoopSimulator } from '../../simulators/whoop';
import { startWithingsSimulator } from '../../simulators/withings';
import { startHost, type RunningHost } from './host-server';

// Issue 11: the browser host receives OAuth redirects on its own port. The
// route answers only GET /oauth/<provider> with our Host, for the state of a
// flow pending on exactly that URI; everything else is a plain 404/400 that
// leaves every flow as it was. Real host, real core, real simulators.

let dir: string;
let host: RunningHost | null = null;
const sims: OAuthSimulator[] = [];
afterEach(async () => {
  await host?.close();
  host = null;
  await Promise.all(sims.splice(0).map((s) => s.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function setUp(env: Record<string, string> = {}): Promise<RunningHost> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-oauth-route-'));
  const loopback = (p: string) => ['com.omnio.app:/oauth/' + p, `http://127.0.0.1/oauth/${p}`];
  const [oura, whoop, withings] = await Promise.all([
    startOuraSimulator({ redirectUris: loopback('oura') }),
    startWhoopSimulator({ redirectUris: loopback('whoop') }),
    startWithingsSimulator({ redirectUris: ['http://127.0.0.1/oauth-bounce/withings'] }),
  ]);
  sims.push(oura, whoop, withings);
  const entry = (s: OAuthSimulator) => ({
    ...s.endpoints,
    clientId: s.client.clientId,
    clientSecret: s.client.clientSecret,
  });
  const clean = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
  const providers = path.join(dir, 'providers.json');
  fs.writeFileSync(
    providers,
    JSON.stringify({ oura: clean(entry(oura)), whoop: clean(entry(whoop)), withings: clean(entry(withings)) }),
  );
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Omnio</title>');
  host = await startHost({
    port: 0,
    dataDir: path.join(dir, 'data'),
    rendererDir,
    version: 'test',
    env: { OMNIO_PROVIDERS: providers, ...env },
    quiet: true,
  });
  return host;
}

/** A GET as a browser tab sends it, with any Host header. */
function get(url: string, hostHeader?: string): Promise<{ status: number; type: string; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: u.port, path: u.pathname + u.search, headers: hostHeader ? { host: hostHeader } : {} },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const pending = async (h: RunningHost) => (await h.core.handlers.listAccounts({})).pending;
const accounts = async (h: RunningHost) => (await h.core.handlers.listAccounts({})).accounts;

describe('the browser host’s loopback route', () => {
  it('sends each flow to its own port, completes it once, and shows a short page in the provider’s tab', async () => {
    const h = await setUp();
    const started = await h.core.handlers.startConnect({ providerId: 'oura' });
    expect(new URL(started.authorizationUrl).searchParams.get('redirect_uri')).toBe(`${h.url}/oauth/oura`);
    expect((await h.core.handlers.getAppInfo({})).redirectUris.oura).toBe(`${h.url}/oauth/oura`);

    const out = await consent(started.authorizationUrl);
    expect(out.location!.startsWith(`${h.url}/oauth/oura?`)).toBe(true);
    const page = await get(out.location!);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Omnio is connected to Oura');
    expect(page.body).toContain('You can close this tab');
    expect(await accounts(h)).toMatchObject([{ providerId: 'oura', status: 'connected' }]);
    expect(await pending(h)).toEqual([]);

    // Replayed once its flow is gone: a plain 404, nothing changes.
    const replay = await get(out.location!);
    expect(replay.status).toBe(404);
    expect(replay.type).toContain('text/plain');
    expect(replay.body).toContain('not waiting');
    expect(await accounts(h)).toHaveLength(1);
  });

  it('answers only its own path, state and Host, and leaves the pending flow untouched otherwise', async () => {
    const h = await setUp();
    const started = await h.core.handlers.startConnect({ providerId: 'oura' });
    const state = new URL(started.authorizationUrl).searchParams.get('state')!;
    const flowsBefore = await pending(h);
    expect(flowsBefore).toHaveLength(1);

    const refused: Array<[string, string | undefined, number]> = [
      [`${h.url}/oauth/oura?code=abc&state=not-the-state`, undefined, 404], // another state
      [`${h.url}/oauth/whoop?code=abc&state=${state}`, undefined, 404], // right state, another provider's path
      [`${h.url}/oauth/oura/x?code=abc&state=${state}`, undefined, 404], // a longer path
      [`${h.url}/oauth/nope?code=abc&state=${state}`, undefined, 404], // no such provider
      [`${h.url}/oauth/oura?code=abc&state=${state}&next=http://evil.example`, undefined, 400], // extra parameter
      [`${h.url}/oauth/oura?state=${state}`, undefined, 400], // neither code nor error
      [`${h.url}/oauth/oura?code=a&code=b&state=${state}`, undefined, 400], // repeated parameter
      [`${h.url}/oauth/oura?code=abc&state=${state}`, `localhost:${h.port}`, 421], // DNS rebinding: another Host
      [`${h.url}/oauth/oura?code=abc&state=${state}`, `127.0.0.1:${h.port + 1}`, 421],
    ];
    for (const [url, hostHeader, status] of refused) {
      const res = await get(url, hostHeader);
      expect({ url, hostHeader, status: res.status }).toEqual({ url, hostHeader, status });
      expect(res.type).toContain('text/plain');
    }
    // The route's own check, for a server that did not check Host first (the Electron listener).
    const direct = await h.core.answerLoopback(
      { method: 'GET', host: `localhost:${h.port}`, url: `/oauth/oura?code=abc&state=${state}` },
      h.url,
    );
    expect(direct.status).toBe(400);
    const post = await h.core.answerLoopback(
      { method: 'POST', host: `127.0.0.1:${h.port}`, url: `/oauth/oura?code=abc&state=${state}` },
      h.url,
    );
    expect(post.status).toBe(404);

    // Nothing above touched the flow: it is still pending, and the real answer still completes it.
    expect(await pending(h)).toEqual(flowsBefore);
    expect(await accounts(h)).toEqual([]);
    const out = await consent(started.authorizationUrl);
    expect((await get(out.location!)).body).toContain('Omnio is connected to Oura');
    expect(await accounts(h)).toHaveLength(1);
  });

  it('shows the provider’s refusal in our words, and creates no account', async () => {
    const h = await setUp();
    const started = await h.core.handlers.startConnect({ providerId: 'whoop' });
    const out = await consent(started.authorizationUrl, { deny: true });
    const page = await get(out.location!);
    expect(page.status).toBe(200);
    expect(page.body).toContain('WHOOP was not connected');
    expect(page.body).toContain('You did not allow Omnio to read your WHOOP data');
    // Our words only: the provider's developer text stays out of the page.
    expect(page.body).not.toContain('denied access to your application');
    expect(await accounts(h)).toEqual([]);
    expect(await pending(h)).toEqual([]);
  });

  it('answers nothing once its flow expired (QA lifetime), and creates no account', async () => {
    const h = await setUp({ OMNIO_QA_CONNECT_LIFETIME_MS: '300' });
    const started = await h.core.handlers.startConnect({ providerId: 'oura' });
    const out = await consent(started.authorizationUrl);
    while ((await pending(h)).length > 0) await new Promise((r) => setTimeout(r, 50));
    const page = await get(out.location!);
    expect(page.status).toBe(404);
    expect(page.body).toContain('expired');
    expect(await accounts(h)).toEqual([]);
  });

  it('Withings goes through the bounce page, served by the host, to the same route', async () => {
    const h = await setUp();
    const started = await h.core.handlers.startConnect({ providerId: 'withings' });
    expect(new URL(started.authorizationUrl).searchParams.get('redirect_uri')).toBe(`${h.url}/oauth-bounce/withings`);
    const out = await consent(started.authorizationUrl);
    const bounce = new URL(out.location!);
    expect(bounce.origin + bounce.pathname).toBe(`${h.url}/oauth-bounce/withings`);
    const html = (await get(out.location!)).body;
    expect(html).toContain('location.replace(target)');
    // What the page's script does in a browser (the end-to-end spec runs it in Chromium).
    const page = await get(`${h.url}/oauth/withings${bounce.search}`);
    expect(page.body).toContain('Omnio is connected to Withings');
    expect(await accounts(h)).toMatchObject([{ providerId: 'withings', status: 'connected' }]);
  });
});
