import type { Database } from 'better-sqlite3';
import type { Migration } from '../migration';

// The document tables (daily summaries, sessions, measurements) become
// ordinary rowid tables with a UNIQUE key instead of WITHOUT ROWID tables.
// Their rows carry the provider's JSON (0.3–2 KB each). A WITHOUT ROWID table
// is a B-tree shaped like an index. On 4 KB pages it keeps only about 1 KB of
// a row on the leaf and spills the rest onto an overflow page of its own, and
// inserts keyed by random record ids split pages at random. A five-year Oura
// backfill stored about 6 MB of documents in 22 MB of pages, every one written
// to the WAL and again at the checkpoint. A rowid table appends rows in
// insertion order, and the unique index holds only the short key.
// (SQLite's own advice: WITHOUT ROWID suits rows under about 1/20 of a page.)
// The time series and the bookkeeping tables keep WITHOUT ROWID: their rows
// are small.
//
// Each table is rebuilt in place (create, copy, drop, rename, re-index) in the
// migration's single transaction. Column names and order, the upsert keys and
// the index names stay as they were, so no query changes.

interface Rebuild {
  table: string;
  columns: string[];
  definition: string;
  indexes: string[];
}

const REBUILDS: Rebuild[] = [
  {
    table: 'daily_summaries',
    columns: [
      'account_id',
      'kind',
      'record_id',
      'category',
      'local_date',
      'utc_offset_min',
      'score',
      'data',
      'raw',
      'updated_at',
    ],
    definition: `
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
        UNIQUE (account_id, kind, record_id)`,
    indexes: [
      'CREATE INDEX daily_summaries_by_date ON daily_summaries (account_id, local_date)',
      'CREATE INDEX daily_summaries_by_category ON daily_summaries (account_id, category)',
    ],
  },
  {
    table: 'sessions',
    columns: [
      'account_id',
      'kind',
      'record_id',
      'category',
      'sub_type',
      'start_at',
      'end_at',
      'utc_offset_min',
      'local_date',
      'data',
      'raw',
      'updated_at',
    ],
    definition: `
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
        UNIQUE (account_id, kind, record_id)`,
    indexes: [
      'CREATE INDEX sessions_by_date ON sessions (account_id, local_date)',
      'CREATE INDEX sessions_by_category ON sessions (account_id, category)',
    ],
  },
  {
    table: 'measurements',
    columns: [
      'account_id',
      'kind',
      'record_id',
      'category',
      'measured_at',
      'utc_offset_min',
      'local_date',
      'value',
      'unit',
      'raw',
      'updated_at',
    ],
    definition: `
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
        UNIQUE (account_id, kind, record_id)`,
    indexes: [
      'CREATE INDEX measurements_by_date ON measurements (account_id, local_date)',
      'CREATE INDEX measurements_by_category ON measurements (account_id, category)',
    ],
  },
];

function rebuild(db: Database, r: Rebuild): void {
  const cols = r.columns.join(', ');
  db.exec(`
    CREATE TABLE ${r.table}_rowid (${r.definition});
    INSERT INTO ${r.table}_rowid (${cols}) SELECT ${cols} FROM ${r.table} ORDER BY account_id, kind, record_id;
    DROP TABLE ${r.table};
    ALTER TABLE ${r.table}_rowid RENAME TO ${r.table};
    ${r.indexes.map((i) => `${i};`).join('\n    ')}
  `);
}

export const documentRowidTables: Migration = {
  version: 6,
  name: 'document-rowid-tables',
  up(db) {
    for (const r of REBUILDS) rebuild(db, r);
  },
};
