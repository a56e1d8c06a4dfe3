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
  private readonly sent: number[] = [];
  private blockedUntil = 0;
  private readonly longest: number;

  constructor(
    readonly windows: readonly BudgetWindow[],
    private readonly now: () => number = Date.now,
  ) {
    this.longest = Math.max(0, ...windows.map((w) => w.windowMs));
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
