import type { OmnioApi } from '../src-shared/ipc/contract';

declare global {
  interface Window {
    /** Put there by the Electron preload; absent in the browser host until bridge/socket-bridge.ts connects. */
    omnio?: OmnioApi;
  }
}
export {};
