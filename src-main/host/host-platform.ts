import type { EventName, EventPayloads } from '../../src-shared/ipc/contract';
import { createLogger, FileSink, stderrSink, type Logger } from '../core/log/logger';
import { dataPaths } from '../core/paths';
import type { Platform } from '../core/platform';
import { confSettings } from '../core/settings/conf-settings';
import { standInKeyStore } from '../core/vault/stand-in-key-store';
import type { FileSaver } from '../core/export/file-saver';

export type Broadcast = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

/**
 * The Platform of the browser host: plain Node, no Electron. "Open in the
 * system browser" is forwarded to the page, which opens a popup (QA contract);
 * the vault's key comes from the documented stand-in key file.
 */
export function hostPlatform(
  dataDir: string,
  version: string,
  broadcast: Broadcast,
  quiet = false,
  /** Issue 12: exports become downloads the host serves (host-downloads.ts). */
  fileSaver?: FileSaver,
): Platform {
  const paths = dataPaths(dataDir);
  const logger: Logger = createLogger(
    quiet ? [new FileSink(paths.logFile)] : [new FileSink(paths.logFile), stderrSink],
  );
  return {
    runtime: 'browser-host',
    version,
    openExternal: async (url) => broadcast('openExternal', { url }),
    focus: () => undefined,
    emit: broadcast,
    keyStore: standInKeyStore(paths.keyStore),
    settings: confSettings(dataDir),
    logger,
    // Custom-scheme URLs still arrive through /qa/deep-link, as the OS would deliver them (QA
    // contract); the core's own flows return to the host's loopback route (host-server, issue 11).
    schemeRegistered: true,
    ...(fileSaver ? { fileSaver } : {}),
  };
}
