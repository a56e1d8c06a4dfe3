import { parentPort, workerData } from 'node:worker_threads';
import { AccountRepo } from '../../accounts/account-repo';
import { AccessRevokedError, TransientAuthError, type TokenSource } from '../../auth/token-source';
import { checkpoint, openDatabase, tuneForBulkWrites } from '../../db/database';
import { HealthStore } from '../../store/health-store';
import { InProcessRunner } from '../engine/in-process-runner';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';
import { ThreadStoreWriter, writerAvailable } from './writer-thread';

// The sync engine's thread: it owns its own SQLite connection (WAL lets the
// main thread keep reading) and does all fetching and parsing, so a five-year
// backfill never blocks the thread that answers the window. The data
// transactions run in one more thread, the database writer (db-writer.ts), so
// SQLite's work on one window overlaps the fetching and parsing of the next.

if (!parentPort) throw new Error('sync-worker must run in a worker thread');
const port = parentPort;
const init = workerData as WorkerInit;
const db = openDatabase(init.dbFile);
// Its connection writes a sync's data too when there is no writer thread (db-writer.js missing).
tuneForBulkWrites(db);
const send = (m: FromWorker) => port.postMessage(m);

let nextTokenId = 1;
const pendingTokens = new Map<number, { resolve: (t: string) => void; reject: (e: Error) => void }>();

function askToken(accountId: string, rejected: string | null, signal?: AbortSignal): Promise<string> {
  signal?.throwIfAborted();
  const id = nextTokenId++;
  return new Promise<string>((resolve, reject) => {
    pendingTokens.set(id, { resolve, reject });
    send({ type: 'token', id, accountId, rejected });
  });
}

const tokens: TokenSource = {
  accessToken: (accountId, signal) => askToken(accountId, null, signal),
  refreshAfterRejection: (accountId, rejected, signal) => askToken(accountId, rejected, signal),
};

// A bundle without db-writer.js writes in this thread (slower, same transactions).
const writer = writerAvailable() ? new ThreadStoreWriter(init.dbFile) : null;
// Started with this thread, so a job never waits for it to load; jobs wait until it is ready.
const writerReady = writer?.start() ?? Promise.resolve();
void writerReady.then(() => send({ type: 'ready', writer: writer ? 'thread' : 'in-thread' }));

const runner = new InProcessRunner({
  store: new HealthStore(db),
  ...(writer ? { writer } : {}),
  accounts: new AccountRepo(db),
  tokens,
  ...(init.retry ? { retry: init.retry } : {}),
  ...(init.accessLog === false ? { accessLog: false } : {}),
});

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'run':
      writerReady
        .then(() => runner.run(m.spec, (progress) => send({ type: 'progress', id: m.id, progress })))
        .then(
          (outcome) => {
            send({ type: 'done', id: m.id, outcome });
            // Writing in this thread (no db-writer.js): the job's WAL is copied into the database once its
            // outcome has been told, as the writer thread does when idle (tuneForBulkWrites).
            if (!writer) checkpoint(db);
          },
          (err: unknown) =>
            send({ type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) }),
        );
      return;
    case 'cancel':
      void runner.cancel(m.accountId).then(() => send({ type: 'cancelled', id: m.id }));
      return;
    case 'token-result':
    case 'token-error': {
      const pending = pendingTokens.get(m.id);
      pendingTokens.delete(m.id);
      if (!pending) return;
      if (m.type === 'token-result') return pending.resolve(m.token);
      if (m.kind === 'revoked') return pending.reject(new AccessRevokedError(m.accountId, m.message));
      if (m.kind === 'transient') return pending.reject(new TransientAuthError(m.message, m.retryAfterMs));
      return pending.reject(new Error(m.message));
    }
    case 'close':
      void runner.close().then(() => {
        db.close();
        send({ type: 'closed' });
        port.close();
      });
      return;
  }
});
