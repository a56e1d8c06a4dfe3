import type { DataQueries } from './data-queries';

// Messages between the main thread and the data query thread. One op per
// DataQueries method; the answer's typed arrays are moved, not copied.

type Methods = Pick<DataQueries, 'series' | 'daily' | 'day' | 'workouts' | 'overview' | 'record'>;
export type QueryOp = keyof Methods;

export interface QueryRequest<K extends QueryOp = QueryOp> {
  type: 'query';
  id: number;
  op: K;
  args: Parameters<Methods[K]>;
}

export type FromQueryThread =
  | { type: 'ready' }
  | { type: 'closed' }
  | { type: 'done'; id: number; value: unknown }
  | { type: 'failed'; id: number; code: string; message: string };

export type ToQueryThread = QueryRequest | { type: 'close' };

export interface QueryThreadInit {
  dbFile: string;
}

export function runQuery<K extends QueryOp>(
  queries: DataQueries,
  op: K,
  args: Parameters<Methods[K]>,
): ReturnType<Methods[K]> {
  const fn = queries[op] as (...a: unknown[]) => unknown;
  return fn.apply(queries, args) as ReturnType<Methods[K]>;
}

/** The ArrayBuffers under every typed array in an answer (to move them with postMessage). */
export function transferablesOf(value: unknown, out: ArrayBuffer[] = [], depth = 0): ArrayBuffer[] {
  if (depth > 6 || value === null || typeof value !== 'object') return out;
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
    return out;
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) transferablesOf(v, out, depth + 1);
  return out;
}
