import { OmnioError } from '../errors';

/**
 * OMNIO_UPDATE_FEED_URL: points a packaged build at another update feed for
 * testing (docs/release.md). https anywhere; plain http only to this computer
 * (a feed served from the tester's own machine). The feed names the files and
 * their sha512, so a feed over plain http elsewhere could swap both.
 * Returns null when unset (the feed in electron-builder.yml applies).
 */
export function updateFeedOverride(env: Readonly<Record<string, string | undefined>>): string | null {
  const raw = env.OMNIO_UPDATE_FEED_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OmnioError('INVALID_ARGUMENT', 'OMNIO_UPDATE_FEED_URL is not a URL.');
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.username || url.password) {
    throw new OmnioError('INVALID_ARGUMENT', 'OMNIO_UPDATE_FEED_URL must not carry a user name or password.');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new OmnioError(
      'INVALID_ARGUMENT',
      'OMNIO_UPDATE_FEED_URL must be an https URL (plain http only to 127.0.0.1 or localhost).',
    );
  }
  return url.toString();
}
