import { z } from 'zod';
import type { DailyRecord, MeasurementRecord, SessionRecord } from '../../store/records';
import { localDate, zoneOffsetMinutes } from '../../sync/fetcher';

// Withings records (withings-openapi.json: measuregrp_object, activity_object,
// sleep_summary_object, workout_object). Real values are `value × 10^unit`.
// Activity, sleep and workouts carry the user's local `date` already; measure
// groups are dated by their instant in the answer's time zone.

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const measureBody = z.object({
  timezone: z.string().optional(),
  measuregrps: z.array(z.unknown()),
  more: z.union([z.number().int(), z.boolean()]).optional(),
  offset: z.number().int().optional(),
});
export const listBody = (key: 'activities' | 'series') =>
  z.object({
    [key]: z.array(z.unknown()),
    more: z.union([z.boolean(), z.number().int()]).optional(),
    offset: z.number().int().optional(),
  });

export const measureGroup = z.object({
  grpid: z.number().int(),
  date: z.number().int(),
  category: z.number().int().optional(),
  measures: z.array(z.object({ value: z.number().int(), type: z.number().int(), unit: z.number().int() })),
});
export const activity = z.object({
  date: ymd,
  timezone: z.string().optional(),
  steps: z.number().int().optional(),
  distance: z.number().optional(),
  calories: z.number().optional(),
  totalcalories: z.number().optional(),
  active: z.number().int().optional(),
  hr_average: z.number().int().optional(),
});
export const sleepSummary = z.object({
  id: z.number().int(),
  timezone: z.string().optional(),
  startdate: z.number().int(),
  enddate: z.number().int(),
  date: ymd,
  data: z
    .object({
      total_timeinbed: z.number().int().optional(),
      total_sleep_time: z.number().int().optional(),
      sleep_score: z.number().int().optional(),
      hr_average: z.number().int().optional(),
    })
    .optional(),
});
export const workout = z.object({
  id: z.number().int(),
  category: z.number().int(),
  timezone: z.string().optional(),
  startdate: z.number().int(),
  enddate: z.number().int(),
  date: ymd,
  data: z
    .object({ calories: z.number().optional(), steps: z.number().optional(), distance: z.number().optional() })
    .optional(),
});

// Measure types Omnio stores (meastype table of the getmeas documentation).
const MEASURE_TYPES: Record<number, { kind: string; unit: string }> = {
  1: { kind: 'weight', unit: 'kg' },
  4: { kind: 'height', unit: 'm' },
  5: { kind: 'fat_free_mass', unit: 'kg' },
  6: { kind: 'fat_ratio', unit: '%' },
  8: { kind: 'fat_mass', unit: 'kg' },
  9: { kind: 'bp_diastolic', unit: 'mmHg' },
  10: { kind: 'bp_systolic', unit: 'mmHg' },
  11: { kind: 'heart_pulse', unit: 'bpm' },
  54: { kind: 'spo2', unit: '%' },
  76: { kind: 'muscle_mass', unit: 'kg' },
  88: { kind: 'bone_mass', unit: 'kg' },
};

/** value × 10^unit without binary drift (72345 × 10^-3 = 72.345, not 72.34500000000001). */
export function realValue(value: number, unit: number): number {
  return unit >= 0 ? value * 10 ** unit : Number((value / 10 ** -unit).toFixed(-unit));
}

export function measurements(
  g: z.infer<typeof measureGroup>,
  timezone: string | undefined,
  raw: string,
): MeasurementRecord[] {
  const ms = g.date * 1000;
  const offset = timezone ? zoneOffsetMinutes(timezone, ms) : null;
  const out: MeasurementRecord[] = [];
  for (const m of g.measures) {
    const t = MEASURE_TYPES[m.type];
    if (!t) continue;
    out.push({
      kind: t.kind,
      recordId: String(g.grpid),
      measuredAt: new Date(ms).toISOString(),
      utcOffsetMin: offset,
      localDate: localDate(ms, offset),
      value: realValue(m.value, m.unit),
      unit: t.unit,
      raw,
    });
  }
  return out;
}

export function activityRecord(a: z.infer<typeof activity>, raw: string): DailyRecord {
  const noon = Date.parse(`${a.date}T12:00:00Z`);
  return {
    kind: 'withings.activity',
    recordId: a.date,
    localDate: a.date,
    utcOffsetMin: a.timezone ? zoneOffsetMinutes(a.timezone, noon) : null,
    score: null,
    data: {
      steps: a.steps ?? null,
      distanceM: a.distance ?? null,
      activeCalories: a.calories ?? null,
      totalCalories: a.totalcalories ?? null,
      activeS: a.active ?? null,
      averageHeartRate: a.hr_average ?? null,
    },
    raw,
  };
}

export function sleepSession(s: z.infer<typeof sleepSummary>, raw: string): SessionRecord {
  return {
    kind: 'withings.sleep',
    recordId: String(s.id),
    subType: 'sleep',
    startAt: new Date(s.startdate * 1000).toISOString(),
    endAt: new Date(s.enddate * 1000).toISOString(),
    utcOffsetMin: s.timezone ? zoneOffsetMinutes(s.timezone, s.startdate * 1000) : null,
    localDate: s.date,
    data: {
      inBedS: s.data?.total_timeinbed ?? null,
      asleepS: s.data?.total_sleep_time ?? null,
      score: s.data?.sleep_score ?? null,
      averageHeartRate: s.data?.hr_average ?? null,
    },
    raw,
  };
}

export function workoutSession(w: z.infer<typeof workout>, raw: string): SessionRecord {
  return {
    kind: 'withings.workout',
    recordId: String(w.id),
    subType: String(w.category),
    startAt: new Date(w.startdate * 1000).toISOString(),
    endAt: new Date(w.enddate * 1000).toISOString(),
    utcOffsetMin: w.timezone ? zoneOffsetMinutes(w.timezone, w.startdate * 1000) : null,
    localDate: w.date,
    data: { calories: w.data?.calories ?? null, steps: w.data?.steps ?? null, distanceM: w.data?.distance ?? null },
    raw,
  };
}
