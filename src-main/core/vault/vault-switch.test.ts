import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type OmnioCore } from '../app/create-core';
import { recordingPlatform } from '../app/test-support/recording-platform';
import { openDatabase, type Database } from '../db/database';
import { memoryLogger } from '../log/logger';
import { EnvelopeVault } from './envelope-vault';
import type { KeyStore } from './key-store';
import { standInKeyStore } from './stand-in-key-store';

// Issue 13, item 5: the vault mode switch is atomic, "weak" is offered only
// where the OS can encrypt at all, consent lapses when the backend changes,
// and a rotated OS key leads to the data key being protected again.

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-vault-switch-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const keyFile = () => path.join(dir, 'vault-key.json');

/** Linux without a keyring, as safe-storage-key-store reports it. */
function basicText(overrides: Partial<KeyStore> = {}): KeyStore {
  return {
    ...standInKeyStore(keyFile()),
    backend: 'basic_text',
    protection: 'weak',
    needsUserChoice: true,
    ...overrides,
  };
}
const failingProtect = () => Promise.reject(new Error('keyring refused to protect the key'));

describe('EnvelopeVault.setMode is atomic', () => {
  let db: Database;
  beforeEach(() => {
    db = openDatabase(path.join(dir, 'omnio.sqlite'));
  });
  afterEach(() => db.close());

  it('a failed switch to persistent leaves the memory vault, its keys and its secrets as they were', async () => {
    const vault = await EnvelopeVault.open({
      db,
      keyStore: basicText({ protect: failingProtect }),
      mode: 'memory',
      log: memoryLogger(),
    });
    await vault.put('acc1', 'access_token', 'this-session-token');
    await expect(vault.setMode('persistent')).rejects.toThrow(/refused to protect/);
    expect(vault.currentMode).toBe('memory');
    expect(vault.protection).toBe('memory');
    expect(await vault.get('acc1', 'access_token')).toBe('this-session-token');
    await vault.put('acc2', 'access_token', 'still-writable');
    expect(await vault.get('acc2', 'access_token')).toBe('still-writable');
    expect(db.prepare('SELECT COUNT(*) AS n FROM secrets').get()).toEqual({ n: 0 });
  });
});

describe('chooseVaultMode', () => {
  let core: OmnioCore | null = null;
  afterEach(async () => {
    await core?.close();
    core = null;
  });
  const dataDir = () => path.join(dir, 'data');
  const start = async (keyStore: KeyStore) => {
    await core?.close();
    core = await createCore({ dataDir: dataDir(), platform: recordingPlatform(dataDir(), { keyStore }), env: {} });
    return core;
  };
  const choiceOnDisk = () =>
    (JSON.parse(fs.readFileSync(path.join(dataDir(), 'settings.json'), 'utf8')) as { vaultModeChoice?: unknown })
      .vaultModeChoice ?? null;

  it('a failed switch keeps the choice unsaved, the window honest and the tokens of this session', async () => {
    const c = await start(basicText({ protect: failingProtect }));
    await c.handlers.updateSettings({
      clientCredentials: { providerId: 'whoop', clientId: 'id', clientSecret: 'secret-of-this-session' },
    });
    await expect(c.handlers.chooseVaultMode({ mode: 'weak' })).rejects.toMatchObject({
      code: 'VAULT_UNAVAILABLE',
      message: expect.stringMatching(/nothing was changed/),
    });
    const info = await c.handlers.getAppInfo({});
    expect(info.vault).toMatchObject({ protection: 'memory', needsChoice: true });
    expect(choiceOnDisk()).toBeNull();
    const whoop = (await c.handlers.getSettings({})).clientCredentials.find((x) => x.providerId === 'whoop');
    expect(whoop?.hasClientSecret).toBe(true);
  });

  it('"weak" is not offered, and refused, where the OS has no encryption at all', async () => {
    const c = await start(basicText({ backend: 'unknown', canPersist: false, protect: failingProtect }));
    const info = await c.handlers.getAppInfo({});
    expect(info.vault).toMatchObject({ needsChoice: true, weakOffered: false, protection: 'memory' });
    expect(info.vault.explanation).toMatch(/can only be kept in memory/);
    await expect(c.handlers.chooseVaultMode({ mode: 'weak' })).rejects.toMatchObject({ code: 'VAULT_UNAVAILABLE' });
    expect((await c.handlers.chooseVaultMode({ mode: 'memory' })).vault).toMatchObject({ needsChoice: false });
  });

  it('consent to weak encryption is asked again when the backend falls back to basic_text', async () => {
    let c = await start(basicText());
    expect((await c.handlers.getAppInfo({})).vault).toMatchObject({ weakOffered: true, needsChoice: true });
    await c.handlers.chooseVaultMode({ mode: 'weak' });
    expect(choiceOnDisk()).toBe('weak');

    // Same backend next time: the consent stands.
    c = await start(basicText());
    expect((await c.handlers.getAppInfo({})).vault).toMatchObject({ protection: 'weak', needsChoice: false });

    // A real keyring for a while…
    const keyring: KeyStore = {
      ...standInKeyStore(path.join(dir, 'keyring.json')),
      backend: 'gnome_libsecret',
      protection: 'os',
    };
    c = await start(keyring);
    expect((await c.handlers.getAppInfo({})).vault).toMatchObject({ protection: 'os', needsChoice: false });

    // …then back to basic_text: asked again, and memory-only until answered.
    c = await start(basicText());
    expect((await c.handlers.getAppInfo({})).vault).toMatchObject({ protection: 'memory', needsChoice: true });
    expect(choiceOnDisk()).toBeNull();
  });
});

describe('a rotated OS key (shouldReEncrypt)', () => {
  let db: Database;
  beforeEach(() => {
    db = openDatabase(path.join(dir, 'omnio.sqlite'));
  });
  afterEach(() => db.close());

  /** Like safeStorage: blobs carry the OS key version; `accepts` are the versions it can still open. */
  function osStore(version: number, accepts: number[]): KeyStore {
    const inner = standInKeyStore(keyFile());
    return {
      ...inner,
      backend: 'keychain',
      protection: 'os',
      protect: async (plain) => Buffer.concat([Buffer.from([version]), await inner.protect(plain)]),
      unprotect: async (blob) => {
        if (!accepts.includes(blob[0]!)) throw new Error('blob protected by a retired OS key');
        const { plain } = await inner.unprotect(blob.subarray(1));
        return { plain, reprotect: blob[0] !== version };
      },
    };
  }
  const storedKeyVersions = () =>
    (
      JSON.parse(
        (db.prepare("SELECT value FROM app_state WHERE key = 'vault.keys'").get() as { value: string }).value,
      ) as {
        protectedKey: string;
      }[]
    ).map((k) => Buffer.from(k.protectedKey, 'base64')[0]);

  it('protects the data key again, so secrets still open once the old OS key is retired', async () => {
    const log = memoryLogger();
    const open = (store: KeyStore) => EnvelopeVault.open({ db, keyStore: store, mode: 'persistent', log });
    await (await open(osStore(1, [1]))).put('acc1', 'refresh_token', 'survives-rotation');
    expect(storedKeyVersions()).toEqual([1]);

    const rotated = await open(osStore(2, [1, 2]));
    expect(await rotated.get('acc1', 'refresh_token')).toBe('survives-rotation');
    expect(storedKeyVersions()).toEqual([2]);
    expect(log.lines.some((l) => l.includes('protected again'))).toBe(true);

    const retired = await open(osStore(2, [2]));
    expect(await retired.get('acc1', 'refresh_token')).toBe('survives-rotation');
    expect(retired.unreadableReason).toBeNull();
  });
});
