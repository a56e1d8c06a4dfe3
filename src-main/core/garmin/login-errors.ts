// Every way a Garmin sign-in can end without a session, each with its own
// kind so the user gets its own message (login-messages.ts). Nothing here
// carries a password, code, ticket or response body.

export type GarminLoginFailureKind =
  /** Garmin did not accept the e-mail/password pair. */
  | 'wrong_password'
  /** The Garmin account is locked (too many failures, security hold). */
  | 'locked'
  /** The one-time code was not accepted. */
  | 'mfa_failed'
  /** The MFA step ran out of time at Garmin (or here). */
  | 'mfa_expired'
  /** HTTP 429 (or a 429 inside the JSON): Garmin is throttling sign-ins. */
  | 'rate_limited'
  /** A bot-check / challenge page (HTML) came back instead of JSON, or a CAPTCHA is required. */
  | 'challenge'
  /** Garmin could not be reached at all. */
  | 'network'
  /** Garmin answered something this client does not understand (5xx, unknown status). */
  | 'unexpected';

export class GarminLoginFailure extends Error {
  constructor(
    readonly kind: GarminLoginFailureKind,
    /** For the log only: which step and what status, never a body. */
    readonly detail: string,
    /** From Retry-After, when Garmin said how long to wait. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`Garmin sign-in failed (${kind}): ${detail}`);
    this.name = 'GarminLoginFailure';
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
