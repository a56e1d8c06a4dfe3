import type { ClientCredentialsView } from '../../../src-shared/ipc/payloads';
import { redactor } from '../log/redactor';
import type { SettingsStore } from '../settings/settings-store';
import type { SecretVault } from '../vault/secret-vault';
import { buildTimeCredentials } from './build-credentials';
import type { OAuthProviderDefinition } from './definition';
import type { ProviderOverrides } from './overrides';

// Which client id/secret Omnio uses for a provider. Precedence (docs/oauth.md):
// OMNIO_PROVIDERS override > the user's own app entered in Settings >
// build-time credentials. The first source that has a client id wins, with its
// own secret: secrets are never mixed across sources.

type Id = OAuthProviderDefinition['id'];

export const clientOwner = (id: Id): string => `client:${id}`;
export const CLIENT_SECRET_FIELD = 'client_secret';

export interface ResolvedClient {
  clientId: string;
  clientSecret: string | null;
  source: Exclude<ClientCredentialsView['source'], 'none'>;
  /** A redirect URI fixed by the source (override or build), else null: the runtime picks one. */
  fixedRedirectUri: string | null;
}

export interface CredentialSources {
  overrides: ProviderOverrides;
  settings: SettingsStore;
  vault: SecretVault;
  env: Readonly<Record<string, string | undefined>>;
}

export async function resolveClient(id: Id, src: CredentialSources): Promise<ResolvedClient | null> {
  const o = src.overrides[id];
  if (o?.clientId) {
    redactor.add(o.clientSecret);
    return {
      clientId: o.clientId,
      clientSecret: o.clientSecret ?? null,
      source: 'override',
      fixedRedirectUri: o.redirectUri ?? null,
    };
  }
  const userId = src.settings.get('clientIds')[id];
  if (userId) {
    const secret = await src.vault.get(clientOwner(id), CLIENT_SECRET_FIELD);
    redactor.add(secret);
    return { clientId: userId, clientSecret: secret, source: 'user', fixedRedirectUri: o?.redirectUri ?? null };
  }
  const built = buildTimeCredentials(id, src.env);
  if (built.clientId) {
    redactor.add(built.clientSecret);
    return {
      clientId: built.clientId,
      clientSecret: built.clientSecret,
      source: 'build',
      fixedRedirectUri: o?.redirectUri ?? built.redirectUri,
    };
  }
  return null;
}

/** What Settings shows: never the secret, only whether one is stored. */
export async function describeClient(
  id: Id,
  src: CredentialSources,
  redirectUri: string,
): Promise<ClientCredentialsView> {
  let resolved: ResolvedClient | null = null;
  try {
    resolved = await resolveClient(id, src);
  } catch {
    // An unreadable stored secret: shown as "no secret"; the user can enter it again.
    resolved = {
      clientId: src.settings.get('clientIds')[id] ?? '',
      clientSecret: null,
      source: 'user',
      fixedRedirectUri: null,
    };
  }
  return {
    providerId: id,
    clientId: resolved?.clientId ?? null,
    hasClientSecret: !!resolved?.clientSecret,
    source: resolved?.source ?? 'none',
    redirectUri: resolved?.fixedRedirectUri ?? redirectUri,
  };
}
