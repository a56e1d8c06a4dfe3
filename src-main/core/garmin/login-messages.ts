import { OmnioError } from '../errors';
import type { GarminLoginBlock } from './login-block';
import type { GarminLoginFailure } from './login-errors';

// One message per way a sign-in ends, written for the person at the dialog.
// 429 and challenge pages also record the persisted block (login-block.ts).

export function toUserError(failure: GarminLoginFailure, block: GarminLoginBlock): OmnioError {
  switch (failure.kind) {
    case 'wrong_password':
      return new OmnioError('AUTH_FAILED', 'Garmin did not accept this e-mail and password. Check them and try again.');
    case 'locked':
      return new OmnioError(
        'AUTH_FAILED',
        'Garmin has locked this account (after too many failed sign-ins or for a security check). ' +
          'Unlock it on Garmin Connect’s website, then sign in here again.',
      );
    case 'mfa_failed':
      return new OmnioError(
        'AUTH_FAILED',
        'Garmin did not accept this verification code. Check the newest code Garmin sent you and enter it again.',
      );
    case 'mfa_expired':
      return new OmnioError('NOT_FOUND', 'This verification step has expired. Sign in again to get a new code.');
    case 'rate_limited':
      return block.block('rate_limited', failure.retryAfterMs);
    case 'challenge':
      return block.block('challenge', failure.retryAfterMs);
    case 'network':
      return new OmnioError('OFFLINE', 'Omnio could not reach Garmin. Check your internet connection and try again.');
    case 'unexpected':
      return new OmnioError(
        'PROVIDER_ERROR',
        'Garmin’s sign-in answered in a way Omnio does not understand. Nothing was stored; try again later.',
      );
  }
}
