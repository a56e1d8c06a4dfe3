import type { Migration } from '../migration';

// Accounts, their sealed secrets and small key/value state. Secrets are
// AES-256-GCM ciphertexts (see core/vault); nothing in this schema holds a
// token in plaintext.
export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        provider_id TEXT NOT NULL CHECK (provider_id IN ('oura','whoop','withings','garmin')),
        provider_user_id TEXT,
        label TEXT,
        auth_method TEXT NOT NULL DEFAULT 'oauth2',
        status TEXT NOT NULL,
        status_message TEXT,
        granted_scopes TEXT NOT NULL DEFAULT '[]',
        connected_at TEXT,
        credential_expires_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX accounts_provider_user ON accounts (provider_id, provider_user_id)
        WHERE provider_user_id IS NOT NULL;

      CREATE TABLE secrets (
        owner TEXT NOT NULL,
        field TEXT NOT NULL,
        sealed BLOB NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (owner, field)
      ) WITHOUT ROWID;

      CREATE TABLE app_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
