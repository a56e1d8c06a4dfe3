/**
 * How the sync engine (and revocation) get a usable access token for an
 * account without knowing how the provider issues them. Implemented by the
 * OAuth token manager (Oura, WHOOP, Withings) and by the Garmin session.
 *
 * Contract:
 * - `accessToken` returns a token valid for at least a minute, refreshing
 *   first when it is about to expire. Refresh is single-flight per account and
 *   the new tokens are persisted in the vault before they are returned.
 * - `refreshAfterRejection` is called once when the provider answered 401 to
 *   `rejected`; it refreshes unless another caller already did.
 * - Both throw `AccessRevokedError` when the provider answers the refresh with
 *   an authentication failure (invalid_grant, 400/401, Withings auth statuses):
 *   the account is then marked `disconnected` and nothing may use its tokens.
 * - Network errors and 5xx/429 during refresh throw `TransientAuthError`:
 *   retryable, never a reason to disconnect.
 */
export interface TokenSource {
  accessToken(accountId: string, signal?: AbortSignal): Promise<string>;
  refreshAfterRejection(accountId: string, rejected: string, signal?: AbortSignal): Promise<string>;
}

export class AccessRevokedError extends Error {
  constructor(
    readonly accountId: string,
    /** Shown to the user, e.g. "Access was revoked at Oura". */
    readonly userMessage: string,
  ) {
    super(userMessage);
    this.name = 'AccessRevokedError';
  }
}

export class TransientAuthError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'TransientAuthError';
  }
}
