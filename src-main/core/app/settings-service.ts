import type { AppInfo, SettingsView } from '../../../src-shared/ipc/payloads';
import { OmnioError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import { redactor } from '../log/redactor';
import {
  CLIENT_SECRET_FIELD,
  clientOwner,
  describeClient,
  type CredentialSources,
} from '../providers/client-credentials';
import type { OAuthConfig } from '../oauth/oauth-config';
import { describeVault, vaultModeFor } from '../vault/vault-mode';
import type { CoreContext } from './core-context';

// Settings: sync interval and backfill window, the user's own OAuth app
// credentials ("bring your own app": the client id in settings.json, the secret
// sealed in the vault, never returned), and the Linux basic_text vault choice.

const OAUTH_PROVIDERS = ['oura', 'whoop', 'withings'] as const;

export interface SettingsService {
  handlers: Pick<Handlers, 'getSettings' | 'updateSettings' | 'chooseVaultMode'>;
  vaultInfo(): AppInfo['vault'];
  redirectUris(): Promise<AppInfo['redirectUris']>;
}

export function createSettingsService(
  ctx: CoreContext,
  config: OAuthConfig,
  sources: CredentialSources,
  appInfo: () => Promise<AppInfo>,
): SettingsService {
  const settings = ctx.platform.settings;
  const log = ctx.log.child('settings');

  const getSettings = async (): Promise<SettingsView> => ({
    syncIntervalMinutes: settings.get('syncIntervalMinutes'),
    backfillDays: settings.get('backfillDays'),
    clientCredentials: await Promise.all(
      OAUTH_PROVIDERS.map(async (id) => describeClient(id, sources, await config.redirectUriToRegister(id))),
    ),
  });

  const updateSettings: Handlers['updateSettings'] = async (input) => {
    if (input.syncIntervalMinutes !== undefined) settings.set('syncIntervalMinutes', input.syncIntervalMinutes);
    if (input.backfillDays !== undefined) settings.set('backfillDays', input.backfillDays);
    if (input.clearClientCredentials) {
      const id = input.clearClientCredentials;
      if (id === 'garmin') throw new OmnioError('INVALID_ARGUMENT', 'Garmin has no app credentials to clear.');
      const { [id]: _removed, ...rest } = settings.get('clientIds');
      settings.set('clientIds', rest);
      ctx.vault.delete(clientOwner(id));
      log.info('client credentials cleared', { provider: id });
    }
    if (input.clientCredentials) {
      const { providerId, clientId, clientSecret } = input.clientCredentials;
      if (clientSecret !== undefined) {
        redactor.add(clientSecret);
        await ctx.vault.put(clientOwner(providerId), CLIENT_SECRET_FIELD, clientSecret);
      } else if (settings.get('clientIds')[providerId] !== clientId) {
        // A new app id with the old app's secret would fail at the token endpoint: drop the old secret.
        ctx.vault.delete(clientOwner(providerId));
      }
      settings.set('clientIds', { ...settings.get('clientIds'), [providerId]: clientId.trim() });
      log.info('client credentials saved', { provider: providerId, secretChanged: clientSecret !== undefined });
    }
    return getSettings();
  };

  const chooseVaultMode: Handlers['chooseVaultMode'] = async ({ mode }) => {
    if (!ctx.platform.keyStore.needsUserChoice) {
      throw new OmnioError(
        'INVALID_ARGUMENT',
        'Your system keyring protects Omnio’s tokens; there is nothing to choose.',
      );
    }
    settings.set('vaultModeChoice', mode);
    await ctx.vault.setMode(vaultModeFor(ctx.platform.keyStore, mode));
    log.info('vault mode chosen', { mode });
    return appInfo();
  };

  return {
    handlers: { getSettings, updateSettings, chooseVaultMode },
    vaultInfo: () =>
      describeVault(
        ctx.platform.keyStore,
        ctx.vault.currentMode,
        settings.get('vaultModeChoice'),
        ctx.vault.unreadableReason,
      ),
    redirectUris: async () => {
      const out: AppInfo['redirectUris'] = {};
      for (const id of OAUTH_PROVIDERS) out[id] = await config.redirectUriToRegister(id);
      return out;
    },
  };
}
