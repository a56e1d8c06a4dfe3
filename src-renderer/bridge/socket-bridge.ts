import { buildBridgeApi } from '../../src-shared/ipc/bridge-api';
import type { CallName, EventName, EventPayloads, OmnioApi } from '../../src-shared/ipc/contract';
import type { BridgeResult } from '../../src-shared/errors';
import { decodeServerMessage, type ClientMessage } from '../../src-shared/ipc/socket-protocol';

// The browser host's stand-in for the preload: the same OmnioApi (the same
// builder), carried over a WebSocket to the host process on 127.0.0.1. The one
// difference the QA contract allows: "open in the system browser" becomes
// window.open, so a test sees a popup.

type Listener = (payload: unknown) => void;

export function createSocketBridge(location: Pick<Location, 'host' | 'protocol'>): OmnioApi {
  const pending = new Map<number, (r: BridgeResult<unknown>) => void>();
  const listeners = new Map<EventName, Set<Listener>>();
  const early: unknown[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opening: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> => {
    if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
    if (opening) return opening;
    opening = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/bridge`);
      ws.onopen = () => {
        socket = ws;
        opening = null;
        resolve(ws);
      };
      ws.onerror = () => {
        opening = null;
        reject(new Error('bridge unavailable'));
      };
      ws.onclose = () => {
        socket = null;
        for (const [id, done] of pending) {
          pending.delete(id);
          done({ ok: false, error: { code: 'INTERNAL', message: 'Lost the connection to Omnio. Reload the page.' } });
        }
      };
      ws.onmessage = (m) => {
        const msg = decodeServerMessage(String(m.data));
        if (!msg) return;
        if (msg.kind === 'result') {
          pending.get(msg.id)?.(msg.result);
          pending.delete(msg.id);
          return;
        }
        if (msg.event === 'openExternal') {
          window.open((msg.payload as EventPayloads['openExternal']).url, '_blank', 'noopener');
        }
        const set = listeners.get(msg.event);
        // A notice that arrives before the page has subscribed (the socket opens while React mounts)
        // is held for the first listener instead of being lost.
        if (!set?.size && msg.event === 'notice') early.push(msg.payload);
        else set?.forEach((l) => l(msg.payload));
      };
    });
    return opening;
  };

  const invoke = async (call: CallName, input: unknown): Promise<BridgeResult<unknown>> => {
    let ws: WebSocket;
    try {
      ws = await connect();
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: 'Omnio is not reachable. Is the host still running?' } };
    }
    const id = nextId++;
    const message: ClientMessage = { id, call, input: input ?? {} };
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify(message));
    });
  };

  // Events flow as soon as the socket is open; open it now rather than on the first call.
  void connect().catch(() => undefined);
  return buildBridgeApi({
    invoke,
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
      if (event === 'notice') for (const payload of early.splice(0)) listener(payload as never);
      return () => set.delete(listener);
    },
  });
}
