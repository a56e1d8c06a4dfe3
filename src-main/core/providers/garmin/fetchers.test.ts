import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  activitiesBetween,
  dailyHeartRate,
  dailySleep,
  dailySummary,
  hrv,
  weightRange,
} from '../../../../simulators/garmin/sample-data';
import { DAY_MS, type FetchContext } from '../../sync/fetcher';
import { DEFAULT_RETRY, ProviderHttp } from '../../sync/http/provider-http';
import { RequestBudget } from '../../sync/http/request-budget';
import { datesIn, garminFetchers } from './fetchers';
import { openGarminTestbed, type GarminTestbed } from './test-support';

// Each Garmin category fetched from the simulator through the sync engine's
// own ProviderHttp and the Garmin TokenSource, compared with what the
// simulator generated for those days.

const USER = {
  email: 'data@example.com',
  password: 'pw-for-data-tests',
  profileId: 700123,
  displayName: 'data runner',
};
let tb: GarminTestbed;
let accountId: string;
let ctx: FetchContext;
const requests: string[] = [];

beforeEach(async () => {
  tb = await openGarminTestbed([USER], {}, Date.parse('2026-11-20T12:00:00Z'));
  const r = await tb.service.handlers.garminSignIn({ email: USER.email, password: USER.password });
  if (r.status !== 'connected') throw new Error('sign-in failed');
  accountId = r.accountId;
  requests.length = 0;
  const http = new ProviderHttp({
    providerName: 'Garmin',
    accountId,
    tokens: tb.service.tokens,
    budget: new RequestBudget([{ limit: 10_000, windowMs: 60_000 }]),
    retry: { ...DEFAULT_RETRY, baseDelayMs: 5, maxDelayMs: 10 },
    signal: new AbortController().signal,
    envelope: 'none',
    onRequest: (req) => requests.push(req.endpoint),
  });
  ctx = { http, apiBaseUrl: tb.sim.endpoints.apiBaseUrl, now: tb.clock.now };
});

afterEach(async () => {
  await tb.close();
});

const fetcher = (category: string) => garminFetchers.find((f) => f.category === category)!;
const to = Date.parse('2026-11-20T00:00:00Z');
const from = to - 3 * DAY_MS;
const days = ['2026-11-17', '2026-11-18', '2026-11-19'];

describe('Garmin fetchers', () => {
  it('cover every Garmin category of the catalog', () => {
    expect(garminFetchers.map((f) => f.category).sort()).toEqual(
      ['body', 'daily_summary', 'heart_rate', 'hrv', 'sleep', 'stress', 'workouts'].sort(),
    );
    expect(datesIn(from, to)).toEqual(days);
  });

  it('daily summaries: one record per day with the simulator’s numbers; the profile is read once', async () => {
    const b = await fetcher('daily_summary').fetchWindow(ctx, from, to);
    expect(b.daily.map((d) => d.localDate)).toEqual(days);
    expect(b.daily[0]!.data.steps).toBe(dailySummary(USER.profileId, days[0]!).totalSteps);
    expect(b.daily[0]!.kind).toBe('garmin.daily_summary');
    await fetcher('sleep').fetchWindow(ctx, from, to);
    expect(requests.filter((e) => e === 'socialProfile')).toHaveLength(1);
  });

  it('sleep: one session per night with GMT start/end and stages', async () => {
    const b = await fetcher('sleep').fetchWindow(ctx, from, to);
    expect(b.sessions).toHaveLength(3);
    const expected = dailySleep(USER.profileId, days[1]!).dailySleepDTO;
    expect(b.sessions[1]).toMatchObject({
      kind: 'garmin.sleep',
      localDate: days[1],
      startAt: new Date(expected.sleepStartTimestampGMT).toISOString(),
      endAt: new Date(expected.sleepEndTimestampGMT).toISOString(),
      data: expect.objectContaining({ deepS: expected.deepSleepSeconds, score: expected.sleepScores.overall.value }),
    });
  });

  it('heart rate and stress: one series page per day; stress also a daily record', async () => {
    const hr = await fetcher('heart_rate').fetchWindow(ctx, from, to);
    expect(hr.series).toHaveLength(3);
    expect(hr.series[0]!.ts).toHaveLength(dailyHeartRate(USER.profileId, days[0]!).heartRateValues.length);
    expect(hr.series[0]).toMatchObject({
      metric: 'heart_rate',
      unit: 'bpm',
      fromTs: Date.parse(`${days[0]}T00:00:00Z`) / 1000,
    });
    const stress = await fetcher('stress').fetchWindow(ctx, from, to);
    expect(stress.daily.map((d) => d.kind)).toEqual([
      'garmin.daily_stress',
      'garmin.daily_stress',
      'garmin.daily_stress',
    ]);
    expect(stress.series.every((p) => p.metric === 'stress' && p.ts.length === 480)).toBe(true);
  });

  it('HRV per night, weight measurements in kg, workouts with local offset', async () => {
    const h = await fetcher('hrv').fetchWindow(ctx, from, to);
    expect(h.daily.map((d) => d.score)).toEqual(days.map((d) => hrv(USER.profileId, d).hrvSummary.lastNightAvg));
    const body = await fetcher('body').fetchWindow(ctx, to - 30 * DAY_MS, to);
    const weighIns = weightRange(USER.profileId, '2026-10-21', '2026-11-19').dailyWeightSummaries;
    expect(
      body.measurements
        .filter((x) => x.kind === 'weight')
        .map((x) => x.value)
        .sort(),
    ).toEqual(weighIns.map((w) => w.latestWeight.weight / 1000).sort());
    const w = await fetcher('workouts').fetchWindow(ctx, to - 30 * DAY_MS, to);
    expect(w.sessions.map((s) => s.recordId).sort()).toEqual(
      activitiesBetween(USER.profileId, '2026-10-21', '2026-11-19')
        .map((a) => String(a.activityId))
        .sort(),
    );
    expect(w.sessions[0]).toMatchObject({ kind: 'garmin.activity', utcOffsetMin: 0 });
  });

  it('workouts page through long windows (100 per page)', async () => {
    const w = await fetcher('workouts').fetchWindow(ctx, to - 400 * DAY_MS, to);
    const expected = activitiesBetween(USER.profileId, '2025-10-16', '2026-11-19');
    expect(expected.length).toBeGreaterThan(100);
    expect(w.sessions).toHaveLength(expected.length);
    expect(requests.filter((e) => e === 'activities').length).toBe(Math.floor(expected.length / 100) + 1);
  });

  it('an access token that dies mid-sync is refreshed once through the session, and the sync goes on', async () => {
    tb.sim.state.expireAccessTokens();
    const b = await fetcher('hrv').fetchWindow(ctx, from, to);
    expect(b.daily).toHaveLength(3);
    expect(tb.sim.server.requests.filter((r) => r.path === '/di-oauth2-service/oauth/token')).toHaveLength(2);
  });

  it('days after the simulator’s today give nothing, not empty records', async () => {
    const future = Date.parse('2026-11-21T00:00:00Z');
    const b = await fetcher('daily_summary').fetchWindow(ctx, future, future + 2 * DAY_MS);
    expect(b.daily).toEqual([]);
    const s = await fetcher('sleep').fetchWindow(ctx, future, future + DAY_MS);
    expect(s.sessions).toEqual([]);
  });
});
