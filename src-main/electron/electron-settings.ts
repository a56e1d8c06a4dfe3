import { ipcMain } from 'electron';
import Store from 'electron-store';
import { DEFAULT_SETTINGS, type SettingsShape, type SettingsStore } from '../core/settings/settings-store';

// Settings in the Electron app: electron-store, in the same file the plain-Node
// runtimes use (`<dataDir>/settings.json`, see core/settings/conf-settings.ts).

/** electron-store's own sync IPC channel: it answers any renderer with paths; we never use it. */
const ELECTRON_STORE_CHANNEL = 'electron-store-get-data';

export function electronStoreSettings(dataDir: string): SettingsStore {
  const store = new Store<SettingsShape>({ cwd: dataDir, name: 'settings', defaults: DEFAULT_SETTINGS });
  // The constructor registers a listener no renderer of ours needs (Omnio's
  // renderer has no electron-store): remove it so every IPC channel is ours and checked.
  ipcMain.removeAllListeners(ELECTRON_STORE_CHANNEL);
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
  };
}
