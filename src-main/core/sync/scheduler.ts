import type { SyncProgress } from '../../../src-shared/ipc/payloads';
import type { CategoryId } from '../../../src-shared/providers';
import type { Logger } from '../log/logger';
import type { JobRunner } from './engine/job-runner';
import type { JobOutcome, JobSpec } from './engine/sync-job';

export interface SchedulerDeps {
  runner: JobRunner;
  /** The job for an account, or null when it must not sync (not connected, unknown). */
  specFor(accountId: string): JobSpec | null;
  /** Every account the scheduler should consider. */
  accountIds(): string[];
  /** Settings › sync interval. */
  intervalMs(): number;
  onProgress(p: SyncProgress): void;
  /** Running/next-run state of an account changed (for the snapshot). */
  onStateChange(accountId: string): void;
  now?: () => number;
  random?: () => number;
  log?: Logger;
}

/**
 * What a Sync now did: `started` a job at once, or `queued` one to run right after the job that is still
 * running or finishing (presses while one is queued join that queued run); null when the account cannot
 * sync (offline, not connected, closing, being stopped).
 */
export type SyncNowResult = 'started' | 'queued' | null;

export interface AccountSyncState {
  running: boolean;
  /** Categories being fetched right now (a job runs a few at a time). */
  runningCategories: CategoryId[];
  nextRunAt: number | null;
}

interface State {
  timer: ReturnType<typeof setTimeout> | null;
  nextRunAt: number | null;
  job: Promise<JobOutcome> | null;
  /** A Sync now arrived while `job` was running or finishing: one more job runs as soon as it settles. */
  queued: boolean;
  runningCategories: Set<CategoryId>;
  failures: number;
  stopped: boolean;
  /** Issue 15: the person pressed Stop; the cancelled job waits for the next interval, not "soon". */
  paused: boolean;
}

// A freshly started app, a wake-up or the network coming back sync soon, spread a little so accounts do not stampede.
const SOON_MIN_MS = 1_000;
const SOON_SPREAD_MS = 4_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * When sync jobs run: every account on its own timer (interval from Settings,
 * ±10 % jitter), on wake, when the network returns, and on "Sync now". One job
 * per account at a time. Offline, every timer is cleared and running jobs are
 * paused (aborted without counting as failures). With no connected account
 * there is no timer at all, and every timer is unref'd.
 */
export class SyncScheduler {
  private readonly states = new Map<string, State>();
  private online = true;
  private closed = false;

  constructor(private readonly deps: SchedulerDeps) {}

  private get now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private rand(): number {
    return (this.deps.random ?? Math.random)();
  }

  private state(accountId: string): State {
    let s = this.states.get(accountId);
    if (!s)
      this.states.set(
        accountId,
        (s = {
          timer: null,
          nextRunAt: null,
          job: null,
          queued: false,
          runningCategories: new Set(),
          failures: 0,
          stopped: false,
          paused: false,
        }),
      );
    return s;
  }

  /** Schedules every eligible account that has nothing planned (startup, new connections). */
  reconcile(): void {
    if (this.closed || !this.online) return;
    for (const id of this.deps.accountIds()) {
      const s = this.states.get(id);
      if (this.deps.specFor(id) === null) {
        if (s && !s.job) this.forget(id);
        continue;
      }
      if (!s || (!s.timer && !s.job)) this.scheduleIn(id, SOON_MIN_MS + this.rand() * SOON_SPREAD_MS);
    }
  }

  get isOnline(): boolean {
    return this.online;
  }

  status(accountId: string): AccountSyncState {
    const s = this.states.get(accountId);
    return {
      running: !!s?.job,
      runningCategories: s ? [...s.runningCategories] : [],
      nextRunAt: s?.timer ? s.nextRunAt : null,
    };
  }

  /**
   * "Sync now": starts at once, or, while a job for the account is running or finishing, runs right after
   * it. A job's `finished` event is sent before the job lets go of its slot (the runner still saves its
   * budgets), so a press that answers that event lands while `job` is set: it must not be dropped (issue 16).
   */
  syncNow(accountId: string): SyncNowResult {
    if (this.closed || !this.online || this.deps.specFor(accountId) === null) return null;
    const s = this.state(accountId);
    if (s.job) {
      if (s.stopped) return null; // stopAccount is ending this job (disconnect): nothing runs after it
      s.queued = true;
      return 'queued';
    }
    s.stopped = false;
    this.launch(accountId);
    return 'started';
  }

  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (!online) {
      // Pause, not fail: the jobs are aborted (no status is marked failed) and resume when the network returns.
      for (const [id, s] of this.states) {
        this.clearTimer(s);
        if (s.job) void this.deps.runner.cancel(id);
        this.deps.onStateChange(id);
      }
      return;
    }
    this.wakeAll();
  }

  /** The machine woke from sleep: timers may have slept through their time. */
  resumed(): void {
    if (this.online) this.wakeAll();
  }

  /**
   * Issue 15: Stop on the card. Cancels the running job (what it stored stays stored) and plans the next run
   * one interval away, as after a finished run. Resolves when the job has ended; false when none was running.
   */
  async pauseJob(accountId: string): Promise<boolean> {
    const s = this.states.get(accountId);
    if (!s?.job) return false;
    s.paused = true;
    const job = s.job;
    await this.deps.runner.cancel(accountId);
    await job.catch(() => undefined);
    return true;
  }

  /** Cancels the running job and all planned runs of an account; resolves when no request for it can leave. */
  async stopAccount(accountId: string): Promise<void> {
    const s = this.states.get(accountId);
    if (!s) return;
    s.stopped = true;
    this.clearTimer(s);
    await this.deps.runner.cancel(accountId);
    await s.job?.catch(() => undefined);
    this.states.delete(accountId);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.states.values()) this.clearTimer(s);
    await this.deps.runner.close();
    await Promise.all([...this.states.values()].map((s) => s.job?.catch(() => undefined)));
  }

  private wakeAll(): void {
    for (const id of this.deps.accountIds()) {
      if (this.deps.specFor(id) === null) continue;
      const s = this.state(id);
      if (s.job) continue;
      this.scheduleIn(id, SOON_MIN_MS + this.rand() * SOON_SPREAD_MS);
    }
  }

  private forget(accountId: string): void {
    const s = this.states.get(accountId);
    if (s) this.clearTimer(s);
    this.states.delete(accountId);
  }

  private clearTimer(s: State): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    s.nextRunAt = null;
  }

  private scheduleIn(accountId: string, delayMs: number): void {
    const s = this.state(accountId);
    this.clearTimer(s);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, delayMs));
    s.nextRunAt = this.now + delay;
    s.timer = setTimeout(() => {
      s.timer = null;
      s.nextRunAt = null;
      if (!s.job && this.online && !this.closed) this.launch(accountId);
    }, delay);
    s.timer.unref?.();
    this.deps.onStateChange(accountId);
  }

  private launch(accountId: string): void {
    const spec = this.deps.specFor(accountId);
    if (!spec) return this.forget(accountId);
    const s = this.state(accountId);
    this.clearTimer(s);
    const job = this.deps.runner.run(spec, (p) => {
      if (p.category) {
        if (p.phase === 'started' || p.phase === 'progress') s.runningCategories.add(p.category);
        else s.runningCategories.delete(p.category);
      }
      this.deps.onProgress(p);
    });
    s.job = job;
    this.deps.onStateChange(accountId);
    job
      .then(
        (outcome) => this.after(accountId, outcome),
        (err) => {
          this.deps.log?.error('sync job crashed', { error: err });
          this.after(accountId, { status: 'failed', retryAt: null, errors: {} });
        },
      )
      .finally(() => this.deps.onStateChange(accountId));
  }

  private after(accountId: string, outcome: JobOutcome): void {
    const s = this.states.get(accountId);
    if (!s) return;
    s.job = null;
    s.runningCategories.clear();
    const queued = s.queued;
    s.queued = false;
    if (s.stopped || this.closed) return;
    if (outcome.status === 'revoked' || outcome.status === 'skipped') return this.forget(accountId);
    this.plan(accountId, s, outcome);
    // A Sync now pressed while this job ran or finished runs now (launch replaces the plan just made).
    if (queued && this.online) this.launch(accountId);
  }

  private plan(accountId: string, s: State, outcome: JobOutcome): void {
    // Cancelled by going offline: run again soon once the network is back (if it already is, now).
    if (outcome.status === 'cancelled') {
      if (s.paused) {
        s.paused = false;
        return this.scheduleIn(accountId, this.deps.intervalMs());
      }
      if (this.online) this.scheduleIn(accountId, SOON_MIN_MS + this.rand() * SOON_SPREAD_MS);
      return;
    }
    const interval = this.deps.intervalMs();
    if (outcome.status === 'failed') {
      s.failures += 1;
      const backoff = Math.min(interval, 60_000 * 2 ** Math.min(s.failures, 6));
      const delay = outcome.retryAt !== null ? Math.max(outcome.retryAt - this.now, 1_000) : backoff;
      return this.scheduleIn(accountId, delay * (0.9 + 0.2 * this.rand()));
    }
    s.failures = 0;
    this.scheduleIn(accountId, interval * (0.9 + 0.2 * this.rand()));
  }
}
