import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSchema, resolveRef } from './oauth/openapi-check';
import { dataRoutes as ouraData } from './oura/data';
import { OuraDataset } from './oura/dataset';
import type { SimAuthority } from './sim-authority';
import { SimServer } from './sim-server';
import { dataRoutes as whoopData } from './whoop/data';
import { WhoopDataset } from './whoop/dataset';
import { dataRoutes as withingsData } from './withings/data';
import { WithingsDataset } from './withings/dataset';

// Every data answer of the Oura, WHOOP and Withings simulators, checked
// against the providers' official OpenAPI documents (specs/). Ranges are long
// enough to include the nullable, missing-optional and unscored variants.

const spec = (name: string) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- OpenAPI documents are walked by path
  JSON.parse(fs.readFileSync(new URL(`../specs/${name}`, import.meta.url), 'utf8')) as Record<string, any>;
const NOW = Date.parse('2026-01-10T12:00:00Z');
const TOKEN = 'conformance-token';
const everything: SimAuthority = {
  authenticate: (t) =>
    t === TOKEN
      ? {
          userId: 'u',
          scopes: [
            'daily',
            'heartrate',
            'workout',
            'spo2',
            'personal',
            'read:cycles',
            'read:recovery',
            'read:sleep',
            'read:workout',
            'read:body_measurement',
            'read:profile',
            'user.metrics',
            'user.activity',
          ],
        }
      : null,
};

const sim = new SimServer('conformance');
sim.use(
  ouraData(
    everything,
    new OuraDataset({ seed: 21, userId: 'u', firstDay: '2025-10-01', utcOffsetMin: 330, until: () => NOW }),
    { pageSize: 500 },
  ),
);
sim.use(
  whoopData(
    everything,
    new WhoopDataset({ seed: 22, userId: 77, firstDay: '2025-10-01', timezoneOffset: '+05:30', until: () => NOW }),
  ),
);
sim.use(
  withingsData(
    everything,
    new WithingsDataset({
      seed: 23,
      userId: 88,
      firstDay: '2025-10-01',
      timezone: 'America/New_York',
      until: () => NOW,
    }),
    { pageSize: 500 },
  ),
);

async function get(path: string): Promise<unknown> {
  const res = await fetch(sim.url + path, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.json();
}

async function post(path: string, form: Record<string, string>): Promise<unknown> {
  const res = await fetch(sim.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(() => sim.start().then(() => undefined));
afterAll(() => sim.stop());

describe('Oura data simulator conforms to Oura OpenAPI 1.29', () => {
  const oura = spec('oura-openapi-1.29.json');
  const collections: [string, string][] = [
    ['daily_sleep', 'MultiDocumentResponse_PublicDailySleep_'],
    ['daily_activity', 'MultiDocumentResponse_PublicDailyActivity_'],
    ['daily_readiness', 'MultiDocumentResponse_PublicDailyReadiness_'],
    ['daily_spo2', 'MultiDocumentResponse_PublicDailySpO2_'],
    ['sleep', 'MultiDocumentResponse_PublicModifiedSleepModel_'],
    ['workout', 'MultiDocumentResponse_PublicWorkout_'],
  ];
  it.each(collections)('%s', async (name, schemaName) => {
    const body = (await get(`/v2/usercollection/${name}?start_date=2025-10-01&end_date=2026-01-11`)) as {
      data: unknown[];
    };
    expect(body.data.length).toBeGreaterThan(20);
    // The typed alternative of the documented anyOf (the other one, a free-form dict, would accept anything).
    expect(checkSchema(oura, resolveRef(oura, `#/components/schemas/${schemaName}`), body)).toEqual([]);
  });

  it('heartrate and personal_info', async () => {
    const hr = await get(
      '/v2/usercollection/heartrate?start_datetime=2026-01-01T00:00:00Z&end_datetime=2026-01-02T00:00:00Z',
    );
    expect(
      checkSchema(oura, resolveRef(oura, '#/components/schemas/TimeSeriesResponse_PublicHeartRateRow_'), hr),
    ).toEqual([]);
    // With `fields` (Oura 1.29), rows hold the fields asked for: the documented free-form alternative
    // (TimeSeriesResponseDict), each row's fields still as PublicHeartRateRow types them.
    const lean = (await get(
      '/v2/usercollection/heartrate?start_datetime=2026-01-01T00:00:00Z&end_datetime=2026-01-02T00:00:00Z&fields=timestamp_unix,bpm,source',
    )) as { data: Record<string, unknown>[] };
    expect(checkSchema(oura, resolveRef(oura, '#/components/schemas/TimeSeriesResponseDict'), lean)).toEqual([]);
    const rowSchema = resolveRef(oura, '#/components/schemas/PublicHeartRateRow') as {
      properties: Record<string, Parameters<typeof checkSchema>[1]>;
    };
    expect(lean.data).toHaveLength((hr as { data: unknown[] }).data.length);
    for (const row of lean.data) {
      expect(Object.keys(row)).toEqual(['timestamp_unix', 'bpm', 'source']);
      for (const [k, v] of Object.entries(row)) expect(checkSchema(oura, rowSchema.properties[k]!, v)).toEqual([]);
    }
    const info = await get('/v2/usercollection/personal_info');
    expect(checkSchema(oura, resolveRef(oura, '#/components/schemas/PersonalInfoResponse'), info)).toEqual([]);
  });

  it('includes nulls and absent optional fields', async () => {
    const body = (await get('/v2/usercollection/workout?start_date=2025-10-01&end_date=2026-01-11')) as {
      data: Record<string, unknown>[];
    };
    expect(body.data.some((w) => !('distance' in w))).toBe(true);
    expect(body.data.some((w) => w.distance === null)).toBe(true);
    const sleep = (await get('/v2/usercollection/daily_sleep?start_date=2025-10-01&end_date=2026-01-11')) as {
      data: Record<string, unknown>[];
    };
    expect(sleep.data.some((d) => d.score === null)).toBe(true);
  });
});

describe('WHOOP data simulator conforms to whoop-openapi.json (v2)', () => {
  const whoop = spec('whoop-openapi.json');
  const responseSchema = (path: string) => whoop.paths[path].get.responses['200'].content['application/json'].schema;
  it.each(['/v2/cycle', '/v2/recovery', '/v2/activity/sleep', '/v2/activity/workout'])(
    '%s (every page)',
    async (path) => {
      let next: string | undefined;
      let pages = 0;
      do {
        const body = (await get(`/developer${path}?limit=25${next ? `&nextToken=${next}` : ''}`)) as {
          records: unknown[];
          next_token?: string;
        };
        expect(body.records.length).toBeLessThanOrEqual(25);
        expect(checkSchema(whoop, responseSchema(path), body)).toEqual([]);
        next = body.next_token;
        pages += 1;
      } while (next);
      expect(pages).toBeGreaterThan(1);
    },
  );
  it('body measurement and profile', async () => {
    expect(
      checkSchema(whoop, responseSchema('/v2/user/measurement/body'), await get('/developer/v2/user/measurement/body')),
    ).toEqual([]);
    expect(
      checkSchema(whoop, responseSchema('/v2/user/profile/basic'), await get('/developer/v2/user/profile/basic')),
    ).toEqual([]);
  });
  it('rejects limit > 25', async () => {
    const res = await fetch(`${sim.url}/developer/v2/cycle?limit=26`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(400);
  });
});

describe('Withings data simulator conforms to withings-openapi.json', () => {
  const withings = spec('withings-openapi.json');
  const op = (id: string) =>
    Object.values(
      withings.paths as Record<
        string,
        { post?: { operationId: string; responses: Record<string, { content: Record<string, { schema: unknown }> }> } }
      >,
    ).find((p) => p.post?.operationId === id)!.post!;
  const cases: [string, string, Record<string, string>][] = [
    ['measure-getmeas', '/measure', { action: 'getmeas', startdate: '0', enddate: String(NOW / 1000) }],
    [
      'measurev2-getactivity',
      '/v2/measure',
      { action: 'getactivity', startdateymd: '2025-10-01', enddateymd: '2026-01-10' },
    ],
    [
      'measurev2-getworkouts',
      '/v2/measure',
      { action: 'getworkouts', startdateymd: '2025-10-01', enddateymd: '2026-01-10' },
    ],
    ['sleepv2-getsummary', '/v2/sleep', { action: 'getsummary', startdateymd: '2025-10-01', enddateymd: '2026-01-10' }],
  ];
  it.each(cases)('%s', async (id, path, form) => {
    const body = (await post(path, form)) as { status: number };
    expect(body.status).toBe(0);
    expect(
      checkSchema(
        withings,
        op(id).responses['200']!.content['application/json']!.schema as Record<string, unknown>,
        body,
      ),
    ).toEqual([]);
  });
});
