import {
  CALL_NAMES,
  channelFor,
  EVENT_NAMES,
  type CallName,
  type EventName,
  type EventPayloads,
  type OmnioApi,
} from '../../src-shared/ipc/contract';

// The object the preload puts on `window.omnio`, built from the contract's
// names so it can neither miss a call nor grow one. The transport is handed in
// (ipcRenderer in the preload), so this file runs under plain Node for tests
// and never gives the page anything but these functions.

export interface BridgeTransport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Delivers only the payload to `listener`, never the IPC event; returns an unsubscribe. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

type CallFunctions = Omit<OmnioApi, 'on'>;

function callFunctions(transport: BridgeTransport): CallFunctions {
  const functions: Partial<Record<CallName, (input: unknown) => Promise<unknown>>> = {};
  for (const name of CALL_NAMES) {
    const channel = channelFor(name);
    functions[name] = (input: unknown) => transport.invoke(channel, input);
  }
  // Every CallName was assigned above; the results are BridgeResults checked by the main process.
  return functions as CallFunctions;
}

function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}

export function buildBridgeApi(transport: BridgeTransport): OmnioApi {
  return Object.freeze({
    ...callFunctions(transport),
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      if (!isEventName(event)) throw new TypeError(`Omnio has no event named ${String(event).slice(0, 64)}`);
      if (typeof listener !== 'function') throw new TypeError('on(event, listener): listener must be a function');
      return transport.subscribe(channelFor(event), (payload) => listener(payload as EventPayloads[E]));
    },
  } satisfies OmnioApi);
}
