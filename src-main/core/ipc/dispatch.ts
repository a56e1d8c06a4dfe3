import type { z } from 'zod';
import { calls, type CallName, type CallResult } from '../../../src-shared/ipc/contract';
import type { BridgeResult } from '../../../src-shared/errors';
import type { Logger } from '../log/logger';
import { toBridgeError } from './to-bridge-error';

/** What the core implements: one async function per call, taking the validated input. */
export type Handlers = {
  [K in CallName]: (input: z.output<(typeof calls)[K]['input']>) => Promise<CallResult<K>>;
};

function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(calls, name);
}

/**
 * The single entry for every call from a renderer, whichever transport carried
 * it (Electron IPC or the browser host's WebSocket). The transport checks the
 * sender first; this validates the argument against the contract before any
 * handler runs, so a malformed call cannot reach storage.
 */
export async function dispatchCall(
  handlers: Handlers,
  name: string,
  rawInput: unknown,
  log: Logger,
): Promise<BridgeResult<unknown>> {
  if (!isCallName(name)) {
    log.warn('rejected call to unknown channel', { channel: name.slice(0, 64) });
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Omnio does not know this request.' } };
  }
  const parsed = calls[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    // Issue paths only: the rejected values may contain secrets (a password of the wrong shape).
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(argument)').join(', ');
    log.warn('rejected malformed call', { channel: name, fields: where });
    return {
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: `The request was not understood (check: ${where}).` },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    const bridgeError = toBridgeError(err);
    if (bridgeError.code === 'INTERNAL') log.error('call failed', { channel: name, error: err });
    return { ok: false, error: bridgeError };
  }
}

export type ForbiddenSender = BridgeResult<never>;
export const forbiddenSender: ForbiddenSender = {
  ok: false,
  error: { code: 'FORBIDDEN_SENDER', message: 'This request did not come from Omnio’s own window.' },
};
