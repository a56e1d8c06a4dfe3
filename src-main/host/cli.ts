import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/paths';
import { startHost } from './host-server';

// `npm run host -- --port N [--data-dir DIR] [--demo] [--allow-real-providers]`
// Serves the renderer and the core on http://127.0.0.1:N for QA and development.

const repoRoot = path.resolve(import.meta.dirname, '../..');

function main(): Promise<void> | void {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5170' },
      'data-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      // Issue 13: without it (or --demo) the host signs in to 127.0.0.1 simulators only.
      'allow-real-providers': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number (0 picks a free one), not "${values.port}"`);
    process.exit(2);
  }
  const rendererDir = path.join(repoRoot, 'dist/renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    console.error('The renderer is not built yet; building it once (npx vite build)…');
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  const env = { ...process.env };
  if (values['data-dir']) env.OMNIO_DATA_DIR = values['data-dir'];
  // A separate default from the desktop app's: the host's stand-in key store must never meet real tokens.
  const dataDir = resolveDataDir(env, path.join(os.homedir(), '.omnio-browser-host'));
  return run(
    port,
    dataDir,
    rendererDir,
    env,
    values.demo ?? false,
    values.quiet ?? false,
    values['allow-real-providers'] ?? false,
  );
}

async function run(
  port: number,
  dataDir: string,
  rendererDir: string,
  env: NodeJS.ProcessEnv,
  demo: boolean,
  quiet: boolean,
  allowRealProviders: boolean,
): Promise<void> {
  const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string })
    .version;
  let stopDemo: (() => Promise<void>) | null = null;
  if (demo) {
    const { startDemoProviders } = await import('./demo-providers');
    const started = await startDemoProviders();
    env.OMNIO_PROVIDERS = started.providersFile;
    stopDemo = started.stop;
  }
  const host = await startHost({ port, dataDir, rendererDir, version, env, demo, quiet, allowRealProviders });
  // QA suites wait for exactly this line (docs/qa.md); issue 13 appended this launch's key for /qa/*.
  console.log(`listening on ${host.url} qa-key=${host.bridgeKey}`);
  const shutdown = async () => {
    await host.close();
    await stopDemo?.();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

void Promise.resolve(main()).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
