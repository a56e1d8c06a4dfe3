import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../src-shared/ipc/payloads';
import { grantedCategories } from '../app/accounts-snapshot';
import { InProcessRunner } from './engine/in-process-runner';
import type { JobRunner } from './engine/job-runner';
import type { JobOutcome, JobSpec } from './engine/sync-job';
import { fetchersFor } from './fetchers-registry';
import { SyncScheduler, type SyncNowResult } from './scheduler';
import { FAST_RETRY, recentOuraHarness, type SyncHarness } from './test-support/harness';

// Issue 16: a Sync now pressed at any moment of a job's end is never lost. The
// job's `finished` event goes out before the runner lets go of the account's
// slot (it still saves its request budgets), so a press answering that event
// used to find the job "running" and was dropped: no request, no error. Each
// case presses once at one point of the first job's end and counts what the
// real simulator received from the job that followed.

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The real runner, with a hook at the one point the scheduler cannot see: the job settled, the scheduler not yet told. */
class SettleHookRunner implements JobRunner {
  onSettled: (() => void) | null = null;
  constructor(private readonly inner: JobRunner) {}
  async run(spec: JobSpec, onProgress: (p: SyncProgress) => void): Promise<JobOutcome> {
    const outcome = await this.inner.run(spec, onProgress);
    this.onSettled?.();
    return outcome;
  }
  cancel(accountId: string): Promise<void> {
    return this.inner.cancel(accountId);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

type Point =
  | 'the job started'
  | 'the last category finished (before `finished`)'
  | '`finished` emitted (same tick)'
  | 'the task after `finished` (budgets being saved)'
  | 'the runner settled, the scheduler not yet told'
  | 'the slot was just released';

describe('Sync now at every point of a job’s end (issue 16)', () => {
  let h: SyncHarness;
  let scheduler: SyncScheduler;
  let runner: SettleHookRunner;
  let accountId: string;
  /** The simulator's request count when each job started and ended. */
  let jobs: { startedAt: number; endedAt: number | null }[];
  let press: Point | null;
  let pressed: boolean;
  let result: SyncNowResult | undefined;
  let categoriesLeft: number;

  const pressIf = (point: Point) => {
    if (press !== point || pressed) return;
    pressed = true;
    result = scheduler.syncNow(accountId);
  };

  beforeEach(async () => {
    h = await recentOuraHarness(20);
    jobs = [];
    press = null;
    pressed = false;
    result = undefined;
    runner = new SettleHookRunner(
      new InProcessRunner({ store: h.store, accounts: h.accounts, tokens: h.grants, retry: FAST_RETRY }),
    );
    runner.onSettled = () => pressIf('the runner settled, the scheduler not yet told');
    scheduler = new SyncScheduler({
      runner,
      accountIds: () => h.accounts.list().map((a) => a.id),
      specFor: (id) =>
        h.accounts.get(id)?.status === 'connected' ? { accountId: id, apiBaseUrl: h.sim.url, backfillDays: 20 } : null,
      intervalMs: () => 60 * 60_000, // no timer fires during a case: only presses start jobs
      onProgress: (p) => {
        if (p.category === null && p.phase === 'started') {
          jobs.push({ startedAt: h.sim.requests.length, endedAt: null });
          const granted = grantedCategories(h.accounts.get(accountId)!);
          categoriesLeft = fetchersFor('oura').filter((f) => granted.includes(f.category)).length;
          // `started` is emitted inside runner.run, before the scheduler holds the job (a window answers it
          // over IPC, never in this call stack): the press comes a microtask later, as early as a window's could.
          queueMicrotask(() => pressIf('the job started'));
        }
        if (p.category !== null && p.phase === 'finished' && --categoriesLeft === 0)
          pressIf('the last category finished (before `finished`)');
        if (p.category === null && p.phase === 'finished') {
          jobs.at(-1)!.endedAt = h.sim.requests.length;
          pressIf('`finished` emitted (same tick)');
          setImmediate(() => pressIf('the task after `finished` (budgets being saved)'));
        }
      },
      onStateChange: (id) => {
        // Told from inside the scheduler once the first job's slot is free (its next run is planned).
        if (jobs.length === 1 && jobs[0]!.endedAt !== null && !scheduler.status(id).running)
          pressIf('the slot was just released');
      },
    });
    accountId = h.connect('oura', 's', ['personal', 'daily']).id;
  });
  afterEach(async () => {
    await scheduler.close();
    await h.close();
  });

  it.each<[Point, SyncNowResult[]]>([
    ['the job started', ['queued']],
    ['the last category finished (before `finished`)', ['queued']],
    ['`finished` emitted (same tick)', ['queued']],
    // The in-thread writer may have saved the budgets before the next task: then the slot is already free.
    ['the task after `finished` (budgets being saved)', ['queued', 'started']],
    ['the runner settled, the scheduler not yet told', ['queued']],
    ['the slot was just released', ['started']],
  ])('pressed when %s: the press is answered %j and a job sends requests after it', async (point, answers) => {
    press = point;
    expect(scheduler.syncNow(accountId)).toBe('started');
    await until('two jobs to finish', () => jobs.length === 2 && jobs[1]!.endedAt !== null);
    expect(answers).toContain(result);
    // The job the press caused reached the simulator: it started after the first ended, and sent requests.
    const [first, second] = jobs as [(typeof jobs)[0], (typeof jobs)[0]];
    expect(second.startedAt).toBeGreaterThanOrEqual(first.endedAt!);
    expect(second.endedAt! - second.startedAt).toBeGreaterThan(0);
    // Exactly one job followed the press: a queued press does not also leave a timer or a third job.
    await new Promise((r) => setTimeout(r, 100));
    expect(jobs).toHaveLength(2);
    expect(scheduler.status(accountId)).toMatchObject({ running: false, nextRunAt: expect.any(Number) });
  });

  it('presses while a job runs join one queued run; a stopped account runs nothing after its job', async () => {
    expect(scheduler.syncNow(accountId)).toBe('started');
    expect(scheduler.syncNow(accountId)).toBe('queued');
    expect(scheduler.syncNow(accountId)).toBe('queued');
    await until('two jobs to finish', () => jobs.length === 2 && jobs[1]!.endedAt !== null);
    await new Promise((r) => setTimeout(r, 100));
    expect(jobs).toHaveLength(2);

    expect(scheduler.syncNow(accountId)).toBe('started');
    expect(scheduler.syncNow(accountId)).toBe('queued');
    const stopping = scheduler.stopAccount(accountId);
    expect(scheduler.syncNow(accountId)).toBeNull(); // stopAccount is ending the job: nothing may run after it
    await stopping;
    const sent = h.sim.requests.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(jobs).toHaveLength(3);
    expect(h.sim.requests.length).toBe(sent);
  });
});
