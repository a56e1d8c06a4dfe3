import { execFileSync } from 'node:child_process';
import path from 'node:path';

// Build once: the specs run the same renderer bundle the app ships.
export default function globalSetup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
