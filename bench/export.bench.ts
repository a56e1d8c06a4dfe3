// Issue 12: export_csv_rows_per_s for the five-year heart-rate series, against
// the same run's ceiling: better-sqlite3 iterating the same rows and writing
// the same bytes through one fs.WriteStream, in the same process, right after.
// Target: ratio ≥ 0.5 with peak RSS ≤ 300 MB. Writes bench/export-results.json.
//
// The database is filled once; then BENCH_ROUNDS rounds (default 5), each in a
// new process, as the app's first export after a launch is: cold code, a new
// connection. The run reports the median round by ratio (one round on the
// shared 2-core host swings by a factor of 2 in either figure) and every round.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../src-main/core/db/database';
import { exportData } from '../src-main/core/export/export-data';
import { HealthStore } from '../src-main/core/store/health-store';
import { emptyBatch } from '../src-main/core/store/records';
import { createBenchAccount } from './oura-backfill';

const here = path.dirname(fileURLToPath(import.meta.url));
const SAMPLES = 5 * 365.25 * 288; // five years every 5 minutes ≈ 525,960
const CHUNK = 256 * 1024;

function fill(dbFile: string): string {
  const db = openDatabase(dbFile);
  const account = createBenchAccount(db, ['heartrate']);
  const store = new HealthStore(db);
  const t0 = Date.parse('2021-01-01T00:00:00Z') / 1000;
  const perPage = 8640; // 30 days
  for (let start = 0; start < SAMPLES; start += perPage) {
    const n = Math.min(perPage, Math.floor(SAMPLES) - start);
    const b = emptyBatch();
    b.series.push({
      metric: 'heart_rate',
      unit: 'bpm',
      fromTs: t0 + start * 300,
      toTs: t0 + (start + n) * 300,
      ts: Array.from({ length: n }, (_, i) => t0 + (start + i) * 300),
      values: Array.from({ length: n }, (_, i) => 50 + ((start + i) % 80)),
      tags: Array.from({ length: n }, (_, i) => (i % 2 ? 'awake' : 'rest')),
      raw: '{}',
    });
    store.writeBatch(account, 'heart_rate', b, { coveredFrom: 0, coveredTo: 1 });
  }
  db.close();
  return account;
}

/** The ceiling: the same rows iterated by better-sqlite3, the export's bytes written by one WriteStream. */
async function ceiling(dbFile: string, exported: string): Promise<number> {
  const db = new BetterSqlite3(dbFile, { readonly: true });
  const fd = fs.openSync(exported, 'r');
  const out = fs.createWriteStream(`${exported}.ceiling`);
  const size = fs.fstatSync(fd).size;
  const rows = db.prepare('SELECT count(*) FROM series_samples').pluck().get() as number;
  const bytesPerRow = size / rows;
  const t0 = performance.now();
  let n = 0;
  let written = 0;
  const buf = Buffer.allocUnsafe(CHUNK);
  for (const _row of db.prepare('SELECT ts, value, tag FROM series_samples ORDER BY series_id, ts').raw().iterate()) {
    n++;
    while (n * bytesPerRow - written >= CHUNK) {
      const got = fs.readSync(fd, buf, 0, CHUNK, written);
      written += got;
      if (!out.write(Buffer.from(buf.subarray(0, got)))) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  }
  const rest = fs.readSync(fd, buf, 0, CHUNK, written);
  out.end(Buffer.from(buf.subarray(0, rest)));
  await new Promise<void>((r) => out.once('finish', () => r()));
  const seconds = (performance.now() - t0) / 1000;
  fs.closeSync(fd);
  db.close();
  return n / seconds;
}

interface Round {
  rows: number;
  csvBytes: number;
  seconds: number;
  rowsPerS: number;
  ceilingRowsPerS: number;
  ratio: number;
  peakRssMb: number;
}

/** One round, in this process: the app's export, then the ceiling on the file it wrote. */
async function runRound(dbFile: string, account: string, dir: string): Promise<Round> {
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const target = path.join(dir, 'heart-rate.csv');
  const t0 = performance.now();
  const rows = await exportData({
    dbFile,
    target,
    format: 'csv',
    selection: { accountId: account, category: 'heart_rate' },
  });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const rowsPerS = rows / seconds;
  const ceilingRowsPerS = await ceiling(dbFile, target);
  const csvBytes = fs.statSync(target).size;
  fs.rmSync(target);
  fs.rmSync(`${target}.ceiling`);
  return {
    rows,
    csvBytes,
    seconds,
    rowsPerS,
    ceilingRowsPerS,
    ratio: rowsPerS / ceilingRowsPerS,
    peakRssMb: peak / 1e6,
  };
}

async function roundInFreshProcess(dbFile: string, account: string, dir: string): Promise<Round> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_EXPORT_ROUND: JSON.stringify({ dbFile, account, dir }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`export round exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as Round;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-export-bench-'));
  try {
    const dbFile = path.join(dir, 'omnio.sqlite');
    const account = fill(dbFile);
    const loadBefore = os.loadavg()[0]!;
    const each: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      const one = await roundInFreshProcess(dbFile, account, dir);
      each.push(one);
      console.error(
        `round ${r + 1}/${rounds}: ${one.seconds.toFixed(2)} s, ceiling ${Math.round(one.ceilingRowsPerS)} rows/s, ratio ${one.ratio.toFixed(3)}`,
      );
    }
    const median = [...each].sort((a, b) => a.ratio - b.ratio)[Math.floor(each.length / 2)]!;
    const results = {
      rounds,
      rows: median.rows,
      csv_mb: Math.round(median.csvBytes / 1e5) / 10,
      seconds: Math.round(median.seconds * 100) / 100,
      export_csv_rows_per_s: Math.round(median.rowsPerS),
      ceiling_rows_per_s: Math.round(median.ceilingRowsPerS),
      ratio: r3(median.ratio),
      // The worst round's.
      peak_rss_mb: Math.round(Math.max(...each.map((r) => r.peakRssMb)) * 10) / 10,
      each_round: each.map((r) => ({
        seconds: Math.round(r.seconds * 100) / 100,
        ceiling_rows_per_s: Math.round(r.ceilingRowsPerS),
        ratio: r3(r.ratio),
      })),
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        load_avg_before: Math.round(loadBefore * 100) / 100,
        load_avg_after: Math.round(os.loadavg()[0]! * 100) / 100,
      },
      at: new Date().toISOString(),
    };
    fs.writeFileSync(path.join(here, 'export-results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
    const ok = results.ratio >= 0.5 && results.peak_rss_mb <= 300;
    console.log(ok ? 'export targets met' : 'export targets NOT met (ratio ≥ 0.5, peak_rss_mb ≤ 300)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_EXPORT_ROUND) {
  // A round's own process (roundInFreshProcess): one JSON line on stdout.
  const { dbFile, account, dir } = JSON.parse(process.env.BENCH_EXPORT_ROUND) as {
    dbFile: string;
    account: string;
    dir: string;
  };
  process.stdout.write(`${JSON.stringify(await runRound(dbFile, account, dir))}\n`);
} else {
  await main();
}
