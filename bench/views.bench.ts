import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src-main/core/db/database';
import { DataQueries } from '../src-main/core/data/data-queries';
import { HealthStore } from '../src-main/core/store/health-store';
import { emptyBatch } from '../src-main/core/store/records';
import { connectedOuraAccount } from '../src-main/core/store/test-support/connected-account';

// `npm run bench:views` (issue 17), PARTIAL: the core's decimated queries alone
// (query_year_ms, query_all_ms) over five years of 5-minute heart rate in a
// real SQLite file, 10 repetitions, p50/p95. The browser figures of the issue
// (year_hr_ms, all_hr_ms, range_switch_ms, uplot_bare_year_ms, ratio_year,
// renderer_heap_mb through the browser host in Chromium) are not measured yet
// and are written as null. Not part of `npm test`.

const REPS = 10;
const BUCKETS = 2400; // a 1200 px plot area at device pixel ratio 2
const DAY = 86_400;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-bench-views-'));
const db = openDatabase(path.join(dir, 'omnio.sqlite'));
const accountId = connectedOuraAccount(db);
const store = new HealthStore(db);
const end = Math.floor(Date.now() / 1000 / 300) * 300;
const start = end - 5 * 365 * DAY;
for (let from = start; from < end; from += 30 * DAY) {
  const to = Math.min(end, from + 30 * DAY);
  const ts = new Float64Array((to - from) / 300);
  const values = new Float64Array(ts.length);
  for (let i = 0; i < ts.length; i++) {
    ts[i] = from + i * 300;
    values[i] = 48 + ((ts[i]! * 2654435761) % 70);
  }
  const batch = emptyBatch();
  batch.series.push({ metric: 'heart_rate', unit: 'bpm', fromTs: from, toTs: to, ts, values, tags: [], raw: '{}' });
  batch.series[0]!.tags = Array.from(ts, () => null);
  store.writeBatch(accountId, 'heart_rate', batch, { coveredFrom: start * 1000, coveredTo: to * 1000 });
}

const queries = new DataQueries(db);
const time = (from: number) => {
  const out: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    queries.series({ accountId, metric: 'heart_rate', from, to: end, buckets: BUCKETS });
    out.push(performance.now() - t0);
  }
  out.sort((a, b) => a - b);
  const at = (p: number) => Math.round(out[Math.min(out.length - 1, Math.ceil(p * out.length) - 1)]! * 10) / 10;
  return { p50: at(0.5), p95: at(0.95) };
};
const result = {
  at: new Date().toISOString(),
  samples: (db.prepare('SELECT count(*) FROM series_samples').pluck().get() as number) ?? 0,
  buckets: BUCKETS,
  reps: REPS,
  query_year_ms: time(end - 365 * DAY),
  query_all_ms: time(start),
  year_hr_ms: null,
  all_hr_ms: null,
  range_switch_ms: null,
  uplot_bare_year_ms: null,
  ratio_year: null,
  renderer_heap_mb: null,
  note: 'Partial: the core query figures only; the Chromium figures are not measured yet.',
};
db.close();
fs.rmSync(dir, { recursive: true, force: true });
fs.writeFileSync(path.join(import.meta.dirname, 'views.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
