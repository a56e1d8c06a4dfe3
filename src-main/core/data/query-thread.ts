import type { Worker } from 'node:worker_threads';
import type { BridgeErrorCode } from '../../../src-shared/errors';
import type { Database } from '../db/database';
import { OmnioError } from '../errors';
import { closeThread, scriptAvailable, scriptNextTo, startWorker } from '../sync/worker/start-worker';
import { DataQueries } from './data-queries';
import { runQuery, type FromQueryThread, type QueryOp, type QueryRequest } from './query-protocol';

type Args<K extends QueryOp> = QueryRequest<K>['args'];
type Answer<K extends QueryOp> = ReturnType<DataQueries[K]>;

export interface QueryRunner {
  run<K extends QueryOp>(op: K, ...args: Args<K>): Promise<Answer<K>>;
  /** 'thread' when queries run on the data query thread, 'in-thread' when its script is missing. */
  readonly mode: 'thread' | 'in-thread';
  close(): Promise<void>;
}

/**
 * Runs the Data area's queries on their own thread (data-query-worker), started on the first query and
 * unref'd while idle. Where the script is not next to this module (a bundle that did not emit it), the
 * queries run on `fallbackDb` instead, so the app still shows its data.
 */
export function createQueryRunner(dbFile: string, fallbackDb: Database, workerUrl?: URL): QueryRunner {
  const url = workerUrl ?? scriptNextTo(import.meta.url, 'data-query-worker');
  if (!scriptAvailable(url)) {
    const queries = new DataQueries(fallbackDb);
    return {
      mode: 'in-thread',
      run: async (op, ...args) => runQuery(queries, op, args),
      close: async () => undefined,
    };
  }
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const settle = () => {
    if (pending.size === 0) worker?.unref();
  };
  const start = (): Worker => {
    if (worker) return worker;
    const w = startWorker(url, { dbFile });
    w.on('message', (m: FromQueryThread) => {
      if (m.type !== 'done' && m.type !== 'failed') return;
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.type === 'done') p.resolve(m.value);
      else p.reject(new OmnioError(m.code as BridgeErrorCode, m.message));
      settle();
    });
    w.on('error', (err) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      worker = null;
    });
    w.on('exit', () => {
      if (worker === w) worker = null;
    });
    worker = w;
    return w;
  };
  return {
    mode: 'thread',
    run<K extends QueryOp>(op: K, ...args: Args<K>): Promise<Answer<K>> {
      const w = start();
      const id = nextId++;
      return new Promise<Answer<K>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        w.ref();
        w.postMessage({ type: 'query', id, op, args } satisfies QueryRequest<K>);
      });
    },
    async close() {
      if (worker) await closeThread(worker, { type: 'close' });
      worker = null;
    },
  };
}
