import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { KeyStore } from './key-store';
import { unwrapKey, wrapKey } from './sealing';

// The plain-Node stand-in for safeStorage, used by tests and the browser host
// only. It keeps a random key-encryption key in `<dataDir>/vault-key.json`
// (mode 0600). Anyone who can read that file can unlock the vault: it protects
// against nothing but a casual look at the database. The file says so itself.

export const STAND_IN_BACKEND = 'test-stand-in';

const WARNING =
  'NOT FOR PRODUCTION. This file holds the key that unlocks Omnio\u2019s token vault when Omnio runs ' +
  'under plain Node (tests, browser host). It is not protected by any OS keyring: anyone who can read ' +
  'this file can decrypt the tokens in omnio.sqlite. The Electron app uses the OS keyring (safeStorage) instead.';

interface KeyFile {
  warning: string;
  backend: typeof STAND_IN_BACKEND;
  keyEncryptionKey: string;
}

function readOrCreate(file: string): Buffer {
  if (fs.existsSync(file)) {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<KeyFile>;
    const kek = Buffer.from(parsed.keyEncryptionKey ?? '', 'base64');
    if (parsed.backend !== STAND_IN_BACKEND || kek.length !== 32) {
      throw new Error(`${file} is not a valid stand-in key file`);
    }
    return kek;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const kek = randomBytes(32);
  const content: KeyFile = { warning: WARNING, backend: STAND_IN_BACKEND, keyEncryptionKey: kek.toString('base64') };
  // `wx`: never overwrite a key another process just created (that would orphan its vault).
  fs.writeFileSync(file, JSON.stringify(content, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return kek;
}

export function standInKeyStore(keyFile: string): KeyStore {
  let kek: Buffer | null = null;
  const key = () => (kek ??= readOrCreate(keyFile));
  return {
    backend: STAND_IN_BACKEND,
    protection: 'test-stand-in',
    needsUserChoice: false,
    protect: async (plain) => wrapKey(key(), plain),
    unprotect: async (blob) => ({ plain: unwrapKey(key(), blob), reprotect: false }),
  };
}
