import type { OmnioApi } from '../../src-shared/ipc/contract';
import { createSocketBridge } from './socket-bridge';

// The renderer's only way to reach the main process. In the Electron app the
// preload has put the API on `window.omnio`; in the browser host the same API
// is built over the host's WebSocket. Components import `api` from here and
// never know which one they got.
export const api: OmnioApi = window.omnio ?? createSocketBridge(window.location);
