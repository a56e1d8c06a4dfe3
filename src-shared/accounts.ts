import type { CategoryId, ProviderId } from './providers';

// The states a source card can be in. These names are part of the QA contract
// (docs/qa.md): cards expose them as `data-status`.
export const ACCOUNT_STATUSES = [
  'not_connected',
  'connecting',
  'connected',
  'syncing',
  'needs_reconnect',
  'disconnected',
  'error',
] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export interface CategorySyncView {
  category: CategoryId;
  granted: boolean;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  running: boolean;
  /** Backfill progress: records stored so far and the date range covered. */
  records: number;
  coveredFrom: string | null;
  coveredTo: string | null;
  nextRunAt: string | null;
  lastError: string | null;
}

/** What the renderer may know about an account. Never tokens, never secrets. */
export interface AccountView {
  id: string;
  providerId: ProviderId;
  /** A label the person recognises: an e-mail or name, "Account 2" among several, else null (never an id). */
  label: string | null;
  status: AccountStatus;
  /** Why the account is in its status, in words (reconnect reasons, errors). */
  statusMessage: string | null;
  grantedCategories: CategoryId[];
  missingCategories: CategoryId[];
  connectedAt: string | null;
  /** Garmin Personal API key expiry, when connected that way. */
  credentialExpiresAt: string | null;
  categories: CategorySyncView[];
  /** True when the account holds synced data but no longer has access. */
  hasKeptData: boolean;
}

export interface PendingConnectView {
  flowId: string;
  providerId: ProviderId;
  accountId: string | null;
  expiresAt: string;
}

export interface AccountsSnapshot {
  accounts: AccountView[];
  pending: PendingConnectView[];
  online: boolean;
}

/**
 * Issue 15: the status message of an account the person disconnected themselves (data kept). The screen
 * shows that state calmly ("Disconnected by you"), unlike a revocation at the provider, which needs attention.
 */
export const KEPT_DATA_MESSAGE = 'Disconnected in Omnio. Data synced before is kept.';
