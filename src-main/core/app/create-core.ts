import { PROVIDERS } from '../../../src-shared/providers';
import { AccountRepo } from '../accounts/account-repo';
import { openDatabase, type Database } from '../db/database';
import type { Handlers } from '../ipc/dispatch';
import { dataPaths } from '../paths';
import type { Platform } from '../platform';
import { buildSnapshot } from './accounts-snapshot';
import type { CoreContext } from './core-context';
import type { DeepLinkSource } from './deep-link-source';

export type { DeepLinkSource } from './deep-link-source';
import { OmnioError } from '../errors';
import { EnvelopeVault, recordedVaultBackend } from '../vault/envelope-vault';
import { standingVaultChoice, vaultModeFor } from '../vault/vault-mode';
import { OAuthConfig } from '../oauth/oauth-config';
import { TokenManager } from '../oauth/token-manager';
import type { TokenSource } from '../auth/token-source';
import { createConnectService, type ConnectService } from './connect-service';
import { createSettingsService } from './settings-service';
import { createGarminService } from './garmin-service';
import { loadProviderOverrides, mergeOverrides, resolveGarminDefinition } from '../providers/overrides';
import { createDisconnectService } from './disconnect-service';
import { HealthStore } from '../store/health-store';
import { createSyncService, type SyncService } from './sync-service';
import { createUpdateService } from '../update/update-service';
import { releaseGuards } from './release-guards';
// Issue 12: access log.
import { AccessLogStore } from '../access-log/access-log-store';
import { createAccessLogService } from '../access-log/access-log-service';
import { createExportService } from '../export/export-service';
import { applyStagedRestore, createBackup } from '../backup/backup';
import { restoreFromBackup } from '../backup/restore-backup';
// Issue 17: the Data area's queries.
import { createDataService } from '../data/data-service';
// Issue 12 (item 4): remove everything.
import { removeEverything } from './remove-everything';

export interface CoreOptions {
  dataDir: string;
  platform: Platform;
  env?: Readonly<Record<string, string | undefined>>;
  demo?: boolean;
  now?: () => Date;
}

export interface OmnioCore {
  handlers: Handlers;
  /** The TokenSource for every account (what the sync engine and revocation use). */
  tokens: TokenSource;
  /** Every redirect and deep link, from every route, ends here. Never throws. */
  handleDeepLink(url: string, source: DeepLinkSource): Promise<void>;
  /** Issue 11: a request to the browser host's loopback route (connect-service `answerLoopback`). */
  answerLoopback: ConnectService['answerLoopback'];
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
  // Issue 13 (item 3): a release build reads no OMNIO_* switch, no plain-http endpoint, no stand-in key store.
  const release = releaseGuards(options.platform, options.env ?? {}, log.child('release'));
  // Issue 12: a restore staged in the last session is swapped in before the database opens (backup.ts).
  const restore = applyStagedRestore(paths.database);
  if (restore !== 'none') log.info('staged restore applied', { outcome: restore });
  const db: Database = openDatabase(paths.database);
  const accounts = new AccountRepo(db, now);
  let online = true;
  let removing = false; // issue 12 (item 4); also while a restore replaces the database
  let closed = false;
  // Created after the services it needs; the snapshot and publishAccounts may run before that.
  let sync: SyncService | undefined = undefined;
  // Issue 13: a "weak" choice lapses when the key store is no longer the one it was given for.
  const storedVaultChoice = options.platform.settings.get('vaultModeChoice');
  const vaultChoice = standingVaultChoice(options.platform.keyStore, storedVaultChoice, recordedVaultBackend(db));
  if (vaultChoice !== storedVaultChoice) {
    options.platform.settings.set('vaultModeChoice', vaultChoice);
    log.info('vault: the stored choice lapsed; the user will be asked again', {
      backend: options.platform.keyStore.backend,
    });
  }
  const vault = await EnvelopeVault.open({
    db,
    keyStore: options.platform.keyStore,
    mode: vaultModeFor(options.platform.keyStore, vaultChoice),
    log: log.child('vault'),
    now,
  });
  // OMNIO_PROVIDERS (QA contract): a bad file is a clear startup error, never silently ignored.
  const env = release.env;
  const envOverrides = loadProviderOverrides(env);
  // Recomputed on each use, so endpoints changed in Settings apply to the next request.
  const currentOverrides = () =>
    mergeOverrides(release.settingsEndpoints(options.platform.settings.get('endpointOverrides')), envOverrides);
  const credentialSources = {
    get overrides() {
      return currentOverrides();
    },
    settings: options.platform.settings,
    vault,
    env,
  };
  const oauthConfig = new OAuthConfig(
    credentialSources,
    options.platform.schemeRegistered,
    now,
    // Issue 11: the browser host's own loopback route.
    () => options.platform.hostedRedirectOrigin?.() ?? null,
  );
  const accessLog = new AccessLogStore(db); // issue 12
  const tokens = new TokenManager({
    accounts,
    vault,
    config: oauthConfig,
    log: log.child('tokens'),
    now,
    publishAccounts: () => ctx.publishAccounts(),
    accessLog, // issue 12
  });

  const ctx: CoreContext = {
    dataDir: options.dataDir,
    db,
    accounts,
    platform: options.platform,
    vault,
    tokens,
    get overrides() {
      return currentOverrides();
    },
    log,
    env,
    demo: options.demo ?? false,
    now,
    publishAccounts: () => {
      options.platform.emit('accountsChanged', snapshot());
      sync?.reconcile();
    },
    accessLog, // issue 12
  };

  // OAuth connect (Oura, WHOOP, Withings) and Settings; the snapshot carries pending flows.
  const connect = createConnectService(ctx, oauthConfig);
  const settingsService = createSettingsService(ctx, oauthConfig, credentialSources, () => handlers.getAppInfo({}));
  await connect.reconcileVault();

  // The synced data; `hasData` lets a disconnected card say its data is kept (AccountView.hasKeptData).
  const store = new HealthStore(db, now);
  const snapshot = () =>
    connect.decorate(
      buildSnapshot(
        sync ? sync.decorate(accounts.list()) : accounts.list(),
        sync ? sync.statusOf : () => new Map(),
        (id) => store.hasData(id),
        [],
        online,
      ),
    );

  // Garmin: session sign-in, MFA, Personal API key; `garmin.tokens` is the TokenSource for Garmin accounts.
  const garminDefinition = resolveGarminDefinition(envOverrides);
  const garmin = createGarminService({
    ctx,
    endpoints: () => garminDefinition.endpoints,
    viewOf: (accountId) => snapshot().accounts.find((a) => a.id === accountId)!,
  });
  // One TokenSource for the sync engine: Garmin accounts are served by the Garmin session.
  tokens.registerSource('garmin', garmin.tokens);

  // Background sync (docs/sync.md): scheduling, per-category status, syncNow.
  const syncService = createSyncService(ctx, {
    store,
    apiBaseUrl: (provider) =>
      provider === 'garmin'
        ? garminDefinition.endpoints.apiBaseUrl
        : oauthConfig.definition(provider).endpoints.apiBaseUrl,
  });
  sync = syncService;

  // Disconnect and the revocation queue (docs/disconnect.md); `stopAccount` cancels the running sync job.
  const disconnectService = createDisconnectService({
    ctx,
    store,
    sync: { stopAccount: (accountId) => syncService.stopAccount(accountId) },
    oauth: oauthConfig,
    isOnline: () => online,
    cancelPendingConnects: async (accountId) => {
      for (const flow of connect.decorate({ accounts: [], pending: [], online }).pending) {
        if (flow.accountId === accountId) await connect.handlers.cancelConnect({ flowId: flow.flowId });
      }
    },
  });

  // Issue 14: update checks (docs/release.md "Updates"); no updater in the browser host.
  const updates = createUpdateService({
    updater: options.platform.updater ?? null,
    settings: options.platform.settings,
    isOnline: () => online,
    emit: (status) => options.platform.emit('updateStatus', status),
    log: log.child('update'),
    now,
  });
  const accessLogService = createAccessLogService(ctx, accessLog); // issue 12
  const exportService = createExportService(ctx); // issue 12
  // Issue 17: the Data area's reads, on the data query thread.
  const data = createDataService(ctx);

  const handlers: Handlers = {
    ping: async () => ({ at: Date.now() }),
    getAppInfo: async () => ({
      version: options.platform.version,
      runtime: options.platform.runtime,
      platform: process.platform,
      demo: ctx.demo,
      vault: settingsService.vaultInfo(),
      redirectUris: await settingsService.redirectUris(),
      dataDir: ctx.dataDir, // issue 15: shown in Settings › Privacy & storage
    }),
    listAccounts: async () => snapshot(),
    ...connect.handlers,
    ...garmin.handlers,
    ...syncService.handlers,
    ...disconnectService.handlers,
    ...settingsService.handlers,
    ...updates.handlers,
    ...accessLogService.handlers, // issue 12
    ...exportService.handlers, // issue 12
    backupNow: async () => {
      // Issue 12: one file, made with SQLite's online backup API, without secrets (backup.ts).
      const saver = options.platform.fileSaver;
      if (!saver) throw new OmnioError('INVALID_ARGUMENT', 'This version of Omnio cannot save files.');
      const day = now().toISOString().slice(0, 10);
      const target = await saver.choose({
        suggestedName: `omnio-backup-${day}.omnio-backup`,
        mime: 'application/vnd.sqlite3',
      });
      if (!target) return { kind: 'cancelled' };
      try {
        await createBackup(db, target.path);
      } catch (err) {
        target.abandoned();
        log.error('backup failed', { error: err });
        throw new OmnioError('INTERNAL', 'Omnio could not write the backup. No file was left behind.');
      }
      return target.delivered();
    },
    // Issue 12: check the chosen backup, swap it in, start again on it (restore-backup.ts).
    restoreBackup: async ({ uploadId }) => {
      if (removing) throw new OmnioError('CONFLICT', 'Omnio is already replacing or removing its data.');
      removing = true;
      try {
        return await restoreFromBackup(
          {
            database: paths.database,
            platform: options.platform,
            log: log.child('restore'),
            closeCore: () => core.close(),
          },
          uploadId,
        );
      } finally {
        // A refused file changed nothing: the app goes on (a closed core is restarted by the runtime).
        if (!closed) removing = false;
      }
    },
    ...data.handlers,
    // Issue 12 (item 4): revoke, stop, delete every file of the person's, then the runtime starts afresh.
    removeEverything: async () => {
      if (removing) throw new OmnioError('CONFLICT', 'Omnio is already removing everything.');
      removing = true;
      const outcome = await removeEverything({
        dataDir: options.dataDir,
        accounts,
        disconnect: disconnectService.handlers.disconnect,
        isOnline: () => online,
        log: log.child('remove-everything'),
        retryQueued: () => disconnectService.retryRevocations(),
        closeCore: () => core.close(),
      });
      // After this call's answer has gone out (setImmediate runs after the reply is queued).
      setImmediate(() => options.platform.restartAfterRemoval?.(outcome));
      return outcome;
    },
    openHelpLink: async ({ url }) => {
      const parsed = new URL(url);
      const allowed = Object.values(PROVIDERS).some((p) => new URL(p.manageAccessUrl).host === parsed.host);
      if (parsed.protocol !== 'https:' || !allowed) {
        throw new OmnioError('INVALID_ARGUMENT', 'Omnio only opens the providers’ own https pages.');
      }
      await options.platform.openExternal(parsed.toString()); // eng-disable OPEN_EXTERNAL_JS_CHECK: only the providers' own https help pages, checked just above
      return { opened: true };
    },
  };

  // Revocations queued while offline in an earlier session.
  disconnectService.retryAfterStartup();
  // Plan a sync for every connected account (soon, jittered); new connections are planned on publishAccounts.
  syncService.reconcile();
  updates.start();

  const core: OmnioCore = {
    handlers,
    tokens,
    handleDeepLink: (url, source) => connect.handleDeepLink(url, source),
    answerLoopback: (req, origin) => connect.answerLoopback(req, origin),
    setOnline(value) {
      online = value;
      syncService.setOnline(value);
      ctx.publishAccounts();
      if (value) void disconnectService.retryRevocations();
      updates.setOnline(value);
    },
    resumed() {
      syncService.resumed();
    },
    async close() {
      // Issue 12 (item 4): "Remove everything" closed the core already; the runtime may close it again.
      if (closed) return;
      closed = true;
      updates.close();
      disconnectService.close();
      accessLogService.close(); // issue 12
      exportService.close(); // issue 12
      connect.close();
      await syncService.close();
      await data.runner.close();
      db.close();
    },
  };
  return core;
}
