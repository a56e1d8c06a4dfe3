import { builtinModules } from 'node:module';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { build, defineConfig, type InlineConfig, type UserConfig } from 'vite';
import { buildTimeDefine } from './src-main/core/providers/build-credentials';
import { testBuildDefine } from './src-main/electron/release-policy';

// One config, two builds:
//   `vite build`              → the renderer, into dist/renderer (served by the
//                               Electron app:// protocol and by the browser host)
//   `vite build --mode main`  → the Electron main process and preload, into dist/main
const root = import.meta.dirname;

const renderer: UserConfig = {
  root: path.join(root, 'src-renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.join(root, 'dist/renderer'),
    emptyOutDir: true,
    sourcemap: false,
    // No inline scripts or styles: the CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', strictPort: true },
};

// Node built-ins, with and without the `node:` prefix (bundled dependencies still `require('fs')`).
const nodeBuiltins = [/^node:/, ...builtinModules];
const electronEntry = (file: string) => path.join(root, 'src-main/electron', file);

/** One entry bundled alone into one self-contained file next to main.js (no chunks shared with it). */
function standaloneBundle(
  outDir: string,
  entry: string,
  file: string,
  format: 'cjs' | 'es',
  target: string,
  external: (string | RegExp)[],
): InlineConfig {
  return {
    configFile: false,
    logLevel: 'warn',
    ssr: { noExternal: true },
    build: {
      outDir,
      emptyOutDir: false,
      target,
      ssr: true,
      sourcemap: false,
      rolldownOptions: { input: entry, external, output: { format, entryFileNames: file } },
    },
  };
}

// The preload runs sandboxed: it cannot `require` anything but `electron` (and a
// few polyfills), so it is bundled alone into one CommonJS file. A second
// rollup input in the main build would share chunks with main.js.
export function preloadConfig(outDir = path.join(root, 'dist/main')): InlineConfig {
  return standaloneBundle(outDir, electronEntry('preload.ts'), 'preload.cjs', 'cjs', 'chrome140', ['electron']);
}

/**
 * The sync engine's two threads (src-main/core/sync/worker), each with its own
 * database connection: the sync worker (fetching, parsing; the core looks for
 * `sync-worker.js` next to main.js) and the database writer it starts
 * (`db-writer.js` next to sync-worker.js).
 */
export function syncThreadConfig(
  name: 'sync-worker' | 'db-writer',
  outDir = path.join(root, 'dist/main'),
): InlineConfig {
  const entry = path.join(root, `src-main/core/sync/worker/${name}.ts`);
  return nodeBundleConfig(entry, `${name}.js`, outDir);
}

/**
 * Any Node entry bundled alone as an ES module, with only Electron, better-sqlite3 and Node built-ins
 * left external. Tests use it too (src-main/core/sync/test-support/built-threads.ts): a child process or
 * thread started from a bundle boots in a few milliseconds, where tsx compiling the sources takes
 * seconds on a loaded machine.
 */
export function nodeBundleConfig(entry: string, file: string, outDir: string): InlineConfig {
  return standaloneBundle(outDir, entry, file, 'es', 'node22', ['electron', 'better-sqlite3', ...nodeBuiltins]);
}

// Issue 17: the data query thread (src-main/core/data/data-query-worker.ts), next to main.js.
export function dataQueryThreadConfig(outDir = path.join(root, 'dist/main')): InlineConfig {
  const entry = path.join(root, 'src-main/core/data/data-query-worker.ts');
  return standaloneBundle(outDir, entry, 'data-query-worker.js', 'es', 'node22', [
    'electron',
    'better-sqlite3',
    ...nodeBuiltins,
  ]);
}

/** Also used by src-main/electron/main-bundle.test.ts, which builds into a scratch directory. */
export function mainProcess(outDir = path.join(root, 'dist/main')): UserConfig {
  return {
    // Dependencies (zod, electron-store, conf…) are bundled into main.js; only
    // Electron, the native better-sqlite3 addon and Node built-ins stay external.
    ssr: { noExternal: true },
    // Build-time OAuth client credentials (docs/oauth.md): OMNIO_<PROVIDER>_CLIENT_ID/_SECRET/_REDIRECT_URI.
    // Issue 13: OMNIO_TEST_BUILD is fixed in main.js, so a release build cannot be turned into a test build at launch.
    define: { ...buildTimeDefine(process.env), ...testBuildDefine(process.env) },
    plugins: [
      {
        name: 'omnio-preload',
        apply: 'build',
        // After main.js is written (and dist/main emptied), build the preload and the sync threads next to it.
        async closeBundle() {
          await build(preloadConfig(outDir));
          await build(syncThreadConfig('sync-worker', outDir));
          await build(syncThreadConfig('db-writer', outDir));
          await build(dataQueryThreadConfig(outDir));
        },
      },
    ],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'node22',
      ssr: true,
      sourcemap: false,
      rolldownOptions: {
        input: { main: electronEntry('main.ts') },
        external: ['electron', 'better-sqlite3', ...nodeBuiltins],
        output: { entryFileNames: '[name].js', format: 'es' },
      },
    },
  };
}

export default defineConfig(({ mode }) => (mode === 'main' ? mainProcess() : renderer));
