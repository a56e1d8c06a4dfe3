import type { BridgeResult } from '../errors';
import { EVENT_NAMES, type EventName } from './contract';
import { parseWithTypedArrays, stringifyWithTypedArrays } from './typed-json';

// The browser host carries the same contract over a WebSocket. These are the
// frames; both ends decode defensively (a frame that does not parse is dropped).

export interface ClientMessage {
  id: number;
  call: string;
  input: unknown;
}

export type ServerMessage =
  { kind: 'result'; id: number; result: BridgeResult<unknown> } | { kind: 'event'; event: EventName; payload: unknown };

export function decodeClientMessage(raw: string): ClientMessage | null {
  try {
    const v = JSON.parse(raw) as Partial<ClientMessage>;
    if (typeof v.id !== 'number' || !Number.isSafeInteger(v.id) || typeof v.call !== 'string') return null;
    return { id: v.id, call: v.call, input: v.input };
  } catch {
    return null;
  }
}

/** Issue 17: results may carry Float64Arrays (the data calls' columns); they cross as tagged base64. */
export function encodeServerMessage(message: ServerMessage): string {
  return stringifyWithTypedArrays(message);
}

export function decodeServerMessage(raw: string): ServerMessage | null {
  try {
    const v = parseWithTypedArrays(raw) as ServerMessage;
    if (v.kind === 'result' && typeof v.id === 'number') return v;
    if (v.kind === 'event' && (EVENT_NAMES as readonly string[]).includes(v.event)) return v;
    return null;
  } catch {
    return null;
  }
}
