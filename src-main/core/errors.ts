import type { BridgeErrorCode } from '../../src-shared/errors';

/**
 * An error whose message was written for the user. Only these messages cross
 * the bridge; any other error becomes INTERNAL with a generic message, and its
 * details go to the (redacted) log only.
 */
export class OmnioError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    readonly retryAt?: Date,
  ) {
    super(message);
    this.name = 'OmnioError';
  }
}
