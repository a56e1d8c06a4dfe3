// `npm start`: builds, then starts the Electron app where its runtime is
// installed. Where it is not (our build machines cannot download it), says so
// in one line and serves the same app through the browser host instead —
// in demo mode, so a newcomer can try every Connect with no provider account;
// the host receives the OAuth redirects on its own port (docs/oauth.md).
// Pass --no-demo to point it at real providers.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { electronBinaryStatus } from './electron-binary';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const demo = args.includes('--demo');
const port = process.env.OMNIO_PORT ?? '5170';

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let electron = electronBinaryStatus();
if (!electron.ok && !process.env.CI) {
  // A fresh install with ELECTRON_SKIP_BINARY_DOWNLOAD: fetch the runtime now, if this machine can.
  spawnSync(process.execPath, [path.join(root, 'node_modules/electron/install.js')], {
    cwd: root,
    stdio: 'ignore',
    timeout: 180_000,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  });
  electron = electronBinaryStatus();
}

if (electron.ok) {
  const env = { ...process.env };
  let stopDemo: (() => Promise<void>) | null = null;
  if (demo) {
    // The same simulators and OMNIO_PROVIDERS file the browser host's demo mode uses.
    const { startDemoProviders } = await import('../src-main/host/demo-providers');
    const started = await startDemoProviders();
    env.OMNIO_PROVIDERS = started.providersFile;
    stopDemo = started.stop;
  }
  const child = spawn(electron.path, [root], { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code) => {
    void (stopDemo?.() ?? Promise.resolve()).then(() => process.exit(code ?? 0));
  });
} else {
  const hostDemo = !args.includes('--no-demo');
  console.log(
    `Electron not started: ${electron.reason}. Serving Omnio at http://127.0.0.1:${port}/ through the browser host${hostDemo ? ' in demo mode' : ''}.`,
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/host/cli.ts', '--port', port, ...(hostDemo ? ['--demo'] : [])],
    { cwd: root, stdio: 'inherit' },
  );
  child.on('exit', (code) => process.exit(code ?? 0));
}
