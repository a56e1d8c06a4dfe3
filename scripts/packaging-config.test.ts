import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder.yml, loaded and validated by electron-builder itself (the
// same getConfig + validateConfiguration that `electron-builder --config` runs,
// against its JSON schema), then checked for what Omnio's security and
// packaging rely on. Issue 14.

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId?: string;
  files?: unknown[];
  asar?: boolean;
  asarUnpack?: string[];
  afterPack?: string;
  protocols?: { name: string; schemes: string[] }[];
  publish?: { provider: string; url: string; channel?: string };
  mac?: { icon?: string; protocols?: unknown; category?: string; target?: unknown };
  win?: { icon?: string; protocols?: unknown; verifyUpdateCodeSignature?: boolean };
  nsis?: { include?: string };
  linux?: {
    target?: unknown;
    icon?: string;
    protocols?: unknown;
    category?: string;
    description?: string;
    desktop?: { entry?: Record<string, string> };
  };
  [key: string]: unknown;
}

// electron-builder's own modules (app-builder-lib and builder-util come with it).
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

async function loadValidated(): Promise<BuilderConfig> {
  const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

const SCHEME = 'com.omnio.app';

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const config = await loadValidated();
    expect(config.appId).toBe(SCHEME);
  });

  it('is really validated: the same file with a misspelt option is refused', async () => {
    const config = await loadValidated();
    const broken = { ...config, asarUnpak: ['**/*.node'] };
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/asarUnpak/);
  });

  it('registers the scheme on every platform: macOS and Linux via `protocols`, Windows via the NSIS include', async () => {
    const config = await loadValidated();
    expect(config.protocols).toEqual([{ name: 'Omnio', schemes: [SCHEME] }]);
    // No platform replaces the shared list with another.
    expect(config.mac?.protocols).toBeUndefined();
    expect(config.linux?.protocols).toBeUndefined();
    expect(config.win?.protocols).toBeUndefined();
    const nsh = fs.readFileSync(path.join(root, config.nsis?.include ?? 'missing'), 'utf8');
    expect(nsh).toContain(`WriteRegStr SHCTX "Software\\Classes\\${SCHEME}" "URL Protocol" ""`);
    expect(nsh).toContain(`"$INSTDIR\\\${APP_EXECUTABLE_FILENAME}" "%1"`);
    expect(nsh).toContain(`DeleteRegKey SHCTX "Software\\Classes\\${SCHEME}"`);
  });

  it('packs into an asar and unpacks native addons (.node cannot load from inside an archive)', async () => {
    const config = await loadValidated();
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('flips the fuses in afterPack with the hook that exists and exports a function', async () => {
    const config = await loadValidated();
    expect(config.afterPack).toBe('scripts/after-pack.cjs');
    const hook = require(path.join(root, config.afterPack ?? 'missing')) as unknown;
    expect(typeof hook).toBe('function');
  });

  it('packages only the built app: dist/** and package.json (no source maps)', async () => {
    const config = await loadValidated();
    // The schema validation normalises `files` into one `{ filter }` set.
    const patterns = (config.files ?? []).flatMap((f) =>
      typeof f === 'string' ? [f] : ((f as { filter?: string[] }).filter ?? []),
    );
    expect(patterns).toEqual(['dist/**', 'package.json', '!**/*.map']);
  });

  it('publishes to a generic https feed, and nothing turns off update verification', async () => {
    const config = await loadValidated();
    expect(config.publish).toEqual({
      provider: 'generic',
      url: 'https://omnio.app/desktop/updates',
      channel: 'latest',
    });
    // macOS updates are installed from the zip (Squirrel.Mac); Linux from the AppImage or the .deb.
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    // Windows: electron-updater checks the installer's signature against the publisher unless this is false.
    expect(config.win?.verifyUpdateCodeSignature).not.toBe(false);
  });

  it('points every platform at the icons drawn by scripts/draw-icon.ts', async () => {
    const config = await loadValidated();
    expect(config.mac?.icon).toBe('assets/icon.icns');
    expect(config.win?.icon).toBe('assets/icon.ico');
    expect(config.linux?.icon).toBe('assets/icons');
    for (const icon of [config.mac?.icon, config.win?.icon, config.linux?.icon]) {
      expect(fs.existsSync(path.join(root, icon ?? 'missing')), icon).toBe(true);
    }
  });

  it('gives the desktop entry a name, a comment and a category', async () => {
    const config = await loadValidated();
    expect(config.linux?.desktop?.entry?.Name).toBe('Omnio');
    expect(config.linux?.description).toMatch(/synced locally/);
    expect(config.linux?.category).toBe('Utility');
    expect(config.mac?.category).toBe('public.app-category.healthcare-fitness');
  });
});
