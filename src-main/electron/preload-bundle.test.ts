import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, channelFor } from '../../src-shared/ipc/contract';
import { preloadConfig } from '../../vite.config';

// The real preload bundle (built here with the project's own Vite config),
// run the way a sandboxed Electron renderer runs it: a CommonJS function whose
// `require` knows `electron` and nothing else. Proves the bundle is
// self-contained and that the page receives only the contract's functions.

let outDir: string;
let source: string;

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-preload-'));
  await build(preloadConfig(outDir));
  source = fs.readFileSync(path.join(outDir, 'preload.cjs'), 'utf8');
}, 60_000);

afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

function runSandboxed() {
  const exposed: Record<string, unknown> = {};
  const invoked: { channel: string; input: unknown }[] = [];
  const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();
  const required: string[] = [];
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => {
        exposed[key] = api;
      },
    },
    ipcRenderer: {
      invoke: async (channel: string, input: unknown) => {
        invoked.push({ channel, input });
        return { ok: true, value: null };
      },
      on: (channel: string, l: (event: unknown, payload: unknown) => void) => {
        listeners.set(channel, [...(listeners.get(channel) ?? []), l]);
      },
      removeListener: (channel: string, l: (event: unknown, payload: unknown) => void) => {
        listeners.set(
          channel,
          (listeners.get(channel) ?? []).filter((x) => x !== l),
        );
      },
    },
  };
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`module not found in the preload sandbox: ${id}`);
  };
  const module = { exports: {} };
  const fn = vm.runInNewContext(`(function (exports, require, module) {${source}\n})`, {}) as (
    e: unknown,
    r: unknown,
    m: unknown,
  ) => void;
  fn(module.exports, sandboxRequire, module);
  return { exposed, invoked, listeners, required };
}

describe('preload bundle', () => {
  it('is one CommonJS file that requires only electron', () => {
    const { required } = runSandboxed();
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(source).not.toMatch(/\bimport\s*[{*\w][^(]*\bfrom\b/);
  });

  it('exposes window.omnio with exactly the contract calls and on(), never ipcRenderer', async () => {
    const { exposed, invoked } = runSandboxed();
    expect(Object.keys(exposed)).toEqual(['omnio']);
    const api = exposed.omnio as Record<string, (arg?: unknown) => unknown>;
    expect(Object.keys(api).sort()).toEqual([...CALL_NAMES, 'on'].sort());
    expect(JSON.stringify(Object.keys(api))).not.toContain('ipcRenderer');
    await api.listAccounts!({});
    expect(invoked).toEqual([{ channel: channelFor('listAccounts'), input: {} }]);
  });

  it('passes event payloads without the IPC event and unsubscribes', () => {
    const { exposed, listeners } = runSandboxed();
    const api = exposed.omnio as { on(event: string, l: (p: unknown) => void): () => void };
    const got: unknown[] = [];
    const off = api.on('accountsChanged', (p) => got.push(p));
    const channel = channelFor('accountsChanged');
    for (const l of listeners.get(channel) ?? []) l({ sender: 'ipc internals' }, { accounts: [] });
    off();
    expect(got).toEqual([{ accounts: [] }]);
    expect(listeners.get(channel)).toEqual([]);
  });
});
