import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { migrate, SchemaTooNewError } from './migrate';
import { MIGRATIONS } from './migrations';

const dirs: string[] = [];
const tempDb = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-migrate-'));
  dirs.push(dir);
  return path.join(dir, 'omnio.sqlite');
};
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('migrations', () => {
  it('brings a new database to the latest schema in WAL mode', () => {
    const db = openDatabase(tempDb());
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a database written by a newer app, and leaves the file byte-for-byte unchanged', () => {
    const file = tempDb();
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE future_thing (x)');
    raw.pragma(`user_version = ${MIGRATIONS.at(-1)!.version + 7}`);
    raw.close();
    const before = sha(file);
    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer version of Omnio/);
    expect(sha(file)).toBe(before);
    expect(fs.existsSync(file + '-wal')).toBe(false);
  });

  it('runs pending steps in one transaction: a failing step leaves no partial schema', () => {
    const db = new BetterSqlite3(tempDb());
    const steps = [
      { version: 1, name: 'one', up: (d: BetterSqlite3.Database) => d.exec('CREATE TABLE a (x)') },
      { version: 2, name: 'two', up: (d: BetterSqlite3.Database) => d.exec('CREATE TABLE b (x); THIS IS NOT SQL') },
    ];
    expect(() => migrate(db, steps)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('a','b')").get()).toEqual({ n: 0 });
    db.close();
  });

  it('rejects migrations listed out of order', () => {
    const db = new BetterSqlite3(':memory:');
    const noop = () => undefined;
    expect(() =>
      migrate(db, [
        { version: 2, name: 'b', up: noop },
        { version: 1, name: 'a', up: noop },
      ]),
    ).toThrow(/out of order/);
  });

  it('is idempotent: reopening applies nothing', () => {
    const file = tempDb();
    openDatabase(file).close();
    const db = new BetterSqlite3(file);
    expect(migrate(db, MIGRATIONS)).toEqual({ from: MIGRATIONS.at(-1)!.version, to: MIGRATIONS.at(-1)!.version });
    db.close();
  });
});
