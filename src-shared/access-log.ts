import type { CategoryId, ProviderId } from './providers';

// The access log (issue 12): what Omnio asked each provider for, when, and
// what came back. Shared by the core (which records and reads it) and the
// renderer (which shows it). Never holds a secret: endpoints are path
// templates without query strings, and no header or body is kept.

export const ACCESS_ACTIONS = [
  /** A data request of a sync job. */
  'sync',
  /** Connecting: the code exchange and the identity look-up after it, or a refused consent. */
  'connect',
  'token_refresh',
  'revocation',
  'disconnect',
  'garmin_sign_in',
  'personal_api_key',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export interface AccessLogEntry {
  id: number;
  /** When the request left (ISO 8601, UTC). */
  at: string;
  accountId: string | null;
  providerId: ProviderId;
  action: AccessAction;
  /** Null for an event that made no request (a refused consent, a disconnect without revocation). */
  method: string | null;
  /** The path as a template (`/v2/usercollection/heartrate`, `/wellness-service/…/{displayName}`). */
  endpoint: string | null;
  category: CategoryId | null;
  /** The granted scope(s) the request relies on, space-separated; null when none applies. */
  scope: string | null;
  /** HTTP status; null when no answer came (network failure). */
  status: number | null;
  /** A short note without secrets: `network: ECONNRESET`, `refused`, `Withings status 601`. */
  outcome: string | null;
  /** Records in the answer (data requests), else null. */
  records: number | null;
  /** Size of the answer's body, decompressed. */
  bytes: number | null;
  durationMs: number | null;
}

/** Filters of the Access log view. `status`: `ok` 2xx, `error` everything else (including no answer). */
export interface AccessLogFilter {
  accountId: string;
  category?: CategoryId;
  status?: 'ok' | 'error';
  /** Only entries at or after this ISO instant. */
  since?: string;
}

export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 90;

/** What the Access log view gets: the newest entries that match, how many match in all, the retention. */
export interface AccessLogPage {
  entries: AccessLogEntry[];
  total: number;
  retentionDays: number;
}
