import { PROVIDERS } from '../../../src-shared/providers';
import { AccountRepo } from '../accounts/account-repo';
import { openDatabase, type Database } from '../db/database';
import type { Handlers } from '../ipc/dispatch';
import { dataPaths } from '../paths';
import type { Platform } from '../platform';
import { buildSnapshot } from './accounts-snapshot';
import type { CoreContext } from './core-context';
import { OmnioError } from '../errors';
import { EnvelopeVault } from '../vault/envelope-vault';
import { vaultModeFor } from '../vault/vault-mode';
import { OAuthConfig } from '../oauth/oauth-config';
import { TokenManager } from '../oauth/token-manager';
import type { TokenSource } from '../auth/token-source';
import { createConnectService } from './connect-service';
import { createSettingsService } from './settings-service';
import { createGarminService } from './garmin-service';
import { loadProviderOverrides, resolveGarminDefinition } from '../providers/overrides';
import { createDisconnectService } from './disconnect-service';
import { HealthStore } from '../store/health-store';

export interface CoreOptions {
  dataDir: string;
  platform: Platform;
  env?: Readonly<Record<string, string | undefined>>;
  demo?: boolean;
  now?: () => Date;
}

/** How a custom-protocol URL reached the app: for logs and for strict argv handling. */
export type DeepLinkSource = 'open-url' | 'second-instance' | 'cold-start' | 'loopback' | 'qa';

export interface OmnioCore {
  handlers: Handlers;
  /** The TokenSource for every account (what the sync engine and revocation use). */
  tokens: TokenSource;
  /** Every redirect and deep link, from every route, ends here. Never throws. */
  handleDeepLink(url: string, source: DeepLinkSource): Promise<void>;
  setOnline(online: boolean): void;
  /** The machine woke from sleep. */
  resumed(): void;
  close(): Promise<void>;
}

/**
 * Builds the Electron-free core: opens storage, creates the services and
 * returns one handler per contract call. Both runtimes (Electron, browser host)
 * call this and only differ in the Platform they pass.
 */
export async function createCore(options: CoreOptions): Promise<OmnioCore> {
  const paths = dataPaths(options.dataDir);
  const log = options.platform.logger;
  const now = options.now ?? (() => new Date());
  const db: Database = openDatabase(paths.database);
  const accounts = new AccountRepo(db, now);
  let online = true;
  const vault = await EnvelopeVault.open({
    db,
    keyStore: options.platform.keyStore,
    mode: vaultModeFor(options.platform.keyStore, options.platform.settings.get('vaultModeChoice')),
    log: log.child('vault'),
    now,
  });
  // OMNIO_PROVIDERS (QA contract): a bad file is a clear startup error, never silently ignored.
  const env = options.env ?? {};
  const overrides = loadProviderOverrides(env);
  const credentialSources = { overrides, settings: options.platform.settings, vault, env };
  const oauthConfig = new OAuthConfig(credentialSources, options.platform.schemeRegistered, now);
  const tokens = new TokenManager({
    accounts,
    vault,
    config: oauthConfig,
    log: log.child('tokens'),
    now,
    publishAccounts: () => ctx.publishAccounts(),
  });

  const ctx: CoreContext = {
    dataDir: options.dataDir,
    db,
    accounts,
    platform: options.platform,
    vault,
    tokens,
    overrides,
    log,
    env,
    demo: options.demo ?? false,
    now,
    publishAccounts: () => options.platform.emit('accountsChanged', snapshot()),
  };

  // OAuth connect (Oura, WHOOP, Withings) and Settings; the snapshot carries pending flows.
  const connect = createConnectService(ctx, oauthConfig);
  const settingsService = createSettingsService(ctx, oauthConfig, credentialSources, () => handlers.getAppInfo({}));
  await connect.reconcileVault();

  // The synced data; `hasData` lets a disconnected card say its data is kept (AccountView.hasKeptData).
  const store = new HealthStore(db, now);
  const snapshot = () =>
    connect.decorate(buildSnapshot(accounts.list(), () => new Map(), (id) => store.hasData(id), [], online));

  // Garmin: session sign-in, MFA, Personal API key; `garmin.tokens` is the TokenSource for Garmin accounts.
  const garminDefinition = resolveGarminDefinition(overrides);
  const garmin = createGarminService({
    ctx,
    endpoints: () => garminDefinition.endpoints,
    viewOf: (accountId) => snapshot().accounts.find((a) => a.id === accountId)!,
  });
  // One TokenSource for the sync engine: Garmin accounts are served by the Garmin session.
  tokens.registerSource('garmin', garmin.tokens);

  // Disconnect and the revocation queue (docs/disconnect.md). No sync job runs in the core yet, so
  // there is none to stop; the sync service's cancel goes into `sync` when it is wired here.
  const disconnectService = createDisconnectService({
    ctx,
    store,
    sync: { stopAccount: async () => undefined },
    oauth: oauthConfig,
    isOnline: () => online,
  });

  const notYet = (what: string) => async (): Promise<never> => {
    throw new OmnioError('NOT_CONFIGURED', `${what} is not available in this build yet.`);
  };

  const handlers: Handlers = {
    ping: async () => ({ at: Date.now() }),
    getAppInfo: async () => ({
      version: options.platform.version,
      runtime: options.platform.runtime,
      platform: process.platform,
      demo: ctx.demo,
      vault: settingsService.vaultInfo(),
      redirectUris: await settingsService.redirectUris(),
    }),
    listAccounts: async () => snapshot(),
    ...connect.handlers,
    ...garmin.handlers,
    syncNow: notYet('Sync'),
    ...disconnectService.handlers,
    ...settingsService.handlers,
    openHelpLink: async ({ url }) => {
      const parsed = new URL(url);
      const allowed = Object.values(PROVIDERS).some((p) => new URL(p.manageAccessUrl).host === parsed.host);
      if (parsed.protocol !== 'https:' || !allowed) {
        throw new OmnioError('INVALID_ARGUMENT', 'Omnio only opens the providers’ own https pages.');
      }
      await options.platform.openExternal(parsed.toString());
      return { opened: true };
    },
  };

  // Revocations queued while offline in an earlier session.
  void disconnectService.retryRevocations();

  return {
    handlers,
    tokens,
    handleDeepLink: (url, source) => connect.handleDeepLink(url, source),
    setOnline(value) {
      online = value;
      ctx.publishAccounts();
      if (value) void disconnectService.retryRevocations();
    },
    resumed() {},
    async close() {
      connect.close();
      db.close();
    },
  };
}
