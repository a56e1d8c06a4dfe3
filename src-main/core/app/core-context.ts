import type { Database } from '../db/database';
import type { AccountRepo } from '../accounts/account-repo';
import type { Logger } from '../log/logger';
import type { Platform } from '../platform';
import type { EnvelopeVault } from '../vault/envelope-vault';
import type { TokenManager } from '../oauth/token-manager';
import type { ProviderOverrides } from '../providers/overrides';
import type { AccessLogStore } from '../access-log/access-log-store';

/** What every service of the core is built from. Passed explicitly: no globals, easy to test with real parts. */
export interface CoreContext {
  dataDir: string;
  db: Database;
  accounts: AccountRepo;
  platform: Platform;
  /** Every secret (tokens, session tokens, API keys, client secrets) lives here: see docs/security.md. */
  vault: EnvelopeVault;
  /**
   * The one TokenSource for every account (src-main/core/auth/token-source.ts): OAuth accounts
   * natively; other providers plug in with `tokens.registerSource(providerId, source)` (Garmin).
   */
  tokens: TokenManager;
  /** OMNIO_PROVIDERS, validated (resolveOAuthDefinition / resolveGarminDefinition apply it). */
  overrides: ProviderOverrides;
  log: Logger;
  env: Readonly<Record<string, string | undefined>>;
  demo: boolean;
  now: () => Date;
  /** Recompute the accounts snapshot and send it to renderers. */
  publishAccounts(): void;
  /** Issue 12: the access log of the main thread's provider requests (absent: not recorded). */
  accessLog?: AccessLogStore;
}
