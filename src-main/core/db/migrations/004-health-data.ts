import type { Migration } from '../migration';

// The synced health data and the sync engine's bookkeeping.
//
// - Every data row names its account, the provider's record id and the
//   category it was fetched for, so a re-fetch is an upsert (never a
//   duplicate) and "delete this account's data" is a set of plain deletes.
// - Days are the user's local dates as the provider reports them, with the
//   record's UTC offset kept next to it.
// - Time series are compact: one `series` row per (account, metric), samples
//   keyed by (series, unix second) in a WITHOUT ROWID table. The provider's raw
//   answer is kept per fetched page (series_pages), not per sample, so the
//   bulk path stays close to the raw insert speed.
// - `sync_cursors` holds the covered interval per account and category; it is
//   only ever written inside the transaction that writes the data it covers.
export const healthData: Migration = {
  version: 4,
  name: 'health-data',
  up(db) {
    db.exec(`
      CREATE TABLE daily_summaries (
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        category TEXT NOT NULL,
        local_date TEXT NOT NULL,
        utc_offset_min INTEGER,
        score REAL,
        data TEXT NOT NULL,
        raw TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (account_id, kind, record_id)
      ) WITHOUT ROWID;
      CREATE INDEX daily_summaries_by_date ON daily_summaries (account_id, local_date);
      CREATE INDEX daily_summaries_by_category ON daily_summaries (account_id, category);

      CREATE TABLE sessions (
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        category TEXT NOT NULL,
        sub_type TEXT,
        start_at TEXT NOT NULL,
        end_at TEXT,
        utc_offset_min INTEGER,
        local_date TEXT NOT NULL,
        data TEXT NOT NULL,
        raw TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (account_id, kind, record_id)
      ) WITHOUT ROWID;
      CREATE INDEX sessions_by_date ON sessions (account_id, local_date);
      CREATE INDEX sessions_by_category ON sessions (account_id, category);

      CREATE TABLE measurements (
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        category TEXT NOT NULL,
        measured_at TEXT NOT NULL,
        utc_offset_min INTEGER,
        local_date TEXT NOT NULL,
        value REAL NOT NULL,
        unit TEXT NOT NULL,
        raw TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (account_id, kind, record_id)
      ) WITHOUT ROWID;
      CREATE INDEX measurements_by_date ON measurements (account_id, local_date);
      CREATE INDEX measurements_by_category ON measurements (account_id, category);

      CREATE TABLE profiles (
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        category TEXT NOT NULL,
        record_id TEXT NOT NULL,
        data TEXT NOT NULL,
        raw TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (account_id, kind)
      ) WITHOUT ROWID;

      CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        category TEXT NOT NULL,
        metric TEXT NOT NULL,
        unit TEXT NOT NULL,
        UNIQUE (account_id, metric)
      );

      -- No foreign key here on purpose: a per-sample FK lookup would halve the
      -- bulk insert rate. Samples are deleted with their series (store code).
      CREATE TABLE series_samples (
        series_id INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        value REAL NOT NULL,
        tag TEXT,
        PRIMARY KEY (series_id, ts)
      ) WITHOUT ROWID;

      CREATE TABLE series_pages (
        series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
        from_ts INTEGER NOT NULL,
        to_ts INTEGER NOT NULL,
        samples INTEGER NOT NULL,
        -- The provider's page, deflate-compressed (raw pages are most of the bytes a backfill writes).
        raw BLOB NOT NULL,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (series_id, from_ts, to_ts)
      ) WITHOUT ROWID;

      CREATE TABLE sync_cursors (
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        category TEXT NOT NULL,
        covered_from INTEGER NOT NULL,
        covered_to INTEGER NOT NULL,
        records INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (account_id, category)
      ) WITHOUT ROWID;

      CREATE TABLE sync_status (
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        category TEXT NOT NULL,
        last_attempt_at TEXT,
        last_success_at TEXT,
        last_error TEXT,
        PRIMARY KEY (account_id, category)
      ) WITHOUT ROWID;
    `);
  },
};
