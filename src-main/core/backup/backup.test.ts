import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import type { AccountsSnapshot } from '../../../src-shared/accounts';
import type { SyncProgress } from '../../../src-shared/ipc/payloads';
import { createCore } from '../app/create-core';
import { startHarness, type Harness } from '../app/test-support/oauth-harness';
import { recordingPlatform } from '../app/test-support/recording-platform';
import { openDatabase } from '../db/database';
import { dataPaths } from '../paths';
import { applyStagedRestore, checkBackup, createBackup, RESTORED_MESSAGE, stageRestore } from './backup';

// Issue 12, "Done when / Backup": a backup made with SQLite's online backup
// API while sync runs, restored into a fresh data directory, reproduces every
// row; it holds no secret; accounts come back needs_reconnect with all their
// history. A damaged or foreign file is refused before anything is replaced,
// and the previous database is kept until the restored one opens.

let h: Harness;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-backup-'));
  dirs.push(d);
  return d;
};
const finishedJobs = () =>
  h.platform.events
    .filter((e) => e.event === 'syncProgress')
    .map((e) => e.payload as SyncProgress)
    .filter((p) => p.category === null && (p.phase === 'finished' || p.phase === 'failed')).length;
async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every row of every table, as JSON lines per table (secrets and account status set apart). */
function dump(file: string): Record<string, string[]> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    const out: Record<string, string[]> = {};
    for (const t of tables) {
      out[t] = (db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[])
        .map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v)))
        .sort();
    }
    return out;
  } finally {
    db.close();
  }
}

it('a backup made while sync runs, restored into a fresh data dir, reproduces every row without any secret', async () => {
  h = await startHarness();
  await h.connect('oura');
  await h.connect('withings');
  const ids = ((await h.core.handlers.listAccounts({})) as AccountsSnapshot).accounts.map((a) => a.id);
  for (const id of ids) await h.core.handlers.syncNow({ accountId: id });
  const out = tempDir();

  // Online: a backup through another connection while both jobs write.
  const live = openDatabase(dataPaths(h.dataDir).database);
  await until('the jobs to write', () =>
    h.platform.events.some((e) => e.event === 'syncProgress' && (e.payload as SyncProgress).phase === 'progress'),
  );
  await createBackup(live, path.join(out, 'during-sync.omnio-backup'));
  expect(checkBackup(path.join(out, 'during-sync.omnio-backup'))).toBeNull();

  await until('both jobs to finish', () => finishedJobs() >= 2);
  const backupFile = path.join(out, 'omnio.omnio-backup');
  await createBackup(live, backupFile);
  live.close();
  await h.core.close();
  h.core = { close: async () => undefined } as unknown as Harness['core'];
  const original = dump(dataPaths(h.dataDir).database);
  expect(original.series_samples!.length).toBeGreaterThan(1000);

  // No secret in the file: no issued token, no client secret, in any encoding SQLite would store.
  const bytes = fs.readFileSync(backupFile);
  const secrets = Object.values(h.sims).flatMap((s) => [...s.authority.issued, s.client.clientSecret]);
  expect(secrets.length).toBeGreaterThan(4);
  expect(secrets.filter((s) => bytes.includes(Buffer.from(s)))).toEqual([]);

  // A fresh data dir: staged, swapped in at start, then the app opens it.
  const fresh = path.join(tempDir(), 'data');
  fs.mkdirSync(fresh);
  const database = dataPaths(fresh).database;
  stageRestore(backupFile, database);
  expect(applyStagedRestore(database)).toBe('restored');
  const restored = dump(database);
  // Every table of the person's data, row for row.
  for (const table of Object.keys(original)) {
    if (['secrets', 'revocation_queue', 'app_state', 'accounts'].includes(table)) continue;
    expect(restored[table], table).toEqual(original[table]);
  }
  expect(restored.secrets).toEqual([]);
  expect(restored.revocation_queue).toEqual([]);
  expect(restored.app_state!.filter((r) => r.includes('"vault.'))).toEqual([]);
  // Accounts: the same rows, each live one now asking to be reconnected.
  const strip = (rows: string[]) =>
    rows.map((r) => {
      const { status: _s, status_message: _m, updated_at: _u, ...rest } = JSON.parse(r) as Record<string, unknown>;
      return rest;
    });
  expect(strip(restored.accounts!)).toEqual(strip(original.accounts!));

  const core = await createCore({ dataDir: fresh, platform: recordingPlatform(fresh) });
  try {
    const snapshot = (await core.handlers.listAccounts({})) as AccountsSnapshot;
    expect(snapshot.accounts.map((a) => [a.id, a.status, a.statusMessage]).sort()).toEqual(
      ids.map((id) => [id, 'needs_reconnect', RESTORED_MESSAGE]).sort(),
    );
    expect(snapshot.accounts.every((a) => a.hasKeptData)).toBe(true);
  } finally {
    await core.close();
  }
});

it('refuses a damaged or foreign file before replacing anything, and keeps the previous database if the restored one does not open', async () => {
  const dir = tempDir();
  const database = path.join(dir, 'omnio.sqlite');
  const db = openDatabase(database);
  db.prepare("INSERT INTO app_state (key, value) VALUES ('mine', '1')").run();
  db.close();
  const before = fs.readFileSync(database);

  const text = path.join(dir, 'notes.txt');
  fs.writeFileSync(text, 'hello');
  expect(() => stageRestore(text, database)).toThrow(/could not be (opened|read) as an Omnio backup/);
  const foreign = path.join(dir, 'other.sqlite');
  new BetterSqlite3(foreign).exec('CREATE TABLE t (x)').close();
  expect(() => stageRestore(foreign, database)).toThrow('This file is not an Omnio backup. Nothing was changed.');
  const newer = path.join(dir, 'newer.sqlite');
  const n = new BetterSqlite3(newer);
  n.exec('CREATE TABLE accounts (id TEXT)');
  n.pragma('user_version = 999');
  n.close();
  expect(() => stageRestore(newer, database)).toThrow(/newer version of Omnio/);
  // Damaged: a valid backup with a page overwritten.
  const damaged = path.join(dir, 'damaged.sqlite');
  const d = openDatabase(damaged);
  d.exec(
    'CREATE TABLE filler (x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) INSERT INTO filler SELECT randomblob(3000) FROM n',
  );
  d.pragma('journal_mode = DELETE');
  d.close();
  const raw = fs.readFileSync(damaged);
  raw.fill(0x41, 4096 * 3, 4096 * 3 + 2000);
  fs.writeFileSync(damaged, raw);
  expect(checkBackup(damaged)).toMatch(/damaged|could not be read/);
  expect(fs.readFileSync(database)).toEqual(before);
  expect(fs.existsSync(`${database}.restore`)).toBe(false);

  // A staged file that passes the checks but cannot be opened by this app: the previous database comes back.
  fs.writeFileSync(`${database}.restore`, 'not a database at all');
  expect(applyStagedRestore(database)).toBe('failed');
  expect(fs.readFileSync(database)).toEqual(before);
  const again = openDatabase(database);
  expect(again.prepare("SELECT value FROM app_state WHERE key = 'mine'").pluck().get()).toBe('1');
  again.close();
});
