import { randomBytes } from 'node:crypto';
import type { SimAuthority, SimGrant } from '../../../../simulators/sim-authority';
import { AccessRevokedError, type TokenSource } from '../../auth/token-source';

/**
 * Test stand-in for the OAuth side: issues real random bearer tokens that the
 * simulator's data routes check (SimAuthority) and hands them to the sync
 * engine (TokenSource). It can expire a token (the next request gets 401 and a
 * refresh succeeds) or revoke the grant (the refresh fails as revoked) — the
 * token manager's documented behaviours, without its vault and HTTP.
 */
export class SimGrants implements SimAuthority, TokenSource {
  private readonly byToken = new Map<string, SimGrant & { accountId: string }>();
  private readonly current = new Map<string, string>();
  private readonly grants = new Map<string, SimGrant>();
  private readonly revoked = new Set<string>();
  readonly refreshes: string[] = [];

  issue(accountId: string, userId: string, scopes: string[]): string {
    const token = randomBytes(16).toString('hex');
    this.byToken.set(token, { accountId, userId, scopes });
    this.grants.set(accountId, { userId, scopes });
    this.current.set(accountId, token);
    return token;
  }

  authenticate(accessToken: string): SimGrant | null {
    const g = this.byToken.get(accessToken);
    return g && !this.revoked.has(g.accountId) ? { userId: g.userId, scopes: g.scopes } : null;
  }

  /** The current access token stops working (expired at the provider); a refresh gives a new one. */
  expire(accountId: string): void {
    const token = this.current.get(accountId);
    if (token) this.byToken.delete(token);
  }

  /** The user revoked the app at the provider: every token dies and refresh is refused. */
  revoke(accountId: string): void {
    this.revoked.add(accountId);
  }

  async accessToken(accountId: string): Promise<string> {
    if (this.revoked.has(accountId)) throw new AccessRevokedError(accountId, 'Access was revoked at the provider');
    const token = this.current.get(accountId);
    if (!token) throw new Error(`no grant for ${accountId}`);
    return token;
  }

  async refreshAfterRejection(accountId: string, rejected: string): Promise<string> {
    if (this.revoked.has(accountId)) throw new AccessRevokedError(accountId, 'Access was revoked at the provider');
    const token = this.current.get(accountId);
    if (token !== rejected && token && this.byToken.has(token)) return token;
    const grant = this.grants.get(accountId);
    if (!grant) throw new Error(`no grant for ${accountId}`);
    this.refreshes.push(accountId);
    this.byToken.delete(rejected);
    return this.issue(accountId, grant.userId, grant.scopes);
  }
}
