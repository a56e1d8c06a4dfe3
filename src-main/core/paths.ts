import path from 'node:path';

// Every persistent file lives under one data directory (QA contract:
// OMNIO_DATA_DIR overrides the platform default).

export interface DataPaths {
  root: string;
  database: string;
  logs: string;
  logFile: string;
  settingsDir: string;
  keyStore: string;
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    database: path.join(root, 'omnio.sqlite'),
    logs: path.join(root, 'logs'),
    logFile: path.join(root, 'logs', 'omnio.log'),
    settingsDir: root,
    keyStore: path.join(root, 'vault-key.json'),
  };
}

export function resolveDataDir(env: NodeJS.ProcessEnv, platformDefault: string): string {
  const fromEnv = env.OMNIO_DATA_DIR?.trim();
  return path.resolve(fromEnv && fromEnv.length > 0 ? fromEnv : platformDefault);
}
