import { describe, expect, it } from 'vitest';
import { buildBridgeApi, type BridgeTransport } from './bridge-api';
import { CALL_NAMES, EVENT_NAMES, type OmnioApi } from './contract';

/** A minimal emitter shaped like ipcRenderer: listeners get (transportEvent, payload). */
class Emitter {
  private readonly map = new Map<string, Set<(e: unknown, p: unknown) => void>>();
  on(name: string, l: (e: unknown, p: unknown) => void) {
    this.map.set(name, (this.map.get(name) ?? new Set()).add(l));
  }
  removeListener(name: string, l: (e: unknown, p: unknown) => void) {
    this.map.get(name)?.delete(l);
  }
  emit(name: string, e: unknown, p: unknown) {
    this.map.get(name)?.forEach((l) => l(e, p));
  }
  listenerCount(name: string) {
    return this.map.get(name)?.size ?? 0;
  }
}

function emitterTransport() {
  const emitter = new Emitter();
  const invoked: { call: string; input: unknown }[] = [];
  const transport: BridgeTransport = {
    invoke: async (call, input) => {
      invoked.push({ call, input });
      return { ok: true, value: call };
    },
    subscribe: (event, listener) => {
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      emitter.on(event, wrapped);
      return () => emitter.removeListener(event, wrapped);
    },
  };
  return { emitter, invoked, transport };
}

describe('buildBridgeApi', () => {
  it('has exactly one function per contract call plus on()', () => {
    const api = buildBridgeApi(emitterTransport().transport);
    expect(Object.keys(api).sort()).toEqual([...CALL_NAMES, 'on'].sort());
    for (const key of Object.keys(api)) expect(typeof (api as Record<string, unknown>)[key]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each call under its own name with the argument untouched', async () => {
    const { transport, invoked } = emitterTransport();
    const api = buildBridgeApi(transport);
    await expect(api.syncNow({ accountId: 'a1' })).resolves.toEqual({ ok: true, value: 'syncNow' });
    await api.ping({});
    expect(invoked).toEqual([
      { call: 'syncNow', input: { accountId: 'a1' } },
      { call: 'ping', input: {} },
    ]);
  });

  it('delivers only the payload to listeners and unsubscribes', () => {
    const { emitter, transport } = emitterTransport();
    const api = buildBridgeApi(transport);
    const got: unknown[] = [];
    const off = api.on('notice', (payload) => got.push(payload));
    const fakeIpcEvent = { sender: 'ipcRenderer internals' };
    emitter.emit('notice', fakeIpcEvent, { level: 'info', message: 'hi' });
    off();
    emitter.emit('notice', fakeIpcEvent, { level: 'info', message: 'after' });
    expect(got).toEqual([{ level: 'info', message: 'hi' }]);
    expect(emitter.listenerCount('notice')).toBe(0);
  });

  it('subscribes to contract events only', () => {
    const api = buildBridgeApi(emitterTransport().transport);
    for (const event of EVENT_NAMES) api.on(event, () => {})();
    const loose = api as unknown as { on(event: string, l: unknown): unknown };
    expect(() => loose.on('omnio:ping', () => {})).toThrow(/no event named/);
    expect(() => loose.on('__proto__', () => {})).toThrow(/no event named/);
    expect(() => loose.on('notice', 'not a function')).toThrow(/must be a function/);
  });

  it('type-checks against the contract (compile-time guard)', () => {
    const api: OmnioApi = buildBridgeApi(emitterTransport().transport);
    expect(api.listAccounts).toBeTypeOf('function');
  });
});
