import type { SyncProgress } from '../../../../src-shared/ipc/payloads';
import type { JobOutcome, JobSpec } from './sync-job';

/**
 * Where sync jobs execute: in this thread (InProcessRunner) or in a worker
 * thread that owns its own database connection (WorkerRunner), so a large
 * backfill never blocks the thread serving the bridge. The scheduler only
 * talks to this interface.
 */
export interface JobRunner {
  /** Runs one job; the scheduler guarantees one job per account at a time. */
  run(spec: JobSpec, onProgress: (p: SyncProgress) => void): Promise<JobOutcome>;
  /** Aborts the account's running job and resolves once it settled: no request for it leaves afterwards. */
  cancel(accountId: string): Promise<void>;
  close(): Promise<void>;
}
