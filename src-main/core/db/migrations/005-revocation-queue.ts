import type { Migration } from '../migration';

// Revocations at the provider that could not be done when the user
// disconnected (offline, provider down). A row names only the provider and
// the deadline; the one token needed to revoke is sealed in the vault under
// the owner `revoke:<id>` (core/disconnect/revocation-queue.ts) and nothing
// else may read it. No account id: the account may already be deleted, and
// the entry must not keep it alive.
export const revocationQueue: Migration = {
  version: 5,
  name: 'revocation-queue',
  up(db) {
    db.exec(`
      CREATE TABLE revocation_queue (
        id TEXT PRIMARY KEY,
        provider_id TEXT NOT NULL CHECK (provider_id IN ('oura','whoop','withings','garmin')),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_attempt_at TEXT,
        last_error TEXT
      );
    `);
  },
};
