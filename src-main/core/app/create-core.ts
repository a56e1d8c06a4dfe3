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
import { createGarminService } from './garmin-service';
import { loadProviderOverrides, resolveGarminDefinition } from '../providers/overrides';

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

  const ctx: CoreContext = {
    dataDir: options.dataDir,
    db,
    accounts,
    platform: options.platform,
    vault,
    log,
    env: options.env ?? {},
    demo: options.demo ?? false,
    now,
    publishAccounts: () => options.platform.emit('accountsChanged', snapshot()),
  };

  const snapshot = () => buildSnapshot(accounts.list(), () => new Map(), () => false, [], online);

  // Garmin: session sign-in, MFA, Personal API key; `garmin.tokens` is the TokenSource for Garmin accounts.
  const garminDefinition = resolveGarminDefinition(loadProviderOverrides(ctx.env));
  const garmin = createGarminService({
    ctx,
    endpoints: () => garminDefinition.endpoints,
    viewOf: (accountId) => snapshot().accounts.find((a) => a.id === accountId)!,
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
      vault: {
        backend: options.platform.keyStore.backend,
        protection: options.platform.keyStore.protection,
        needsChoice: false,
        explanation: '',
      },
      redirectUris: {},
    }),
    listAccounts: async () => snapshot(),
    startConnect: notYet('Connecting'),
    cancelConnect: notYet('Connecting'),
    ...garmin.handlers,
    syncNow: notYet('Sync'),
    disconnect: notYet('Disconnect'),
    getSettings: notYet('Settings'),
    updateSettings: notYet('Settings'),
    chooseVaultMode: notYet('Vault settings'),
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

  return {
    handlers,
    async handleDeepLink(url, source) {
      log.info('deep link ignored: no flow is waiting', { source, length: url.length });
    },
    setOnline(value) {
      online = value;
      ctx.publishAccounts();
    },
    resumed() {},
    async close() {
      db.close();
    },
  };
}
