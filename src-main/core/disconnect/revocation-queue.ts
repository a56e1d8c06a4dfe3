import { randomUUID } from 'node:crypto';
import type { ProviderId } from '../../../src-shared/providers';
import type { Database } from '../db/database';
import { redactor } from '../log/redactor';
import type { SecretVault } from '../vault/secret-vault';
import type { GrantTokens } from './revoke-grant';
import { loadOrigins, saveOrigins } from '../auth/token-origins';

// Revocations waiting for the network. The row (table revocation_queue,
// migration 005) holds the provider and the deadline; the tokens needed to
// revoke are sealed in the vault under their own owner `revoke:<id>`, apart
// from any account, so nothing that syncs can find or use them. They are
// deleted with the entry: after the revocation succeeded, failed for good, or
// the entry expired.

/** How long a queued revocation is kept before Omnio gives up and tells the user. */
export const REVOCATION_TTL_MS = 7 * 24 * 3600_000;

const FIELDS = { access: 'access_token', expiresAt: 'access_expires_at', refresh: 'refresh_token' } as const;

export interface QueuedRevocation {
  id: string;
  providerId: ProviderId;
  createdAt: string;
  expiresAt: string;
  attempts: number;
  lastError: string | null;
}

interface RawRow {
  id: string;
  provider_id: ProviderId;
  created_at: string;
  expires_at: string;
  attempts: number;
  last_error: string | null;
}

export const revocationOwner = (id: string) => `revoke:${id}`;

export class RevocationQueue {
  constructor(
    private readonly db: Database,
    private readonly vault: SecretVault,
    private readonly now: () => Date,
    private readonly ttlMs = REVOCATION_TTL_MS,
  ) {}

  /** Seals the tokens first, then writes the row: a row never exists without its tokens. */
  async enqueue(providerId: ProviderId, tokens: GrantTokens): Promise<QueuedRevocation> {
    const id = randomUUID().replaceAll('-', '');
    const owner = revocationOwner(id);
    if (tokens.accessToken) await this.vault.put(owner, FIELDS.access, tokens.accessToken);
    if (tokens.accessExpiresAt) await this.vault.put(owner, FIELDS.expiresAt, tokens.accessExpiresAt.toISOString());
    if (tokens.refreshToken) await this.vault.put(owner, FIELDS.refresh, tokens.refreshToken);
    if (tokens.origins) await saveOrigins(this.vault, owner, tokens.origins);
    const at = this.now();
    this.db
      .prepare('INSERT INTO revocation_queue (id, provider_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(id, providerId, at.toISOString(), new Date(at.getTime() + this.ttlMs).toISOString());
    return this.get(id)!;
  }

  get(id: string): QueuedRevocation | null {
    const r = this.db.prepare('SELECT * FROM revocation_queue WHERE id = ?').get(id) as RawRow | undefined;
    return r ? fromRaw(r) : null;
  }

  list(): QueuedRevocation[] {
    return (this.db.prepare('SELECT * FROM revocation_queue ORDER BY created_at, id').all() as RawRow[]).map(fromRaw);
  }

  /**
   * The sealed tokens of an entry, or null when they are gone (memory-only
   * vault after a restart) or can no longer be decrypted (key store changed).
   */
  async tokens(id: string): Promise<GrantTokens | null> {
    const owner = revocationOwner(id);
    try {
      const accessToken = await this.vault.get(owner, FIELDS.access);
      const refreshToken = await this.vault.get(owner, FIELDS.refresh);
      if (!accessToken && !refreshToken) return null;
      // Read back in a later session: the log redactor must know them before anything can log.
      redactor.add(accessToken);
      redactor.add(refreshToken);
      const expires = await this.vault.get(owner, FIELDS.expiresAt);
      const origins = await loadOrigins(this.vault, owner);
      return { accessToken, refreshToken, accessExpiresAt: expires ? new Date(expires) : null, origins };
    } catch {
      return null;
    }
  }

  isExpired(entry: QueuedRevocation): boolean {
    return Date.parse(entry.expiresAt) <= this.now().getTime();
  }

  noteAttempt(id: string, error: string): void {
    this.db
      .prepare('UPDATE revocation_queue SET attempts = attempts + 1, last_attempt_at = ?, last_error = ? WHERE id = ?')
      .run(this.now().toISOString(), error, id);
  }

  /** Deletes the entry and its sealed tokens. */
  remove(id: string): void {
    this.vault.delete(revocationOwner(id));
    this.db.prepare('DELETE FROM revocation_queue WHERE id = ?').run(id);
  }
}

function fromRaw(r: RawRow): QueuedRevocation {
  return {
    id: r.id,
    providerId: r.provider_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    attempts: r.attempts,
    lastError: r.last_error,
  };
}
