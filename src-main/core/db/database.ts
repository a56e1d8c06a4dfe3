import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { assertNotTooNew, migrate } from './migrate';
import { MIGRATIONS } from './migrations';

export type { Database };

/**
 * Opens (creating if needed) the app database: WAL so readers never wait for
 * the sync writer, NORMAL sync (durable at checkpoints, safe against app
 * crashes), foreign keys on, then migrations. The file is readable by the
 * user only.
 */
export function openDatabase(file: string): Database {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new BetterSqlite3(file);
  try {
    assertNotTooNew(db, MIGRATIONS);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, MIGRATIONS);
  } catch (err) {
    db.close();
    throw err;
  }
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    // Not every filesystem supports modes (Windows); the data dir is per-user anyway.
  }
  return db;
}

/**
 * For the connection that writes a sync's data: checkpoint the WAL every ~32 MB instead of every 4 MB. A
 * backfill writes tens of megabytes and each checkpoint ends in an fsync. Readers are unaffected; the WAL
 * file is truncated back at close.
 */
export function tuneForBulkWrites(db: Database): void {
  db.pragma('wal_autocheckpoint = 8000');
}
