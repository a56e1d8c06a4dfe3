import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type RunningHost } from './host-server';

// The browser host with a real core on a real data directory: calls over the
// WebSocket, foreign origins, the QA deep-link endpoint, static file safety.

let host: RunningHost;
let dataDir: string;
const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-renderer-'));

beforeAll(async () => {
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Omnio</title>');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-host-'));
  host = await startHost({ port: 0, dataDir, rendererDir, version: 'test', env: {}, quiet: true });
});
afterAll(async () => {
  await host.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** As the served page connects: its origin, and the cookie the page came with (unless `cookie` says otherwise). */
function connect(
  origin: string | undefined,
  cookie: string | null = `omnio_bridge=${host.bridgeKey}`,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge`, {
      ...(origin ? { origin } : {}),
      ...(cookie ? { headers: { cookie } } : {}),
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function call(
  ws: WebSocket,
  id: number,
  name: string,
  input: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as { kind: string; id?: number; result?: never };
      if (msg.kind === 'result' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.result!);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, call: name, input }));
  });
}

function tableCounts(): Record<string, number> {
  const conn = new BetterSqlite3(path.join(dataDir, 'omnio.sqlite'), { readonly: true });
  const tables = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  const out: Record<string, number> = {};
  for (const { name } of tables)
    out[name] = (conn.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
  conn.close();
  return out;
}

describe('browser host', () => {
  it('answers calls from its own page over the WebSocket', async () => {
    const ws = await connect(host.url);
    const r = await call(ws, 1, 'ping', {});
    expect(r.ok).toBe(true);
    const accounts = await call(ws, 2, 'listAccounts', {});
    expect(accounts).toMatchObject({ ok: true, value: { accounts: [], online: true } });
    ws.close();
  });

  it('refuses WebSocket connections from any other origin, or none', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow(/403/);
    await expect(connect('http://127.0.0.1:1')).rejects.toThrow(/403/);
    await expect(connect(undefined)).rejects.toThrow(/403/);
  });

  // Issue 13, item 2: a local program can forge Origin; it cannot present this launch's key without it.
  it('refuses a non-browser client with a forged Origin and no key (or a wrong one); with the key it works', async () => {
    await expect(connect(host.url, null)).rejects.toThrow(/403/);
    await expect(connect(host.url, 'omnio_bridge=guess')).rejects.toThrow(/403/);
    await expect(connect(host.url, `omnio_bridge=${host.bridgeKey.slice(0, -1)}`)).rejects.toThrow(/403/);
    const ws = await connect(host.url, `other=1; omnio_bridge=${host.bridgeKey}`);
    expect((await call(ws, 1, 'ping', {})).ok).toBe(true);
    ws.close();

    const link = JSON.stringify({ url: 'com.omnio.app:/oauth/oura?code=x&state=y' });
    const qa = (headers: Record<string, string>) =>
      fetch(`${host.url}/qa/deep-link`, {
        method: 'POST',
        body: link,
        headers: { 'content-type': 'application/json', origin: host.url, ...headers },
      });
    expect((await qa({})).status).toBe(401);
    expect((await qa({ 'x-omnio-qa-key': 'guess' })).status).toBe(401);
    expect((await qa({ cookie: 'omnio_bridge=guess' })).status).toBe(401);
    expect((await qa({ 'x-omnio-qa-key': host.bridgeKey })).status).toBe(202);
    expect((await qa({ cookie: `omnio_bridge=${host.bridgeKey}` })).status).toBe(202);
  });

  it('hands the key to its page only: an HttpOnly, SameSite=Strict cookie set with index.html', async () => {
    const page = await fetch(host.url + '/');
    expect(page.headers.get('set-cookie')).toBe(`omnio_bridge=${host.bridgeKey}; HttpOnly; SameSite=Strict; Path=/`);
    const asset = await fetch(host.url + '/missing.js');
    expect(asset.headers.get('set-cookie')).toBeNull();
  });

  it('rejects malformed calls with a typed error and leaves no trace in the database', async () => {
    const before = tableCounts();
    const ws = await connect(host.url);
    const bad: Array<[string, unknown]> = [
      ['startConnect', { providerId: 'evil' }],
      ['startConnect', { providerId: 'oura', extra: 'field' }],
      ['disconnect', { accountId: "x'; DROP TABLE accounts; --", deleteData: true }],
      ['disconnect', { accountId: 'abc' }],
      ['updateSettings', { syncIntervalMinutes: -5 }],
      ['garminSubmitMfa', { flowId: 'f', code: 'not-digits' }],
      ['ping', 'not an object'],
    ];
    let id = 10;
    for (const [name, input] of bad) {
      const r = await call(ws, id++, name, input);
      expect(r.ok, name).toBe(false);
      expect(r.error!.code).toBe('INVALID_ARGUMENT');
      expect(r.error!.message).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
    const unknown = await call(ws, id++, 'dropEverything', {});
    expect(unknown.error!.code).toBe('UNKNOWN_CHANNEL');
    ws.close();
    expect(tableCounts()).toEqual(before);
  });

  it('takes deep links on POST /qa/deep-link only as JSON and only from itself or non-browser clients', async () => {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${host.url}/qa/deep-link`, { method: 'POST', body, headers });
    expect(
      (
        await post(JSON.stringify({ url: 'com.omnio.app:/oauth/oura?code=x&state=y' }), {
          'content-type': 'application/json',
          'x-omnio-qa-key': host.bridgeKey,
        })
      ).status,
    ).toBe(202);
    expect((await post('url=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect(
      (await post(JSON.stringify({ url: 'x' }), { 'content-type': 'application/json', origin: 'http://evil.example' }))
        .status,
    ).toBe(403);
    const key = { 'x-omnio-qa-key': host.bridgeKey };
    expect((await post('{not json', { 'content-type': 'application/json', ...key })).status).toBe(400);
    expect((await post(JSON.stringify({ link: 'x' }), { 'content-type': 'application/json', ...key })).status).toBe(
      400,
    );
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const page = await fetch(host.url + '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    for (const p of ['/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/%00']) {
      const r = await fetch(host.url + p);
      expect([400, 404]).toContain(r.status);
    }
  });

  it('refuses requests whose Host header is not its own address (DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: 'attacker.example:80' } }, (res) =>
        resolve(res.statusCode!),
      );
    });
    expect(status).toBe(421);
  });
});

// Issue 13, item 2: real provider tokens never sit behind the host unless it was told so.
describe('browser host and real providers', () => {
  async function startConnectOn(options: { allowRealProviders?: boolean; demo?: boolean }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-host-real-'));
    const h = await startHost({
      port: 0,
      dataDir: dir,
      rendererDir,
      version: 'test',
      env: {},
      quiet: true,
      ...options,
    });
    try {
      await h.core.handlers.updateSettings({
        clientCredentials: { providerId: 'oura', clientId: 'my-app', clientSecret: 'my-secret' },
      });
      // Only where it is refused: allowed, it would really go out to Garmin.
      const garmin = options.allowRealProviders
        ? null
        : await h.core.handlers.garminConnectApiKey({ apiKey: 'a'.repeat(40) }).then(
            () => 'sent',
            (e: Error) => e.message,
          );
      const oura = await h.core.handlers.startConnect({ providerId: 'oura' }).then(
        (s) => s.authorizationUrl,
        (e: Error) => e.message,
      );
      return { oura, garmin };
    } finally {
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('refuses to sign in to a real provider without --demo or --allow-real-providers', async () => {
    const { oura, garmin } = await startConnectOn({});
    expect(oura).toMatch(/only talks to local simulators.*api\.ouraring\.com.*--allow-real-providers/);
    expect(garmin).toMatch(/only talks to local simulators.*garmin/);
  });

  it('starts the real sign-in when --allow-real-providers was given', async () => {
    const { oura } = await startConnectOn({ allowRealProviders: true });
    expect(oura.startsWith('https://cloud.ouraring.com/oauth/authorize?')).toBe(true);
  });
});
