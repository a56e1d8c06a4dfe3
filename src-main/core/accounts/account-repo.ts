import { randomUUID } from 'node:crypto';
import type { AccountStatus } from '../../../src-shared/accounts';
import type { ProviderId } from '../../../src-shared/providers';
import type { Database } from '../db/database';

export interface AccountRow {
  id: string;
  providerId: ProviderId;
  providerUserId: string | null;
  label: string | null;
  authMethod: 'oauth2' | 'garmin-session' | 'garmin-api-key';
  status: AccountStatus;
  statusMessage: string | null;
  grantedScopes: string[];
  connectedAt: string | null;
  credentialExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

interface RawRow {
  id: string;
  provider_id: ProviderId;
  provider_user_id: string | null;
  label: string | null;
  auth_method: AccountRow['authMethod'];
  status: AccountStatus;
  status_message: string | null;
  granted_scopes: string;
  connected_at: string | null;
  credential_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

function fromRaw(r: RawRow): AccountRow {
  return {
    id: r.id,
    providerId: r.provider_id,
    providerUserId: r.provider_user_id,
    label: r.label,
    authMethod: r.auth_method,
    status: r.status,
    statusMessage: r.status_message,
    grantedScopes: JSON.parse(r.granted_scopes) as string[],
    connectedAt: r.connected_at,
    credentialExpiresAt: r.credential_expires_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Accounts table access. Rows carry no secrets: those live in the vault. */
export class AccountRepo {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): AccountRow[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY created_at, id').all() as RawRow[]).map(fromRaw);
  }

  get(id: string): AccountRow | null {
    const r = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as RawRow | undefined;
    return r ? fromRaw(r) : null;
  }

  findByProviderUser(providerId: ProviderId, providerUserId: string): AccountRow | null {
    const r = this.db
      .prepare('SELECT * FROM accounts WHERE provider_id = ? AND provider_user_id = ?')
      .get(providerId, providerUserId) as RawRow | undefined;
    return r ? fromRaw(r) : null;
  }

  create(input: {
    providerId: ProviderId;
    providerUserId: string | null;
    label: string | null;
    authMethod: AccountRow['authMethod'];
    status: AccountStatus;
    grantedScopes: string[];
    credentialExpiresAt?: string | null;
  }): AccountRow {
    const id = randomUUID().replaceAll('-', '');
    const at = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO accounts (id, provider_id, provider_user_id, label, auth_method, status, status_message,
           granted_scopes, connected_at, credential_expires_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        input.providerId,
        input.providerUserId,
        input.label,
        input.authMethod,
        input.status,
        JSON.stringify(input.grantedScopes),
        input.status === 'connected' ? at : null,
        input.credentialExpiresAt ?? null,
        at,
        at,
      );
    return this.get(id)!;
  }

  update(
    id: string,
    patch: Partial<
      Pick<
        AccountRow,
        | 'providerUserId'
        | 'label'
        | 'authMethod'
        | 'status'
        | 'statusMessage'
        | 'grantedScopes'
        | 'connectedAt'
        | 'credentialExpiresAt'
      >
    >,
  ): AccountRow {
    const cols: Record<string, unknown> = {};
    if ('providerUserId' in patch) cols.provider_user_id = patch.providerUserId;
    if ('label' in patch) cols.label = patch.label;
    if ('authMethod' in patch) cols.auth_method = patch.authMethod;
    if ('status' in patch) cols.status = patch.status;
    if ('statusMessage' in patch) cols.status_message = patch.statusMessage;
    if ('grantedScopes' in patch) cols.granted_scopes = JSON.stringify(patch.grantedScopes);
    if ('connectedAt' in patch) cols.connected_at = patch.connectedAt;
    if ('credentialExpiresAt' in patch) cols.credential_expires_at = patch.credentialExpiresAt;
    cols.updated_at = this.now().toISOString();
    const names = Object.keys(cols);
    this.db
      .prepare(`UPDATE accounts SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`)
      .run({ ...cols, id });
    const row = this.get(id);
    if (!row) throw new Error(`account ${id} vanished during update`);
    return row;
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
  }
}
