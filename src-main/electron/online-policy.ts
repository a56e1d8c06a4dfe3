// Online/offline for the core. Electron has no "online changed" event in the
// main process, so ask `net.isOnline()` (cheap: no network traffic) on a slow,
// unref'd timer and report only changes. The first state is reported at once.

export interface OnlineWatch {
  stop(): void;
}

export function watchOnline(options: {
  isOnline: () => boolean;
  onChange: (online: boolean) => void;
  intervalMs: number;
}): OnlineWatch {
  let last = options.isOnline();
  options.onChange(last);
  const timer = setInterval(() => {
    const now = options.isOnline();
    if (now !== last) {
      last = now;
      options.onChange(now);
    }
  }, options.intervalMs);
  // Never keep the process alive just to poll.
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
