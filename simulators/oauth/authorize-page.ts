import type { IncomingMessage, ServerResponse } from 'node:http';
import { form, type Route } from '../sim-server';
import type { SimOAuthAuthority, SimUser } from './sim-oauth-authority';

// The provider's authorization page: a login form and one checkbox per
// requested scope (the user may untick some: a partial grant). Approving
// redirects to the registered redirect URI with `code` and `state`; denying
// redirects with `error=access_denied`. A bad client_id or redirect_uri shows
// an error page and never redirects (RFC 6749 §4.1.2.1).

export interface AuthorizePageOptions {
  path: string;
  providerName: string;
  /** Extra parameters some providers add to the success redirect (WHOOP echoes `scope`). */
  echoScopeInRedirect: boolean;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(res: ServerResponse, status: number, title: string, body: string): true {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    // No form-action: browsers apply it to the redirect after the POST, which goes to the app's scheme.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'cache-control': 'no-store',
  });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
      `<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}` +
      `label{display:block;margin:.5rem 0}fieldset{margin:1rem 0}.error{color:#b00020}` +
      `.demo{background:#eef4ff;border:1px solid #9db4e0;padding:.5rem .75rem;border-radius:4px}</style></head>` +
      `<body>${body}</body></html>`,
  );
  return true;
}

function redirect(res: ServerResponse, target: string, params: Record<string, string | null>): true {
  const url = new URL(target);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  res.writeHead(302, { location: url.toString(), 'cache-control': 'no-store' });
  res.end();
  return true;
}

export function authorizePage(authority: SimOAuthAuthority, options: AuthorizePageOptions): Route {
  const describe = new Map(authority.options.scopes.map((s) => [s.scope, s.description]));

  const renderLogin = (
    res: ServerResponse,
    pendingId: string,
    scopes: string[],
    clientId: string,
    error?: string,
    status = 200,
  ) => {
    const demo = [...authority.users.values()][0] as SimUser | undefined;
    const boxes = scopes
      .map(
        (s) =>
          `<label><input type="checkbox" name="scope" value="${escapeHtml(s)}" checked> ${escapeHtml(s)}` +
          ` — ${escapeHtml(describe.get(s) ?? '')}</label>`,
      )
      .join('');
    return page(
      res,
      status,
      `Sign in to ${options.providerName}`,
      `<h1>Sign in to ${options.providerName}</h1>` +
        `<p>${escapeHtml(options.providerName)} simulator. The application <strong>${escapeHtml(clientId)}</strong> asks for access.</p>` +
        // A person trying the demo needs the demo sign-in right here (issue 11); it is filled in below.
        (demo
          ? `<p class="demo">Demo sign-in: <strong>${escapeHtml(demo.username)}</strong>, password ` +
            `<strong>${escapeHtml(demo.password)}</strong> (already filled in).</p>`
          : '') +
        (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '') +
        `<form method="post" action="${escapeHtml(options.path)}">` +
        `<input type="hidden" name="request_id" value="${escapeHtml(pendingId)}">` +
        `<label>Email <input name="username" autocomplete="username" value="${escapeHtml(demo?.username ?? '')}"></label>` +
        `<label>Password <input type="password" name="password" autocomplete="current-password" value="${escapeHtml(demo?.password ?? '')}"></label>` +
        `<fieldset><legend>Allow access to</legend>${boxes}</fieldset>` +
        `<button type="submit" name="decision" value="allow">Allow</button> ` +
        `<button type="submit" name="decision" value="deny">Deny</button>` +
        `</form>`,
    );
  };

  const get = (res: ServerResponse, url: URL): true => {
    const q = url.searchParams;
    const clientId = q.get('client_id');
    const redirectUri = q.get('redirect_uri');
    const client = authority.checkClient(clientId, redirectUri);
    if (typeof client === 'string')
      return page(
        res,
        400,
        'Authorization error',
        `<h1>Authorization error</h1><p class="error">${escapeHtml(client)}</p>`,
      );
    const state = q.get('state');
    const fail = (error: string, description: string) =>
      redirect(res, redirectUri!, { error, error_description: description, state });
    if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code.');
    const min = authority.options.minStateLength;
    if (min !== null && (state ?? '').length < min) {
      return fail('invalid_state', `The state parameter must be at least ${min} characters long.`);
    }
    const requested = authority.parseScopes(q.get('scope'));
    const unknown = requested.filter((s) => !describe.has(s));
    if (requested.length === 0 || unknown.length > 0) {
      return fail('invalid_scope', unknown.length ? `Unknown scope: ${unknown.join(' ')}` : 'No scope was requested.');
    }
    const challenge = q.get('code_challenge');
    if (challenge && q.get('code_challenge_method') !== 'S256')
      return fail('invalid_request', 'Only S256 PKCE is supported.');
    const pending = authority.beginAuthorization({
      clientId: clientId!,
      redirectUri: redirectUri!,
      state,
      scopes: requested,
      codeChallenge: challenge,
    });
    return renderLogin(res, pending.id, requested, clientId!);
  };

  const post = (res: ServerResponse, body: Buffer): true => {
    const f = form(body);
    const pending = authority.pendingAuthorization(f.get('request_id') ?? '');
    if (!pending)
      return page(
        res,
        400,
        'Authorization error',
        '<h1>This sign-in page has expired.</h1><p class="error">Start again from the app.</p>',
      );
    if (f.get('decision') === 'deny') {
      authority.deny(pending.id);
      return redirect(res, pending.redirectUri, {
        error: 'access_denied',
        error_description: 'The user denied access to your application.',
        state: pending.state,
      });
    }
    const user = authority.login(f.get('username') ?? '', f.get('password') ?? '');
    if (!user) return renderLogin(res, pending.id, pending.scopes, pending.clientId, 'Wrong email or password.', 401);
    const granted = f.getAll('scope');
    const result = authority.approve(pending.id, user, granted)!;
    const grantedScopes = pending.scopes.filter((s) => granted.includes(s));
    return redirect(res, pending.redirectUri, {
      code: result.code,
      scope: options.echoScopeInRedirect ? authority.formatScopes(grantedScopes) : null,
      state: pending.state,
    });
  };

  return (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => {
    if (url.pathname !== options.path) return false;
    if (req.method === 'GET') return get(res, url);
    if (req.method === 'POST') return post(res, body);
    return false;
  };
}

/** Client credentials from HTTP Basic (RFC 6749 §2.3.1, form-urlencoded parts) or the form body. */
export function clientCredentialsOf(
  req: IncomingMessage,
  f: URLSearchParams,
): { clientId: string | null; clientSecret: string | null } {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) {
      const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      return { clientId: dec(decoded.slice(0, i)), clientSecret: dec(decoded.slice(i + 1)) };
    }
  }
  return { clientId: f.get('client_id'), clientSecret: f.get('client_secret') };
}

/** A bearer token from the Authorization header, or null. */
export function bearerOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? m[1]! : null;
}
