// Failures the sync engine tells apart, because each ends in a different state
// (docs/sync.md, "Failure states").

/** The provider answered something we cannot read: the window is dropped, nothing is written. */
export class MalformedResponseError extends Error {
  constructor(
    readonly provider: string,
    readonly endpoint: string,
    detail: string,
  ) {
    super(`${provider} sent a response Omnio could not read (${endpoint}: ${detail}).`);
    this.name = 'MalformedResponseError';
  }
}

/** 403 / Withings "unauthorized": the grant does not cover this data any more. */
export class ScopeDeniedError extends Error {
  constructor(provider: string, endpoint: string) {
    super(`${provider} refused access to ${endpoint}: the permission for it was not granted. Reconnect to grant it.`);
    this.name = 'ScopeDeniedError';
  }
}

/** Network errors, 5xx, 429, Withings 601 that outlasted the retries. Retried at the next run. */
export class TransientSyncError extends Error {
  constructor(
    message: string,
    /** When the provider said to come back (Retry-After, rate-limit reset), if it did. */
    readonly retryAt: number | null = null,
  ) {
    super(message);
    this.name = 'TransientSyncError';
  }
}

/** A provider error that retrying will not fix (4xx other than 401/403/429, Withings status outside the known sets). */
export class ProviderRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderRejectedError';
  }
}

export function isAbort(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  return err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR');
}

/** Resolves after `ms`, or rejects at once when `signal` aborts. The timer never keeps the process alive. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    timer.unref?.();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
