import type { EventName, EventPayloads } from '../../../../src-shared/ipc/contract';
import { createLogger, FileSink, type Logger } from '../../log/logger';
import { dataPaths } from '../../paths';
import type { Platform } from '../../platform';
import { confSettings } from '../../settings/conf-settings';
import type { KeyStore } from '../../vault/key-store';
import { standInKeyStore } from '../../vault/stand-in-key-store';

// A real plain-Node Platform for core tests (stand-in key file, conf settings,
// a log file in the data dir) that also records what the core asked of it:
// URLs opened in the "system browser", events, focus requests, log lines.

export interface RecordingPlatform extends Platform {
  opened: string[];
  events: { event: EventName; payload: unknown }[];
  focusCount: number;
  lines: string[];
  notices(): EventPayloads['notice'][];
}

export function recordingPlatform(
  dataDir: string,
  options: { schemeRegistered?: boolean; keyStore?: KeyStore; onOpen?: (url: string) => void } = {},
): RecordingPlatform {
  const lines: string[] = [];
  const logger: Logger = createLogger(
    [new FileSink(dataPaths(dataDir).logFile), { write: (l) => lines.push(l) }],
    'omnio',
    'debug',
  );
  const platform: RecordingPlatform = {
    runtime: 'browser-host',
    version: 'test',
    opened: [],
    events: [],
    focusCount: 0,
    lines,
    openExternal: async (url) => {
      platform.opened.push(url);
      options.onOpen?.(url);
    },
    focus: () => {
      platform.focusCount += 1;
    },
    emit: (event, payload) => {
      platform.events.push({ event, payload });
    },
    keyStore: options.keyStore ?? standInKeyStore(dataPaths(dataDir).keyStore),
    settings: confSettings(dataDir),
    logger,
    schemeRegistered: options.schemeRegistered ?? true,
    notices: () => platform.events.filter((e) => e.event === 'notice').map((e) => e.payload as EventPayloads['notice']),
  };
  return platform;
}
