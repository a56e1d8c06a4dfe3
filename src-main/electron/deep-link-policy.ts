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

/** Routes each deep link to its handler; the source is kept for logs and strictness. */
export type DeepLinkTarget<Source extends string> = (url: string, source: Source) => void | Promise<void>;

export interface DeepLinkInbox<Source extends string> {
  deliver(url: string, source: Source): void;
  /** Hands every buffered link to `target` in arrival order, then delivers directly. */
  attach(target: DeepLinkTarget<Source>): void;
}

/**
 * Links can arrive before the core exists (macOS `open-url` for a cold start
 * fires before `ready`; a cold-start argv is read at once). They wait here, a
 * bounded number of them: a flood of launches cannot grow memory, and the
 * oldest (most likely stale) are the ones dropped. A target that throws or
 * rejects is logged, never allowed to crash the main process.
 */
export function createDeepLinkInbox<Source extends string>(options: {
  maxBuffered: number;
  onDropped: (source: Source) => void;
  onError: (err: unknown, source: Source) => void;
}): DeepLinkInbox<Source> {
  const buffered: { url: string; source: Source }[] = [];
  let target: DeepLinkTarget<Source> | null = null;

  const send = (url: string, source: Source) => {
    try {
      void Promise.resolve(target?.(url, source)).catch((err: unknown) => options.onError(err, source));
    } catch (err) {
      options.onError(err, source);
    }
  };

  return {
    deliver(url, source) {
      if (target) return send(url, source);
      buffered.push({ url, source });
      while (buffered.length > options.maxBuffered) {
        const dropped = buffered.shift();
        if (dropped) options.onDropped(dropped.source);
      }
    },
    attach(next) {
      target = next;
      for (const link of buffered.splice(0)) send(link.url, link.source);
    },
  };
}
