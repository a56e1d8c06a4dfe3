import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataRoutes } from '../../../simulators/oura/data';
import { OuraDataset } from '../../../simulators/oura/dataset';
import { SyncHarness } from './test-support/harness';

// Heart rate is asked for with fields=timestamp_unix,bpm,source (Oura 1.29). A server that honours
// `fields` but does not know timestamp_unix would answer rows without any instant: the fetcher asks for
// that page again with every field, and stops sending `fields` (its own file: that choice is kept by
// the process, and must not leak into the other tests).

const NOW = Date.parse('2026-01-10T12:00:00Z');
const HR = '/v2/usercollection/heartrate';

describe('Oura heart rate from a server whose fields give no instant', () => {
  let h: SyncHarness;

  beforeEach(async () => {
    h = new SyncHarness('oura', NOW);
    const dataset = new OuraDataset({
      seed: 6,
      userId: 'u1',
      firstDay: '2025-12-01',
      utcOffsetMin: 0,
      until: () => h.clock,
    });
    h.sim.use(dataRoutes(h.grants, dataset));
    await h.start();
  });
  afterEach(() => h.close());

  it('asks for the page again with every field, stores it, and sends no fields after that', async () => {
    const account = h.connect('oura', 'u1', ['heartrate']);
    h.sim.inject({
      pathPrefix: HR,
      times: 1,
      fault: {
        kind: 'status',
        status: 200,
        body: '{"data":[{"bpm":61,"source":"rest"},{"bpm":62,"source":"rest"}],"next_token":null}',
      },
    });
    const urls: string[] = [];
    const outcome = await h.sync(account.id, 40, { onRequest: (_, req) => urls.push(req.url) });
    expect(outcome.status).toBe('ok');
    const fields = urls.map((u) => new URL(u).searchParams.get('fields'));
    expect(fields[0]).toBe('timestamp_unix,bpm,source');
    expect(fields.slice(1).every((f) => f === null)).toBe(true);
    // The page asked again is the same window.
    const window = (u: string) => new URL(u).searchParams.get('start_datetime');
    expect(window(urls[1]!)).toBe(window(urls[0]!));
    // Everything the simulator has for the 40 days is stored, from pages with all four fields.
    const n = h.db.prepare('SELECT count(*) AS n FROM series_samples').get() as { n: number };
    expect(n.n).toBe(40 * 288 + Math.floor((NOW % 86_400_000) / 300_000));
    const raw = JSON.parse(h.store.seriesPages(account.id, 'heart_rate').at(-1)!.raw) as { data: object[] };
    expect(Object.keys(raw.data[0]!)).toEqual(['timestamp', 'timestamp_unix', 'bpm', 'source']);
  });
});
