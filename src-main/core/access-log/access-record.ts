import type { AccessAction } from '../../../src-shared/access-log';
import type { CategoryId, ProviderId } from '../../../src-shared/providers';

/**
 * One row of the access log as it is recorded (access-log-store.ts writes it).
 * Plain data: it crosses from the sync worker to the database writer thread
 * as is, in batches. Nothing in it may be a secret (see path-template.ts).
 */
export interface AccessRecord {
  /** When the request left, ms since epoch. */
  at: number;
  accountId: string | null;
  providerId: ProviderId;
  action: AccessAction;
  method: string | null;
  endpoint: string | null;
  category: CategoryId | null;
  scope: string | null;
  status: number | null;
  outcome: string | null;
  records: number | null;
  bytes: number | null;
  durationMs: number | null;
}

/** Where recorded rows go: the store on this thread, or a buffer that hands them to the writer thread. */
export interface AccessRecorder {
  record(entry: AccessRecord): void;
}
