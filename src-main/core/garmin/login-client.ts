import type { GarminEndpoints } from '../providers/definition';
import { CookieJar } from './cookie-jar';
import { GarminLoginFailure, parseRetryAfter } from './login-errors';
import { credentialBody } from './password-body';
import { readCappedText } from '../net/secret-fetch';
import { recordedFetch } from '../access-log/recorded-fetch';

// Garmin's session login as the maintained unofficial clients perform it
// (2026), one request per step and never repeated on its own:
//   1. GET the SSO sign-in page: it sets the cookies the next steps require;
//   2. POST the credentials as JSON to the mobile login endpoint: the answer
//      is a service ticket, or MFA_REQUIRED;
//   3. (MFA) POST the one-time code: a service ticket;
//   4. the ticket is exchanged for DI OAuth2 tokens (providers/garmin/di-token.ts).
// Every URL comes from the provider definition (overridable via OMNIO_PROVIDERS).

/** The SSO client the mobile flow identifies as; the service URL its tickets are issued for. */
export const SSO_CLIENT_ID = 'GCM_ANDROID_DARK';
export const SSO_SERVICE_URL = 'https://mobile.integration.garmin.com/gcm/android';
const USER_AGENT = 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36';
const TIMEOUT_MS = 30_000;

export type LoginStep =
  | { kind: 'ticket'; ticket: string }
  /** Only the cookie jar survives into the MFA step: the password does not. */
  | { kind: 'mfa'; jar: CookieJar; mfaMethod: string };

interface SsoAnswer {
  responseStatus?: { type?: string };
  serviceTicketId?: string;
  customerMfaInfo?: { mfaLastMethodUsed?: string };
  error?: { 'status-code'?: string };
}

export interface LoginClientOptions {
  endpoints: () => GarminEndpoints;
  now?: () => number;
  fetch?: typeof fetch;
}

/** Garmin's own hosts, over https only. */
export function isGarminHttpsUrl(url: URL): boolean {
  return url.protocol === 'https:' && (url.hostname === 'garmin.com' || url.hostname.endsWith('.garmin.com'));
}

/** A redirect of the sign-in page may go to Garmin over https, or stay on the configured sign-in origin. */
export function isAllowedSsoHop(target: URL, signInUrl: string): boolean {
  return isGarminHttpsUrl(target) || target.origin === new URL(signInUrl).origin;
}

function withSsoParams(url: string): string {
  const u = new URL(url);
  u.searchParams.set('clientId', SSO_CLIENT_ID);
  u.searchParams.set('locale', 'en-US');
  u.searchParams.set('service', SSO_SERVICE_URL);
  return u.toString();
}

export class GarminLoginClient {
  private readonly now: () => number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: LoginClientOptions) {
    this.now = options.now ?? (() => Date.now());
    this.fetch = options.fetch ?? recordedFetch;
  }

  /**
   * Steps 1–2. `password` is read here and nowhere else; the caller owns the
   * Buffer and zero-fills it when this returns or throws. The request body
   * built from it is wiped here once the request is answered.
   */
  async signIn(email: string, password: Buffer): Promise<LoginStep> {
    const { signInUrl, loginUrl } = this.options.endpoints();
    const jar = new CookieJar(this.now);
    await this.getSignInPage(withSsoParams(signInUrl), jar);
    const target = withSsoParams(loginUrl);
    const body = credentialBody(email, password);
    let answer: SsoAnswer;
    try {
      answer = await this.postJson('login', target, body, jar, signInUrl);
    } finally {
      body.fill(0);
    }
    return this.interpret('login', answer, jar);
  }

  /** Step 3: the one-time code, sent once with the cookies from step 2. */
  async submitMfa(jar: CookieJar, code: string, mfaMethod: string): Promise<LoginStep> {
    const { mfaUrl, signInUrl } = this.options.endpoints();
    const body = Buffer.from(
      JSON.stringify({
        mfaMethod,
        mfaVerificationCode: code,
        rememberMyBrowser: false,
        reconsentList: [],
        mfaSetup: false,
      }),
      'utf8',
    );
    let answer: SsoAnswer;
    try {
      answer = await this.postJson('mfa', withSsoParams(mfaUrl), body, jar, signInUrl);
    } finally {
      body.fill(0);
    }
    const step = this.interpret('mfa', answer, jar);
    if (step.kind === 'mfa') throw new GarminLoginFailure('unexpected', 'mfa step asked for MFA again');
    return step;
  }

  private async getSignInPage(url: string, jar: CookieJar): Promise<void> {
    // Redirects are followed by hand (redirect: 'manual') so every hop's cookies land in the
    // jar, and so a hop can be refused before the cookies are sent there: only https Garmin
    // hosts, or the configured sign-in origin itself (a simulator) (issue 13).
    let next = url;
    for (let hop = 0; hop < 5; hop++) {
      const res = await this.send('sign-in page', next, {
        method: 'GET',
        headers: this.headers(jar, next, 'text/html'),
        redirect: 'manual',
      });
      jar.store(next, res.headers);
      await res.body?.cancel().catch(() => undefined);
      if (res.status === 429) throw this.rateLimited('sign-in page', res);
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        const target = new URL(res.headers.get('location')!, next);
        if (!isAllowedSsoHop(target, url)) {
          throw new GarminLoginFailure(
            'unexpected',
            `sign-in page redirected to ${target.protocol}//${target.host}, which is not Garmin over https`,
          );
        }
        next = target.toString();
        continue;
      }
      if (res.status === 403 || res.headers.has('cf-mitigated')) {
        throw new GarminLoginFailure('challenge', `sign-in page answered ${res.status} with a bot check`);
      }
      if (!res.ok) throw new GarminLoginFailure('unexpected', `sign-in page answered ${res.status}`);
      return;
    }
    throw new GarminLoginFailure('unexpected', 'sign-in page redirected too often');
  }

  private async postJson(step: string, url: string, body: Buffer, jar: CookieJar, referer: string): Promise<SsoAnswer> {
    const headers = this.headers(jar, url, 'application/json, text/plain, */*');
    headers['content-type'] = 'application/json';
    headers.origin = new URL(url).origin;
    headers.referer = withSsoParams(referer);
    // The Buffer itself is sent (no copy into a string), so wiping it afterwards wipes our only copy.
    const res = await this.send(step, url, {
      method: 'POST',
      headers,
      body: body as unknown as BodyInit,
      redirect: 'manual',
    });
    jar.store(url, res.headers);
    // Capped like every answer to a request that carried a secret (issue 13); too large reads as malformed.
    const text = await readCappedText(res).catch(() => '');
    if (res.status === 429) throw this.rateLimited(step, res);
    const type = res.headers.get('content-type') ?? '';
    const looksHtml = type.includes('text/html') || /^\s*</.test(text);
    if (looksHtml || res.status === 403 || res.headers.has('cf-mitigated')) {
      throw new GarminLoginFailure(
        'challenge',
        `${step} answered ${res.status} with ${looksHtml ? 'an HTML page' : 'a refusal'}`,
      );
    }
    if (res.status >= 500) throw new GarminLoginFailure('unexpected', `${step} answered ${res.status}`);
    try {
      return JSON.parse(text) as SsoAnswer;
    } catch {
      throw new GarminLoginFailure('unexpected', `${step} answered ${res.status} with malformed JSON`);
    }
  }

  private interpret(step: string, answer: SsoAnswer, jar: CookieJar): LoginStep {
    if (answer.error?.['status-code'] === '429')
      throw new GarminLoginFailure('rate_limited', `${step}: 429 in the JSON body`);
    const type = answer.responseStatus?.type ?? '(none)';
    switch (type) {
      case 'SUCCESSFUL':
        if (!answer.serviceTicketId)
          throw new GarminLoginFailure('unexpected', `${step}: success without a service ticket`);
        return { kind: 'ticket', ticket: answer.serviceTicketId };
      case 'MFA_REQUIRED':
        return { kind: 'mfa', jar, mfaMethod: answer.customerMfaInfo?.mfaLastMethodUsed ?? 'email' };
      case 'INVALID_USERNAME_PASSWORD':
        throw new GarminLoginFailure('wrong_password', `${step}: ${type}`);
      case 'ACCOUNT_LOCKED':
      case 'LOCKED':
      case 'ACCOUNT_LOCKED_OUT':
        throw new GarminLoginFailure('locked', `${step}: ${type}`);
      case 'INVALID_MFA_CODE':
      case 'MFA_CODE_INVALID':
        throw new GarminLoginFailure('mfa_failed', `${step}: ${type}`);
      case 'MFA_SESSION_EXPIRED':
      case 'MFA_CODE_EXPIRED':
        throw new GarminLoginFailure('mfa_expired', `${step}: ${type}`);
      case 'CAPTCHA_REQUIRED':
        throw new GarminLoginFailure('challenge', `${step}: ${type}`);
      default:
        throw new GarminLoginFailure('unexpected', `${step}: unknown status ${type.slice(0, 40)}`);
    }
  }

  private rateLimited(step: string, res: Response): GarminLoginFailure {
    return new GarminLoginFailure(
      'rate_limited',
      `${step} answered 429`,
      parseRetryAfter(res.headers.get('retry-after'), this.now()),
    );
  }

  private headers(jar: CookieJar, url: string, accept: string): Record<string, string> {
    const h: Record<string, string> = { 'user-agent': USER_AGENT, accept };
    const cookie = jar.header(url);
    if (cookie) h.cookie = cookie;
    return h;
  }

  private async send(step: string, url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new GarminLoginFailure('network', `${step}: ${(err as Error).name}`);
    }
  }
}
