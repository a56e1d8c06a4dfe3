import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './e2e/fixtures/chromium';
import { electronBinaryStatus } from './scripts/electron-binary';

// Two projects run the same specs: `browser-host` (always; Debian Chromium)
// and `electron` (where the Electron runtime is installed). Where it is not,
// the electron project is skipped with one line saying why.
const electron = electronBinaryStatus();
if (!electron.ok && process.env.TEST_WORKER_INDEX === undefined)
  console.log(`[e2e] electron project skipped: ${electron.reason}; the browser-host project runs the same specs`);

export default defineConfig<{ omnioRuntime: 'browser-host' | 'electron' }>({
  testDir: './e2e/specs',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    trace: 'off',
    screenshot: 'off',
  },
  projects: [
    {
      name: 'browser-host',
      use: {
        omnioRuntime: 'browser-host' as const,
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
      },
    },
    ...(electron.ok ? [{ name: 'electron', use: { omnioRuntime: 'electron' as const } }] : []),
  ],
});
