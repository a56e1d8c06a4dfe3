import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSink } from '../log/logger';
import { openDatabase } from './database';

// Issue 13, item 7: the database, its WAL and SHM files and the log are
// owner-only (0600) from the moment they exist, whatever the umask allows.

const mode = (f: string) => fs.statSync(f).mode & 0o777;
let dir: string;
let umask: number;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-modes-'));
  umask = process.umask(0o022); // the common default: new files 0644 unless asked otherwise
});
afterEach(() => {
  process.umask(umask);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('file modes', () => {
  it('the database, -wal and -shm are 0600 while the database is open', () => {
    const file = path.join(dir, 'data', 'omnio.sqlite');
    const db = openDatabase(file);
    try {
      db.prepare("INSERT INTO app_state (key, value) VALUES ('k', '\"v\"')").run();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) {
        expect(fs.existsSync(f), f).toBe(true);
        expect(mode(f).toString(8), f).toBe('600');
      }
    } finally {
      db.close();
    }
  });

  it('files an older build left with wider modes are narrowed on open', () => {
    const file = path.join(dir, 'omnio.sqlite');
    openDatabase(file).close();
    fs.chmodSync(file, 0o644);
    const db = openDatabase(file);
    try {
      expect(mode(file).toString(8)).toBe('600');
    } finally {
      db.close();
    }
  });

  it('the log file is 0600 from its creation, and an older one is narrowed', () => {
    const log = path.join(dir, 'logs', 'omnio.log');
    new FileSink(log).write('first line');
    expect(mode(log).toString(8)).toBe('600');
    fs.chmodSync(log, 0o644);
    new FileSink(log).write('second line');
    expect(mode(log).toString(8)).toBe('600');
  });
});
