import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataRoutes } from '../../../simulators/oura/data';
import { OuraDataset } from '../../../simulators/oura/dataset';
import { SyncHarness } from './test-support/harness';

// Heart-rate pages take the byte scanner when they are in the plain shape Oura sends (the rest of the
// sync tests) and the general JSON path otherwise: these pages go the general way, end to end.

const NOW = Date.parse('2026-01-10T12:00:00Z');
const HR = '/v2/usercollection/heartrate';

describe('Oura heart-rate pages outside the plain shape', () => {
  let h: SyncHarness;

  beforeEach(async () => {
    h = new SyncHarness('oura', NOW);
    const dataset = new OuraDataset({
      seed: 5,
      userId: 'u1',
      firstDay: '2025-12-20',
      utcOffsetMin: 0,
      until: () => h.clock,
    });
    h.sim.use(dataRoutes(h.grants, dataset));
    await h.start();
  });
  afterEach(() => h.close());

  const sample = (ms: number, bpm: number | string, extra = '') =>
    `{"timestamp": "${new Date(ms).toISOString()}", "timestamp_unix": ${ms}, "bpm": ${bpm}, "source": "rest"${extra}}`;

  it('a valid page with whitespace and an unknown key is read by the general path and stored with its raw text', async () => {
    const account = h.connect('oura', 'u1', ['heartrate']);
    const t = NOW - 3_600_000;
    const body = `{\n  "data": [\n    ${sample(t, 61, ', "quality": "high"')},\n    ${sample(t + 300_000, 63)}\n  ],\n  "next_token": null\n}`;
    h.sim.inject({ pathPrefix: HR, times: 1, fault: { kind: 'status', status: 200, body } });
    expect((await h.sync(account.id, 10)).status).toBe('ok');
    const rows = h.db
      .prepare('SELECT ts, value, tag FROM series_samples WHERE ts >= ? ORDER BY ts')
      .all(Math.floor((NOW - 30 * 86_400_000) / 1000));
    expect(rows).toEqual([
      { ts: t / 1000, value: 61, tag: 'rest' },
      { ts: t / 1000 + 300, value: 63, tag: 'rest' },
    ]);
    const pages = h.store.seriesPages(account.id, 'heart_rate');
    expect(pages.at(-1)!.raw).toBe(body);
  });

  it('asks only for the fields it reads; a server that sends all four stores the same samples', async () => {
    const account = h.connect('oura', 'u1', ['heartrate']);
    const urls: string[] = [];
    expect((await h.sync(account.id, 3, { onRequest: (_, req) => urls.push(req.url) })).status).toBe('ok');
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(new URL(url).searchParams.get('fields')).toBe('timestamp_unix,bpm,source');
    // The raw pages are what Oura sent for fields=timestamp_unix,bpm,source: no ISO timestamp in them.
    const pages = h.store.seriesPages(account.id, 'heart_rate');
    expect(pages.length).toBeGreaterThan(0);
    const rows = pages.flatMap((p) => (JSON.parse(p.raw) as { data: Record<string, unknown>[] }).data);
    expect(rows.length).toBeGreaterThan(500);
    for (const row of rows) expect(Object.keys(row)).toEqual(['timestamp_unix', 'bpm', 'source']);
    const lean = h.db.prepare('SELECT ts, value, tag FROM series_samples ORDER BY ts').all();

    // A server ignoring `fields` sends every field, in the plain shape: the same samples.
    const other = h.connect('oura', 'u2', ['heartrate']);
    const t = NOW - 3_600_000;
    const full = rows
      .filter((r) => (r.timestamp_unix as number) >= t - 86_400_000)
      .map((r): Record<string, unknown> => ({ timestamp: new Date(r.timestamp_unix as number).toISOString(), ...r }));
    h.sim.inject({
      pathPrefix: HR,
      times: Infinity,
      fault: { kind: 'status', status: 200, body: JSON.stringify({ data: full, next_token: null }) },
    });
    expect((await h.sync(other.id, 1)).status).toBe('ok');
    const seriesOf = (id: string) =>
      h.db
        .prepare(
          'SELECT ts, value, tag FROM series_samples WHERE series_id = (SELECT id FROM series WHERE account_id = ?) ORDER BY ts',
        )
        .all(id) as { ts: number }[];
    const fromFull = seriesOf(other.id);
    expect(fromFull).toHaveLength(full.length);
    expect(fromFull).toEqual(seriesOf(account.id).filter((r) => r.ts * 1000 >= (full[0]!.timestamp_unix as number)));
    expect(lean.length).toBeGreaterThanOrEqual(fromFull.length);
  });

  it('malformed JSON fails heart rate with a clear error and moves no cursor', async () => {
    const account = h.connect('oura', 'u1', ['heartrate']);
    h.sim.inject({ pathPrefix: HR, times: 1, fault: { kind: 'malformed-json' } });
    const outcome = await h.sync(account.id, 10);
    expect(outcome.errors.heart_rate).toBe('Oura sent a response Omnio could not read (heartrate: not valid JSON).');
    expect(h.store.cursor(account.id, 'heart_rate')).toBeNull();
  });

  it('a row the scanner refuses is reported by the general path with its index', async () => {
    const account = h.connect('oura', 'u1', ['heartrate']);
    const t = NOW - 3_600_000;
    const body = `{"data":[${sample(t, 61)},${sample(t + 300_000, 61.5)}],"next_token":null}`;
    h.sim.inject({ pathPrefix: HR, times: 1, fault: { kind: 'status', status: 200, body } });
    const outcome = await h.sync(account.id, 10);
    expect(outcome.errors.heart_rate).toBe(
      'Oura sent a response Omnio could not read (heartrate: data[1].bpm is not an integer).',
    );
    expect(h.db.prepare('SELECT count(*) AS n FROM series_samples').get()).toEqual({ n: 0 });
  });
});
