import type { Database } from '../db/database';

// Where sealed (already encrypted) secrets sit: the `secrets` table, or a Map
// for the memory-only mode. Neither ever sees a plaintext.

export interface SealedRow {
  owner: string;
  field: string;
  sealed: Buffer;
}

export interface SealedStore {
  readonly persistent: boolean;
  read(owner: string, field: string): Buffer | null;
  write(owner: string, field: string, sealed: Buffer): void;
  remove(owner: string, field?: string): void;
  all(): SealedRow[];
}

export function tableStore(db: Database, now: () => Date): SealedStore {
  return {
    persistent: true,
    read(owner, field) {
      const row = db.prepare('SELECT sealed FROM secrets WHERE owner = ? AND field = ?').get(owner, field) as
        { sealed: Buffer } | undefined;
      return row ? Buffer.from(row.sealed) : null;
    },
    write(owner, field, sealed) {
      db.prepare(
        `INSERT INTO secrets (owner, field, sealed, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (owner, field) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
      ).run(owner, field, sealed, now().toISOString());
    },
    remove(owner, field) {
      if (field === undefined) db.prepare('DELETE FROM secrets WHERE owner = ?').run(owner);
      else db.prepare('DELETE FROM secrets WHERE owner = ? AND field = ?').run(owner, field);
    },
    all() {
      return (db.prepare('SELECT owner, field, sealed FROM secrets ORDER BY owner, field').all() as SealedRow[]).map(
        (r) => ({ ...r, sealed: Buffer.from(r.sealed) }),
      );
    },
  };
}

export function memoryStore(): SealedStore {
  const rows = new Map<string, SealedRow>();
  const k = (owner: string, field: string) => `${owner}\u0000${field}`;
  return {
    persistent: false,
    read: (owner, field) => rows.get(k(owner, field))?.sealed ?? null,
    write: (owner, field, sealed) => void rows.set(k(owner, field), { owner, field, sealed }),
    remove(owner, field) {
      for (const [key, row] of rows)
        if (row.owner === owner && (field === undefined || row.field === field)) rows.delete(key);
    },
    all: () => [...rows.values()],
  };
}
