import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { OmnioApi } from '../../src-shared/ipc/contract';
import { buildBridgeApi } from './bridge-api-policy';

// The sandboxed preload: puts exactly one function per contract call (and
// `on` for contract events) on `window.omnio`. ipcRenderer itself never
// reaches the page, and listeners receive the payload only, never the IPC
// event (whose `sender` would be ipcRenderer). Bundled to one CommonJS file
// (dist/main/preload.cjs): a sandboxed preload cannot require our modules.

const api = buildBridgeApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe(channel, listener) {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
}) satisfies OmnioApi;

contextBridge.exposeInMainWorld('omnio', api);
