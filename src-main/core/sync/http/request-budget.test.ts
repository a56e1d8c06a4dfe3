import { describe, expect, it } from 'vitest';
import { RequestBudget } from './request-budget';

// A provider's request budget: sliding windows, a provider-set block, and the state that must outlive a
// restart (WHOOP's 10,000 a day would otherwise be handed out again after every launch).

const WINDOWS = [
  { limit: 3, windowMs: 1_000 },
  { limit: 5, windowMs: 60_000 },
];

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('RequestBudget', () => {
  it('lets requests through until a window is full, then waits for its oldest request to leave it', async () => {
    const c = clock();
    const b = new RequestBudget(WINDOWS, c.now);
    for (let i = 0; i < 3; i++) {
      expect(b.waitMs()).toBe(0);
      await b.take();
      c.t += 100;
    }
    expect(b.waitMs()).toBe(700); // the first request (at +0) leaves the 1 s window at +1000; now is +300
    c.t += 700;
    expect(b.waitMs()).toBe(0);
    await b.take(); // +1000
    c.t += 300;
    await b.take(); // +1300: 5 within the minute, which is now full
    expect(b.waitMs()).toBe(60_000 - 1_300); // the first request (at +0) leaves the minute at +60000
  });

  it('honours a block set from the provider’s rate-limit answer', () => {
    const c = clock();
    const b = new RequestBudget(WINDOWS, c.now);
    b.blockUntil(c.t + 5_000);
    expect(b.waitMs()).toBe(5_000);
    b.blockUntil(c.t + 1_000); // an earlier time never shortens a block
    expect(b.waitMs()).toBe(5_000);
  });

  it('restarts from a snapshot with the same waits, counting every request still inside a window', async () => {
    const c = clock();
    let taken = 0;
    const before = new RequestBudget(WINDOWS, c.now, null, () => taken++);
    for (let i = 0; i < 5; i++) {
      await before.take(); // +0, +400, … +1600: never 3 within a second, 5 within the minute
      c.t += 400;
    }
    before.blockUntil(c.t + 2_000);
    expect(taken).toBe(5);
    const saved = JSON.parse(JSON.stringify(before.snapshot())) as ReturnType<RequestBudget['snapshot']>;
    const after = new RequestBudget(WINDOWS, c.now, saved);
    expect(after.waitMs()).toBe(before.waitMs());
    c.t += 3_000;
    expect(after.waitMs()).toBe(before.waitMs()); // the minute window is still full in both
    expect(after.waitMs()).toBeGreaterThan(50_000);
  });

  it('drops, on restore, instants outside every window and instants in the future (a clock set back)', () => {
    const c = clock(10_000_000);
    const b = new RequestBudget(WINDOWS, c.now, {
      sent: [c.t - 120_000, c.t - 500, c.t + 3_600_000, Number.NaN],
      blockedUntil: c.t + 10 * 24 * 3_600_000, // absurdly far: clamped to the longest window
    });
    expect(b.snapshot().sent).toEqual([c.t - 500]);
    expect(b.waitMs()).toBe(60_000);
    c.t += 61_000;
    expect(b.snapshot()).toEqual({ sent: [], blockedUntil: 0 });
  });
});
