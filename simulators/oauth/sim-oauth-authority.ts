import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SimAuthority, SimGrant } from '../sim-authority';

// The state of one simulated OAuth authorization server: registered clients
// and users, pending authorizations, codes, access and refresh tokens. The
// provider modules (oura/whoop/withings auth.ts) put their HTTP dialect on top;
// the data routes authenticate bearer tokens through `authenticate` (SimAuthority).
//
// Rotation quirks, as the providers document them:
// - 'immediate' (Oura, WHOOP): a refresh invalidates the old refresh token at
//   once; WHOOP also kills the old access token.
// - 'until-new-access-used' (Withings): the old refresh token keeps working
//   until the new access token is first used (or 8 hours pass).

export interface SimUser {
  id: string;
  username: string;
  password: string;
  email: string;
  firstName: string;
  lastName: string;
}

export interface SimClient {
  clientId: string;
  clientSecret: string;
  /** Exact-match list, as the providers check them. */
  redirectUris: string[];
}

export interface SimOAuthOptions {
  /** Scopes the provider knows, in the order the consent page lists them, with a description. */
  scopes: { scope: string; description: string }[];
  scopeSeparator: ' ' | ',';
  accessTokenSeconds: number;
  codeSeconds: number;
  rotation: 'immediate' | 'immediate-with-access' | 'until-new-access-used';
  /** Scope without which no refresh token is issued (WHOOP `offline`), or null. */
  refreshScope: string | null;
  /** Minimum state length the provider demands (WHOOP: 8), or null. */
  minStateLength: number | null;
  now?: () => number;
}

interface PendingAuthorization {
  id: string;
  clientId: string;
  redirectUri: string;
  state: string | null;
  scopes: string[];
  codeChallenge: string | null;
  expiresAt: number;
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  codeChallenge: string | null;
  expiresAt: number;
  used: boolean;
}

interface AccessGrant {
  userId: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
  /** The refresh token whose successor this access token is (Withings: first use retires it). */
  retiresOnUse: string | null;
}

interface RefreshGrant {
  userId: string;
  clientId: string;
  scopes: string[];
  valid: boolean;
  /** Withings: old refresh token valid until this time unless the successor access token was used. */
  graceUntil: number | null;
  accessToken: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresIn: number;
  scopes: string[];
  userId: string;
}

export type TokenError = {
  error: 'invalid_grant' | 'invalid_client' | 'invalid_request' | 'unauthorized_client';
  description: string;
};

const token = () => randomBytes(24).toString('base64url');

export class SimOAuthAuthority implements SimAuthority {
  readonly users = new Map<string, SimUser>();
  readonly clients = new Map<string, SimClient>();
  private readonly pending = new Map<string, PendingAuthorization>();
  private readonly codes = new Map<string, CodeGrant>();
  private readonly access = new Map<string, AccessGrant>();
  private readonly refresh = new Map<string, RefreshGrant>();
  /** Every access token, refresh token and code ever issued: leak scans look for these. */
  readonly issued: string[] = [];
  private clockOffsetMs = 0;

  constructor(readonly options: SimOAuthOptions) {}

  now(): number {
    return (this.options.now?.() ?? Date.now()) + this.clockOffsetMs;
  }

  /** Moves the simulator's clock forward (expiry tests). */
  advance(ms: number): void {
    this.clockOffsetMs += ms;
  }

  set accessTokenSeconds(seconds: number) {
    this.options.accessTokenSeconds = seconds;
  }

  addUser(user: SimUser): SimUser {
    this.users.set(user.id, user);
    return user;
  }

  registerClient(client: SimClient): SimClient {
    this.clients.set(client.clientId, client);
    return client;
  }

  /** Validates the client and redirect URI; the caller shows an error page (never a redirect) when they fail. */
  checkClient(clientId: string | null, redirectUri: string | null): SimClient | string {
    const client = clientId ? this.clients.get(clientId) : undefined;
    if (!client) return 'Unknown client_id.';
    if (
      !redirectUri ||
      !(client.redirectUris.includes(redirectUri) || loopbackMatch(client.redirectUris, redirectUri))
    ) {
      return 'The redirect_uri does not match any redirect URI registered for this application.';
    }
    return client;
  }

  beginAuthorization(input: Omit<PendingAuthorization, 'id' | 'expiresAt'>): PendingAuthorization {
    const p: PendingAuthorization = { ...input, id: token(), expiresAt: this.now() + 15 * 60_000 };
    this.pending.set(p.id, p);
    return p;
  }

  pendingAuthorization(id: string): PendingAuthorization | null {
    const p = this.pending.get(id);
    return p && p.expiresAt > this.now() ? p : null;
  }

  login(username: string, password: string): SimUser | null {
    for (const u of this.users.values()) {
      if (u.username === username && safeEqual(u.password, password)) return u;
    }
    return null;
  }

  /** The user approved `granted` (a subset of what was asked): issue a one-time code. */
  approve(pendingId: string, user: SimUser, granted: string[]): { code: string; pending: PendingAuthorization } | null {
    const p = this.pendingAuthorization(pendingId);
    if (!p) return null;
    this.pending.delete(pendingId);
    const code = token();
    this.issued.push(code);
    this.codes.set(code, {
      clientId: p.clientId,
      redirectUri: p.redirectUri,
      userId: user.id,
      scopes: p.scopes.filter((s) => granted.includes(s)),
      codeChallenge: p.codeChallenge,
      expiresAt: this.now() + this.options.codeSeconds * 1000,
      used: false,
    });
    return { code, pending: p };
  }

  deny(pendingId: string): PendingAuthorization | null {
    const p = this.pendingAuthorization(pendingId);
    if (p) this.pending.delete(pendingId);
    return p;
  }

  authenticateClient(clientId: string | null, clientSecret: string | null): SimClient | null {
    const client = clientId ? this.clients.get(clientId) : undefined;
    if (!client || !clientSecret || !safeEqual(client.clientSecret, clientSecret)) return null;
    return client;
  }

  redeemCode(
    client: SimClient,
    code: string,
    redirectUri: string | null,
    verifier: string | null,
  ): IssuedTokens | TokenError {
    const grant = this.codes.get(code);
    if (!grant || grant.clientId !== client.clientId)
      return { error: 'invalid_grant', description: 'The authorization code is invalid.' };
    if (grant.used) {
      // RFC 6749 §4.1.2: a replayed code revokes what it issued.
      this.revokeUser(grant.userId, client.clientId);
      return { error: 'invalid_grant', description: 'The authorization code was already used.' };
    }
    grant.used = true;
    if (grant.expiresAt <= this.now())
      return { error: 'invalid_grant', description: 'The authorization code has expired.' };
    if (redirectUri !== grant.redirectUri)
      return { error: 'invalid_grant', description: 'redirect_uri does not match the authorization request.' };
    if (grant.codeChallenge) {
      const computed = verifier ? createHash('sha256').update(verifier).digest('base64url') : null;
      if (computed !== grant.codeChallenge) return { error: 'invalid_grant', description: 'PKCE verification failed.' };
    }
    return this.issue(grant.userId, client.clientId, grant.scopes, null);
  }

  refreshTokens(client: SimClient, refreshToken: string): IssuedTokens | TokenError {
    const grant = this.refresh.get(refreshToken);
    const now = this.now();
    const usable =
      grant &&
      grant.clientId === client.clientId &&
      (grant.valid || (grant.graceUntil !== null && grant.graceUntil > now));
    if (!grant || !usable)
      return { error: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' };
    grant.valid = false;
    grant.graceUntil = null;
    if (this.options.rotation === 'until-new-access-used') grant.graceUntil = now + 8 * 3600_000;
    if (this.options.rotation === 'immediate-with-access') this.revokeAccess(grant.accessToken);
    return this.issue(
      grant.userId,
      client.clientId,
      grant.scopes,
      this.options.rotation === 'until-new-access-used' ? refreshToken : null,
    );
  }

  private issue(userId: string, clientId: string, scopes: string[], retiresOnUse: string | null): IssuedTokens {
    const accessToken = token();
    const expiresIn = this.options.accessTokenSeconds;
    this.access.set(accessToken, {
      userId,
      clientId,
      scopes,
      expiresAt: this.now() + expiresIn * 1000,
      revoked: false,
      retiresOnUse,
    });
    this.issued.push(accessToken);
    let refreshToken: string | null = null;
    if (this.options.refreshScope === null || scopes.includes(this.options.refreshScope)) {
      refreshToken = token();
      this.refresh.set(refreshToken, { userId, clientId, scopes, valid: true, graceUntil: null, accessToken });
      this.issued.push(refreshToken);
    }
    return { accessToken, refreshToken, expiresIn, scopes, userId };
  }

  authenticate(accessToken: string): SimGrant | null {
    const grant = this.access.get(accessToken);
    if (!grant || grant.revoked || grant.expiresAt <= this.now()) return null;
    if (grant.retiresOnUse) {
      const previous = this.refresh.get(grant.retiresOnUse);
      if (previous) previous.graceUntil = null;
      grant.retiresOnUse = null;
    }
    return { userId: grant.userId, scopes: [...grant.scopes] };
  }

  revokeAccess(accessToken: string): boolean {
    const grant = this.access.get(accessToken);
    if (!grant || grant.revoked) return false;
    grant.revoked = true;
    return true;
  }

  /** Revokes one token (access or refresh) and the grant it belongs to. */
  revokeToken(value: string): boolean {
    const a = this.access.get(value);
    if (a) {
      this.revokeUser(a.userId, a.clientId);
      return true;
    }
    const r = this.refresh.get(value);
    if (r) {
      this.revokeUser(r.userId, r.clientId);
      return true;
    }
    return false;
  }

  /** Test hook: the user removes the app "in the provider's settings". Every token of the grant dies. */
  revokeUser(userId: string, clientId?: string): void {
    for (const a of this.access.values())
      if (a.userId === userId && (!clientId || a.clientId === clientId)) a.revoked = true;
    for (const r of this.refresh.values()) {
      if (r.userId === userId && (!clientId || r.clientId === clientId)) {
        r.valid = false;
        r.graceUntil = null;
      }
    }
  }

  parseScopes(raw: string | null): string[] {
    if (!raw) return [];
    return raw
      .split(this.options.scopeSeparator === ',' ? /[,\s]+/ : /\s+/)
      .map((s) => s.trim())
      .filter(Boolean);
  }

  formatScopes(scopes: string[]): string {
    return scopes.join(this.options.scopeSeparator);
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * RFC 8252 §7.3: a registered loopback URI without a port matches the same URI
 * on any port, since native apps listen on whatever port is free.
 */
function loopbackMatch(registered: string[], candidate: string): boolean {
  let u: URL;
  try {
    u = new URL(candidate);
  } catch {
    return false;
  }
  // RFC 8252 §7.3: a loopback redirect may use any port; everything else must match exactly.
  if (u.protocol !== 'http:' || (u.hostname !== '127.0.0.1' && u.hostname !== '[::1]') || !u.port) return false;
  u.port = '';
  return registered.includes(u.toString());
}
