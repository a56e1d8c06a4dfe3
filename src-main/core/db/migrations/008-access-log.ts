import type { Migration } from '../migration';

// Issue 12: one row per request Omnio made to a provider (sync pages, token
// exchange and refresh, identity look-ups, revocation, Garmin sign-in steps,
// the Personal-API-key exchange) and per account event without a request
// (a refused consent, a disconnect). `endpoint` is a path template: no query
// string, no path segment that names the user. Nothing in a row is a secret.
export const accessLog: Migration = {
  version: 8,
  name: 'access-log',
  up(db) {
    db.exec(`
      CREATE TABLE access_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        account_id TEXT,
        provider_id TEXT NOT NULL,
        action TEXT NOT NULL,
        method TEXT,
        endpoint TEXT,
        category TEXT,
        scope TEXT,
        status INTEGER,
        outcome TEXT,
        records INTEGER,
        bytes INTEGER,
        duration_ms INTEGER
      );
      CREATE INDEX access_log_by_account ON access_log (account_id, at);
      CREATE INDEX access_log_by_time ON access_log (at);
    `);
  },
};
