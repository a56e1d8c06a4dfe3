import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../app/test-support/oauth-harness';
import { providerMessage } from '../oauth/redirect-parser';
import { TokenEndpointError } from '../oauth/token-types';
import { withings } from '../providers/withings/definition';
import { createTokenClient } from '../providers/withings/token-client';
import { memoryLogger } from './logger';
import { redactor } from './redactor';

// Issue 13, item 6: redaction that cannot be bypassed.

describe('the logger redacts before it serialises', () => {
  it.each([
    ['a double quote', 'pa"ss-word'],
    ['a backslash', 'pa\\ss-word'],
    ['both, and short', 'a"\\b'],
  ])('a registered secret with %s never reaches the line, in any form', (_what, secret) => {
    redactor.add(secret);
    try {
      const log = memoryLogger();
      log.warn(`sign-in failed for ${secret}`, {
        detail: `the server said: ${secret}`,
        nested: { list: [secret, { deeper: secret }] },
        error: new Error(`rejected ${secret}`),
        quotedJson: JSON.stringify({ echoed: secret }),
      });
      const line = log.lines.join('\n');
      expect(line).toContain('[redacted]');
      for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) {
        expect(line).not.toContain(form);
      }
    } finally {
      redactor.remove(secret);
    }
  });

  it('secrets shorter than 6 characters are masked too', () => {
    redactor.add('k9x!');
    try {
      expect(redactor.redact('the key k9x! was refused')).toBe('the key [redacted] was refused');
    } finally {
      redactor.remove('k9x!');
    }
  });

  it('a cycle in the logged data does not throw and is cut', () => {
    const log = memoryLogger();
    const data: Record<string, unknown> = { a: 1 };
    data.self = data;
    log.info('cyclic', data);
    expect(log.lines[0]).toContain('"self":"[…]"');
  });
});

describe('patterns match whole names only', () => {
  it('`code` no longer blanks exitCode, statusCode or errorCode', () => {
    const text = 'worker stopped {"exitCode":1,"statusCode":502} errorCode=ETIMEDOUT';
    expect(redactor.redact(text)).toBe(text);
  });

  it.each([
    ['com.omnio.app:/oauth/oura?code=abc123&state=x', 'code=[redacted]&state=x'],
    ['{"code":"abc123"}', '"code":"[redacted]"'],
    ['auth_code=abc123', 'auth_code=[redacted]'],
    ['password: hunter2', 'password: [redacted]'],
    ['{\\"refresh_token\\":\\"r-123\\"}', 'refresh_token\\":\\"[redacted]'],
    ['Authorization: Bearer abcdef123456', 'Bearer [redacted]'],
  ])('%s is still masked', (text, masked) => {
    expect(redactor.redact(text)).toContain(masked);
  });
});

describe("providers' error text is redacted before it is shown or stored", () => {
  it('providerMessage masks a registered secret the provider echoed', () => {
    redactor.add('rt-echoed-77');
    try {
      expect(providerMessage('refresh token rt-echoed-77 is unknown', 'invalid_grant')).toBe(
        'refresh token [redacted] is unknown',
      );
      expect(providerMessage('bad request: code=zzz999', 'invalid_grant')).toBe('bad request: code=[redacted]');
    } finally {
      redactor.remove('rt-echoed-77');
    }
  });

  it("a Withings refusal quoting the refresh token reaches the account's status message masked", async () => {
    const refresh = 'withings-refresh-quoted';
    redactor.add(refresh); // as loadTokens does when the tokens are read from the vault
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 401, error: `invalid refresh_token ${refresh}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = createTokenClient({
        def: { ...withings, endpoints: { ...withings.endpoints, tokenUrl: `${origin}/v2/oauth2` } },
        client: { clientId: 'cid', clientSecret: 'secret-of-the-client', source: 'user', fixedRedirectUri: null },
        now: () => new Date(),
      });
      const err = (await client.refresh(refresh).catch((e: unknown) => e)) as TokenEndpointError;
      expect(err).toBeInstanceOf(TokenEndpointError);
      expect(err.providerMessage).toBe('invalid refresh_token [redacted]');
    } finally {
      redactor.remove(refresh);
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("a deep link's code is registered only once its state matched", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('a forged link cannot add words to the redactor; the real one is masked', async () => {
    h = await startHarness();
    const started = await h.core.handlers.startConnect({ providerId: 'oura' });
    const forged = 'forgedwordfromalink';
    await h.core.handleDeepLink(`com.omnio.app:/oauth/oura?code=${forged}&state=not-a-pending-state`, 'qa');
    expect(redactor.redact(`plain ${forged}`)).toBe(`plain ${forged}`);

    const { consent } = await import('../../../simulators/oauth/consent-driver');
    const out = await consent(h.platform.opened[0]!);
    const code = new URL(out.location!).searchParams.get('code')!;
    expect(new URL(out.location!).searchParams.get('state')).toBe(
      new URL(started.authorizationUrl).searchParams.get('state'),
    );
    await h.core.handleDeepLink(out.location!, 'qa');
    expect(redactor.redact(`plain ${code}`)).toBe('plain [redacted]');
  });
});
