import type { AccessLogEntry } from '../../../src-shared/access-log';
import { csvLine } from '../export/csv';

/** The access log's CSV columns, in order (docs/access-log.md). Instants are ISO 8601 in UTC (`Z`). */
export const ACCESS_LOG_CSV_COLUMNS = [
  'at_utc',
  'account_id',
  'provider',
  'action',
  'method',
  'endpoint',
  'category',
  'scope',
  'http_status',
  'outcome',
  'records',
  'bytes',
  'duration_ms',
] as const;

export function accessLogCsvHeader(): string {
  return csvLine(ACCESS_LOG_CSV_COLUMNS);
}

export function accessLogCsvRow(e: AccessLogEntry): string {
  return csvLine([
    e.at,
    e.accountId,
    e.providerId,
    e.action,
    e.method,
    e.endpoint,
    e.category,
    e.scope,
    e.status,
    e.outcome,
    e.records,
    e.bytes,
    e.durationMs,
  ]);
}
