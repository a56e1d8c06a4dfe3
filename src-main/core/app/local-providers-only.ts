import { OmnioError } from '../errors';
import type { Platform } from '../platform';

// Issue 13, item 2: the browser host keeps its vault key in a plain file (the
// stand-in key store) and serves its bridge over loopback HTTP. Real provider
// tokens must never sit behind it, so unless it was started with --demo or
// --allow-real-providers it refuses to start a sign-in with any endpoint that
// is not a local simulator on 127.0.0.1. Checked before anything is sent: no
// authorization page is opened, no password or API key leaves.

export function isLocalEndpoint(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' && url.hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

export function assertLocalProviders(platform: Platform, providerName: string, urls: (string | null)[]): void {
  if (!platform.localProvidersOnly) return;
  const real = urls.filter((u): u is string => u !== null && !isLocalEndpoint(u));
  if (real.length === 0) return;
  const hosts = [...new Set(real.map((u) => new URL(u).host))].join(', ');
  throw new OmnioError(
    'NOT_CONFIGURED',
    `This browser host only talks to local simulators, so it will not sign in to ${providerName} at ${hosts}. ` +
      'Start it with --demo, point OMNIO_PROVIDERS at a simulator, or pass --allow-real-providers.',
  );
}
