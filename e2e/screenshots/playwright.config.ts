import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../fixtures/chromium';

// Screenshots of the main states for docs/screenshots/ (issue 15): not a test
// suite, run by hand with `SHOTS=after npx playwright test -c e2e/screenshots`.
export default defineConfig({
  testDir: '.',
  testMatch: '*.shots.ts',
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  globalSetup: '../global-setup.ts',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
  },
});
