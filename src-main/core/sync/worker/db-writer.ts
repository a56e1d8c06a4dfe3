import { parentPort, workerData } from 'node:worker_threads';
import { checkpoint, openDatabase, tuneForBulkWrites } from '../../db/database';
import { fromWire } from '../../store/batch-wire';
import { HealthStore } from '../../store/health-store';
import { AccessLogStore } from '../../access-log/access-log-store';
import type { FromWriter, ToWriter, WriterCall, WriterInit } from './writer-protocol';

// The database writer thread: where every write of a sync job runs. It has
// its own SQLite connection and does nothing but the store's writes
// (HealthStore.writeBatch: data and cursor in one transaction; the
// per-category bookkeeping), one message at a time in arrival order, so the
// sync worker fetches and parses the next window while this one is written
// and never waits for the write lock itself. A failed write answers with its
// message and changes nothing (the transaction rolls back).

if (!parentPort) throw new Error('db-writer must run in a worker thread');
const port = parentPort;
const init = workerData as WriterInit;
const db = openDatabase(init.dbFile);
tuneForBulkWrites(db);
const store = new HealthStore(db);
const accessLog = new AccessLogStore(db);
const send = (m: FromWriter) => port.postMessage(m);

// A backfill's WAL is copied into the database once nothing has been asked for a while (the job is over,
// or waits on the network for long): the copy never holds up a window's commit. Quiet periods find little
// or nothing to copy.
const IDLE_BEFORE_CHECKPOINT_MS = 250;
let idleTimer: NodeJS.Timeout | null = null;
const checkpointWhenIdle = () => {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = null;
    checkpoint(db);
  }, IDLE_BEFORE_CHECKPOINT_MS);
  idleTimer.unref();
};

port.on('message', (m: ToWriter) => {
  if (m.type === 'close') {
    if (idleTimer) clearTimeout(idleTimer);
    db.close();
    send({ type: 'closed' });
    port.close();
    return;
  }
  try {
    send({ type: 'done', id: m.id, value: carryOut(m.call) });
  } catch (err) {
    send({ type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) });
  }
  checkpointWhenIdle();
});
send({ type: 'ready' });

function carryOut(call: WriterCall): number {
  switch (call.op) {
    case 'write': {
      const { accountId, category, batch, cursor } = call.write;
      return store.writeBatch(accountId, category, fromWire(batch), cursor);
    }
    case 'mark-attempt':
      store.markAttempt(call.accountId, call.category);
      return 0;
    case 'mark-outcome':
      store.markOutcome(call.accountId, call.category, call.error);
      return 0;
    case 'settle':
      return store.settleRecordCount(call.accountId, call.category);
    case 'save-budget':
      store.saveBudget(call.provider, call.state);
      return 0;
    case 'apply-dated-by':
      return store.applyDatedBy(call.accountId);
    case 'access-log':
      return accessLog.append(call.rows);
  }
}
