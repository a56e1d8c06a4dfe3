// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// The layers, enforced (docs/architecture.md):
//   src-shared         pure TypeScript: no Node, DOM, Electron, React
//   src-main/core      Electron-free core: Node only
//   src-main/electron  the thin Electron layer
//   src-main/host      the browser host: plain Node, never Electron
//   src-renderer       React; reaches the main process only through ./bridge
// A violation is an error, so `npm run lint` (and `npm test`) fails.

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'util',
  'worker_threads',
  'stream',
  'events',
];

/** @param {string} why @param {string[]} group */
const ban = (why, group) => ({ group, message: why });

const layer = (files, patterns, extraPaths = []) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns, paths: extraPaths }],
  },
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench/tmp/**',
      'specs/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  layer(
    ['src-shared/**/*.{ts,tsx}'],
    [
      ban('src-shared is pure TypeScript: no Node, DOM, Electron or React (docs/architecture.md).', [
        'electron',
        'electron/*',
        'react',
        'react-dom',
        'react-dom/*',
        'zustand',
        'better-sqlite3',
        'ws',
        ...NODE_BUILTINS,
      ]),
      ban('src-shared may not import from other layers.', ['**/src-main/**', '**/src-renderer/**', '**/simulators/**']),
    ],
  ),
  layer(
    ['src-main/core/**/*.{ts,tsx}'],
    [
      ban('The core is Electron-free: Electron APIs come in through Platform (src-main/core/platform.ts).', [
        'electron',
        'electron/*',
        'electron-store',
      ]),
      ban('The core may not import the runtimes or the renderer.', [
        '**/electron/**',
        '**/host/**',
        '**/src-renderer/**',
        'react',
        'react-dom',
      ]),
    ],
  ),
  layer(
    ['src-main/electron/**/*.{ts,tsx}'],
    [
      ban('The Electron layer may not import the renderer, the browser host or simulators.', [
        '**/src-renderer/**',
        '**/host/**',
        '**/simulators/**',
      ]),
    ],
  ),
  layer(
    ['src-main/host/**/*.{ts,tsx}'],
    [
      ban('The browser host runs under plain Node: no Electron.', [
        'electron',
        'electron/*',
        'electron-store',
        '**/electron/**',
      ]),
      ban('The browser host may not import the renderer.', ['**/src-renderer/**']),
    ],
  ),
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ban('The renderer talks to the main process only through src-renderer/bridge (docs/architecture.md).', [
              'electron',
              'electron/*',
              'better-sqlite3',
              'ws',
              'conf',
              'electron-store',
              ...NODE_BUILTINS,
            ]),
            ban('The renderer may import only src-shared and its own files.', ['**/src-main/**', '**/simulators/**']),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'require', message: 'No Node in the renderer.' },
        { name: 'process', message: 'No Node in the renderer.' },
      ],
    },
  },
  {
    // Simulators stand for the providers: they may share the app's types, never its code.
    files: ['simulators/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', '**/src-main/**', '**/src-renderer/**'],
              message: 'Simulators stand for the providers: they never run the app’s code (type imports are fine).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
