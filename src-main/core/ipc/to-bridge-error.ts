import type { BridgeError } from '../../../src-shared/errors';
import { OmnioError } from '../errors';
import { redactor } from '../log/redactor';

/** Turns anything thrown by a handler into what the renderer may see. */
export function toBridgeError(err: unknown): BridgeError {
  if (err instanceof OmnioError) {
    const out: BridgeError = { code: err.code, message: redactor.redact(err.message) };
    if (err.retryAt) out.retryAt = err.retryAt.toISOString();
    return out;
  }
  return { code: 'INTERNAL', message: 'Something went wrong inside Omnio. Details are in the log.' };
}
