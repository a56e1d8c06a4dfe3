import type { Logger } from '../log/logger';
import type { SettingsStore } from '../settings/settings-store';
import { linuxSchemePlan, schemeEntryState, writeSchemeEntry, type XdgEnv } from './linux-scheme-entry';

/**
 * Whether `com.omnio.app:` links reach this Omnio on Linux (issue 14):
 * true/false for an AppImage or an unpackaged run, decided here; 'system' for a
 * packaged install (.deb), whose own desktop entry declares the scheme — the
 * caller registers it as on other platforms. Writes a desktop entry only when
 * the person agreed: now (`ask`, asked once) or on an earlier run.
 */
export async function linuxSchemeRegistration(options: {
  isPackaged: boolean;
  env: XdgEnv;
  settings: SettingsStore;
  log: Logger;
  /** Asks the person whether to add the entry; true means yes. */
  ask: () => Promise<boolean>;
}): Promise<boolean | 'system'> {
  const { env, settings, log } = options;
  const appImagePath = env.APPIMAGE;
  let state: 'absent' | 'current' | 'stale' = 'absent';
  if (options.isPackaged && appImagePath) {
    try {
      state = schemeEntryState(env, appImagePath);
    } catch (err) {
      log.warn('could not read the desktop entry for sign-in links', { error: err });
    }
  }
  const plan = linuxSchemePlan({
    isPackaged: options.isPackaged,
    appImagePath,
    choice: settings.get('linuxSchemeEntryChoice'),
    state,
  });
  switch (plan) {
    case 'system':
      return 'system';
    case 'registered':
      return true;
    case 'loopback':
      log.info('sign-in links use the loopback redirect', { why: options.isPackaged ? 'declined' : 'unpackaged' });
      return false;
    case 'ask': {
      const yes = await options.ask();
      settings.set('linuxSchemeEntryChoice', yes ? 'yes' : 'no');
      if (!yes) {
        log.info('the person chose not to add a desktop entry; sign-in links use the loopback redirect');
        return false;
      }
      break;
    }
    case 'register':
      break;
  }
  try {
    writeSchemeEntry(env, appImagePath!);
    log.info('desktop entry for sign-in links written', { state });
    return true;
  } catch (err) {
    log.warn('could not write the desktop entry; sign-in links use the loopback redirect', { error: err });
    return false;
  }
}
