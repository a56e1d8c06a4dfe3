// `npm run dev`: the browser host in demo mode with the renderer rebuilt on
// every change (vite build --watch), for working on the UI without Electron.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const port = process.env.OMNIO_PORT ?? '5170';
const children = [
  spawn('npx', ['vite', 'build', '--watch', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' }),
  spawn(process.execPath, ['--import', 'tsx', 'src-main/host/cli.ts', '--port', port, '--demo'], {
    cwd: root,
    stdio: 'inherit',
  }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
children.forEach((c) => c.on('exit', stop));
