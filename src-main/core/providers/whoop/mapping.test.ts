import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSchema, resolveRef } from '../../../../simulators/oauth/openapi-check';
import * as m from './mapping';

// WHOOP v2 records at the edge of the spec: unscored records have no `score`,
// the current cycle has no `end`, optional score fields are absent.

const spec = JSON.parse(
  fs.readFileSync(new URL('../../../../specs/whoop-openapi.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const conforms = (schema: string, value: unknown) =>
  expect(checkSchema(spec, resolveRef(spec, `#/components/schemas/${schema}`), value)).toEqual([]);
const base = { user_id: 1, created_at: '2026-01-02T07:00:00Z', updated_at: '2026-01-02T07:00:00Z' };

describe('WHOOP mapping of minimal, spec-conformant records', () => {
  it('the current cycle: no end, pending score, no step count', () => {
    const c = {
      ...base,
      id: 93845,
      start: '2026-01-02T04:00:00Z',
      timezone_offset: '-05:00',
      score_state: 'PENDING_SCORE',
    };
    conforms('Cycle', c);
    const rec = m.cycleRecord(m.cycle.parse(c), JSON.stringify(c));
    expect(rec).toMatchObject({
      kind: 'whoop.cycle',
      recordId: '93845',
      localDate: '2026-01-01',
      utcOffsetMin: -300,
      score: null,
    });
    expect(rec.data).toMatchObject({ end: null, steps: null, scoreState: 'PENDING_SCORE' });
  });

  it('unscorable recovery and sleep have no score; a workout without distance', () => {
    const r = { ...base, cycle_id: 1, sleep_id: 'ecfc6a15-4661-442f-a9a4-f160dd7afae8', score_state: 'UNSCORABLE' };
    conforms('Recovery', r);
    expect(m.recoveryRecord(m.recovery.parse(r), '')).toMatchObject({
      score: null,
      localDate: '2026-01-02',
      utcOffsetMin: null,
    });
    const s = {
      ...base,
      id: 'ecfc6a15-4661-442f-a9a4-f160dd7afae8',
      cycle_id: 1,
      start: '2026-01-02T04:00:00Z',
      end: '2026-01-02T11:00:00Z',
      timezone_offset: '+05:30',
      nap: false,
      score_state: 'UNSCORABLE',
    };
    conforms('Sleep', s);
    expect(m.sleepSession(m.sleep.parse(s), '')).toMatchObject({
      subType: 'sleep',
      localDate: '2026-01-02',
      utcOffsetMin: 330,
      data: expect.objectContaining({ inBedMs: null, performance: null }),
    });
    const w = {
      ...base,
      id: 'aafc6a15-4661-442f-a9a4-f160dd7afae8',
      start: '2026-01-02T15:00:00Z',
      end: '2026-01-02T16:00:00Z',
      timezone_offset: '+00:00',
      sport_name: 'running',
      score_state: 'SCORED',
      score: {
        strain: 8.2,
        average_heart_rate: 140,
        max_heart_rate: 170,
        kilojoule: 1500,
        percent_recorded: 100,
        zone_durations: {
          zone_zero_milli: 0,
          zone_one_milli: 0,
          zone_two_milli: 0,
          zone_three_milli: 0,
          zone_four_milli: 0,
          zone_five_milli: 0,
        },
      },
    };
    conforms('WorkoutV2', w);
    expect(m.workoutSession(m.workout.parse(w), '').data).toMatchObject({ strain: 8.2, distanceM: null });
  });

  it('a record missing a required field is rejected', () => {
    expect(m.cycle.safeParse({ ...base, id: 1, timezone_offset: '+00:00', score_state: 'SCORED' }).success).toBe(false);
  });
});
