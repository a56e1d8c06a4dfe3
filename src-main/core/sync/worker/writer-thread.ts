import type { Worker } from 'node:worker_threads';
import type { CategoryId, ProviderId } from '../../../../src-shared/providers';
import { toWire } from '../../store/batch-wire';
import type { StoreWriter } from '../../store/store-writer';
import type { Batch, BudgetState } from '../../store/records';
import type { AccessRecord } from '../../access-log/access-record';
import { closeThread, scriptAvailable, scriptNextTo, startWorker } from './start-worker';
import type { FromWriter, ToWriter, WriterCall, WriterInit } from './writer-protocol';

/** db-writer next to this module: the .ts source under tsx/vitest, db-writer.js next to a built sync-worker.js. */
export function defaultWriterUrl(): URL {
  return scriptNextTo(import.meta.url, 'db-writer');
}

export function writerAvailable(url: URL = defaultWriterUrl()): boolean {
  return scriptAvailable(url);
}

/**
 * A StoreWriter backed by the database writer thread (db-writer.ts). Calls
 * are carried out and answered in the order they were made. The thread starts
 * with `start()` (or the first call); it holds the process only while a call is pending. If it dies, every
 * pending write is rejected (nothing of theirs is committed unless it was
 * answered) and the next write starts a new thread.
 */
export class ThreadStoreWriter implements StoreWriter {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (changed: number) => void; reject: (e: Error) => void }>();
  private closing: Promise<void> | null = null;
  private ready: Promise<void> | null = null;
  private markReady: (() => void) | null = null;

  constructor(
    private readonly dbFile: string,
    private readonly url: URL = defaultWriterUrl(),
  ) {}

  writeBatch(
    accountId: string,
    category: CategoryId,
    batch: Batch,
    cursor: { coveredFrom: number; coveredTo: number },
  ): Promise<number> {
    const { wire, transfer } = toWire(batch);
    return this.call({ op: 'write', write: { accountId, category, batch: wire, cursor } }, transfer);
  }

  async markAttempt(accountId: string, category: CategoryId): Promise<void> {
    await this.call({ op: 'mark-attempt', accountId, category });
  }

  async markOutcome(accountId: string, category: CategoryId, error: string | null): Promise<void> {
    await this.call({ op: 'mark-outcome', accountId, category, error });
  }

  settleRecordCount(accountId: string, category: CategoryId): Promise<number> {
    return this.call({ op: 'settle', accountId, category });
  }

  applyDatedBy(accountId: string): Promise<number> {
    return this.call({ op: 'apply-dated-by', accountId });
  }

  async saveBudget(provider: ProviderId, state: BudgetState): Promise<void> {
    await this.call({ op: 'save-budget', provider, state });
  }

  appendAccessLog(rows: AccessRecord[]): Promise<number> {
    return this.call({ op: 'access-log', rows });
  }

  private call(call: WriterCall, transfer: ArrayBuffer[] = []): Promise<number> {
    if (this.closing) return Promise.reject(new Error('the database writer is closing'));
    const id = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const worker = this.ensureWorker();
      worker.ref();
      worker.postMessage({ type: 'call', id, call } satisfies ToWriter, transfer);
    });
  }

  /** Starts the thread now (module loading, opening the database) rather than on the first write. */
  start(): Promise<void> {
    this.ensureWorker();
    return this.ready!;
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    const worker = this.worker;
    if (!worker) return (this.closing = Promise.resolve());
    return (this.closing = closeThread(worker, { type: 'close' } satisfies ToWriter));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.url, { dbFile: this.dbFile } satisfies WriterInit);
    worker.unref();
    this.ready = new Promise<void>((resolve) => (this.markReady = resolve));
    worker.on('message', (m: FromWriter) => this.onMessage(m));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error(`the database writer stopped (exit code ${code})`));
      this.markReady?.(); // nobody waits forever on a thread that is gone
    });
    this.worker = worker;
    return worker;
  }

  private onMessage(m: FromWriter): void {
    if (m.type === 'ready') return this.markReady?.();
    if (m.type === 'closed') return;
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (!p) return;
    if (m.type === 'done') p.resolve(m.value);
    else p.reject(new Error(m.message));
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
