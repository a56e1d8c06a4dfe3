import fs from 'node:fs';
import path from 'node:path';

// Linux, first run of an AppImage (issue 14; docs/release.md "AppImage").
// An AppImage installs nothing, so no desktop entry tells the browser that
// `com.omnio.app:` links belong to Omnio. After asking the person (the
// Electron layer does, linux-scheme-registration.ts), Omnio writes one small
// entry in ~/.local/share/applications and makes it the default handler of
// the scheme in ~/.config/mimeapps.list — exactly what `xdg-mime default`
// writes, without needing xdg-utils. Until then, or when the person says no,
// OAuth uses the loopback redirect (docs/oauth.md).

export const SCHEME = 'com.omnio.app';
export const SCHEME_MIME = `x-scheme-handler/${SCHEME}`;
/** The desktop file id: distinct from the .deb's omnio.desktop, so neither overwrites the other. */
export const ENTRY_ID = 'omnio-url-handler.desktop';

export type XdgEnv = Readonly<Record<string, string | undefined>>;

/** Where the entry and the default-application list go (XDG base directories, with their defaults). */
export function xdgPaths(env: XdgEnv): { entryPath: string; mimeappsPath: string } {
  const home = env.HOME;
  const absolute = (v: string | undefined) => (v && path.isAbsolute(v) ? v : null);
  if (!home || !path.isAbsolute(home)) throw new Error('HOME is not set to an absolute path');
  const dataHome = absolute(env.XDG_DATA_HOME) ?? path.join(home, '.local', 'share');
  const configHome = absolute(env.XDG_CONFIG_HOME) ?? path.join(home, '.config');
  return {
    entryPath: path.join(dataHome, 'applications', ENTRY_ID),
    mimeappsPath: path.join(configHome, 'mimeapps.list'),
  };
}

/**
 * One argument of a desktop entry's Exec key: quoted, with `"`, `` ` ``, `$`
 * and `\` escaped inside the quotes (Desktop Entry spec, "The Exec key"), then
 * backslashes doubled again because the value is itself an escaped string.
 */
export function execArgument(arg: string): string {
  const quoted = `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\');
}

export function schemeEntryText(appImagePath: string): string {
  const hasControl = [...appImagePath].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (!path.isAbsolute(appImagePath) || hasControl) {
    throw new Error('the AppImage path must be absolute and free of control characters');
  }
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Omnio',
    'Comment=Hands Omnio’s sign-in links (com.omnio.app:) from your browser back to Omnio',
    `Exec=${execArgument(appImagePath)} %u`,
    'Terminal=false',
    // Only a link handler: Omnio's own launcher is wherever the person keeps the AppImage.
    'NoDisplay=true',
    `MimeType=${SCHEME_MIME};`,
    '',
  ].join('\n');
}

/** Sets `mime=desktopId` under [Default Applications], keeping every other line as it was. */
export function withDefaultHandler(mimeapps: string, mime: string, desktopId: string): string {
  const lines = mimeapps === '' ? [] : mimeapps.replace(/\n$/, '').split('\n');
  const header = lines.findIndex((l) => l.trim() === '[Default Applications]');
  const entry = `${mime}=${desktopId}`;
  if (header === -1) {
    const gap = lines.length > 0 && lines[lines.length - 1]!.trim() !== '' ? [''] : [];
    return [...lines, ...gap, '[Default Applications]', entry, ''].join('\n');
  }
  let end = lines.findIndex((l, i) => i > header && l.trim().startsWith('['));
  if (end === -1) end = lines.length;
  const existing = lines.findIndex((l, i) => i > header && i < end && l.split('=')[0]!.trim() === mime);
  if (existing !== -1) lines[existing] = entry;
  else lines.splice(header + 1, 0, entry);
  return [...lines, ''].join('\n');
}

function defaultHandler(mimeapps: string, mime: string): string | null {
  let inDefaults = false;
  for (const line of mimeapps.split('\n')) {
    const t = line.trim();
    if (t.startsWith('[')) inDefaults = t === '[Default Applications]';
    else if (inDefaults && t.split('=')[0]!.trim() === mime) return t.slice(t.indexOf('=') + 1).trim();
  }
  return null;
}

const readOrEmpty = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

/** absent: never written; current: our entry, for this AppImage, is the default; stale: moved AppImage or another default. */
export function schemeEntryState(env: XdgEnv, appImagePath: string): 'absent' | 'current' | 'stale' {
  const { entryPath, mimeappsPath } = xdgPaths(env);
  if (!fs.existsSync(entryPath)) return 'absent';
  const current =
    readOrEmpty(entryPath) === schemeEntryText(appImagePath) &&
    defaultHandler(readOrEmpty(mimeappsPath), SCHEME_MIME) === ENTRY_ID;
  return current ? 'current' : 'stale';
}

function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o644 });
  fs.renameSync(tmp, file);
}

/** Writes the entry and makes it the scheme's default handler. Only ever called after the person agreed. */
export function writeSchemeEntry(env: XdgEnv, appImagePath: string): void {
  const { entryPath, mimeappsPath } = xdgPaths(env);
  const text = schemeEntryText(appImagePath);
  writeAtomically(entryPath, text);
  writeAtomically(mimeappsPath, withDefaultHandler(readOrEmpty(mimeappsPath), SCHEME_MIME, ENTRY_ID));
}

export type LinuxSchemePlan =
  /** Installed by a package (.deb): its desktop entry declares the scheme; register as usual. */
  | 'system'
  /** Our entry is in place for this AppImage. */
  | 'registered'
  /** First run of an AppImage: ask before writing anything. */
  | 'ask'
  /** The person agreed earlier, but the AppImage moved: write the entry again. */
  | 'register'
  /** Unpackaged (`npm start`) or the person said no: write nothing, use the loopback redirect. */
  | 'loopback';

export function linuxSchemePlan(input: {
  isPackaged: boolean;
  /** $APPIMAGE, set by the AppImage runtime: the file's own path. */
  appImagePath: string | undefined;
  choice: 'yes' | 'no' | null;
  state: 'absent' | 'current' | 'stale';
}): LinuxSchemePlan {
  if (!input.isPackaged) return 'loopback';
  if (!input.appImagePath) return 'system';
  if (input.state === 'current') return 'registered';
  if (input.choice === 'no') return 'loopback';
  if (input.choice === 'yes') return 'register';
  return 'ask';
}
