import type { Database } from '../db/database';
import type { HealthStore } from '../store/health-store';

/**
 * Deletes an account and every row that belongs to it, in one transaction.
 * The health store removes its own rows first (series samples hang off series
 * ids, not account ids); then every table with an `account_id` column is
 * swept, so a table added by a later migration cannot be forgotten here.
 */
export function purgeAccount(db: Database, store: HealthStore, accountId: string): void {
  const tables = accountTables(db);
  db.transaction(() => {
    store.deleteAccountData(accountId);
    for (const table of tables) db.prepare(`DELETE FROM "${table}" WHERE account_id = ?`).run(accountId);
    db.prepare('DELETE FROM accounts WHERE id = ?').run(accountId);
  })();
}

/** Every table that has an `account_id` column. */
export function accountTables(db: Database): string[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  return tables.filter((t) =>
    (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[]).includes('account_id'),
  );
}
