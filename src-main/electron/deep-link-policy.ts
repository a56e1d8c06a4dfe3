// How a custom-protocol launch reaches the app on Windows and Linux: the OS
// starts a second instance with the URL somewhere in its argv. Chromium adds
// its own switches and may reorder the list, and in development the argv also
// carries the Electron binary and the app path. RFC 8252 apps must not guess:
// exactly one argument that parses as our scheme is a deep link, anything else
// (none, or two competing URLs) is ignored.

/** Longer than any real redirect (code + state + scope) can be: refuse before parsing. */
export const MAX_DEEP_LINK_LENGTH = 8 * 1024;

/**
 * True when `arg` is, as a whole, a URL of `scheme` (`com.omnio.app`, without the colon).
 * Whitespace or control characters around it are refused: the URL parser would
 * silently trim them, and no OS passes a deep link that way.
 */
export function isSchemeUrl(arg: unknown, scheme: string): arg is string {
  if (typeof arg !== 'string' || arg.length === 0 || arg.length > MAX_DEEP_LINK_LENGTH) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(arg)) return false;
  if (!arg.toLowerCase().startsWith(`${scheme.toLowerCase()}:`)) return false;
  try {
    return new URL(arg).protocol === `${scheme.toLowerCase()}:`;
  } catch {
    return false;
  }
}

/** The one argument of `argv` that is a `scheme` URL, or null when none or several are. */
export function pickDeepLinkFromArgv(argv: readonly unknown[], scheme: string): string | null {
  const matches = argv.filter((arg): arg is string => isSchemeUrl(arg, scheme));
  return matches.length === 1 ? (matches[0] ?? null) : null;
}
