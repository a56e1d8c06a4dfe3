import type { Migration } from '../migration';
import { foundation } from './001-foundation';

// Every migration, in order. Add new ones at the end with the next number.
export const MIGRATIONS: readonly Migration[] = [foundation];
