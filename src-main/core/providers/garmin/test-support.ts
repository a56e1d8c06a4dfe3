import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startGarminSimulator,
  type GarminSimOptions,
  type GarminSimulator,
  type GarminSimUser,
} from '../../../../simulators/garmin';
import { AccountRepo } from '../../accounts/account-repo';
import { toAccountView } from '../../app/accounts-snapshot';
import { recordingPlatform } from '../../app/test-support/recording-platform';
import { createGarminService, type GarminContext, type GarminService } from '../../app/garmin-service';
import { openDatabase, type Database } from '../../db/database';
import { EnvelopeVault } from '../../vault/envelope-vault';

// For tests: the Garmin service on real parts (SQLite file, vault with the
// stand-in key store, conf settings, file log) in a temp data directory, and
// the simulator over HTTP, both on one controllable clock.

export interface GarminTestbed {
  dir: string;
  db: Database;
  sim: GarminSimulator;
  ctx: GarminContext;
  service: GarminService;
  clock: { now: number };
  /** How often the accounts snapshot was published. */
  published: { count: number };
  close(): Promise<void>;
}

export async function openGarminTestbed(
  users: GarminSimUser[],
  simOptions: Omit<GarminSimOptions, 'now'> = {},
  start = Date.parse('2026-11-20T08:00:00Z'),
): Promise<GarminTestbed> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-garmin-tb-'));
  const clock = { now: start };
  const published = { count: 0 };
  const sim = await startGarminSimulator({ ...simOptions, now: () => clock.now, users });
  const db = openDatabase(path.join(dir, 'omnio.sqlite'));
  const platform = recordingPlatform(dir);
  const now = () => new Date(clock.now);
  const accounts = new AccountRepo(db, now);
  const vault = await EnvelopeVault.open({
    db,
    keyStore: platform.keyStore,
    mode: 'persistent',
    log: platform.logger,
    now,
  });
  const ctx: GarminContext = {
    accounts,
    platform,
    vault,
    log: platform.logger,
    now,
    publishAccounts: () => void (published.count += 1),
  };
  const service = createGarminService({
    ctx,
    endpoints: () => sim.endpoints,
    viewOf: (id) => toAccountView(accounts.get(id)!, () => new Map(), false),
  });
  return {
    dir,
    db,
    sim,
    ctx,
    service,
    clock,
    published,
    async close() {
      await sim.stop();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
