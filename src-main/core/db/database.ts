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
  ownerOnly(file);
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
  return db;
}

/**
 * The database file exists with mode 0600 before SQLite opens it (issue 13):
 * SQLite creates the -wal and -shm files with the mode of the database file,
 * so they are owner-only from their first byte too. Files left by an older
 * build with wider modes are narrowed.
 */
function ownerOnly(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch {
      // Absent (no WAL yet), or a filesystem without modes (Windows: the data dir is per-user anyway).
    }
  }
}

/**
 * For the connection that writes a sync's data. Its commits never run a checkpoint unless the WAL passes
 * 128 MB (a bound for a runaway job, not the normal path): copying a backfill's pages into the database
 * and syncing it took ~100 ms in the middle of a window's commit, with the next window waiting. The writer
 * thread checkpoints once it is idle instead (checkpointWhenIdle), and a WAL grown by a backfill is cut back
 * to 16 MB when it is next reset. Readers are unaffected either way.
 */
export function tuneForBulkWrites(db: Database): void {
  db.pragma('wal_autocheckpoint = 32768');
  db.pragma(`journal_size_limit = ${16 * 1024 * 1024}`);
}

/**
 * For the main thread's connection while the sync threads run: its commits never checkpoint. A backfill's
 * WAL grows to tens of megabytes before the writer copies it in (checkpointWhenIdle), and a small commit
 * here in the meantime (a token refresh) would otherwise copy all of it on the thread that answers the
 * window. SQLite still checkpoints when the last connection closes.
 */
export function leaveCheckpointsToSyncThreads(db: Database): void {
  db.pragma('wal_autocheckpoint = 0');
}

/**
 * Copies what the WAL holds into the database without waiting for readers or writers (PASSIVE: whatever a
 * reader still needs stays for the next time). Returns the WAL's frames and how many were checkpointed, or
 * null if SQLite could not (busy, or failed): the next call tries again, and the WAL's bound still holds.
 */
export function checkpoint(db: Database): { walFrames: number; checkpointed: number } | null {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    return { walFrames: row?.log ?? 0, checkpointed: row?.checkpointed ?? 0 };
  } catch {
    return null;
  }
}
