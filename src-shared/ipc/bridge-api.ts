import { CALL_NAMES, EVENT_NAMES, type CallName, type EventName, type EventPayloads, type OmnioApi } from './contract';

// The object on `window.omnio`, built from the contract's names so it can
// neither miss a call nor grow one. One builder for both transports: the
// Electron preload (ipcRenderer) and the browser host's WebSocket. The page
// never gets anything but these functions.

export interface BridgeTransport {
  invoke(call: CallName, input: unknown): Promise<unknown>;
  /** Delivers only the payload to `listener`, never a transport event; returns an unsubscribe. */
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

type CallFunctions = Omit<OmnioApi, 'on'>;

function callFunctions(transport: BridgeTransport): CallFunctions {
  const functions: Partial<Record<CallName, (input: unknown) => Promise<unknown>>> = {};
  for (const name of CALL_NAMES) functions[name] = (input: unknown) => transport.invoke(name, input);
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
      return transport.subscribe(event, (payload) => listener(payload as EventPayloads[E]));
    },
  } satisfies OmnioApi);
}
