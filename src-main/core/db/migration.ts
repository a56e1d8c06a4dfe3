import type { Database } from 'better-sqlite3';

/** One numbered schema step. Numbers only grow; a shipped migration is never edited. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
