import type { AppInfo, EndpointsView, SettingsView } from '../../../src-shared/ipc/payloads';
import { PROVIDERS } from '../../../src-shared/providers';
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
import { parseProviderOverrides } from '../providers/overrides';
import type { EndpointKey } from '../settings/settings-store';
import { authorizeEndpointChange } from './endpoint-change-gate';
import { describeVault, vaultModeFor, weakOffered } from '../vault/vault-mode';
import type { CoreContext } from './core-context';

// Settings: sync interval and backfill window, the user's own OAuth app
// credentials ("bring your own app": the client id in settings.json, the secret
// sealed in the vault, never returned), and the Linux basic_text vault choice.

const OAUTH_PROVIDERS = ['oura', 'whoop', 'withings'] as const;
const ENDPOINT_KEYS: readonly EndpointKey[] = ['authorizationUrl', 'tokenUrl', 'revocationUrl', 'apiBaseUrl'];

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

  const describeEndpoints = (id: (typeof OAUTH_PROVIDERS)[number]): EndpointsView => {
    const { endpoints } = config.definition(id);
    const fromSettings = settings.get('endpointOverrides')[id] ?? {};
    const inForce = sources.overrides[id] ?? {};
    // A key whose value in force differs from the Settings one came from OMNIO_PROVIDERS, which wins.
    const fromEnv = ENDPOINT_KEYS.some((k) => inForce[k] !== undefined && inForce[k] !== fromSettings[k]);
    const source = fromEnv ? 'override' : Object.keys(fromSettings).length > 0 ? 'settings' : 'built-in';
    return { providerId: id, ...endpoints, source };
  };

  const getSettings = async (): Promise<SettingsView> => ({
    syncIntervalMinutes: settings.get('syncIntervalMinutes'),
    backfillDays: settings.get('backfillDays'),
    clientCredentials: await Promise.all(
      OAUTH_PROVIDERS.map(async (id) => describeClient(id, sources, await config.redirectUriToRegister(id))),
    ),
    endpoints: OAUTH_PROVIDERS.map(describeEndpoints),
  });

  /** Saves one provider's endpoints after the same checks OMNIO_PROVIDERS gets; an empty field restores the built-in URL. */
  const saveEndpoints = async (input: NonNullable<Parameters<Handlers['updateSettings']>[0]['endpoints']>) => {
    const { providerId, ...given } = input;
    const next: Partial<Record<EndpointKey, string>> = { ...settings.get('endpointOverrides')[providerId] };
    for (const key of ENDPOINT_KEYS) {
      const value = given[key]?.trim();
      if (value === undefined) continue;
      if (value === '') delete next[key];
      else next[key] = value;
    }
    parseProviderOverrides({ [providerId]: next }, `${PROVIDERS[providerId].name} endpoints`);
    // Issue 13 (item 1): in a release build the window alone may not move where tokens go.
    await authorizeEndpointChange(ctx.platform, PROVIDERS[providerId].name, next, log);
    settings.set('endpointOverrides', { ...settings.get('endpointOverrides'), [providerId]: next });
    log.info('provider endpoints saved', { provider: providerId, keys: Object.keys(next) });
  };

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
    if (input.clearEndpoints) {
      const { [input.clearEndpoints]: _cleared, ...rest } = settings.get('endpointOverrides');
      settings.set('endpointOverrides', rest);
      log.info('provider endpoints reset', { provider: input.clearEndpoints });
    }
    if (input.endpoints) await saveEndpoints(input.endpoints);
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
    // Issue 13: "weak" is not offered where the OS has no encryption at all (it could only fail).
    if (mode === 'weak' && !weakOffered(ctx.platform.keyStore)) {
      throw new OmnioError(
        'VAULT_UNAVAILABLE',
        'This computer offers no encryption Omnio can use, so tokens can only be kept in memory for this session.',
      );
    }
    // Switch first, save the choice only once the switch worked: a failed switch leaves the
    // vault as it was and the stored choice unchanged, so the window never claims a mode
    // that is not in force.
    try {
      await ctx.vault.setMode(vaultModeFor(ctx.platform.keyStore, mode));
    } catch (err) {
      log.error('vault mode switch failed; nothing changed', { mode, error: err });
      throw new OmnioError(
        'VAULT_UNAVAILABLE',
        'Omnio could not change how it keeps your tokens, so nothing was changed. Try again.',
      );
    }
    settings.set('vaultModeChoice', mode);
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
