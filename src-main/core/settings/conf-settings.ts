import Conf from 'conf';
import { DEFAULT_SETTINGS, type SettingsShape, type SettingsStore } from './settings-store';

/** Settings for plain-Node runtimes (browser host, tests), in `<dataDir>/settings.json`. */
export function confSettings(dataDir: string): SettingsStore {
  const conf = new Conf<SettingsShape>({
    cwd: dataDir,
    configName: 'settings',
    defaults: DEFAULT_SETTINGS,
    projectName: 'omnio',
  });
  return {
    get: (key) => conf.get(key),
    set: (key, value) => conf.set(key, value),
  };
}
