import { OmnioError } from '../errors';
import type { Logger } from '../log/logger';
import type { Platform } from '../platform';
import type { SettingsShape } from '../settings/settings-store';

// Issue 13, item 3: no QA switches in release builds. The Electron layer already
// strips OMNIO_* from the environment of a packaged, non-test build (main.ts,
// release-policy.ts); the core checks again, because it is the one that would
// send tokens: in a release build it reads no OMNIO_* variable, keeps no
// plain-http endpoint from settings.json, and refuses the stand-in key store.

type EndpointOverrides = SettingsShape['endpointOverrides'];

export interface ReleaseGuards {
  /** The environment the core may read: every OMNIO_* switch removed in a release build. */
  env: Readonly<Record<string, string | undefined>>;
  /** The Settings endpoints the core may use: plain-http ones dropped in a release build. */
  settingsEndpoints(fromSettings: EndpointOverrides): EndpointOverrides;
}

export function releaseGuards(
  platform: Platform,
  env: Readonly<Record<string, string | undefined>>,
  log: Logger,
): ReleaseGuards {
  if (!platform.releaseBuild) return { env, settingsEndpoints: (s) => s };
  const ignored = Object.keys(env).filter((k) => k.startsWith('OMNIO_') && env[k] !== undefined);
  if (ignored.length) log.warn('release build: QA switches ignored', { ignored });
  if (platform.keyStore.protection === 'test-stand-in') {
    throw new OmnioError(
      'VAULT_UNAVAILABLE',
      'This build of Omnio does not use the test stand-in key store; it needs the system keyring.',
    );
  }
  const kept = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('OMNIO_')));
  let warned = false;
  return {
    env: kept,
    settingsEndpoints(fromSettings) {
      const { endpoints, dropped } = withoutPlainHttp(fromSettings);
      if (dropped.length && !warned) {
        warned = true;
        log.warn('release build: plain-http endpoints in settings ignored', { dropped });
      }
      return endpoints;
    },
  };
}

/** Every endpoint that is not https, dropped (the built-in URL applies instead); names them as `provider.key`. */
export function withoutPlainHttp(overrides: EndpointOverrides): { endpoints: EndpointOverrides; dropped: string[] } {
  const endpoints: EndpointOverrides = {};
  const dropped: string[] = [];
  for (const [id, values] of Object.entries(overrides) as [keyof EndpointOverrides, Record<string, string>][]) {
    const keep: Record<string, string> = {};
    for (const [key, url] of Object.entries(values ?? {})) {
      if (isHttps(url)) keep[key] = url;
      else dropped.push(`${id}.${key}`);
    }
    endpoints[id] = keep;
  }
  return { endpoints, dropped };
}

function isHttps(raw: string): boolean {
  try {
    return new URL(raw).protocol === 'https:';
  } catch {
    return false;
  }
}
