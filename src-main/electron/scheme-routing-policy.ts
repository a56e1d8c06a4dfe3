import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Issue 11, item 2: will the OS hand `com.omnio.app:` URLs to THIS run? A
// packaged app registers its scheme at install time (electron-builder's
// protocols). An unpackaged development run (`npm start`) asks at start-up
// with app.setAsDefaultProtocolClient, which on Linux only names a .desktop
// entry: without that file, the browser has nowhere to send the redirect and
// the Connect would wait forever. Where the scheme is not routed, the core uses
// a loopback redirect on 127.0.0.1 for the providers that allow it.

export interface SchemeRoutingFacts {
  platform: NodeJS.Platform;
  /** app.isPackaged */
  packaged: boolean;
  /** OMNIO_QA_SKIP_SCHEME_REGISTRATION=1: a test run delivers links itself (docs/qa.md). */
  qaDeliversLinks: boolean;
  /** app.setAsDefaultProtocolClient(...) answered true. */
  registered: boolean;
  /** app.isDefaultProtocolClient(...) */
  isDefault: boolean;
  /** Linux: the .desktop file the desktop would start for our scheme, or null when there is none. */
  linuxDesktopEntry: string | null;
}

export type SchemeRouting = { routed: true } | { routed: false; reason: string };

export function decideSchemeRouting(f: SchemeRoutingFacts): SchemeRouting {
  if (f.qaDeliversLinks) return { routed: true };
  if (!f.registered && !f.isDefault) {
    return { routed: false, reason: 'the operating system did not accept Omnio as the handler of its scheme' };
  }
  if (f.platform === 'linux' && !f.packaged && f.linuxDesktopEntry === null) {
    return {
      routed: false,
      reason: 'this is an unpackaged development run on Linux and no .desktop entry handles the scheme',
    };
  }
  return { routed: true };
}

/**
 * The .desktop file that `xdg-mime` names as the handler of `scheme`, when
 * that file exists in the XDG data directories; null otherwise (no handler,
 * no xdg-mime, or a handler whose file is missing).
 */
export function linuxSchemeHandlerEntry(
  scheme: string,
  env: NodeJS.ProcessEnv = process.env,
  xdgMime = (args: string[]) => spawnSync('xdg-mime', args, { env, encoding: 'utf8', timeout: 5_000 }),
): string | null {
  const res = xdgMime(['query', 'default', `x-scheme-handler/${scheme}`]);
  const name = typeof res.stdout === 'string' ? res.stdout.trim() : '';
  if (res.status !== 0 || !/^[\w.-]+\.desktop$/.test(name)) return null;
  const home = env.HOME ?? os.homedir();
  const dataDirs = [
    env.XDG_DATA_HOME || path.join(home, '.local/share'),
    ...(env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':').filter(Boolean),
  ];
  for (const dir of dataDirs) {
    const file = path.join(dir, 'applications', name);
    if (fs.existsSync(file)) return file;
  }
  return null;
}
