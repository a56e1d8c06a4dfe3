import { OmnioError } from '../errors';
import type { SettingsStore } from '../settings/settings-store';

// After a 429 or a challenge page Garmin's login servers are telling us to go
// away; the maintainers of the unofficial clients advise backing off for
// hours. The block is kept in settings (garminLoginBlockedUntil/Reason), so a
// restart does not reset it, and every sign-in step checks it first.

/** When Garmin gives no Retry-After. */
export const DEFAULT_BACKOFF_MS = 4 * 3600 * 1000;

/**
 * The longest block honoured (issue 13). A Retry-After of days or years (a
 * misbehaving proxy, a hostile answer, an edited settings.json) would
 * otherwise lock Garmin sign-in out for as long as it says.
 */
export const MAX_BLOCK_MS = 24 * 3600 * 1000;

export type BlockReason = 'rate_limited' | 'challenge';

const MESSAGES: Record<BlockReason, string> = {
  rate_limited:
    'Garmin’s sign-in servers are limiting sign-ins from this connection (too many requests). ' +
    'Omnio will not try again before then; repeated attempts would only extend the block.',
  challenge:
    'Garmin’s sign-in servers answered with a bot check instead of signing you in, which Omnio cannot complete. ' +
    'Omnio will not try again before then. A Personal API key is another way to connect.',
};

export class GarminLoginBlock {
  constructor(
    private readonly settings: SettingsStore,
    private readonly now: () => Date,
  ) {}

  /** The active block, or null (an elapsed block is cleared). */
  current(): { until: Date; reason: BlockReason } | null {
    const raw = this.settings.get('garminLoginBlockedUntil');
    if (!raw) return null;
    const stored = new Date(raw);
    if (Number.isNaN(stored.getTime()) || stored.getTime() <= this.now().getTime()) {
      this.clear();
      return null;
    }
    const until = new Date(Math.min(stored.getTime(), this.now().getTime() + MAX_BLOCK_MS));
    const reason = this.settings.get('garminLoginBlockedReason') === 'challenge' ? 'challenge' : 'rate_limited';
    return { until, reason };
  }

  /** Throws RATE_LIMITED (with retryAt) while a block is active. */
  assertOpen(): void {
    const block = this.current();
    if (block) throw this.error(block.reason, block.until);
  }

  /** Records a block and returns the error to show. A later block never shortens an earlier one. */
  block(reason: BlockReason, retryAfterMs: number | null): OmnioError {
    const wait = Math.min(retryAfterMs !== null && retryAfterMs > 0 ? retryAfterMs : DEFAULT_BACKOFF_MS, MAX_BLOCK_MS);
    let until = new Date(this.now().getTime() + wait);
    const existing = this.current();
    if (existing && existing.until > until) until = existing.until;
    this.settings.set('garminLoginBlockedUntil', until.toISOString());
    this.settings.set('garminLoginBlockedReason', reason);
    return this.error(reason, until);
  }

  clear(): void {
    this.settings.set('garminLoginBlockedUntil', null);
    this.settings.set('garminLoginBlockedReason', null);
  }

  private error(reason: BlockReason, until: Date): OmnioError {
    return new OmnioError('RATE_LIMITED', MESSAGES[reason], until);
  }
}
