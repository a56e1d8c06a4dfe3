import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimAuthority } from '../sim-authority';
import { SimServer } from '../sim-server';
import { dataRoutes } from './data';
import { OuraDataset } from './dataset';

// The benchmark's simulator serves heart rate and documents from text rendered
// once at start-up (`prerender`). It must answer every request with
// exactly the bytes the live simulator renders, or the benchmark would measure
// the app on answers no test has checked.

const NOW = Date.parse('2026-01-10T12:00:00Z');
const TOKEN = 'prerender-token';
const authority: SimAuthority = {
  authenticate: (t) =>
    t === TOKEN ? { userId: 'p', scopes: ['daily', 'heartrate', 'workout', 'spo2', 'personal'] } : null,
};
const dataset = () =>
  new OuraDataset({ seed: 9, userId: 'p', firstDay: '2025-09-01', utcOffsetMin: -300, until: () => NOW });

const live = new SimServer('oura-live');
const stored = new SimServer('oura-stored');
live.use(dataRoutes(authority, dataset(), { pageSize: 40, heartRatePageSize: 700 }));
stored.use(
  dataRoutes(authority, dataset(), {
    pageSize: 40,
    heartRatePageSize: 700,
    prerender: true,
    prerenderFields: ['timestamp_unix,bpm,source'],
  }),
);

beforeAll(async () => {
  await live.start();
  await stored.start();
});
afterAll(async () => {
  await live.stop();
  await stored.stop();
});

/** Fetches `path` from both simulators, following next_token; returns the pages' texts of each. */
async function both(path: string): Promise<{ live: string[]; stored: string[] }> {
  const pages = async (base: string) => {
    const out: string[] = [];
    let next: string | null = null;
    do {
      const url = new URL(path, base);
      if (next) url.searchParams.set('next_token', next);
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      out.push(text);
      next = (JSON.parse(text) as { next_token: string | null }).next_token;
    } while (next);
    return out;
  };
  return { live: await pages(live.url), stored: await pages(stored.url) };
}

describe('Oura simulator, stored answers (benchmark mode)', () => {
  it('serves heart-rate pages byte-identical to the live rendering, across windows and paging', async () => {
    const windows = [
      ['2025-09-01T00:00:00Z', '2025-10-01T00:00:00Z'],
      ['2025-12-30T13:07:00Z', '2026-01-10T12:00:00Z'],
      ['2025-08-01T00:00:00Z', '2025-09-02T00:00:00Z'], // starts before the data
      ['2026-01-10T11:00:00Z', '2026-01-11T00:00:00Z'], // ends after it
      ['2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'], // no data at all
    ];
    for (const [from, to] of windows) {
      // All fields, the prerendered projection, and one rendered per request (another list, order ignored).
      for (const fields of ['', '&fields=timestamp_unix,bpm,source', '&fields=source,timestamp']) {
        const got = await both(`/v2/usercollection/heartrate?start_datetime=${from}&end_datetime=${to}${fields}`);
        expect(got.stored, `${from} ${fields}`).toEqual(got.live);
        expect(got.live.length).toBeGreaterThan(0);
      }
    }
    const lean = await both(
      '/v2/usercollection/heartrate?start_datetime=2025-09-01T00:00:00Z&end_datetime=2025-09-02T00:00:00Z&fields=timestamp_unix,bpm,source',
    );
    const row = (JSON.parse(lean.stored[0]!) as { data: Record<string, unknown>[] }).data[0]!;
    expect(Object.keys(row)).toEqual(['timestamp_unix', 'bpm', 'source']);
    const other = await both(
      '/v2/usercollection/heartrate?start_datetime=2025-09-01T00:00:00Z&end_datetime=2025-09-02T00:00:00Z&fields=source,timestamp',
    );
    expect(Object.keys((JSON.parse(other.live[0]!) as { data: object[] }).data[0]!)).toEqual(['timestamp', 'source']);
  });

  it('refuses a fields list naming what a heart-rate row does not have', async () => {
    for (const base of [live.url, stored.url]) {
      const res = await fetch(
        new URL(
          '/v2/usercollection/heartrate?start_datetime=2025-09-01T00:00:00Z&end_datetime=2025-09-02T00:00:00Z&fields=bpm,hrv',
          base,
        ),
        { headers: { authorization: `Bearer ${TOKEN}` } },
      );
      expect(res.status).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/fields/);
    }
  });

  it('serves every document collection byte-identical to the live rendering', async () => {
    for (const name of ['daily_sleep', 'daily_activity', 'daily_readiness', 'daily_spo2', 'sleep', 'workout']) {
      for (const [from, to] of [
        ['2025-09-01', '2025-11-15'],
        ['2025-12-20', '2026-01-11'],
        ['2024-01-01', '2024-02-01'],
      ]) {
        const got = await both(`/v2/usercollection/${name}?start_date=${from}&end_date=${to}`);
        expect(got.stored, `${name} ${from}..${to}`).toEqual(got.live);
      }
    }
  });
});
