// The sync benchmark's five-year Oura backfill, for other benchmarks that need
// that store (bench:views, issue 17): the same simulator process (seed 2026,
// heart rate every 5 minutes, daily documents, sessions) and the app's real
// sync threads writing into a real SQLite file.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AccountRepo } from '../src-main/core/accounts/account-repo';
import { openDatabase, type Database } from '../src-main/core/db/database';
import type { TokenSource } from '../src-main/core/auth/token-source';
import { WorkerRunner } from '../src-main/core/sync/worker/worker-runner';

export const OURA_SCOPES = ['personal', 'daily', 'heartrate', 'workout', 'spo2'];

/** The benchmarks' connected Oura account (no token in the vault: benchmarks hand the worker theirs). */
export function createBenchAccount(db: Database, grantedScopes: string[] = OURA_SCOPES): string {
  return new AccountRepo(db).create({
    providerId: 'oura',
    providerUserId: 'bench',
    label: 'bench',
    authMethod: 'oauth2',
    status: 'connected',
    grantedScopes,
  }).id;
}

/** The Oura simulator in its own process (bench/oura-sim-process.ts), serving `years` up to `now` (ms). */
export async function startOuraSimulator(
  token: string,
  now: number,
  years: number,
  nodeArgs: string[] = [],
): Promise<{ url: string; pid: number; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', path.join(import.meta.dirname, 'oura-sim-process.ts')],
    {
      env: { ...process.env, BENCH_TOKEN: token, BENCH_NOW: String(now), BENCH_YEARS: String(years) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { url, pid: child.pid!, stop: () => child.kill() };
}

/**
 * A connected Oura account in `dbFile` (created and migrated if new) with `years` of history backfilled from
 * the simulator through the sync worker and database writer threads, exactly as `npm run bench` does.
 */
export async function backfillOura(dbFile: string, now: number, years: number): Promise<{ accountId: string }> {
  const token = randomBytes(16).toString('hex');
  const sim = await startOuraSimulator(token, now, years);
  const db = openDatabase(dbFile);
  try {
    const account = { id: createBenchAccount(db) };
    const tokens: TokenSource = { accessToken: async () => token, refreshAfterRejection: async () => token };
    const runner = new WorkerRunner({ dbFile, tokens, accessLog: true });
    const outcome = await runner.run(
      { accountId: account.id, apiBaseUrl: sim.url, backfillDays: years * 365 + 2 },
      () => {},
    );
    await runner.close();
    if (outcome.status !== 'ok') throw new Error(`backfill ended ${outcome.status}: ${JSON.stringify(outcome.errors)}`);
    return { accountId: account.id };
  } finally {
    db.close();
    sim.stop();
  }
}
