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
import { createBenchAccount, startOuraSimulator } from './oura-backfill';

const here = path.dirname(fileURLToPath(import.meta.url));
// One instant for the whole run: a round's process takes it from the run that started it.
const NOW = Number(process.env.BENCH_NOW_MS ?? Date.now());
const YEARS = 5;
const mode = (process.env.BENCH_RUNNER ?? 'worker') as 'worker' | 'in-process';
// Rounds per run (BENCH_ROUNDS): on a shared 2-core machine one round swings by ±10 %, so a run reports its median round.
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

/** `--cpu-prof` for a child process (BENCH_SIM_PROFILE, BENCH_APP_PROFILE): one profile per thread, workers included. */
function cpuProfile(dir: string | undefined): string[] {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
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
 * Per thread of this process, by thread id (Linux /proc; empty elsewhere): CPU seconds, and seconds it was
 * ready to run but waiting for a core (schedstat; null without it). The wait is what a busy machine costs.
 */
function threadCpuSeconds(): Map<string, { name: string; cpu: number; wait: number | null }> {
  const out = new Map<string, { name: string; cpu: number; wait: number | null }>();
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      let cpu = (Number(fields[11]) + Number(fields[12])) / 100;
      let wait: number | null = null;
      try {
        // Nanoseconds on a core, nanoseconds runnable in the run queue: finer than stat's 10 ms ticks.
        const [onCpu, queued] = fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        cpu = onCpu! / 1e9;
        wait = queued! / 1e9;
      } catch {
        // no schedstat (kernel without it)
      }
      out.set(tid, { name, cpu, wait });
    }
  } catch {
    // not Linux
  }
  return out;
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

interface Round {
  rows: number;
  samples: number;
  seconds: number;
  perCategory: Record<string, number>;
  appCpuS: number;
  providerCpuS: number | null;
  rowsPerS: number;
  rawRowsPerS: number;
  ratio: number;
  bridge: Awaited<ReturnType<ReturnType<typeof bridgeProbe>['stop']>>;
  threads: { name: string; cpu_s: number; wait_s: number | null }[];
  incremental: { seconds: number; perPath: Record<string, number> };
  checkpointSeconds: number;
  /** Issue 12: whether the access log was on, and the rows it recorded in the round. */
  accessLog: boolean;
  accessLogRows: number;
}

/** One round: a fresh database, the timed backfill, the incremental sync, then the ceiling on a fresh file. */
async function runRound(
  dir: string,
  sim: { url: string; pid: number },
  token: string,
  accessLog = true,
): Promise<Round> {
  const dbFile = path.join(dir, 'omnio.sqlite');
  const db = openDatabase(dbFile);
  const accounts = new AccountRepo(db);
  const account = { id: createBenchAccount(db) };
  const tokens: TokenSource = { accessToken: async () => token, refreshAfterRejection: async () => token };
  const runner: JobRunner =
    mode === 'worker'
      ? new WorkerRunner({ dbFile, tokens, accessLog })
      : new InProcessRunner({ store: new HealthStore(db), accounts, tokens, now: () => NOW, accessLog });
  const spec = { accountId: account.id, apiBaseUrl: sim.url, backfillDays: YEARS * 365 + 2 };
  // A trivial bridge: the ping handler, dispatched exactly as the window's calls are.
  const handlers = { ping: async () => ({ at: Date.now() }) } as unknown as Handlers;

  // The sync threads start once per app session: start them before timing (a job for no account is skipped at once).
  await runner.run({ ...spec, accountId: 'warm-up' }, () => {});

  const probe = bridgeProbe(handlers);
  const simCpu0 = processCpuSeconds(sim.pid);
  const appCpu0 = process.cpuUsage();
  const threads0 = threadCpuSeconds();
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
  const threads1 = threadCpuSeconds();
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
  // The last connection to close copies the WAL into the database: the backfill's checkpoint, which the app
  // runs once its writer is idle, after the job. Timed on its own so its cost stays visible.
  const accessLogRows = db.prepare('SELECT count(*) FROM access_log').pluck().get() as number;
  const tc = performance.now();
  db.close();
  const checkpointSeconds = (performance.now() - tc) / 1000;

  const rawRowsPerS = rawInsertCeiling(dir, rows.total);
  const rowsPerS = rows.total / seconds;
  const threads = [...threads1]
    .map(([tid, t]) => {
      const before = threads0.get(tid);
      const wait = t.wait === null ? null : round(t.wait - (before?.wait ?? 0), 2);
      return { name: t.name, cpu_s: round(t.cpu - (before?.cpu ?? 0), 2), wait_s: wait };
    })
    .filter((t) => t.cpu_s >= 0.05)
    .sort((a, b) => b.cpu_s - a.cpu_s);
  return {
    rows: rows.total,
    samples: rows.samples,
    seconds,
    perCategory,
    appCpuS: (appCpu.user + appCpu.system) / 1e6,
    providerCpuS: simCpu0 === null || simCpu1 === null ? null : simCpu1 - simCpu0,
    rowsPerS,
    rawRowsPerS,
    ratio: rowsPerS / rawRowsPerS,
    bridge,
    threads,
    incremental: { seconds: incrementalSeconds, perPath },
    checkpointSeconds,
    accessLog,
    accessLogRows,
  };
}

/**
 * Each round runs in a new app process, as after a launch: memory and JIT state of one round never carry
 * into the next (a process that ran three backfills keeps its allocator's arenas). The simulator stays up.
 */
async function roundInFreshProcess(
  dir: string,
  sim: { url: string; pid: number },
  token: string,
  accessLog = true,
): Promise<Round> {
  const child = spawn(
    process.execPath,
    [
      ...cpuProfile(process.env.BENCH_APP_PROFILE),
      ...(process.env.BENCH_APP_FLAGS ?? '').split(' ').filter(Boolean),
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
    ],
    {
      env: {
        ...process.env,
        BENCH_NOW_MS: String(NOW),
        BENCH_ROUND: JSON.stringify({ dir, sim, token, accessLog }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`bench round exited with ${code}`);
  // The round's result is its last line; anything else it printed (BENCH_APP_FLAGS=--trace-gc) goes to stderr.
  const lines = out.trim().split('\n');
  if (lines.length > 1) process.stderr.write(`${lines.slice(0, -1).join('\n')}\n`);
  return JSON.parse(lines.at(-1)!) as Round;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-bench-'));
  const token = randomBytes(16).toString('hex');
  const sim = await startOuraSimulator(token, NOW, YEARS, cpuProfile(process.env.BENCH_SIM_PROFILE));
  try {
    const rounds: Round[] = [];
    // Issue 12: each round with the access log on (the app's default) is paired with one with it off, run
    // next to it, so both see the same spell of load. The pair's order alternates (on first, then off
    // first): whichever ran first was slower in runs on a loaded host, and a fixed order would charge
    // that to the log. backfill_ratio_with_access_log is the median of the pairs' ratios (on / off).
    const withoutLog: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const accessLog of r % 2 === 0 ? [true, false] : [false, true]) {
        // Each round in a directory of its own: a fresh database, kept with the others under BENCH_KEEP=1.
        const roundDir = path.join(dir, `round-${r + 1}${accessLog ? '' : '-no-access-log'}`);
        fs.mkdirSync(roundDir);
        const one = await roundInFreshProcess(roundDir, sim, token, accessLog);
        if (!process.env.BENCH_KEEP) fs.rmSync(roundDir, { recursive: true, force: true });
        (accessLog ? rounds : withoutLog).push(one);
        console.error(
          `round ${r + 1}/${ROUNDS}${accessLog ? '' : ' (access log off)'}: ${one.seconds.toFixed(2)} s, ratio ${one.ratio.toFixed(3)}`,
        );
      }
    }
    const medianOff = [...withoutLog].sort((a, b) => a.ratio - b.ratio)[Math.floor(withoutLog.length / 2)]!;
    // The median round by ratio stands for the run; memory and bridge latency are the worst of all rounds.
    const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
    const perPath = median.incremental.perPath;
    const results = {
      runner: mode,
      rounds: ROUNDS,
      rows: median.rows,
      heart_rate_samples: median.samples,
      seconds: round(median.seconds, 2),
      seconds_per_category: median.perCategory,
      // CPU used during the backfill by the app (all its threads) and by the simulator process (the "provider").
      app_cpu_s: round(median.appCpuS, 2),
      provider_cpu_s: median.providerCpuS === null ? null : round(median.providerCpuS, 2),
      // CPU seconds of the app's busiest threads during the backfill (Linux; ≥ 0.05), largest first. Node
      // leaves every thread named "node"; profiles show the two largest are the sync worker and the database
      // writer, the next ones V8's helper threads (GC, compilation), the thread pool (raw-page deflate), the
      // main thread and the bench's renderer thread.
      app_threads_cpu_s: median.threads.map((t) => t.cpu_s),
      // Seconds each of those threads was ready to run but waited for a core (Linux schedstat), same order.
      app_threads_wait_s: median.threads.map((t) => t.wait_s),
      rows_per_s: Math.round(median.rowsPerS),
      raw_rows_per_s: Math.round(median.rawRowsPerS),
      ratio: round(median.ratio, 3),
      peak_rss_mb: round(Math.max(...rounds.map((r) => r.bridge.peakRssMb)), 1),
      bridge_p99_ms: round(Math.max(...rounds.map((r) => r.bridge.p99)), 2),
      bridge_p50_ms: round(median.bridge.p50, 2),
      bridge_max_ms: round(Math.max(...rounds.map((r) => r.bridge.max)), 2),
      bridge_calls: rounds.reduce((n, r) => n + r.bridge.calls, 0),
      each_round: rounds.map((r) => ({
        seconds: round(r.seconds, 2),
        raw_rows_per_s: Math.round(r.rawRowsPerS),
        ratio: round(r.ratio, 3),
        peak_rss_mb: round(r.bridge.peakRssMb, 1),
        bridge_p99_ms: round(r.bridge.p99, 2),
      })),
      // Issue 12: the same backfill with the access log off, and the median ratio with it on over that.
      access_log: {
        rows_recorded: median.accessLogRows,
        ratio_without_access_log: round(medianOff.ratio, 3),
        seconds_without_access_log: round(medianOff.seconds, 2),
        each_round_without_access_log: withoutLog.map((r) => round(r.ratio, 3)),
        each_pair_on_over_off: rounds.map((on, i) => round(on.ratio / withoutLog[i]!.ratio, 3)),
        // CPU-seconds of the app (all threads) per pair, on then off: what the log costs in work, which a
        // busy host does not blur as it does wall time.
        each_pair_app_cpu_s: rounds.map((on, i) => [round(on.appCpuS, 2), round(withoutLog[i]!.appCpuS, 2)]),
      },
      backfill_ratio_with_access_log: round(
        [...rounds.map((on, i) => on.ratio / withoutLog[i]!.ratio)].sort((a, b) => a - b)[
          Math.floor(rounds.length / 2)
        ]!,
        3,
      ),
      // The backfill's WAL copied into the database after the job (not inside `seconds`).
      checkpoint_after_s: round(median.checkpointSeconds, 3),
      incremental: {
        seconds: round(median.incremental.seconds, 3),
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
    const ok =
      results.ratio >= 0.5 &&
      results.peak_rss_mb <= 300 &&
      results.bridge_p99_ms <= 50 &&
      results.backfill_ratio_with_access_log >= 0.95;
    console.log(
      ok
        ? 'targets met'
        : 'targets NOT met (ratio ≥ 0.5, peak_rss_mb ≤ 300, bridge_p99_ms ≤ 50, backfill_ratio_with_access_log ≥ 0.95)',
    );
  } finally {
    sim.stop();
    // BENCH_KEEP=1 leaves the scratch directory for inspection.
    if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

if (process.env.BENCH_ROUND) {
  // A round's own process (see roundInFreshProcess): one JSON line on stdout.
  const { dir, sim, token, accessLog } = JSON.parse(process.env.BENCH_ROUND) as {
    dir: string;
    sim: { url: string; pid: number };
    token: string;
    accessLog: boolean;
  };
  process.stdout.write(`${JSON.stringify(await runRound(dir, sim, token, accessLog))}\n`);
} else {
  await main();
}
