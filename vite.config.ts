import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

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

function mainProcess(): UserConfig {
  return {
    build: {
      outDir: path.join(root, 'dist/main'),
      emptyOutDir: true,
      target: 'node22',
      ssr: true,
      sourcemap: false,
      rollupOptions: {
        input: {
          main: path.join(root, 'src-main/electron/main.ts'),
          preload: path.join(root, 'src-main/electron/preload.ts'),
        },
        external: ['electron', 'better-sqlite3', /^node:/],
        output: { entryFileNames: '[name].js', format: 'es' },
      },
    },
  };
}

export default defineConfig(({ mode }) => (mode === 'main' ? mainProcess() : renderer));
