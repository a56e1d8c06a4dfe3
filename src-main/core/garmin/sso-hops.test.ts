import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { garmin } from '../providers/garmin/definition';
import { CookieJar } from './cookie-jar';
import { GarminLoginClient } from './login-client';
import { GarminLoginFailure } from './login-errors';

// Issue 13, item 7: Garmin's sign-in page may redirect only to Garmin over
// https (or stay on the configured sign-in origin: the simulator); the SSO
// cookies never travel anywhere else. The jar is tough-cookie's (RFC 6265).

interface Server {
  origin: string;
  requests: { path: string; cookie: string | undefined }[];
  close(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, origin: string) => void) {
  const server = http.createServer((req, res) => {
    s.requests.push({ path: req.url ?? '/', cookie: req.headers.cookie });
    req.resume();
    req.on('end', () => handler(req, res, s.origin));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const s: Server = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  servers.push(s);
  return s;
}

function client(origin: string) {
  return new GarminLoginClient({
    endpoints: () => ({
      ...garmin.endpoints,
      signInUrl: `${origin}/sso/sign-in`,
      loginUrl: `${origin}/sso/login`,
      mfaUrl: `${origin}/sso/mfa`,
    }),
  });
}

describe("the sign-in page's redirects", () => {
  it('a hop to another host (here plain http) is refused; that host sees nothing', async () => {
    const elsewhere = await serve((_req, res) => res.end('<html>'));
    const sso = await serve((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.origin}/collect`, 'set-cookie': 'SESSION=s3cr3t; Path=/' });
      res.end();
    });
    const err = await client(sso.origin)
      .signIn('me@example.com', Buffer.from('pw'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GarminLoginFailure);
    expect(err).toMatchObject({ kind: 'unexpected', detail: expect.stringMatching(/not Garmin over https/) });
    expect(elsewhere.requests).toEqual([]);
  });

  it('a look-alike Garmin host is refused before any request', async () => {
    const sso = await serve((_req, res) => {
      res.writeHead(302, { location: 'https://sso.garmin.com.example.net/sign-in' });
      res.end();
    });
    await expect(client(sso.origin).signIn('me@example.com', Buffer.from('pw'))).rejects.toMatchObject({
      kind: 'unexpected',
      detail: expect.stringContaining('https://sso.garmin.com.example.net'),
    });
  });

  it('hops on the sign-in origin are followed by hand, each setting cookies that reach the login step', async () => {
    const sso = await serve((req, res) => {
      if (req.url?.startsWith('/sso/sign-in')) {
        res.writeHead(302, { location: '/sso/hop', 'set-cookie': 'FIRST=1; Path=/' });
        return res.end();
      }
      if (req.url === '/sso/hop') {
        res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'SECOND=2; Path=/sso' });
        return res.end('<html>');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ responseStatus: { type: 'SUCCESSFUL' }, serviceTicketId: 'ST-1' }));
    });
    await expect(client(sso.origin).signIn('me@example.com', Buffer.from('pw'))).resolves.toEqual({
      kind: 'ticket',
      ticket: 'ST-1',
    });
    expect(sso.requests.map((r) => r.path.split('?')[0])).toEqual(['/sso/sign-in', '/sso/hop', '/sso/login']);
    expect(sso.requests[2]!.cookie).toBe('FIRST=1; SECOND=2');
  });
});

describe('the login answer is read under the 1 MB cap', () => {
  it('a valid answer padded past the cap is refused, not parsed', async () => {
    const sso = await serve((req, res) => {
      if (req.url?.startsWith('/sso/sign-in'))
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ responseStatus: { type: 'SUCCESSFUL' }, serviceTicketId: 'ST-1' }) +
          ' '.repeat(2 * 1024 * 1024),
      );
    });
    await expect(client(sso.origin).signIn('me@example.com', Buffer.from('pw'))).rejects.toMatchObject({
      kind: 'unexpected',
      detail: expect.stringMatching(/malformed JSON/),
    });
  });
});

describe('the cookie jar follows RFC 6265 (tough-cookie)', () => {
  const set = (...lines: string[]) => {
    const h = new Headers();
    for (const l of lines) h.append('set-cookie', l);
    return h;
  };

  it('refuses a cookie for a public suffix', () => {
    const jar = new CookieJar();
    jar.store('https://sso.garmin.com/', set('WIDE=1; Domain=com'));
    expect(jar.header('https://example.com/')).toBeNull();
    expect(jar.size).toBe(0);
  });

  it('never sends a Secure cookie over http, and honours Path', () => {
    const jar = new CookieJar();
    jar.store('https://sso.garmin.com/sso/x', set('S=1; Secure; Path=/', 'P=1; Path=/sso'));
    expect(jar.header('http://sso.garmin.com/sso/y')).toBe('P=1');
    expect(jar.header('https://sso.garmin.com/other')).toBe('S=1');
    expect(jar.header('https://sso.garmin.com/sso/y')).toMatch(/^(P=1; S=1|S=1; P=1)$/);
  });
});
