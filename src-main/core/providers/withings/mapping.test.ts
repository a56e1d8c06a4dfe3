import { describe, expect, it } from 'vitest';
import * as m from './mapping';

// Withings records at the edge of the documented shapes: every data field
// optional, values as value × 10^unit, zone names instead of offsets.

describe('Withings mapping', () => {
  it('value × 10^unit without binary drift', () => {
    expect(m.realValue(72345, -3)).toBe(72.345);
    expect(m.realValue(12, 2)).toBe(1200);
    expect(m.realValue(1234, -2)).toBe(12.34);
  });

  it('a blood-pressure group becomes three measurements dated in the answer’s zone; unknown types are skipped', () => {
    const g = {
      grpid: 7,
      date: 1767312000,
      measures: [
        { value: 80, type: 9, unit: 0 },
        { value: 125, type: 10, unit: 0 },
        { value: 3, type: 999, unit: 0 },
      ],
    };
    const out = m.measurements(m.measureGroup.parse(g), 'America/Los_Angeles', JSON.stringify(g));
    expect(out.map((x) => [x.kind, x.value, x.unit])).toEqual([
      ['bp_diastolic', 80, 'mmHg'],
      ['bp_systolic', 125, 'mmHg'],
    ]);
    // 2026-01-02T00:00Z is still 1 January in Los Angeles.
    expect(out[0]).toMatchObject({ recordId: '7', utcOffsetMin: -480, localDate: '2026-01-01' });
  });

  it('activity and sleep with only the required fields', () => {
    expect(m.activityRecord(m.activity.parse({ date: '2026-01-02' }), '')).toMatchObject({
      recordId: '2026-01-02',
      localDate: '2026-01-02',
      utcOffsetMin: null,
      data: { steps: null, distanceM: null },
    });
    const s = m.sleepSummary.parse({
      id: 5,
      startdate: 1767300000,
      enddate: 1767330000,
      date: '2026-01-02',
      timezone: 'Europe/Paris',
    });
    expect(m.sleepSession(s, '')).toMatchObject({
      utcOffsetMin: 60,
      localDate: '2026-01-02',
      data: { inBedS: null, score: null },
    });
  });
});
