import type { SyncProgress } from '../../../../src-shared/ipc/payloads';
import type { RetryPolicy } from '../http/provider-http';
import type { JobOutcome, JobSpec } from '../engine/sync-job';

// Messages between the main thread (WorkerRunner) and the sync worker
// (sync-worker.ts). Tokens never live in the worker longer than a request:
// it asks the main thread's TokenSource each time, so refresh stays
// single-flight and persisted in one place.

export interface WorkerInit {
  dbFile: string;
  retry?: RetryPolicy;
  /** The access log (issue 12); on unless false. */
  accessLog?: boolean;
}

export type ToWorker =
  | { type: 'run'; id: number; spec: JobSpec }
  | { type: 'cancel'; id: number; accountId: string }
  | { type: 'token-result'; id: number; token: string }
  | {
      type: 'token-error';
      id: number;
      kind: 'revoked' | 'transient' | 'other';
      message: string;
      accountId: string;
      retryAfterMs: number | null;
    }
  | { type: 'close' };

export type FromWorker =
  /** Once, when the worker is ready: where its writes go (`in-thread` when the bundle lacks db-writer.js). */
  | { type: 'ready'; writer: 'thread' | 'in-thread' }
  | { type: 'progress'; id: number; progress: SyncProgress }
  | { type: 'done'; id: number; outcome: JobOutcome }
  | { type: 'failed'; id: number; message: string }
  | { type: 'cancelled'; id: number }
  | { type: 'token'; id: number; accountId: string; rejected: string | null }
  | { type: 'closed' };
