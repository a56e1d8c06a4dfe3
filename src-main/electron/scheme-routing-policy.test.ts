import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decideSchemeRouting, linuxSchemeHandlerEntry, type SchemeRoutingFacts } from './scheme-routing-policy';

// Issue 11, item 2: an unpackaged Linux run without a .desktop entry gets no
// scheme links, so it must say so and use the loopback style; everything else
// keeps the scheme. The .desktop lookup runs the real xdg-mime on real files.

const base: SchemeRoutingFacts = {
  platform: 'linux',
  packaged: false,
  qaDeliversLinks: false,
  registered: true,
  isDefault: true,
  linuxDesktopEntry: null,
};

describe('decideSchemeRouting', () => {
  it('an unpackaged Linux run without a .desktop entry is not routed, and says why', () => {
    const r = decideSchemeRouting(base);
    expect(r).toEqual({ routed: false, reason: expect.stringContaining('.desktop') });
  });

  it('the same run with a .desktop entry, a packaged Linux app, macOS and Windows keep the scheme', () => {
    expect(decideSchemeRouting({ ...base, linuxDesktopEntry: '/usr/share/applications/omnio.desktop' })).toEqual({
      routed: true,
    });
    expect(decideSchemeRouting({ ...base, packaged: true })).toEqual({ routed: true });
    expect(decideSchemeRouting({ ...base, platform: 'darwin' })).toEqual({ routed: true });
    expect(decideSchemeRouting({ ...base, platform: 'win32' })).toEqual({ routed: true });
  });

  it('a refused registration is not routed on any platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const r = decideSchemeRouting({ ...base, platform, packaged: true, registered: false, isDefault: false });
      expect(r.routed).toBe(false);
    }
    // Already the default from an earlier run counts as registered.
    expect(decideSchemeRouting({ ...base, platform: 'darwin', registered: false, isDefault: true }).routed).toBe(true);
  });

  it('a QA run that delivers links itself keeps the scheme (docs/qa.md)', () => {
    expect(decideSchemeRouting({ ...base, qaDeliversLinks: true, registered: false, isDefault: false })).toEqual({
      routed: true,
    });
  });
});

const hasXdgMime = spawnSync('xdg-mime', ['--version']).status === 0;
let home: string;
afterEach(() => home && fs.rmSync(home, { recursive: true, force: true }));

describe.skipIf(!hasXdgMime)('linuxSchemeHandlerEntry (real xdg-mime)', () => {
  const envFor = (dir: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: dir,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_DATA_DIRS: path.join(dir, 'system'),
    XDG_CONFIG_DIRS: path.join(dir, 'system-config'),
  });

  it('null when no handler is set, or when the named .desktop file does not exist', () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-xdg-'));
    const env = envFor(home);
    expect(linuxSchemeHandlerEntry('com.omnio.app', env)).toBeNull();
    fs.mkdirSync(path.join(home, 'config'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'config/mimeapps.list'),
      '[Default Applications]\nx-scheme-handler/com.omnio.app=omnio-dev.desktop\n',
    );
    expect(linuxSchemeHandlerEntry('com.omnio.app', env)).toBeNull();
  });

  it('the file when the handler names an existing .desktop entry', () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-xdg-'));
    const env = envFor(home);
    fs.mkdirSync(path.join(home, 'config'), { recursive: true });
    fs.mkdirSync(path.join(home, 'data/applications'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'config/mimeapps.list'),
      '[Default Applications]\nx-scheme-handler/com.omnio.app=omnio-dev.desktop\n',
    );
    const entry = path.join(home, 'data/applications/omnio-dev.desktop');
    fs.writeFileSync(
      entry,
      '[Desktop Entry]\nType=Application\nName=Omnio\nExec=omnio %u\nMimeType=x-scheme-handler/com.omnio.app;\n',
    );
    expect(linuxSchemeHandlerEntry('com.omnio.app', env)).toBe(entry);
  });
});
