import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildBridgeApi } from '../../src-shared/ipc/bridge-api';
import { channelFor, type OmnioApi } from '../../src-shared/ipc/contract';

// The sandboxed preload: puts exactly one function per contract call (and
// `on` for contract events) on `window.omnio`. ipcRenderer itself never
// reaches the page, and listeners receive the payload only, never the IPC
// event (whose `sender` would be ipcRenderer). Bundled to one CommonJS file
// (dist/main/preload.cjs): a sandboxed preload cannot require our modules.

const api = buildBridgeApi({
  invoke: (call, input) => ipcRenderer.invoke(channelFor(call), input),
  subscribe(event, listener) {
    const channel = channelFor(event);
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
}) satisfies OmnioApi;

contextBridge.exposeInMainWorld('omnio', api);
