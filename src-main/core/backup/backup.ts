import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../db/database';
import { openDatabase } from '../db/database';
import { MIGRATIONS } from '../db/migrations';
import { OmnioError } from '../errors';
import { PROVIDERS, type ProviderId } from '../../../src-shared/providers';
import type { RestoredAccount } from '../../../src-shared/restore';

// Issue 12: backup and restore.
//
// A backup is one SQLite file made with SQLite's online backup API
// (better-sqlite3 `db.backup()`), which copies a live database consistently
// while the sync threads keep writing through their own connections. The copy
// then loses every secret before it is put in place: the sealed vault entries
// (tokens, session tokens, API keys, client secrets), the vault's protected
// keys and the revocation queue's sealed tokens; it is vacuumed, so no freed
// page still holds one. Accounts that were live come back `needs_reconnect`
// with all their history.
//
// A restore never replaces the database of a running app: the chosen file is
// checked (SQLite's integrity_check, a schema version this app knows, the
// accounts table) and staged next to the database; the next start swaps it in
// (applyStagedRestore), keeping the previous database until the restored one
// has opened and migrated.

export const RESTORED_MESSAGE = 'Restored from a backup. Reconnect to sync again: the backup holds no access tokens.';

/** Writes a backup of `db` (the app's connection) to `target`, without secrets. Returns the target's size. */
export async function createBackup(db: Database, target: string): Promise<number> {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.omnio-partial`,
  );
  try {
    await db.backup(temp);
    const copy = new BetterSqlite3(temp);
    try {
      copy.pragma('journal_mode = DELETE');
      copy.transaction(() => {
        copy.prepare('DELETE FROM secrets').run();
        copy.prepare('DELETE FROM revocation_queue').run();
        copy.prepare("DELETE FROM app_state WHERE key LIKE 'vault.%'").run();
        copy
          .prepare(
            "UPDATE accounts SET status = 'needs_reconnect', status_message = ? WHERE status NOT IN ('disconnected', 'not_connected')",
          )
          .run(RESTORED_MESSAGE);
      })();
      // Deleted rows leave their bytes in free pages until the file is rebuilt.
      copy.exec('VACUUM');
    } finally {
      copy.close();
    }
    const fd = fs.openSync(temp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
    return fs.statSync(target).size;
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/** Why a file cannot be restored, in words for the person; null when it can. */
export function checkBackup(file: string): string | null {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch {
    return 'This file could not be opened as an Omnio backup.';
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return 'This backup is damaged (its integrity check failed). Nothing was changed.';
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = MIGRATIONS.at(-1)!.version;
    if (version < 1) return 'This file is not an Omnio backup. Nothing was changed.';
    if (version > latest) return 'This backup comes from a newer version of Omnio. Update Omnio, then restore it.';
    const accounts = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'accounts'").get();
    if (!accounts) return 'This file is not an Omnio backup. Nothing was changed.';
    return null;
  } catch {
    return 'This file could not be read as an Omnio backup. Nothing was changed.';
  } finally {
    db.close();
  }
}

/** The accounts of a checked backup that come back asking to be reconnected (created before the backup). */
export function backupAccounts(file: string): RestoredAccount[] {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare("SELECT provider_id, label FROM accounts WHERE status = 'needs_reconnect' ORDER BY created_at, id")
      .all() as { provider_id: ProviderId; label: string | null }[];
    return rows
      .filter((r) => r.provider_id in PROVIDERS)
      .map((r) => ({
        providerId: r.provider_id,
        label: r.label ? `${PROVIDERS[r.provider_id].name} · ${r.label}` : PROVIDERS[r.provider_id].name,
      }));
  } finally {
    db.close();
  }
}

const staged = (database: string) => `${database}.restore`;
const previous = (database: string) => `${database}.before-restore`;

/** Checks `file` and stages a copy of it for the next start; throws a clear error when it cannot be restored. */
export function stageRestore(file: string, database: string): void {
  const problem = checkBackup(file);
  if (problem) throw new OmnioError('INVALID_ARGUMENT', problem);
  const temp = `${staged(database)}.partial`;
  fs.copyFileSync(file, temp);
  fs.renameSync(temp, staged(database));
}

/**
 * At start, before the database opens: swaps a staged restore in. The
 * previous database (with its WAL) is kept aside until the restored one has
 * opened and migrated; if it does not, the previous one goes back and the
 * staged file is dropped. Returns what happened.
 */
export function applyStagedRestore(database: string): 'none' | 'restored' | 'failed' {
  const file = staged(database);
  if (!fs.existsSync(file)) return 'none';
  const aside = previous(database);
  const parts = ['', '-wal', '-shm'];
  for (const p of parts) if (fs.existsSync(database + p)) fs.renameSync(database + p, aside + p);
  fs.renameSync(file, database);
  try {
    openDatabase(database).close();
  } catch {
    for (const p of parts) fs.rmSync(database + p, { force: true });
    for (const p of parts) if (fs.existsSync(aside + p)) fs.renameSync(aside + p, database + p);
    return 'failed';
  }
  for (const p of parts) fs.rmSync(aside + p, { force: true });
  return 'restored';
}
