import { randomBytes } from 'node:crypto';
import type { SimAuthority, SimGrant } from '../sim-authority';

// The Garmin simulator's memory: users, SSO sessions (the cookies the sign-in
// page hands out), service tickets, DI OAuth2 tokens and Personal API keys.
// Everything a test wants to steer (MFA per user, locked accounts, short token
// lifetimes, a refresh token that dies) is a plain field or method here.

export interface GarminSimUser {
  email: string;
  password: string;
  /** Garmin's numeric profile id: stable across sessions, used to recognise the account again. */
  profileId: number;
  displayName: string;
  /** When set, the login answers MFA_REQUIRED and this is the only accepted code. */
  mfaCode?: string | null;
  locked?: boolean;
}

export interface GarminSimOptions {
  accessTokenSeconds?: number;
  refreshTokenSeconds?: number;
  /** Personal API access tokens: 24 h at Garmin. */
  personalTokenSeconds?: number;
  ticketSeconds?: number;
  mfaSeconds?: number;
  now?: () => number;
}

export interface SsoSession {
  id: string;
  /** Set once the credentials were accepted and an MFA code is awaited. */
  mfaFor: GarminSimUser | null;
  mfaAttempts: number;
  mfaExpiresAt: number;
}

interface IssuedToken {
  user: GarminSimUser;
  expiresAt: number;
  kind: 'session' | 'personal';
}

interface RefreshGrant {
  user: GarminSimUser;
  expiresAt: number;
}

export interface ApiKeyRecord {
  user: GarminSimUser;
  expiresAt: number;
  revoked: boolean;
}

/** What the next login attempts get instead of an answer: the login servers' bad moods. */
export type LoginFault =
  { kind: 'rate-limit'; retryAfterSeconds: number | null } | { kind: 'challenge'; status: number };

export const rand = (bytes = 18) => randomBytes(bytes).toString('base64url');

export class GarminSimState implements SimAuthority {
  readonly users = new Map<string, GarminSimUser>();
  readonly sessions = new Map<string, SsoSession>();
  readonly tickets = new Map<string, { user: GarminSimUser; expiresAt: number }>();
  readonly accessTokens = new Map<string, IssuedToken>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  /** Every credential login the simulator judged (e-mail and verdict): tests count what reached "Garmin". */
  readonly loginAttempts: { email: string; ok: boolean }[] = [];
  loginFault: { fault: LoginFault; times: number } | null = null;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  personalTokenSeconds: number;
  ticketSeconds: number;
  mfaSeconds: number;
  readonly now: () => number;

  constructor(options: GarminSimOptions = {}) {
    this.accessTokenSeconds = options.accessTokenSeconds ?? 3600;
    this.refreshTokenSeconds = options.refreshTokenSeconds ?? 30 * 24 * 3600;
    this.personalTokenSeconds = options.personalTokenSeconds ?? 24 * 3600;
    this.ticketSeconds = options.ticketSeconds ?? 60;
    this.mfaSeconds = options.mfaSeconds ?? 300;
    this.now = options.now ?? (() => Date.now());
  }

  addUser(user: GarminSimUser): GarminSimUser {
    const stored = { mfaCode: null, locked: false, ...user };
    this.users.set(user.email.toLowerCase(), stored);
    return stored;
  }

  findUser(email: string): GarminSimUser | null {
    return this.users.get(email.toLowerCase()) ?? null;
  }

  newSession(): SsoSession {
    const session: SsoSession = { id: rand(), mfaFor: null, mfaAttempts: 0, mfaExpiresAt: 0 };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The next `times` login requests get this fault (429 or a challenge page). */
  failLogins(fault: LoginFault, times = 1): void {
    this.loginFault = { fault, times };
  }

  takeLoginFault(): LoginFault | null {
    if (!this.loginFault || this.loginFault.times <= 0) return null;
    this.loginFault.times -= 1;
    return this.loginFault.fault;
  }

  issueTicket(user: GarminSimUser): string {
    const ticket = `ST-${Math.floor(Math.random() * 1e7)}-${rand(12)}-cas`;
    this.tickets.set(ticket, { user, expiresAt: this.now() + this.ticketSeconds * 1000 });
    return ticket;
  }

  /** Tickets are single-use, like Garmin's CAS tickets. */
  redeemTicket(ticket: string): GarminSimUser | null {
    const t = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return t && t.expiresAt > this.now() ? t.user : null;
  }

  issueSessionTokens(user: GarminSimUser): { accessToken: string; refreshToken: string } {
    const accessToken = `di-at-${rand(24)}`;
    const refreshToken = `di-rt-${rand(24)}`;
    this.accessTokens.set(accessToken, {
      user,
      kind: 'session',
      expiresAt: this.now() + this.accessTokenSeconds * 1000,
    });
    this.refreshTokens.set(refreshToken, { user, expiresAt: this.now() + this.refreshTokenSeconds * 1000 });
    return { accessToken, refreshToken };
  }

  /** Refresh tokens rotate: the one used dies, as with the DI token endpoint. */
  redeemRefreshToken(token: string): GarminSimUser | null {
    const grant = this.refreshTokens.get(token);
    this.refreshTokens.delete(token);
    return grant && grant.expiresAt > this.now() ? grant.user : null;
  }

  issuePersonalToken(user: GarminSimUser): string {
    const token = `pat-${rand(24)}`;
    this.accessTokens.set(token, { user, kind: 'personal', expiresAt: this.now() + this.personalTokenSeconds * 1000 });
    return token;
  }

  /** Creates a Personal API key as Garmin Connect's settings page would (shown once). */
  createApiKey(email: string, validDays = 90, key = `gpak_${rand(30)}`): { key: string; expiresAt: Date } {
    const user = this.findUser(email);
    if (!user) throw new Error(`no simulated Garmin user ${email}`);
    const expiresAt = this.now() + validDays * 24 * 3600 * 1000;
    this.apiKeys.set(key, { user, expiresAt, revoked: false });
    return { key, expiresAt: new Date(expiresAt) };
  }

  /** Every access token dies now (the app must refresh). */
  expireAccessTokens(): void {
    for (const t of this.accessTokens.values()) t.expiresAt = 0;
  }

  /** The session can no longer be refreshed: Garmin ended it (password change, "sign out everywhere"). */
  invalidateRefreshTokens(email?: string): void {
    for (const [token, grant] of this.refreshTokens) {
      if (!email || grant.user.email.toLowerCase() === email.toLowerCase()) this.refreshTokens.delete(token);
    }
  }

  revokeApiKey(key: string): void {
    const record = this.apiKeys.get(key);
    if (record) record.revoked = true;
  }

  authenticate(accessToken: string): SimGrant | null {
    const t = this.accessTokens.get(accessToken);
    if (!t || t.expiresAt <= this.now()) return null;
    return { userId: String(t.user.profileId), scopes: [t.kind] };
  }

  userByProfileId(profileId: string): GarminSimUser | null {
    for (const u of this.users.values()) if (String(u.profileId) === profileId) return u;
    return null;
  }
}
