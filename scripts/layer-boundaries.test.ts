import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Proves the lint rule that keeps the layers apart: each forbidden import is
// linted as if it sat in that layer's folder and must be an error; the
// allowed ones must pass.
const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => /no-restricted-imports/.test(m.ruleId ?? '')).map((m) => m.message);
}

const forbidden: Array<[string, string]> = [
  ['src-renderer/accounts/Bad.tsx', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;"],
  ['src-renderer/accounts/Bad.tsx', "import fs from 'node:fs';\nexport const x = fs;"],
  [
    'src-renderer/accounts/Bad.tsx',
    "import { createCore } from '../../src-main/core/app/create-core';\nexport const x = createCore;",
  ],
  ['src-shared/bad.ts', "import path from 'node:path';\nexport const x = path;"],
  ['src-shared/bad.ts', "import { app } from 'electron';\nexport const x = app;"],
  ['src-shared/bad.ts', "import React from 'react';\nexport const x = React;"],
  ['src-main/core/bad.ts', "import { safeStorage } from 'electron';\nexport const x = safeStorage;"],
  ['src-main/core/bad.ts', "import { startHost } from '../host/host-server';\nexport const x = startHost;"],
  ['src-main/host/bad.ts', "import { BrowserWindow } from 'electron';\nexport const x = BrowserWindow;"],
];

const allowed: Array<[string, string]> = [
  [
    'src-renderer/accounts/Good.tsx',
    "import { PROVIDERS } from '../../src-shared/providers';\nexport const x = PROVIDERS;",
  ],
  ['src-main/core/good.ts', "import fs from 'node:fs';\nexport const x = fs;"],
  ['src-main/electron/good.ts', "import { app } from 'electron';\nexport const x = app;"],
];

describe('layer boundaries (eslint no-restricted-imports)', () => {
  it.each(forbidden)('%s may not: %s', async (file, code) => {
    expect(await importErrors(file, code)).not.toHaveLength(0);
  });
  it.each(allowed)('%s may: %s', async (file, code) => {
    expect(await importErrors(file, code)).toHaveLength(0);
  });
});
