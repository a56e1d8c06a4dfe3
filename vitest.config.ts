import { defineConfig } from 'vitest/config';

// Unit and integration tests: next to the code (`*.test.ts`), under plain Node,
// with real SQLite files, real HTTP servers on 127.0.0.1 and real crypto.
export default defineConfig({
  test: {
    include: [
      'src-main/**/*.test.ts',
      'src-shared/**/*.test.ts',
      'src-renderer/**/*.test.ts',
      'simulators/**/*.test.ts',
      'scripts/**/*.test.ts',
      'lint-fixtures/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Loaded through Vite so src-main/electron/main-process.test.ts can stand in for `electron`,
    // which electron-store and electron-updater import (the real package has no binary here).
    server: { deps: { inline: ['electron-store', 'electron-updater'] } },
  },
});
