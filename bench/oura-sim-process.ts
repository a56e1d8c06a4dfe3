// The Oura simulator for the benchmark, in its own process: the "provider"
// must not share the app's event loop or its measurements. Prints its URL on
// stdout; `GET /__bench/requests` returns the request counts per path since
// the last `POST /__bench/requests`.
import { HEART_RATE_FIELDS } from '../src-main/core/providers/oura/fetchers';
import { dataRoutes } from '../simulators/oura/data';
import { OuraDataset } from '../simulators/oura/dataset';
import { json, SimServer } from '../simulators/sim-server';

const token = process.env.BENCH_TOKEN;
const now = Number(process.env.BENCH_NOW);
const years = Number(process.env.BENCH_YEARS ?? '5');
if (!token || !Number.isFinite(now)) throw new Error('BENCH_TOKEN and BENCH_NOW are required');

const firstDay = new Date(now - years * 365 * 86_400_000).toISOString().slice(0, 10);
const dataset = new OuraDataset({ seed: 2026, userId: 'bench', firstDay, utcOffsetMin: 60, until: () => now });
const scopes = ['personal', 'daily', 'heartrate', 'workout', 'spo2'];
const server = new SimServer('oura-bench');
let mark = 0;
server.use((req, res, url) => {
  if (url.pathname !== '/__bench/requests') return false;
  if (req.method === 'POST') {
    mark = server.requests.length;
    return json(res, 200, { ok: true });
  }
  const counts: Record<string, number> = {};
  for (const r of server.requests.slice(mark))
    if (!r.path.startsWith('/__bench')) counts[r.path] = (counts[r.path] ?? 0) + 1;
  return json(res, 200, counts);
});
server.use(
  dataRoutes({ authenticate: (t) => (t === token ? { userId: 'bench', scopes } : null) }, dataset, {
    pageSize: 200,
    heartRatePageSize: 10_000,
    prerender: true,
    // The projection the app asks for (Oura's `fields`), stored like the full rows.
    prerenderFields: [HEART_RATE_FIELDS],
  }),
);
const url = await server.start();
process.stdout.write(`${url}\n`);
// Exit cleanly on the bench's kill, so --cpu-prof (and any exit hook) can write its output.
process.on('SIGTERM', () => process.exit(0));
