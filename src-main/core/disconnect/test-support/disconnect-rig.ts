import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Notice } from '../../../../src-shared/ipc/payloads';
import { consent } from '../../../../simulators/oauth/consent-driver';
import { demoUser } from '../../../../simulators/oauth/demo-users';
import type { OAuthSimulator } from '../../../../simulators/oauth/start-oauth-simulator';
import type { SimUser } from '../../../../simulators/oauth/sim-oauth-authority';
import { startOuraSimulator } from '../../../../simulators/oura';
import { startWhoopSimulator } from '../../../../simulators/whoop';
import { startWithingsSimulator } from '../../../../simulators/withings';
import { AccountRepo, type AccountRow } from '../../accounts/account-repo';
import { createConnectService, type ConnectService } from '../../app/connect-service';
import type { CoreContext } from '../../app/core-context';
import { createDisconnectService, type DisconnectService } from '../../app/disconnect-service';
import { openDatabase, type Database } from '../../db/database';
import { memoryLogger } from '../../log/logger';
import { OAuthConfig } from '../../oauth/oauth-config';
import { TokenManager } from '../../oauth/token-manager';
import type { Platform } from '../../platform';
import { parseProviderOverrides } from '../../providers/overrides';
import { confSettings } from '../../settings/conf-settings';
import { HealthStore } from '../../store/health-store';
import { runSyncJob, type JobOutcome } from '../../sync/engine/sync-job';
import { PROVIDER_BUDGETS, RequestBudget } from '../../sync/http/request-budget';
import { FAST_RETRY } from '../../sync/test-support/harness';
import { EnvelopeVault } from '../../vault/envelope-vault';
import { standInKeyStore } from '../../vault/stand-in-key-store';
import type { SyncControl } from '../disconnect-account';

type RigProvider = 'oura' | 'whoop' | 'withings';

/**
 * The disconnect path with every real part the core composes: SQLite file,
 * envelope vault, OAuthConfig from an OMNIO_PROVIDERS-style override, the
 * TokenManager, the connect service, the sync job, and a provider simulator
 * (authorization + data) on 127.0.0.1. The only stand-in is the scheduler:
 * jobs start when the test says so, and `sync.stopAccount` aborts and awaits
 * them exactly as the sync service's cancel must.
 */
export class DisconnectRig {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-disconnect-'));
  readonly db: Database = openDatabase(path.join(this.dir, 'omnio.sqlite'));
  readonly accounts = new AccountRepo(this.db);
  readonly store = new HealthStore(this.db);
  readonly notices: Notice[] = [];
  /** Every data request at the moment it leaves (the HTTP client's hook, after its abort check). */
  readonly left: { accountId: string; endpoint: string }[] = [];
  readonly log = memoryLogger();
  online = true;
  private readonly jobs = new Map<string, { abort: AbortController; done: Promise<JobOutcome> }>();
  private readonly budgets = new Map<string, RequestBudget>();
  vault!: EnvelopeVault;
  ctx!: CoreContext;
  tokens!: TokenManager;
  connect!: ConnectService;
  disconnect!: DisconnectService;

  private constructor(
    readonly provider: RigProvider,
    readonly sim: OAuthSimulator,
  ) {}

  static async start(provider: RigProvider, users: SimUser[] = [demoUser(provider)]): Promise<DisconnectRig> {
    const start = { oura: startOuraSimulator, whoop: startWhoopSimulator, withings: startWithingsSimulator }[provider];
    const sim = await start({ users });
    const rig = new DisconnectRig(provider, sim);
    await rig.open();
    return rig;
  }

  private async open(): Promise<void> {
    const now = () => new Date();
    const platform: Platform = {
      runtime: 'browser-host',
      version: 'test',
      openExternal: async () => undefined,
      focus: () => undefined,
      emit: (event, payload) => {
        if (event === 'notice') this.notices.push(payload as Notice);
      },
      keyStore: standInKeyStore(path.join(this.dir, 'key')),
      settings: confSettings(this.dir),
      logger: this.log,
      schemeRegistered: true,
    };
    this.vault = await EnvelopeVault.open({
      db: this.db,
      keyStore: platform.keyStore,
      mode: 'persistent',
      log: this.log,
      now,
    });
    const overrides = parseProviderOverrides({
      [this.provider]: {
        ...this.sim.endpoints,
        revocationUrl: this.sim.endpoints.revocationUrl ?? undefined,
        clientId: this.sim.client.clientId,
        clientSecret: this.sim.client.clientSecret,
        // The scheme redirect the simulator registered (Withings would otherwise use the https bounce page).
        redirectUri: `com.omnio.app:/oauth/${this.provider}`,
      },
    });
    const config = new OAuthConfig({ overrides, settings: platform.settings, vault: this.vault, env: {} }, true, now);
    this.tokens = new TokenManager({
      accounts: this.accounts,
      vault: this.vault,
      config,
      log: this.log,
      now,
      publishAccounts: () => undefined,
    });
    this.ctx = {
      dataDir: this.dir,
      db: this.db,
      accounts: this.accounts,
      platform,
      vault: this.vault,
      tokens: this.tokens,
      overrides,
      log: this.log,
      env: {},
      demo: false,
      now,
      publishAccounts: () => undefined,
    };
    this.connect = createConnectService(this.ctx, config);
    const sync: SyncControl = {
      stopAccount: async (accountId) => {
        const job = this.jobs.get(accountId);
        if (!job) return;
        job.abort.abort();
        await job.done.catch(() => undefined);
      },
    };
    this.disconnect = createDisconnectService({
      ctx: this.ctx,
      store: this.store,
      sync,
      oauth: config,
      isOnline: () => this.online,
    });
  }

  /** Runs the provider's consent page as `username` and delivers the redirect, as the browser and OS would. */
  async connectAs(username: string, accountId?: string, untick: string[] = []): Promise<AccountRow> {
    const before = new Set(this.accounts.list().map((a) => a.id));
    const started = await this.connect.handlers.startConnect({
      providerId: this.provider,
      ...(accountId ? { accountId } : {}),
    });
    const outcome = await consent(started.authorizationUrl, { username, password: 'demo-password', untick });
    if (!outcome.location) throw new Error(`consent page did not redirect (HTTP ${outcome.status})`);
    await this.connect.handleDeepLink(outcome.location, 'qa');
    const after = this.accounts.list();
    const fresh = after.find((a) => !before.has(a.id));
    const account = fresh ?? (accountId ? this.accounts.get(accountId) : null);
    if (!account || account.status !== 'connected') throw new Error(`connect as ${username} did not end connected`);
    return account;
  }

  /** Starts a sync job for the account (the scheduler's part); resolves with its outcome. */
  sync(accountId: string, backfillDays = 30): Promise<JobOutcome> {
    const abort = new AbortController();
    const done = runSyncJob(
      {
        store: this.store,
        accounts: this.accounts,
        tokens: this.tokens,
        budgetFor: (p) => {
          let b = this.budgets.get(p);
          if (!b) this.budgets.set(p, (b = new RequestBudget(PROVIDER_BUDGETS[p] ?? [])));
          return b;
        },
        retry: FAST_RETRY,
        now: () => Date.now(),
        onProgress: () => undefined,
        onRequest: (id, req) => this.left.push({ accountId: id, endpoint: req.endpoint }),
      },
      { accountId, apiBaseUrl: this.sim.url, backfillDays },
      abort.signal,
    ).finally(() => {
      if (this.jobs.get(accountId)?.done === done) this.jobs.delete(accountId);
    });
    this.jobs.set(accountId, { abort, done });
    return done;
  }

  /** Rows of the account in every table that has an account_id, plus its series samples. */
  rowsOf(accountId: string): Record<string, number> {
    const tables = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    const out: Record<string, number> = {};
    for (const t of tables) {
      const cols = this.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(t) as string[];
      if (cols.includes('account_id'))
        out[t] = this.db.prepare(`SELECT count(*) FROM "${t}" WHERE account_id = ?`).pluck().get(accountId) as number;
    }
    out.accounts = this.db.prepare('SELECT count(*) FROM accounts WHERE id = ?').pluck().get(accountId) as number;
    out.series_samples = this.db
      .prepare('SELECT count(*) FROM series_samples WHERE series_id IN (SELECT id FROM series WHERE account_id = ?)')
      .pluck()
      .get(accountId) as number;
    out.secrets = this.db.prepare('SELECT count(*) FROM secrets WHERE owner = ?').pluck().get(accountId) as number;
    return out;
  }

  /** Requests that carried a token the simulator issued: Bearer headers, or `access_token=` on the revoke URL. */
  tokenBearing(since: number) {
    return this.sim.server.requests.slice(since).filter((r) => r.authorization !== null || r.path === '/oauth/revoke');
  }

  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.abort.abort();
    await Promise.all([...this.jobs.values()].map((j) => j.done.catch(() => undefined)));
    this.connect.close();
    await this.sim.stop();
    this.db.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
