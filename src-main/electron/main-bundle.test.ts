import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../src-shared/ipc/contract';
import { mainProcess } from '../../vite.config';

// The BUILT main.js (the file Electron runs), loaded by Node's own ESM loader
// in a child process: catches what only the bundle can break — a bundled
// dependency calling require() inside ESM, an import the bundler renamed, a
// missing external. Only `electron` is the stand-in (fake-electron.ts).

const repo = path.resolve(import.meta.dirname, '../..');
// Inside the repository so the bundle resolves better-sqlite3 from node_modules, like dist/main does.
const scratch = path.join(repo, 'node_modules', '.cache', `omnio-main-bundle-${process.pid}`);
const outDir = path.join(scratch, 'main');
let dataDir: string;

beforeAll(async () => {
  await build({ configFile: false, logLevel: 'warn', ...mainProcess(outDir) });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-bundle-'));
}, 120_000);

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('built main.js', () => {
  it('starts, answers IPC from its window and quits cleanly under Node’s ESM loader', () => {
    const fakeModule = pathToFileURL(path.join(import.meta.dirname, 'fake-electron-module.ts')).href;
    const hook = `export async function resolve(specifier, context, next) {
      // Let tsx (registered before this hook) resolve the TypeScript stand-in.
      if (specifier === 'electron') return next(${JSON.stringify(fakeModule)}, context);
      return next(specifier, context);
    }`;
    const register = `import { register } from 'node:module'; register(${JSON.stringify('data:text/javascript,' + encodeURIComponent(hook))});`;
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        `data:text/javascript,${encodeURIComponent(register)}`,
        path.join(import.meta.dirname, 'main-bundle-driver.ts'),
        path.join(outDir, 'main.js'),
      ],
      {
        cwd: repo,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, OMNIO_DATA_DIR: dataDir, OMNIO_QA_SKIP_SCHEME_REGISTRATION: '1' },
      },
    );
    expect(child.status, child.stderr).toBe(0);
    const report = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}');
    expect(report.window).toEqual({ loadedUrl: 'app://omnio/index.html', preload: path.join(outDir, 'preload.cjs') });
    expect(fs.existsSync(path.join(outDir, 'preload.cjs'))).toBe(true);
    // The sync engine's threads, where the core looks for them (worker-runner.ts, writer-thread.ts).
    expect(fs.existsSync(path.join(outDir, 'sync-worker.js'))).toBe(true);
    expect(fs.existsSync(path.join(outDir, 'db-writer.js'))).toBe(true);
    expect(report.ipcChannels).toBe(CALL_NAMES.length);
    expect(report.listAccounts).toMatchObject({ ok: true });
    expect(report.userData).toBe(dataDir);
    expect(report.quitted).toBe(true);
    expect(report.exitCode).toBeNull();
    expect(fs.readFileSync(path.join(dataDir, 'logs', 'omnio.log'), 'utf8')).toContain('started');
  });
});
