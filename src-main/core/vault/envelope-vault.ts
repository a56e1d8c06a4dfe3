import { randomBytes } from 'node:crypto';
import type { VaultProtection } from '../../../src-shared/ipc/payloads';
import type { Database } from '../db/database';
import type { Logger } from '../log/logger';
import type { KeyStore } from './key-store';
import { memoryStore, tableStore, type SealedStore } from './sealed-store';
import { open, seal, sealedGeneration } from './sealing';
import { VaultUnreadableError, type SecretVault } from './secret-vault';

// Envelope encryption: one random 32-byte data key per "generation", protected
// by the platform KeyStore (safeStorage, or the stand-in file), each secret
// sealed with AES-256-GCM under it (see sealing.ts).
//
// Every generation's protected key is kept in app_state with the backend that
// protected it. When the backend changes (a Linux keyring became unavailable,
// the profile moved machines) or a key cannot be unlocked, a new generation is
// started for new secrets and the old rows stay untouched: reading them throws
// VaultUnreadableError('key-store-changed') so their accounts go to
// needs_reconnect, and should the old backend come back they are readable
// again. Nothing is ever deleted because it could not be decrypted.
//
// Memory mode (Linux basic_text when the user chose it): the data key and the
// sealed secrets live in this process only; nothing is written to disk.

export type VaultMode = 'persistent' | 'memory';

const KEYS = 'vault.keys';
const BACKEND = 'vault.backend';

interface StoredKey {
  generation: number;
  backend: string;
  protectedKey: string;
  createdAt: string;
}

export interface VaultOptions {
  db: Database;
  keyStore: KeyStore;
  mode: VaultMode;
  log: Logger;
  now?: () => Date;
}

export class EnvelopeVault implements SecretVault {
  private keys = new Map<number, Buffer>();
  private generation = 0;
  private store: SealedStore;
  private mode: VaultMode;
  /** Why some stored secrets cannot be read (shown to the user with needs_reconnect), or null. */
  private keyChangeReason: string | null = null;
  private readonly now: () => Date;

  private constructor(private readonly options: VaultOptions) {
    this.now = options.now ?? (() => new Date());
    this.mode = options.mode;
    this.store = options.mode === 'memory' ? memoryStore() : tableStore(options.db, this.now);
  }

  static async open(options: VaultOptions): Promise<EnvelopeVault> {
    const vault = new EnvelopeVault(options);
    if (options.mode === 'memory') {
      vault.startMemoryGeneration();
      return vault;
    }
    try {
      vault.useKeySet(await vault.loadPersistentKeys());
    } catch (err) {
      // The key store cannot protect a key at all (keyring locked or gone). Starting is more
      // important than persisting: keep this session's secrets in memory, touch nothing on disk,
      // and say why. Stored secrets stay as they are for when the keyring is back.
      options.log.error('vault: key store unavailable, keeping secrets in memory for this session', { error: err });
      vault.mode = 'memory';
      vault.store = memoryStore();
      vault.startMemoryGeneration();
      vault.keyChangeReason = `the system keyring (${options.keyStore.backend}) is unavailable, so stored tokens cannot be read`;
      vault.persistentUnavailable = true;
    }
    return vault;
  }

  /** True when persistent storage was asked for but the key store failed: this session is memory-only. */
  persistentUnavailable = false;

  get backend(): string {
    return this.options.keyStore.backend;
  }

  get currentMode(): VaultMode {
    return this.mode;
  }

  get protection(): VaultProtection {
    return this.mode === 'memory' ? 'memory' : this.options.keyStore.protection;
  }

  /** Set when the key store changed or could not unlock an older data key; explains needs_reconnect. */
  get unreadableReason(): string | null {
    return this.keyChangeReason;
  }

  async put(owner: string, field: string, value: string): Promise<void> {
    const key = this.keys.get(this.generation);
    if (!key) throw new Error('vault has no data key');
    this.store.write(owner, field, seal(key, this.generation, owner, field, value));
  }

  async get(owner: string, field: string): Promise<string | null> {
    const sealed = this.store.read(owner, field);
    if (!sealed) return null;
    const generation = sealedGeneration(sealed);
    if (generation === null) throw new VaultUnreadableError(owner, field, 'the stored value is not a sealed secret');
    const key = this.keys.get(generation);
    if (!key) {
      throw new VaultUnreadableError(
        owner,
        field,
        this.keyChangeReason ?? 'it was sealed with a key this key store cannot unlock',
        'key-store-changed',
      );
    }
    try {
      return open(key, owner, field, sealed);
    } catch {
      // GCM authentication failed: tampered, corrupted, or copied from another owner/field.
      throw new VaultUnreadableError(owner, field, 'the stored value failed authentication');
    }
  }

  delete(owner: string, field?: string): void {
    this.store.remove(owner, field);
  }

  has(owner: string, field: string): boolean {
    return this.store.read(owner, field) !== null;
  }

  /** Owners with at least one secret this vault cannot unlock (sealed under an unavailable key). */
  ownersWithUnreadableSecrets(): string[] {
    const owners = new Set<string>();
    for (const row of this.store.all()) {
      const generation = sealedGeneration(row.sealed);
      if (generation === null || !this.keys.has(generation)) owners.add(row.owner);
    }
    return [...owners];
  }

  /**
   * Switches between memory-only and persistent storage (the Linux basic_text
   * choice). Readable secrets move with the switch, re-sealed under the new
   * mode's key; going to memory removes them from disk.
   *
   * Atomic (issue 13): the new key and store are built and every secret is
   * sealed for them first; only then is anything swapped. When the key store
   * fails (it cannot protect a key), this throws and the vault is exactly as
   * it was: same mode, same keys, this session's secrets still readable.
   */
  async setMode(mode: VaultMode): Promise<void> {
    if (mode === this.mode) return;
    const readable: { owner: string; field: string; value: string }[] = [];
    for (const row of this.store.all()) {
      try {
        const value = await this.get(row.owner, row.field);
        if (value !== null) readable.push({ owner: row.owner, field: row.field, value });
      } catch {
        // Unreadable rows stay where they are (persistent) or are dropped with the memory store.
      }
    }
    const next: KeySet & { store: SealedStore } =
      mode === 'memory'
        ? { ...memoryKeySet(), store: memoryStore() }
        : { ...(await this.loadPersistentKeys()), store: tableStore(this.options.db, this.now) };
    const key = next.keys.get(next.generation)!;
    const sealed = readable.map((s) => ({ ...s, sealed: seal(key, next.generation, s.owner, s.field, s.value) }));
    const writeAll = () => {
      for (const s of sealed) next.store.write(s.owner, s.field, s.sealed);
    };
    if (next.store.persistent) this.options.db.transaction(writeAll)();
    else writeAll();
    // Everything the new mode needs exists: swap.
    const previous = this.store;
    this.store = next.store;
    this.keys = next.keys;
    this.generation = next.generation;
    this.mode = mode;
    if (mode === 'persistent') {
      this.keyChangeReason = next.reason;
      this.persistentUnavailable = false;
    } else {
      for (const s of readable) previous.remove(s.owner, s.field);
    }
  }

  private startMemoryGeneration(): void {
    const set = memoryKeySet();
    this.keys = set.keys;
    this.generation = set.generation;
  }

  private useKeySet(set: KeySet): void {
    this.keys = set.keys;
    this.generation = set.generation;
    this.keyChangeReason = set.reason;
  }

  /**
   * Unlocks the stored data keys of this backend, or protects a new one. Writes
   * only app_state (a new generation's protected key, a re-protected key, the
   * backend name); the vault's own fields are the caller's to set.
   */
  private async loadPersistentKeys(): Promise<KeySet> {
    const { db, keyStore, log } = this.options;
    const stored = readState<StoredKey[]>(db, KEYS) ?? [];
    const recordedBackend = readState<string>(db, BACKEND);
    const keys = new Map<number, Buffer>();
    let reason: string | null = null;
    let reprotected = false;
    for (const k of stored) {
      if (k.backend !== keyStore.backend) continue;
      try {
        const { plain, reprotect } = await keyStore.unprotect(Buffer.from(k.protectedKey, 'base64'));
        if (plain.length !== 32) continue;
        keys.set(k.generation, plain);
        if (reprotect) {
          // The OS rotated its key (safeStorage's shouldReEncrypt): protect the data key
          // again so the stored blob does not depend on the retired OS key.
          k.protectedKey = (await keyStore.protect(plain)).toString('base64');
          reprotected = true;
          log.info('vault: data key protected again after the key store rotated its key', {
            generation: k.generation,
          });
        }
      } catch (err) {
        log.warn('vault: a stored data key could not be unlocked', { generation: k.generation, error: err });
      }
    }
    if (reprotected) writeState(db, KEYS, stored);
    const newest = stored.reduce((max, k) => Math.max(max, k.generation), 0);
    let generation = newest;
    if (newest === 0 || !keys.has(newest)) {
      if (newest > 0) {
        reason =
          recordedBackend && recordedBackend !== keyStore.backend
            ? `the key store protecting your tokens changed (from ${recordedBackend} to ${keyStore.backend})`
            : 'the key store could not unlock the key protecting your tokens';
        log.warn('vault: starting a new data key; older secrets stay unreadable until the old key store returns', {
          recordedBackend,
          backend: keyStore.backend,
        });
      }
      const key = randomBytes(32);
      generation = newest + 1;
      const entry: StoredKey = {
        generation,
        backend: keyStore.backend,
        protectedKey: (await keyStore.protect(key)).toString('base64'),
        createdAt: this.now().toISOString(),
      };
      writeState(db, KEYS, [...stored, entry]);
      keys.set(generation, key);
    }
    if (keys.size < stored.length + (generation > newest ? 1 : 0) && !reason) {
      reason = `some tokens were protected by another key store (${recordedBackend ?? 'unknown'})`;
    }
    writeState(db, BACKEND, keyStore.backend);
    return { keys, generation, reason };
  }
}

interface KeySet {
  keys: Map<number, Buffer>;
  generation: number;
  reason: string | null;
}

function memoryKeySet(): KeySet {
  return { keys: new Map([[1, randomBytes(32)]]), generation: 1, reason: null };
}

/** The backend that protected the newest stored data key, or null (never persisted). */
export function recordedVaultBackend(db: Database): string | null {
  return readState<string>(db, BACKEND);
}

function readState<T>(db: Database, key: string): T | null {
  const row = db.prepare('SELECT value FROM app_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : null;
}

function writeState(db: Database, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}
