import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpoint, leaveCheckpointsToSyncThreads, openDatabase, tuneForBulkWrites, type Database } from './database';

// Who copies the WAL into the database file (docs/sync.md): the sync threads' connections, once idle or
// after a job, never the main thread's, and never inside a bulk connection's ordinary commit.

let dir: string;
let file: string;
const open: Database[] = [];
const connect = () => {
  const db = openDatabase(file);
  open.push(db);
  return db;
};
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-db-'));
  file = path.join(dir, 'omnio.sqlite');
});
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Commits about `mb` megabytes of rows (2,000 pages of 4 KB is past SQLite's default checkpoint point). */
function commitMegabytes(db: Database, mb: number): void {
  db.exec('CREATE TABLE IF NOT EXISTS filler (b BLOB)');
  const insert = db.prepare('INSERT INTO filler (b) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < mb * 16; i++) insert.run(Buffer.alloc(64 * 1024, i % 251));
  })();
}

describe('WAL checkpoints', () => {
  it('a connection left to the sync threads, and a bulk one, do not checkpoint on commit; checkpoint() copies it all', () => {
    for (const tune of [leaveCheckpointsToSyncThreads, tuneForBulkWrites]) {
      const db = connect();
      tune(db);
      const before = fs.statSync(file).size;
      commitMegabytes(db, 8);
      commitMegabytes(db, 1); // a later small commit does not copy the large WAL either
      expect(fs.statSync(file).size, tune.name).toBe(before);
      const other = connect();
      const done = checkpoint(other)!;
      expect(done.checkpointed).toBe(done.walFrames);
      expect(fs.statSync(file).size).toBeGreaterThan(before + 8 * 1024 * 1024);
      expect(db.prepare('SELECT count(*) FROM filler').pluck().get()).toBeGreaterThan(0);
    }
  });

  it('a default connection does copy a large WAL on its next commit (what the main thread is spared)', () => {
    const db = connect();
    const before = fs.statSync(file).size;
    commitMegabytes(db, 8);
    expect(fs.statSync(file).size).toBeGreaterThan(before + 4 * 1024 * 1024);
  });
});
