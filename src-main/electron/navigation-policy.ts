import { PROVIDERS } from '../../src-shared/providers';
import { isAppOrigin } from './origin-policy';

// What the window may navigate to, and which URLs may leave the app for the
// system browser. The window never navigates away from app://omnio; links the
// renderer opens (window.open, target=_blank) go to the system browser only
// when they are https pages of the providers (their account and developer
// pages). The core's own openExternal calls (authorization URLs, already built
// from the provider definitions or the QA override) pass a looser check:
// https anywhere, or http on 127.0.0.1 for local simulators.

/** Hosts whose https pages the renderer may open in the system browser. */
export const VETTED_LINK_HOSTS: ReadonlySet<string> = new Set([
  ...Object.values(PROVIDERS).map((p) => new URL(p.manageAccessUrl).host),
  // Where users register their own OAuth app ("bring your own app" help).
  'cloud.ouraring.com',
  'developer.whoop.com',
  'developer.withings.com',
  'developer.garmin.com',
]);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** `will-navigate` / `will-redirect`: only within the app's own origin. */
export function allowNavigation(targetUrl: string): boolean {
  return isAppOrigin(targetUrl);
}

/** An https link to a vetted provider page, without credentials in it. */
export function isVettedExternalLink(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    VETTED_LINK_HOSTS.has(parsed.host)
  );
}

/**
 * `setWindowOpenHandler`: a new window is never created. Returns the URL to
 * hand to the system browser, or null to drop the request.
 */
export function externalTargetForWindowOpen(url: string): string | null {
  return isVettedExternalLink(url) ? new URL(url).toString() : null;
}

/**
 * The core asks to open a URL in the system browser (an authorization page).
 * https only, except plain http to 127.0.0.1 (local provider simulators, per
 * the QA contract). No credentials in the URL, nothing the OS would hand to
 * another program (file:, custom schemes, javascript:).
 */
export function isOpenableExternally(url: string): boolean {
  const parsed = parse(url);
  if (parsed === null || parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.protocol === 'https:') return parsed.hostname !== '';
  return parsed.protocol === 'http:' && parsed.hostname === '127.0.0.1';
}
