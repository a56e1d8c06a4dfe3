import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { OmnioError } from '../errors';
import { DataQueries } from './data-queries';
import {
  runQuery,
  transferablesOf,
  type FromQueryThread,
  type QueryThreadInit,
  type ToQueryThread,
} from './query-protocol';

// The data query thread (issue 17): the Data area's range queries run here,
// on a read-only connection of their own, so reading and reducing years of
// samples never holds up the thread that answers the window. WAL lets it
// read while the sync writer writes.

if (!parentPort) throw new Error('data-query-worker must run in a worker thread');
const port = parentPort;
const init = workerData as QueryThreadInit;
const db = new BetterSqlite3(init.dbFile, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const queries = new DataQueries(db);
const send = (m: FromQueryThread, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

// While no query waits, the rest of the series last charted is read into memory one chunk per turn of the
// event loop (a few milliseconds each), so a query arriving meanwhile waits for one chunk at most.
let warming: ReturnType<typeof setImmediate> | null = null;
let closed = false;
const warm = () => {
  warming = null;
  if (!closed && queries.warmStep()) warming = setImmediate(warm);
};

port.on('message', (m: ToQueryThread) => {
  if (m.type === 'close') {
    closed = true;
    if (warming) clearImmediate(warming);
    db.close();
    send({ type: 'closed' });
    port.close();
    return;
  }
  try {
    const value = runQuery(queries, m.op, m.args);
    send({ type: 'done', id: m.id, value }, transferablesOf(value));
    if (!warming) warming = setImmediate(warm);
  } catch (err) {
    const code = err instanceof OmnioError ? err.code : 'INTERNAL';
    send({ type: 'failed', id: m.id, code, message: err instanceof Error ? err.message : String(err) });
  }
});
send({ type: 'ready' });
