import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, type Route } from '../sim-server';
import type { GarminSimState, LoginFault, SsoSession } from './state';

// Garmin's mobile SSO as the maintained unofficial clients drive it (2026):
//   GET  /mobile/sso/en/sign-in       → HTML, sets the session cookies
//   POST /mobile/api/login            → JSON {responseStatus:{type}, serviceTicketId?}
//   POST /mobile/api/mfa/verifyCode   → JSON, same shape, after MFA_REQUIRED
// The JSON steps refuse requests without the sign-in page's cookies, so a
// client that skips the first step fails here as it would at Garmin.

export const SSO_PATHS = {
  signIn: '/mobile/sso/en/sign-in',
  login: '/mobile/api/login',
  mfa: '/mobile/api/mfa/verifyCode',
} as const;

const SESSION_COOKIE = 'SESSIONID';
const CF_COOKIE = '__cflb';

export function parseCookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

/** The "Just a moment…" page a bot check serves instead of JSON. */
export const CHALLENGE_HTML =
  '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head>' +
  '<body><noscript>Enable JavaScript and cookies to continue</noscript><div id="challenge-form"></div></body></html>';

function answerFault(res: ServerResponse, fault: LoginFault): true {
  if (fault.kind === 'rate-limit') {
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds !== null) headers['retry-after'] = String(fault.retryAfterSeconds);
    return json(res, 429, { error: { 'status-code': '429', message: 'Too Many Requests' } }, headers);
  }
  res.writeHead(fault.status, { 'content-type': 'text/html; charset=UTF-8', 'cf-mitigated': 'challenge' });
  res.end(CHALLENGE_HTML);
  return true;
}

function sessionOf(state: GarminSimState, req: IncomingMessage): SsoSession | null {
  const cookies = parseCookies(req);
  const id = cookies.get(SESSION_COOKIE);
  if (!id || !cookies.has(CF_COOKIE)) return null;
  return state.sessions.get(id) ?? null;
}

function parseJson(body: Buffer): Record<string, unknown> | null {
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const status = (type: string, extra: Record<string, unknown> = {}) => ({ responseStatus: { type }, ...extra });

export function ssoRoutes(state: GarminSimState): Route {
  return (req, res, url, body) => {
    if (req.method === 'GET' && url.pathname === SSO_PATHS.signIn) {
      const session = state.newSession();
      res.writeHead(200, {
        'content-type': 'text/html; charset=UTF-8',
        'set-cookie': [
          `${SESSION_COOKIE}=${session.id}; Path=/; Secure; HttpOnly; SameSite=None`,
          `${CF_COOKIE}=${session.id.slice(0, 12)}; Path=/; HttpOnly`,
        ],
      });
      res.end('<!DOCTYPE html><html><head><title>Sign In</title></head><body><div id="root"></div></body></html>');
      return true;
    }

    if (req.method === 'POST' && url.pathname === SSO_PATHS.login) {
      const fault = state.takeLoginFault();
      if (fault) return answerFault(res, fault);
      const session = sessionOf(state, req);
      if (!session) return json(res, 403, { error: { 'status-code': '403', message: 'missing SSO session cookies' } });
      const input = parseJson(body);
      if (!input || typeof input.username !== 'string' || typeof input.password !== 'string') {
        return json(res, 400, { error: { 'status-code': '400', message: 'username and password are required' } });
      }
      const user = state.findUser(input.username);
      const ok = !!user && user.password === input.password;
      state.loginAttempts.push({ email: input.username, ok });
      if (!user || !ok) return json(res, 200, status('INVALID_USERNAME_PASSWORD'));
      if (user.locked) return json(res, 200, status('ACCOUNT_LOCKED'));
      if (user.mfaCode) {
        session.mfaFor = user;
        session.mfaAttempts = 0;
        session.mfaExpiresAt = state.now() + state.mfaSeconds * 1000;
        return json(res, 200, status('MFA_REQUIRED', { customerMfaInfo: { mfaLastMethodUsed: 'email' } }));
      }
      return json(res, 200, status('SUCCESSFUL', { serviceTicketId: state.issueTicket(user) }));
    }

    if (req.method === 'POST' && url.pathname === SSO_PATHS.mfa) {
      const fault = state.takeLoginFault();
      if (fault) return answerFault(res, fault);
      const session = sessionOf(state, req);
      if (!session || !session.mfaFor || session.mfaExpiresAt <= state.now()) {
        return json(res, 200, status('MFA_SESSION_EXPIRED'));
      }
      const input = parseJson(body);
      const code = input?.mfaVerificationCode;
      if (typeof code !== 'string')
        return json(res, 400, { error: { 'status-code': '400', message: 'code required' } });
      if (code !== session.mfaFor.mfaCode) {
        session.mfaAttempts += 1;
        if (session.mfaAttempts >= 3) session.mfaFor = null;
        return json(res, 200, status('INVALID_MFA_CODE'));
      }
      const user = session.mfaFor;
      session.mfaFor = null;
      return json(res, 200, status('SUCCESSFUL', { serviceTicketId: state.issueTicket(user) }));
    }
    return false;
  };
}
