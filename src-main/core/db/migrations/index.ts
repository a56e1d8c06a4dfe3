import type { Migration } from '../migration';
import { foundation } from './001-foundation';
import { healthData } from './004-health-data';
import { revocationQueue } from './005-revocation-queue';

// Every migration, in order. Add new ones at the end with the next number.
export const MIGRATIONS: readonly Migration[] = [foundation, healthData, revocationQueue];
