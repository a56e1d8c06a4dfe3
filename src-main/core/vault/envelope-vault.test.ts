import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { memoryLogger } from '../log/logger';
import { EnvelopeVault } from './envelope-vault';
import type { KeyStore } from './key-store';
import { VaultUnreadableError } from './secret-vault';
import { STAND_IN_BACKEND, standInKeyStore } from './stand-in-key-store';

let dir: string;
let db: Database;
const log = memoryLogger();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-vault-'));
  db = openDatabase(path.join(dir, 'omnio.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const keyFile = () => path.join(dir, 'vault-key.json');
const openVault = (keyStore: KeyStore = standInKeyStore(keyFile()), mode: 'persistent' | 'memory' = 'persistent') =>
  EnvelopeVault.open({ db, keyStore, mode, log });
const rawSealed = (owner: string, field: string) =>
  (db.prepare('SELECT sealed FROM secrets WHERE owner = ? AND field = ?').get(owner, field) as { sealed: Buffer })
    .sealed;

/** A second stand-in-like store with another backend name: what a keyring change looks like. */
function otherBackend(name: string): KeyStore {
  const inner = standInKeyStore(path.join(dir, `${name}.json`));
  return { ...inner, backend: name, protection: 'os' };
}

describe('EnvelopeVault', () => {
  it('round-trips secrets, never storing the plaintext', async () => {
    const vault = await openVault();
    await vault.put('acc1', 'access_token', 'plain-access-token-value');
    expect(await vault.get('acc1', 'access_token')).toBe('plain-access-token-value');
    expect(vault.has('acc1', 'access_token')).toBe(true);
    expect(await vault.get('acc1', 'refresh_token')).toBeNull();
    expect(rawSealed('acc1', 'access_token').includes(Buffer.from('plain-access-token-value'))).toBe(false);
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(path.join(dir, f));
      expect(bytes.includes(Buffer.from('plain-access-token-value')), f).toBe(false);
    }
  });

  it('reopens with the same key store and reads what it wrote', async () => {
    await (await openVault()).put('acc1', 'refresh_token', 'r1-refresh');
    const again = await openVault(standInKeyStore(keyFile()));
    expect(await again.get('acc1', 'refresh_token')).toBe('r1-refresh');
  });

  it('rejects a tampered ciphertext with a typed error', async () => {
    const vault = await openVault();
    await vault.put('acc1', 'access_token', 'tamper-me-please');
    const sealed = rawSealed('acc1', 'access_token');
    sealed[sealed.length - 1] = sealed[sealed.length - 1]! ^ 0x01;
    db.prepare('UPDATE secrets SET sealed = ? WHERE owner = ? AND field = ?').run(sealed, 'acc1', 'access_token');
    const err = await vault.get('acc1', 'access_token').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultUnreadableError);
    expect((err as VaultUnreadableError).kind).toBe('undecryptable');
    expect((err as Error).message).not.toContain('tamper-me-please');
  });

  it('refuses a ciphertext moved to another owner or field (associated data)', async () => {
    const vault = await openVault();
    await vault.put('alice', 'access_token', 'alice-token-123');
    await vault.put('bob', 'access_token', 'bob-token-456');
    const alice = rawSealed('alice', 'access_token');
    db.prepare('UPDATE secrets SET sealed = ? WHERE owner = ? AND field = ?').run(alice, 'bob', 'access_token');
    await expect(vault.get('bob', 'access_token')).rejects.toBeInstanceOf(VaultUnreadableError);
    db.prepare('INSERT INTO secrets (owner, field, sealed, updated_at) VALUES (?, ?, ?, ?)').run(
      'alice',
      'refresh_token',
      alice,
      new Date().toISOString(),
    );
    await expect(vault.get('alice', 'refresh_token')).rejects.toBeInstanceOf(VaultUnreadableError);
    expect(await vault.get('alice', 'access_token')).toBe('alice-token-123');
  });

  it('a changed key-store backend makes old secrets unreadable (typed), keeps them, and keeps working', async () => {
    await (await openVault()).put('acc1', 'access_token', 'sealed-under-stand-in');
    const vault = await openVault(otherBackend('gnome_libsecret'));
    const err = await vault.get('acc1', 'access_token').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultUnreadableError);
    expect((err as VaultUnreadableError).kind).toBe('key-store-changed');
    expect(vault.unreadableReason).toContain(`from ${STAND_IN_BACKEND} to gnome_libsecret`);
    expect(vault.ownersWithUnreadableSecrets()).toEqual(['acc1']);
    // New secrets work under the new backend; the old row is not destroyed.
    await vault.put('acc2', 'access_token', 'sealed-under-keyring');
    expect(await vault.get('acc2', 'access_token')).toBe('sealed-under-keyring');
    expect(vault.has('acc1', 'access_token')).toBe(true);
    const recorded = db.prepare("SELECT value FROM app_state WHERE key = 'vault.backend'").get() as { value: string };
    expect(JSON.parse(recorded.value)).toBe('gnome_libsecret');
    // When the old backend returns, its secrets are readable again.
    const back = await openVault(standInKeyStore(keyFile()));
    expect(await back.get('acc1', 'access_token')).toBe('sealed-under-stand-in');
  });

  it('an undecryptable data key (key file replaced) gives a typed error, not a crash', async () => {
    await (await openVault()).put('acc1', 'access_token', 'lost-with-the-key');
    fs.rmSync(keyFile());
    const vault = await openVault(standInKeyStore(keyFile()));
    await expect(vault.get('acc1', 'access_token')).rejects.toMatchObject({
      name: 'VaultUnreadableError',
      kind: 'key-store-changed',
    });
    expect(vault.unreadableReason).toMatch(/could not unlock/);
  });

  it('a key store that cannot protect anything leaves the vault working in memory, disk untouched', async () => {
    await (await openVault()).put('acc1', 'access_token', 'kept-on-disk');
    const broken: KeyStore = {
      backend: 'gnome_libsecret',
      protection: 'os',
      needsUserChoice: false,
      protect: () => Promise.reject(new Error('keyring locked')),
      unprotect: () => Promise.reject(new Error('keyring locked')),
    };
    const vault = await openVault(broken);
    expect(vault.persistentUnavailable).toBe(true);
    expect(vault.protection).toBe('memory');
    expect(vault.unreadableReason).toMatch(/keyring \(gnome_libsecret\) is unavailable/);
    await vault.put('acc2', 'access_token', 'this-session-only');
    expect(await vault.get('acc2', 'access_token')).toBe('this-session-only');
    expect(db.prepare('SELECT owner FROM secrets').all()).toEqual([{ owner: 'acc1' }]);
    expect(await (await openVault(standInKeyStore(keyFile()))).get('acc1', 'access_token')).toBe('kept-on-disk');
  });

  it('deletes one field or a whole owner', async () => {
    const vault = await openVault();
    await vault.put('acc1', 'a', 'value-aaaa');
    await vault.put('acc1', 'b', 'value-bbbb');
    await vault.put('acc2', 'a', 'value-cccc');
    vault.delete('acc1', 'a');
    expect(vault.has('acc1', 'a')).toBe(false);
    expect(vault.has('acc1', 'b')).toBe(true);
    vault.delete('acc1');
    expect(vault.has('acc1', 'b')).toBe(false);
    expect(await vault.get('acc2', 'a')).toBe('value-cccc');
  });

  it('memory mode writes nothing to disk, and switching modes moves the secrets', async () => {
    const vault = await openVault(standInKeyStore(keyFile()), 'memory');
    await vault.put('acc1', 'access_token', 'memory-only-token');
    expect(await vault.get('acc1', 'access_token')).toBe('memory-only-token');
    expect(db.prepare('SELECT COUNT(*) AS n FROM secrets').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT COUNT(*) AS n FROM app_state WHERE key LIKE 'vault.%'").get()).toEqual({ n: 0 });
    expect(vault.protection).toBe('memory');
    await vault.setMode('persistent');
    expect(await vault.get('acc1', 'access_token')).toBe('memory-only-token');
    expect(db.prepare('SELECT COUNT(*) AS n FROM secrets').get()).toEqual({ n: 1 });
    await vault.setMode('memory');
    expect(await vault.get('acc1', 'access_token')).toBe('memory-only-token');
    expect(db.prepare('SELECT COUNT(*) AS n FROM secrets').get()).toEqual({ n: 0 });
  });
});

describe('standInKeyStore', () => {
  it('creates a 0600 key file that says it is not for production', async () => {
    const store = standInKeyStore(keyFile());
    const blob = await store.protect(Buffer.alloc(32, 7));
    expect((await store.unprotect(blob)).plain).toEqual(Buffer.alloc(32, 7));
    const text = fs.readFileSync(keyFile(), 'utf8');
    expect(text).toContain('NOT FOR PRODUCTION');
    if (process.platform !== 'win32') expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(store.backend).toBe('test-stand-in');
  });

  it('refuses a key file that is not its own', () => {
    fs.writeFileSync(keyFile(), JSON.stringify({ backend: 'x', keyEncryptionKey: 'AAAA' }));
    return expect(standInKeyStore(keyFile()).protect(Buffer.alloc(32))).rejects.toThrow(
      /not a valid stand-in key file/,
    );
  });
});
