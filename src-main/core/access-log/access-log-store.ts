import type { Database, Statement } from 'better-sqlite3';
import type { AccessLogEntry, AccessLogFilter } from '../../../src-shared/access-log';
import type { AccessRecord, AccessRecorder } from './access-record';

const DAY_MS = 24 * 60 * 60 * 1000;

interface Row {
  id: number;
  at: number;
  account_id: string | null;
  provider_id: string;
  action: string;
  method: string | null;
  endpoint: string | null;
  category: string | null;
  scope: string | null;
  status: number | null;
  outcome: string | null;
  records: number | null;
  bytes: number | null;
  duration_ms: number | null;
}

/** The access_log table (migration 008): appends in batches, reads with the view's filters, prunes by age. */
export class AccessLogStore implements AccessRecorder {
  private readonly insert: Statement;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(`
      INSERT INTO access_log (at, account_id, provider_id, action, method, endpoint, category, scope, status, outcome, records, bytes, duration_ms)
      VALUES (@at, @accountId, @providerId, @action, @method, @endpoint, @category, @scope, @status, @outcome, @records, @bytes, @durationMs)`);
  }

  record(entry: AccessRecord): void {
    this.insert.run(entry);
  }

  /** Many rows in one transaction (the writer thread's batches). */
  append(entries: readonly AccessRecord[]): number {
    if (entries.length === 0) return 0;
    this.db.transaction(() => {
      for (const e of entries) this.insert.run(e);
    })();
    return entries.length;
  }

  /** An account's entries, newest first, filtered as the view asks. */
  list(filter: AccessLogFilter, limit = 1000): AccessLogEntry[] {
    const { sql, params } = where(filter);
    return (
      this.db
        .prepare(`SELECT * FROM access_log ${sql} ORDER BY at DESC, id DESC LIMIT ?`)
        .all(...params, limit) as Row[]
    ).map(toEntry);
  }

  /**
   * The same entries in the order they were recorded, a page at a time (the CSV export streams them).
   * Each page is its own query: no statement stays open across the export's awaits, which would leave
   * the connection busy for every other call meanwhile.
   */
  *pages(filter: AccessLogFilter, size = 1000): IterableIterator<AccessLogEntry[]> {
    const { sql, params } = where(filter);
    const page = this.db.prepare(`SELECT * FROM access_log ${sql} AND id > ? ORDER BY id LIMIT ?`);
    for (let after = 0; ;) {
      const rows = page.all(...params, after, size) as Row[];
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.id;
      yield rows.map(toEntry);
    }
  }

  /** Every entry of every account, in recorded order (secret scans read the whole table). */
  all(): AccessLogEntry[] {
    return (this.db.prepare('SELECT * FROM access_log ORDER BY id').all() as Row[]).map(toEntry);
  }

  count(filter: AccessLogFilter): number {
    const { sql, params } = where(filter);
    return this.db
      .prepare(`SELECT count(*) FROM access_log ${sql}`)
      .pluck()
      .get(...params) as number;
  }

  /** Deletes entries older than `retentionDays` before `now`; returns how many went. */
  prune(retentionDays: number, now: number): number {
    return this.db.prepare('DELETE FROM access_log WHERE at < ?').run(now - retentionDays * DAY_MS).changes;
  }
}

function where(filter: AccessLogFilter): { sql: string; params: unknown[] } {
  const clauses = ['account_id = ?'];
  const params: unknown[] = [filter.accountId];
  if (filter.category) {
    clauses.push('category = ?');
    params.push(filter.category);
  }
  if (filter.status === 'ok') clauses.push('status BETWEEN 200 AND 299');
  // Errors include requests that got no answer; events without a request (method null) are neither.
  if (filter.status === 'error')
    clauses.push('method IS NOT NULL AND (status IS NULL OR status NOT BETWEEN 200 AND 299)');
  if (filter.since) {
    clauses.push('at >= ?');
    params.push(Date.parse(filter.since));
  }
  return { sql: `WHERE ${clauses.join(' AND ')}`, params };
}

function toEntry(r: Row): AccessLogEntry {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    accountId: r.account_id,
    providerId: r.provider_id as AccessLogEntry['providerId'],
    action: r.action as AccessLogEntry['action'],
    method: r.method,
    endpoint: r.endpoint,
    category: r.category as AccessLogEntry['category'],
    scope: r.scope,
    status: r.status,
    outcome: r.outcome,
    records: r.records,
    bytes: r.bytes,
    durationMs: r.duration_ms,
  };
}
