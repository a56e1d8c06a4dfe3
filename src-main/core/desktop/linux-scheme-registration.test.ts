import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger';
import { confSettings } from '../settings/conf-settings';
import { ENTRY_ID, execArgument, schemeEntryText, withDefaultHandler } from './linux-scheme-entry';
import { linuxSchemeRegistration } from './linux-scheme-registration';

// First run of an AppImage on Linux (issue 14), in a temporary HOME: what is
// asked, what is written (a real desktop entry and mimeapps.list), and that an
// unpackaged run (`npm start`) writes nothing and asks nothing.

let home: string;
let dataDir: string;
const lines: string[] = [];
const log = createLogger([{ write: (l) => lines.push(l) }], 'omnio', 'debug');

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-home-'));
  dataDir = path.join(home, 'data');
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const entryPath = () => path.join(home, '.local/share/applications', ENTRY_ID);
const mimeapps = () => path.join(home, '.config/mimeapps.list');

function run(options: { isPackaged?: boolean; appImage?: string; answer?: boolean }) {
  let asked = 0;
  const result = linuxSchemeRegistration({
    isPackaged: options.isPackaged ?? true,
    env: { HOME: home, ...(options.appImage ? { APPIMAGE: options.appImage } : {}) },
    settings: confSettings(dataDir),
    log,
    ask: async () => {
      asked++;
      return options.answer ?? false;
    },
  });
  return result.then((registered) => ({ registered, asked }));
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

describe('scheme registration on Linux', () => {
  it('unpackaged (npm start): asks nothing, writes nothing in HOME, uses the loopback redirect', async () => {
    expect(await run({ isPackaged: false, appImage: undefined })).toEqual({ registered: false, asked: 0 });
    // Even with $APPIMAGE set by something else.
    expect(await run({ isPackaged: false, appImage: '/opt/Omnio.AppImage' })).toEqual({ registered: false, asked: 0 });
    expect(filesUnder(path.join(home, '.local'))).toEqual([]);
    expect(filesUnder(path.join(home, '.config'))).toEqual([]);
  });

  it('a .deb install leaves it to the package’s own desktop entry', async () => {
    expect(await run({ isPackaged: true })).toEqual({ registered: 'system', asked: 0 });
    expect(fs.existsSync(entryPath())).toBe(false);
  });

  it('first run of an AppImage asks; “Not now” writes nothing, and is not asked again', async () => {
    const appImage = path.join(home, 'Apps', 'Omnio-0.1.0.AppImage');
    expect(await run({ appImage, answer: false })).toEqual({ registered: false, asked: 1 });
    expect(fs.existsSync(entryPath())).toBe(false);
    expect(fs.existsSync(mimeapps())).toBe(false);
    expect(await run({ appImage, answer: true })).toEqual({ registered: false, asked: 0 });
  });

  it('“Add it” writes the entry and makes it the default handler, keeping the person’s other defaults', async () => {
    const appImage = path.join(home, 'Apps', 'Omnio-0.1.0.AppImage');
    fs.mkdirSync(path.dirname(mimeapps()), { recursive: true });
    fs.writeFileSync(
      mimeapps(),
      '[Default Applications]\ntext/html=firefox.desktop\n\n[Added Associations]\nimage/png=gimp.desktop;\n',
    );

    expect(await run({ appImage, answer: true })).toEqual({ registered: true, asked: 1 });
    const entry = fs.readFileSync(entryPath(), 'utf8');
    expect(entry).toContain('MimeType=x-scheme-handler/com.omnio.app;');
    expect(entry).toContain(`Exec="${appImage}" %u`);
    expect(entry).toContain('NoDisplay=true');
    expect(fs.readFileSync(mimeapps(), 'utf8')).toBe(
      '[Default Applications]\nx-scheme-handler/com.omnio.app=omnio-url-handler.desktop\ntext/html=firefox.desktop\n\n[Added Associations]\nimage/png=gimp.desktop;\n',
    );
    expect(fs.statSync(entryPath()).mode & 0o777).toBe(0o644);

    // Next start: already in place, nothing asked, nothing rewritten.
    const before = fs.statSync(entryPath()).mtimeMs;
    expect(await run({ appImage, answer: false })).toEqual({ registered: true, asked: 0 });
    expect(fs.statSync(entryPath()).mtimeMs).toBe(before);
  });

  it('a moved AppImage (agreed earlier) gets its entry rewritten without asking again', async () => {
    await run({ appImage: '/home/x/Downloads/Omnio.AppImage', answer: true });
    const moved = path.join(home, 'Apps', 'Omnio.AppImage');
    expect(await run({ appImage: moved, answer: false })).toEqual({ registered: true, asked: 0 });
    expect(fs.readFileSync(entryPath(), 'utf8')).toContain(`Exec="${moved}" %u`);
  });

  it('respects XDG_DATA_HOME and XDG_CONFIG_HOME', async () => {
    const registered = await linuxSchemeRegistration({
      isPackaged: true,
      env: {
        HOME: home,
        APPIMAGE: '/opt/Omnio.AppImage',
        XDG_DATA_HOME: path.join(home, 'xdata'),
        XDG_CONFIG_HOME: path.join(home, 'xconfig'),
      },
      settings: confSettings(dataDir),
      log,
      ask: async () => true,
    });
    expect(registered).toBe(true);
    expect(fs.existsSync(path.join(home, 'xdata/applications', ENTRY_ID))).toBe(true);
    expect(fs.readFileSync(path.join(home, 'xconfig/mimeapps.list'), 'utf8')).toContain(`=${ENTRY_ID}`);
  });
});

describe('desktop entry text', () => {
  it('quotes the Exec path as the Desktop Entry spec asks', () => {
    expect(execArgument('/home/a b/Omnio.AppImage')).toBe('"/home/a b/Omnio.AppImage"');
    expect(execArgument('/home/$x/"q"/`c`\\d')).toBe('"/home/\\\\$x/\\\\"q\\\\"/\\\\`c\\\\`\\\\\\\\d"');
  });

  it('refuses a relative path or control characters (no key can be injected)', () => {
    expect(() => schemeEntryText('Omnio.AppImage')).toThrow(/absolute/);
    expect(() => schemeEntryText('/tmp/x\nExec=/bin/evil')).toThrow(/control characters/);
  });

  it('adds a [Default Applications] section when there is none', () => {
    expect(withDefaultHandler('', 'x-scheme-handler/a', 'a.desktop')).toBe(
      '[Default Applications]\nx-scheme-handler/a=a.desktop\n',
    );
    expect(withDefaultHandler('[Added Associations]\nb=c;\n', 'x', 'y.desktop')).toBe(
      '[Added Associations]\nb=c;\n\n[Default Applications]\nx=y.desktop\n',
    );
    expect(withDefaultHandler('[Default Applications]\nx=old.desktop\n', 'x', 'y.desktop')).toBe(
      '[Default Applications]\nx=y.desktop\n',
    );
  });
});
