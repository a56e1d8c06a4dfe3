import type { CategoryId, ProviderId } from '../providers';
import type { NoticeAction } from './notice-action';

// Payload types of the IPC contract that are not domain types of their own.

export type VaultProtection =
  /** An OS keyring (Keychain, DPAPI, libsecret, kwallet) protects the data key. */
  | 'os'
  /** Linux basic_text backend accepted by the user: effectively obfuscation only. */
  | 'weak'
  /** Tokens live in memory for this session only; nothing is written. */
  | 'memory'
  /** Plain-Node stand-in key file in the data directory: tests and the browser host only. */
  | 'test-stand-in';

export interface VaultInfo {
  backend: string;
  protection: VaultProtection | null;
  /** True when the user must choose between memory-only and weak encryption. */
  needsChoice: boolean;
  /** Issue 13: whether "weak encryption" may be offered (false when the OS has no encryption at all). */
  weakOffered: boolean;
  explanation: string;
}

export interface AppInfo {
  version: string;
  runtime: 'electron' | 'browser-host';
  platform: string;
  demo: boolean;
  vault: VaultInfo;
  /** The redirect URI to register with each OAuth provider, per provider. */
  redirectUris: Partial<Record<ProviderId, string>>;
  /** Issue 15: where every persistent file lives (Settings › Privacy & storage). */
  dataDir: string;
}

export interface ConnectStarted {
  flowId: string;
  providerId: ProviderId;
  authorizationUrl: string;
  expiresAt: string;
  requestedCategories: CategoryId[];
}

export type GarminSignInResult =
  { status: 'connected'; accountId: string } | { status: 'mfa_required'; flowId: string; expiresAt: string };

export type RevocationOutcome =
  | { kind: 'revoked' }
  | { kind: 'not_supported'; manageAccessUrl: string }
  | { kind: 'queued'; reason: string }
  | { kind: 'failed'; reason: string };

export interface DisconnectOutcome {
  accountId: string;
  dataDeleted: boolean;
  revocation: RevocationOutcome;
}

export interface ClientCredentialsView {
  providerId: ProviderId;
  clientId: string | null;
  hasClientSecret: boolean;
  /** Where the credentials in use come from. */
  source: 'user' | 'build' | 'override' | 'none';
  redirectUri: string;
}

export interface EndpointsView {
  providerId: ProviderId;
  authorizationUrl: string;
  tokenUrl: string;
  revocationUrl: string | null;
  apiBaseUrl: string;
  /** Where the URLs in use come from: built in, Settings, or OMNIO_PROVIDERS (which wins). */
  source: 'built-in' | 'settings' | 'override';
}

export interface SettingsView {
  syncIntervalMinutes: number;
  backfillDays: number;
  clientCredentials: ClientCredentialsView[];
  endpoints: EndpointsView[];
}

export interface SyncProgress {
  accountId: string;
  category: CategoryId | null;
  phase: 'started' | 'progress' | 'finished' | 'failed' | 'cancelled';
  records: number;
  coveredFrom: string | null;
  coveredTo: string | null;
  message: string | null;
}

export interface Notice {
  level: 'info' | 'warning' | 'error';
  message: string;
  providerId?: ProviderId;
  accountId?: string;
  /** Issue 15: the action the notice offers next to its words (typed: src-shared/ipc/notice-action.ts). */
  action?: NoticeAction;
}
