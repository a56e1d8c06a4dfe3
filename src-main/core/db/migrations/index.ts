import type { Migration } from '../migration';
import { foundation } from './001-foundation';
import { healthData } from './004-health-data';
import { revocationQueue } from './005-revocation-queue';
import { documentRowidTables } from './006-document-rowid-tables';
import { seriesSampleCounts } from './007-series-sample-counts';
// Issue 12: access log.
import { accessLog } from './008-access-log';

// Every migration, in order. Add new ones at the end with the next number.
export const MIGRATIONS: readonly Migration[] = [
  foundation,
  healthData,
  revocationQueue,
  documentRowidTables,
  seriesSampleCounts,
  accessLog, // issue 12
];
