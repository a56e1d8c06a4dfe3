// Errors cross the bridge as a code and a message written for the user.
// Never a stack trace, never a secret: see src-main/core/ipc/to-bridge-error.ts.

export const BRIDGE_ERROR_CODES = [
  'INVALID_ARGUMENT',
  'FORBIDDEN_SENDER',
  'UNKNOWN_CHANNEL',
  'NOT_FOUND',
  'CONFLICT',
  'NOT_CONFIGURED',
  'PROVIDER_ERROR',
  'AUTH_FAILED',
  'MFA_REQUIRED',
  'RATE_LIMITED',
  'OFFLINE',
  'VAULT_UNAVAILABLE',
  'INTERNAL',
] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

export interface BridgeError {
  code: BridgeErrorCode;
  message: string;
  /** When the user may try again (ISO time), for rate limits. */
  retryAt?: string;
}

export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError };
