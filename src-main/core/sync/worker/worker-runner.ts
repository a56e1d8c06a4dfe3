import type { Worker } from 'node:worker_threads';
import type { SyncProgress } from '../../../../src-shared/ipc/payloads';
import { AccessRevokedError, TransientAuthError, type TokenSource } from '../../auth/token-source';
import type { Logger } from '../../log/logger';
import type { JobRunner } from '../engine/job-runner';
import type { JobOutcome, JobSpec } from '../engine/sync-job';
import type { RetryPolicy } from '../http/provider-http';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';
import { closeThread, scriptAvailable, scriptNextTo, startWorker } from './start-worker';

export interface WorkerRunnerOptions {
  dbFile: string;
  /** The main thread's TokenSource: the worker asks it for every token. */
  tokens: TokenSource;
  retry?: RetryPolicy;
  log?: Logger;
  /**
   * The worker script. Defaults to sync-worker next to this file (the .ts
   * source under tsx/vitest); a bundled build passes its built sync-worker.js.
   */
  workerUrl?: URL;
  /** The access log (issue 12); on unless false (the benchmark measures it off too). */
  accessLog?: boolean;
}

/**
 * Runs sync jobs in a worker thread that owns its own database connection.
 * The worker is started on the first job and lives until `close()`; it is
 * unref'd so it never keeps a quitting process alive on its own.
 */
export class WorkerRunner implements JobRunner {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly jobs = new Map<
    number,
    {
      accountId: string;
      onProgress: (p: SyncProgress) => void;
      resolve: (o: JobOutcome) => void;
      reject: (e: Error) => void;
    }
  >();
  private readonly cancels = new Map<number, () => void>();
  private closing: Promise<void> | null = null;
  private writer: 'thread' | 'in-thread' | null = null;

  constructor(private readonly options: WorkerRunnerOptions) {}

  run(spec: JobSpec, onProgress: (p: SyncProgress) => void): Promise<JobOutcome> {
    if (this.closing) return Promise.reject(new Error('the sync worker is closing'));
    const id = this.nextId++;
    return new Promise<JobOutcome>((resolve, reject) => {
      this.jobs.set(id, { accountId: spec.accountId, onProgress, resolve, reject });
      this.post({ type: 'run', id, spec });
      // Held while a job runs (a pending promise alone does not keep Node alive); idle, it never holds the process.
      this.worker?.ref();
    });
  }

  async cancel(accountId: string): Promise<void> {
    if (!this.worker || ![...this.jobs.values()].some((j) => j.accountId === accountId)) return;
    const id = this.nextId++;
    // The worker aborts the job and answers once it settled: after that, no request for the account leaves.
    await new Promise<void>((resolve) => {
      this.cancels.set(id, resolve);
      this.post({ type: 'cancel', id, accountId });
    });
  }

  /** Where the worker's writes go, once it has said (null before its first job). */
  get writerMode(): 'thread' | 'in-thread' | null {
    return this.writer;
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    const worker = this.worker;
    if (!worker) return (this.closing = Promise.resolve());
    return (this.closing = closeThread(worker, { type: 'close' } satisfies ToWorker));
  }

  private post(m: ToWorker): void {
    this.ensureWorker().postMessage(m);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const url = this.options.workerUrl ?? defaultWorkerUrl();
    const init: WorkerInit = {
      dbFile: this.options.dbFile,
      ...(this.options.retry ? { retry: this.options.retry } : {}),
      ...(this.options.accessLog === false ? { accessLog: false } : {}),
    };
    const worker = startWorker(url, init);
    worker.unref();
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => {
      this.worker = null;
      if (this.jobs.size > 0) this.failAll(new Error(`the sync worker stopped (exit code ${code})`));
      for (const resolve of this.cancels.values()) resolve();
      this.cancels.clear();
    });
    this.worker = worker;
    return worker;
  }

  private failAll(err: Error): void {
    this.options.log?.error('sync worker failed', { error: err });
    for (const job of this.jobs.values()) job.reject(err);
    this.jobs.clear();
  }

  private onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'ready':
        this.writer = m.writer;
        if (m.writer === 'in-thread')
          this.options.log?.warn('database writer script not found: the sync worker writes in its own thread');
        return;
      case 'progress':
        this.jobs.get(m.id)?.onProgress(m.progress);
        return;
      case 'done':
      case 'failed': {
        const job = this.jobs.get(m.id);
        this.jobs.delete(m.id);
        if (m.type === 'done') job?.resolve(m.outcome);
        else job?.reject(new Error(m.message));
        if (this.jobs.size === 0) this.worker?.unref();
        return;
      }
      case 'cancelled':
        this.cancels.get(m.id)?.();
        this.cancels.delete(m.id);
        return;
      case 'token':
        void this.answerToken(m.id, m.accountId, m.rejected);
        return;
      case 'closed':
        return;
    }
  }

  private async answerToken(id: number, accountId: string, rejected: string | null): Promise<void> {
    try {
      const token =
        rejected === null
          ? await this.options.tokens.accessToken(accountId)
          : await this.options.tokens.refreshAfterRejection(accountId, rejected);
      this.worker?.postMessage({ type: 'token-result', id, token } satisfies ToWorker);
    } catch (err) {
      const kind =
        err instanceof AccessRevokedError ? 'revoked' : err instanceof TransientAuthError ? 'transient' : 'other';
      const message =
        err instanceof AccessRevokedError ? err.userMessage : err instanceof Error ? err.message : 'token unavailable';
      this.worker?.postMessage({
        type: 'token-error',
        id,
        kind,
        message,
        accountId,
        retryAfterMs: err instanceof TransientAuthError ? err.retryAfterMs : null,
      } satisfies ToWorker);
    }
  }
}

/** sync-worker next to this module: the .ts source under tsx/vitest, sync-worker.js in a build that emits it. */
export function defaultWorkerUrl(): URL {
  return scriptNextTo(import.meta.url, 'sync-worker');
}

/** Whether the worker script is on disk (a bundle that did not emit it falls back to running jobs in-thread). */
export function workerAvailable(url: URL = defaultWorkerUrl()): boolean {
  return scriptAvailable(url);
}
