import type { BudgetState } from '../../store/records';
import { sleep } from '../errors';

export interface BudgetWindow {
  limit: number;
  windowMs: number;
}

/**
 * A provider's request budget: several sliding windows (WHOOP: 100/min and
 * 10,000/day). `take()` waits until every window has room, so a long backfill
 * spreads itself over time instead of running into 429s. A rate-limit answer
 * can also block the budget until the provider's reset time.
 */
export class RequestBudget {
  private sent: number[] = [];
  private blockedUntil = 0;
  private readonly longest: number;

  constructor(
    readonly windows: readonly BudgetWindow[],
    private readonly now: () => number = Date.now,
    /** Saved by an earlier run (`snapshot()`): a restart must not hand out WHOOP's day budget twice. */
    initial?: BudgetState | null,
    /** Called after each request is counted (the owner saves the state every so often). */
    private readonly onTake?: () => void,
  ) {
    this.longest = Math.max(0, ...windows.map((w) => w.windowMs));
    if (initial) {
      const t = this.now();
      // Only instants inside the longest window and not in the future (a clock set back would otherwise
      // hold requests for up to a day), oldest first.
      this.sent = initial.sent.filter((at) => Number.isFinite(at) && at > t - this.longest && at <= t);
      this.sent.sort((a, b) => a - b);
      if (Number.isFinite(initial.blockedUntil)) this.blockedUntil = Math.min(initial.blockedUntil, t + this.longest);
    }
  }

  /** The state to save: requests still inside a window, and the provider's block if it lasts. */
  snapshot(): BudgetState {
    const t = this.now();
    return {
      sent: this.sent.filter((at) => at > t - this.longest),
      blockedUntil: this.blockedUntil > t ? this.blockedUntil : 0,
    };
  }

  /** How long the next request must wait, in ms (0 = now). */
  waitMs(): number {
    const t = this.now();
    while (this.sent.length > 0 && this.sent[0]! <= t - this.longest) this.sent.shift();
    let wait = Math.max(0, this.blockedUntil - t);
    for (const w of this.windows) {
      // Requests inside this window, newest last; when full, wait for the oldest to leave it.
      let inWindow = 0;
      for (let i = this.sent.length - 1; i >= 0 && this.sent[i]! > t - w.windowMs; i--) inWindow++;
      if (inWindow >= w.limit) {
        const oldestCounting = this.sent[this.sent.length - w.limit]!;
        wait = Math.max(wait, oldestCounting + w.windowMs - t);
      }
    }
    return wait;
  }

  async take(signal?: AbortSignal): Promise<void> {
    for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) await sleep(wait, signal);
    this.sent.push(this.now());
    this.onTake?.();
  }

  /** The provider said no more until `until` (ms since epoch). */
  blockUntil(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }
}

export const PROVIDER_BUDGETS: Record<string, readonly BudgetWindow[]> = {
  oura: [{ limit: 5000, windowMs: 5 * 60_000 }],
  whoop: [
    { limit: 100, windowMs: 60_000 },
    { limit: 10_000, windowMs: 24 * 60 * 60_000 },
  ],
  withings: [{ limit: 120, windowMs: 60_000 }],
  garmin: [{ limit: 100, windowMs: 60_000 }],
};
