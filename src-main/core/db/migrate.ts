import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This data was written by a newer version of Omnio (schema ${found}; this version understands up to ${supported}). ` +
        'Update Omnio to open it. Nothing was changed.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Brings the database to the newest schema through `user_version`. All pending
 * steps run in one transaction: a failure leaves the file exactly as it was.
 * A database from a newer app is refused before anything is written.
 */
export function migrate(db: Database, migrations: readonly Migration[]): { from: number; to: number } {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) {
      throw new Error(`Migrations out of order at ${migrations[i]!.name}`);
    }
  }
  const latest = migrations.at(-1)?.version ?? 0;
  const current = assertNotTooNew(db, migrations);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return { from: current, to: current };
  db.transaction(() => {
    for (const m of pending) m.up(db);
    // user_version cannot be bound as a parameter; the value is our own integer.
    db.pragma(`user_version = ${Math.trunc(latest)}`);
  })();
  return { from: current, to: latest };
}

/** Refuses a database from a newer app before anything touches it; returns its version. */
export function assertNotTooNew(db: Database, migrations: readonly Migration[]): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) throw new SchemaTooNewError(current, latest);
  return current;
}
