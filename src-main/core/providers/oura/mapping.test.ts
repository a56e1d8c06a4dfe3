import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSchema, resolveRef } from '../../../../simulators/oauth/openapi-check';
import * as m from './mapping';

// Oura documents at the edge of the spec (OpenAPI 1.29): every nullable field
// null, every optional field absent. First proven conformant, then mapped.

const spec = JSON.parse(
  fs.readFileSync(new URL('../../../../specs/oura-openapi-1.29.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const conforms = (schema: string, value: unknown) =>
  expect(checkSchema(spec, resolveRef(spec, `#/components/schemas/${schema}`), value)).toEqual([]);
const meta = { updated_at: '2026-01-02T08:00:00Z', version: 1 };

describe('Oura mapping of minimal, spec-conformant documents', () => {
  it('daily sleep with a null score and null contributors', () => {
    const doc = {
      id: 'ds1',
      meta,
      contributors: {
        deep_sleep: null,
        efficiency: null,
        latency: null,
        rem_sleep: null,
        restfulness: null,
        timing: null,
        total_sleep: null,
      },
      day: '2026-01-02',
      score: null,
      timestamp: '2026-01-02T00:00:00-05:00',
    };
    conforms('PublicDailySleep', doc);
    const rec = m.dailySleepRecord(m.publicDailySleep.parse(doc), JSON.stringify(doc));
    expect(rec).toMatchObject({
      kind: 'oura.daily_sleep',
      recordId: 'ds1',
      localDate: '2026-01-02',
      utcOffsetMin: -300,
      score: null,
    });
  });

  it('sleep period with only the required fields (type, durations and heart rate absent)', () => {
    const doc = {
      id: 's1',
      meta,
      bedtime_end: '2026-01-02T07:00:00+01:00',
      bedtime_start: '2026-01-01T23:30:00+01:00',
      day: '2026-01-02',
      low_battery_alert: false,
      period: 0,
      time_in_bed: 27000,
    };
    conforms('PublicModifiedSleepModel', doc);
    const rec = m.sleepSession(m.publicSleep.parse(doc), JSON.stringify(doc));
    expect(rec).toMatchObject({
      subType: null,
      startAt: '2026-01-01T22:30:00.000Z',
      endAt: '2026-01-02T06:00:00.000Z',
      utcOffsetMin: 60,
      localDate: '2026-01-02',
    });
    expect(rec.data).toMatchObject({ totalSleepS: null, averageHeartRate: null, efficiency: null });
  });

  it('daily SpO2 without a value, readiness with null deviations, workout without label or distance', () => {
    const spo2 = { id: 'o1', meta, day: '2026-01-02', spo2_percentage: null, breathing_disturbance_index: null };
    conforms('PublicDailySpO2', spo2);
    expect(m.dailySpo2Record(m.publicDailySpO2.parse(spo2), '').score).toBeNull();
    const minimalSpo2 = { id: 'o2', meta, day: '2026-01-03' };
    conforms('PublicDailySpO2', minimalSpo2);
    expect(m.dailySpo2Record(m.publicDailySpO2.parse(minimalSpo2), '').data).toEqual({
      averageSpo2: null,
      breathingDisturbanceIndex: null,
    });
    const workout = {
      id: 'w1',
      meta,
      activity: 'walking',
      day: '2026-01-02',
      end_datetime: '2026-01-02T10:00:00+00:00',
      intensity: 'easy',
      source: 'manual',
      start_datetime: '2026-01-02T09:00:00+00:00',
    };
    conforms('PublicWorkout', workout);
    expect(m.workoutSession(m.publicWorkout.parse(workout), '').data).toEqual({
      intensity: 'easy',
      source: 'manual',
      calories: null,
      distanceM: null,
      label: null,
    });
    const info = { id: 'u1' };
    conforms('PersonalInfoResponse', info);
    expect(m.profileRecord(m.personalInfo.parse(info), '').data).toEqual({
      age: null,
      weightKg: null,
      heightM: null,
      biologicalSex: null,
    });
  });

  it('heart-rate rows: timestamp_unix preferred, a bad row named by index', () => {
    const rows = [
      { timestamp: '2026-01-02T00:00:00+00:00', timestamp_unix: 1767312000000, bpm: 61, source: 'rest' },
      { timestamp: '2026-01-02T00:05:00+00:00', timestamp_unix: 1767312300000, bpm: 63, source: 'awake' },
    ];
    conforms('TimeSeriesResponse_PublicHeartRateRow_', { data: rows, next_token: null });
    expect(m.heartRatePage(rows, 0, 1, '')).toMatchObject({
      ts: [1767312000, 1767312300],
      values: [61, 63],
      tags: ['rest', 'awake'],
    });
    expect(m.heartRatePage([rows[0], { ...rows[1], bpm: '63' }], 0, 1, '')).toBe('data[1].bpm is not an integer');
    expect(m.heartRatePage([{ ...rows[0], source: 'dream' }], 0, 1, '')).toBe('data[0].source is not a known source');
  });
});
