import type { CategoryId, ProviderId } from '../../../../src-shared/providers';
import type { WireWrite } from '../../store/batch-wire';
import type { BudgetState } from '../../store/records';
import type { AccessRecord } from '../../access-log/access-record';

// Messages between the sync worker (ThreadStoreWriter) and the database
// writer thread (db-writer.ts). No secrets cross here: only provider data
// already mapped for the store, and sync bookkeeping.

export interface WriterInit {
  dbFile: string;
}

export type WriterCall =
  | { op: 'write'; write: WireWrite }
  | { op: 'mark-attempt'; accountId: string; category: CategoryId }
  | { op: 'mark-outcome'; accountId: string; category: CategoryId; error: string | null }
  | { op: 'settle'; accountId: string; category: CategoryId }
  | { op: 'save-budget'; provider: ProviderId; state: BudgetState }
  | { op: 'apply-dated-by'; accountId: string }
  | { op: 'access-log'; rows: AccessRecord[] };

export type ToWriter = { type: 'call'; id: number; call: WriterCall } | { type: 'close' };

export type FromWriter =
  | { type: 'ready' }
  | { type: 'done'; id: number; value: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'closed' };
