import { redactor } from '../../log/redactor';
import { VaultUnreadableError, type SecretVault } from '../../vault/secret-vault';

// What Omnio keeps of a Garmin connection, sealed in the vault under the
// account id. Never the password: a session login keeps the DI access and
// refresh tokens; a Personal API key connection keeps the key (the long-lived
// credential) and its current 24 h access token.

export const SESSION_FIELD = 'garmin.session';
export const API_KEY_FIELD = 'garmin.apiKey';

export type GarminSession =
  | {
      kind: 'session';
      accessToken: string;
      /** ISO time. */
      accessExpiresAt: string;
      refreshToken: string;
      refreshExpiresAt: string | null;
      /** The DI client id the tokens were issued to: refreshes must use the same. */
      clientId: string;
    }
  | { kind: 'api-key'; accessToken: string; accessExpiresAt: string };

export async function readSession(vault: SecretVault, accountId: string): Promise<GarminSession | null> {
  const raw = await vault.get(accountId, SESSION_FIELD);
  if (!raw) return null;
  let session: GarminSession;
  try {
    session = JSON.parse(raw) as GarminSession;
  } catch {
    // Not the parser's message: it would quote the start of the session token.
    throw new VaultUnreadableError(accountId, SESSION_FIELD, 'the stored session is not valid JSON');
  }
  redactor.add(session.accessToken);
  if (session.kind === 'session') redactor.add(session.refreshToken);
  return session;
}

export async function writeSession(vault: SecretVault, accountId: string, session: GarminSession): Promise<void> {
  redactor.add(session.accessToken);
  if (session.kind === 'session') redactor.add(session.refreshToken);
  await vault.put(accountId, SESSION_FIELD, JSON.stringify(session));
}

export async function readApiKey(vault: SecretVault, accountId: string): Promise<string | null> {
  const key = await vault.get(accountId, API_KEY_FIELD);
  redactor.add(key);
  return key;
}
