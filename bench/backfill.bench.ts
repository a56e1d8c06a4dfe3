// npm run bench — a five-year, Oura-scale backfill (heart rate every 5 minutes,
// ≈ 525,000 samples, plus daily summaries and sessions) from the simulator over
// real HTTP on 127.0.0.1 through the real fetch → parse → store path, while a
// trivial bridge call (`ping` through dispatchCall) is made every 10 ms. Then
// the raw insert ceiling (better-sqlite3, one prepared statement, large
// transactions, same table) and an incremental sync with nothing new.
// Writes bench/results.json; see bench/README.md.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AccountRepo } from '../src-main/core/accounts/account-repo';
import { openDatabase } from '../src-main/core/db/database';
import { dispatchCall, type Handlers } from '../src-main/core/ipc/dispatch';
import { memoryLogger } from '../src-main/core/log/logger';
import { HealthStore } from '../src-main/core/store/health-store';
import type { TokenSource } from '../src-main/core/auth/token-source';
import type { JobRunner } from '../src-main/core/sync/engine/job-runner';
import { InProcessRunner } from '../src-main/core/sync/engine/in-process-runner';
import { WorkerRunner } from '../src-main/core/sync/worker/worker-runner';

const here = path.dirname(fileURLToPath(import.meta.url));
const NOW = Date.now();
const YEARS = 5;
const mode = (process.env.BENCH_RUNNER ?? 'worker') as 'worker' | 'in-process';

async function startSimulator(token: string): Promise<{ url: string; pid: number; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'oura-sim-process.ts')], {
    env: { ...process.env, BENCH_TOKEN: token, BENCH_NOW: String(NOW), BENCH_YEARS: String(YEARS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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

/** CPU seconds a process has used (Linux /proc; null elsewhere): how much of the wall clock the provider took. */
function processCpuSeconds(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 Hz)
  } catch {
    return null;
  }
}

/**
 * The window's side of the bridge, in its own thread (a renderer is another
 * process): every 10 ms it sends `ping` and measures the round trip, which
 * includes any time the main thread was too busy to answer. The main thread
 * answers through dispatchCall, exactly as it answers the window.
 */
const RENDERER = `
const { parentPort } = require('node:worker_threads');
const sent = new Map();
const latencies = [];
let id = 0;
let timer = null;
parentPort.on('message', (m) => {
  if (m.type === 'start') {
    const t0 = performance.now();
    timer = setInterval(() => { id += 1; sent.set(id, performance.now()); parentPort.postMessage({ type: 'ping', id }); }, 10);
  } else if (m.type === 'pong') {
    const at = sent.get(m.id);
    if (at !== undefined) { latencies.push(performance.now() - at); sent.delete(m.id); }
  } else if (m.type === 'stop') {
    clearInterval(timer);
    // Calls still unanswered count with their age: a stuck bridge must not look fast.
    for (const at of sent.values()) latencies.push(performance.now() - at);
    parentPort.postMessage({ type: 'latencies', latencies });
  }
});
`;

function bridgeProbe(handlers: Handlers) {
  const renderer = new Worker(RENDERER, { eval: true });
  const log = memoryLogger();
  let peakRss = process.memoryUsage.rss();
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 10);
  renderer.on('message', (m: { type: string; id?: number; latencies?: number[] }) => {
    if (m.type !== 'ping') return;
    void dispatchCall(handlers, 'ping', {}, log).then((r) => {
      if (!r.ok) throw new Error('ping failed');
      renderer.postMessage({ type: 'pong', id: m.id });
    });
  });
  renderer.postMessage({ type: 'start' });
  return {
    async stop() {
      clearInterval(rssTimer);
      const latencies = await new Promise<number[]>((resolve) => {
        renderer.on(
          'message',
          (m: { type: string; latencies?: number[] }) => m.type === 'latencies' && resolve(m.latencies!),
        );
        renderer.postMessage({ type: 'stop' });
      });
      await renderer.terminate();
      const sorted = [...latencies].sort((a, b) => a - b);
      const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return {
        calls: sorted.length,
        p50: p(0.5),
        p99: p(0.99),
        max: sorted.at(-1) ?? 0,
        peakRssMb: peakRss / 1024 / 1024,
      };
    },
  };
}

function countRows(dbFile: string, accountId: string): { total: number; samples: number } {
  const db = openDatabase(dbFile);
  const one = (sql: string) => db.prepare(sql).pluck().get(accountId) as number;
  const samples = one(
    'SELECT count(*) FROM series_samples WHERE series_id IN (SELECT id FROM series WHERE account_id = ?)',
  );
  const total =
    samples +
    one('SELECT count(*) FROM daily_summaries WHERE account_id = ?') +
    one('SELECT count(*) FROM sessions WHERE account_id = ?') +
    one('SELECT count(*) FROM profiles WHERE account_id = ?');
  db.close();
  return { total, samples };
}

/** The ceiling: the same rows straight into the same table, one prepared statement, 100k rows per transaction. */
function rawInsertCeiling(dir: string, rows: number): number {
  const db = openDatabase(path.join(dir, 'raw.sqlite'));
  const insert = db.prepare('INSERT INTO series_samples (series_id, ts, value, tag) VALUES (?, ?, ?, ?)');
  const t0 = performance.now();
  const batch = 100_000;
  for (let done = 0; done < rows; done += batch) {
    db.transaction(() => {
      for (let i = done; i < Math.min(rows, done + batch); i++)
        insert.run(1, 1_600_000_000 + i * 300, 60 + (i % 50), 'awake');
    })();
  }
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return rows / seconds;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-bench-'));
  const dbFile = path.join(dir, 'omnio.sqlite');
  const token = randomBytes(16).toString('hex');
  const sim = await startSimulator(token);
  try {
    const db = openDatabase(dbFile);
    const accounts = new AccountRepo(db);
    const account = accounts.create({
      providerId: 'oura',
      providerUserId: 'bench',
      label: 'bench',
      authMethod: 'oauth2',
      status: 'connected',
      grantedScopes: ['personal', 'daily', 'heartrate', 'workout', 'spo2'],
    });
    const tokens: TokenSource = { accessToken: async () => token, refreshAfterRejection: async () => token };
    const runner: JobRunner =
      mode === 'worker'
        ? new WorkerRunner({ dbFile, tokens })
        : new InProcessRunner({ store: new HealthStore(db), accounts, tokens, now: () => NOW });
    const spec = { accountId: account.id, apiBaseUrl: sim.url, backfillDays: YEARS * 365 + 2 };
    // A trivial bridge: the ping handler, dispatched exactly as the window's calls are.
    const handlers = { ping: async () => ({ at: Date.now() }) } as unknown as Handlers;

    // The worker starts once per app session: start it before timing (a job for no account is skipped at once).
    await runner.run({ ...spec, accountId: 'warm-up' }, () => {});

    const probe = bridgeProbe(handlers);
    const simCpu0 = processCpuSeconds(sim.pid);
    const appCpu0 = process.cpuUsage();
    const t0 = performance.now();
    const perCategory: Record<string, number> = {};
    const outcome = await runner.run(spec, (p) => {
      if (!p.category) return;
      if (p.phase === 'started') perCategory[p.category] = performance.now();
      if (p.phase === 'finished')
        perCategory[p.category] = round((performance.now() - perCategory[p.category]!) / 1000, 2);
    });
    const seconds = (performance.now() - t0) / 1000;
    const appCpu = process.cpuUsage(appCpu0);
    const simCpu1 = processCpuSeconds(sim.pid);
    const bridge = await probe.stop();
    if (outcome.status !== 'ok') throw new Error(`backfill ended ${outcome.status}: ${JSON.stringify(outcome.errors)}`);
    const rows = countRows(dbFile, account.id);

    await fetch(`${sim.url}/__bench/requests`, { method: 'POST' });
    const ti = performance.now();
    const again = await runner.run(spec, () => {});
    const incrementalSeconds = (performance.now() - ti) / 1000;
    const perPath = (await (await fetch(`${sim.url}/__bench/requests`)).json()) as Record<string, number>;
    if (again.status !== 'ok') throw new Error(`incremental sync ended ${again.status}`);
    await runner.close();
    db.close();

    const rawRowsPerS = rawInsertCeiling(dir, rows.total);
    const rowsPerS = rows.total / seconds;
    const results = {
      runner: mode,
      rows: rows.total,
      heart_rate_samples: rows.samples,
      seconds: round(seconds, 2),
      seconds_per_category: perCategory,
      // CPU used during the backfill by the app (all its threads) and by the simulator process (the "provider").
      app_cpu_s: round((appCpu.user + appCpu.system) / 1e6, 2),
      provider_cpu_s: simCpu0 === null || simCpu1 === null ? null : round(simCpu1 - simCpu0, 2),
      rows_per_s: Math.round(rowsPerS),
      raw_rows_per_s: Math.round(rawRowsPerS),
      ratio: round(rowsPerS / rawRowsPerS, 3),
      peak_rss_mb: round(bridge.peakRssMb, 1),
      bridge_p99_ms: round(bridge.p99, 2),
      bridge_p50_ms: round(bridge.p50, 2),
      bridge_max_ms: round(bridge.max, 2),
      bridge_calls: bridge.calls,
      incremental: {
        seconds: round(incrementalSeconds, 3),
        requests_per_endpoint: perPath,
        requests_total: Object.values(perPath).reduce((a, b) => a + b, 0),
      },
      // Other work on the machine skews every figure: the 1-minute load average before and after the run.
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        platform: process.platform,
        load_avg_before: round(loadBefore, 2),
        load_avg_after: round(os.loadavg()[0]!, 2),
      },
      at: new Date().toISOString(),
    };
    fs.writeFileSync(path.join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    console.log(JSON.stringify(results, null, 2));
    const ok = results.ratio >= 0.5 && results.peak_rss_mb <= 300 && results.bridge_p99_ms <= 50;
    console.log(ok ? 'targets met' : 'targets NOT met (ratio ≥ 0.5, peak_rss_mb ≤ 300, bridge_p99_ms ≤ 50)');
  } finally {
    sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

await main();
