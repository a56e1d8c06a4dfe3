import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, channelFor, EVENT_NAMES, type OmnioApi } from '../../src-shared/ipc/contract';
import { buildBridgeApi, type BridgeTransport } from './bridge-api-policy';

// A transport over a real EventEmitter, shaped like ipcRenderer: listeners get (event, payload).
function emitterTransport() {
  const emitter = new EventEmitter();
  const invoked: { channel: string; input: unknown }[] = [];
  const transport: BridgeTransport = {
    invoke: async (channel, input) => {
      invoked.push({ channel, input });
      return { ok: true, value: channel };
    },
    subscribe: (channel, listener) => {
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      emitter.on(channel, wrapped);
      return () => emitter.removeListener(channel, wrapped);
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

  it('sends each call on its own channel with the argument untouched', async () => {
    const { transport, invoked } = emitterTransport();
    const api = buildBridgeApi(transport);
    await expect(api.syncNow({ accountId: 'a1' })).resolves.toEqual({ ok: true, value: 'omnio:syncNow' });
    await api.ping({});
    expect(invoked).toEqual([
      { channel: channelFor('syncNow'), input: { accountId: 'a1' } },
      { channel: channelFor('ping'), input: {} },
    ]);
  });

  it('delivers only the payload to listeners and unsubscribes', () => {
    const { emitter, transport } = emitterTransport();
    const api = buildBridgeApi(transport);
    const got: unknown[] = [];
    const off = api.on('notice', (payload) => got.push(payload));
    const fakeIpcEvent = { sender: 'ipcRenderer internals' };
    emitter.emit(channelFor('notice'), fakeIpcEvent, { level: 'info', message: 'hi' });
    off();
    emitter.emit(channelFor('notice'), fakeIpcEvent, { level: 'info', message: 'after' });
    expect(got).toEqual([{ level: 'info', message: 'hi' }]);
    expect(emitter.listenerCount(channelFor('notice'))).toBe(0);
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
