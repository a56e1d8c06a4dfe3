import { z } from 'zod';
import type { DailyRecord, MeasurementRecord, SeriesPage, SessionRecord } from '../../store/records';

// Garmin Connect API answers (the paths the unofficial clients read, see
// docs/providers.md) validated for the fields Omnio uses and mapped to the
// store's shapes. Garmin has no published schema: fields are nullable and
// optional unless a record is meaningless without them; a day without data
// (all-null answer) maps to nothing rather than to an empty record.

const num = z.number().nullable().optional();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** "YYYY-MM-DD HH:MM:SS" as Garmin writes GMT and local times. */
const garminTime = z.string().regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/);

export const socialProfile = z.object({
  displayName: z.string().min(1),
  profileId: z.union([z.number(), z.string()]).optional(),
});

export const dailySummary = z.object({
  calendarDate: isoDate,
  totalSteps: num,
  totalDistanceMeters: num,
  totalKilocalories: num,
  activeKilocalories: num,
  restingHeartRate: num,
  minHeartRate: num,
  maxHeartRate: num,
  averageStressLevel: num,
  bodyBatteryHighestValue: num,
  bodyBatteryLowestValue: num,
  floorsAscended: num,
});

export const dailySleep = z.object({
  dailySleepDTO: z
    .object({
      id: z.union([z.number(), z.string()]).nullable().optional(),
      calendarDate: isoDate,
      sleepTimeSeconds: num,
      sleepStartTimestampGMT: num,
      sleepEndTimestampGMT: num,
      deepSleepSeconds: num,
      lightSleepSeconds: num,
      remSleepSeconds: num,
      awakeSleepSeconds: num,
      sleepScores: z
        .object({ overall: z.object({ value: num }).nullable().optional() })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});

const timeValuePairs = z
  .array(z.tuple([z.number(), z.number().nullable()]).rest(z.unknown()))
  .nullable()
  .optional();

export const dailyHeartRate = z.object({ calendarDate: isoDate, heartRateValues: timeValuePairs });

export const dailyStress = z.object({
  calendarDate: isoDate,
  avgStressLevel: num,
  maxStressLevel: num,
  stressValuesArray: timeValuePairs,
});

export const hrvDay = z.object({
  hrvSummary: z
    .object({
      calendarDate: isoDate,
      weeklyAvg: num,
      lastNightAvg: num,
      lastNight5MinHigh: num,
      status: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
});

export const weightRange = z.object({
  dailyWeightSummaries: z
    .array(
      z.object({
        summaryDate: isoDate,
        latestWeight: z
          .object({
            samplePk: z.union([z.number(), z.string()]),
            date: z.number(),
            calendarDate: isoDate,
            weight: num,
            bmi: num,
            bodyFat: num,
          })
          .nullable()
          .optional(),
      }),
    )
    .nullable()
    .optional(),
});

export const activity = z.object({
  activityId: z.union([z.number(), z.string()]),
  activityName: z.string().nullable().optional(),
  startTimeGMT: garminTime,
  startTimeLocal: garminTime.nullable().optional(),
  activityType: z.object({ typeKey: z.string() }).nullable().optional(),
  duration: num,
  distance: num,
  calories: num,
  averageHR: num,
  maxHR: num,
});
export const activityList = z.array(z.unknown());

const nn = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);

/** Garmin's "YYYY-MM-DD HH:MM:SS" (no zone) read as UTC, in ms. */
export function garminTimeMs(value: string): number {
  return Date.parse(`${value.slice(0, 10)}T${value.slice(11, 19)}Z`);
}

export function dailySummaryRecord(d: z.infer<typeof dailySummary>, raw: string): DailyRecord | null {
  if (d.totalSteps == null && d.totalKilocalories == null && d.restingHeartRate == null) return null;
  return {
    kind: 'garmin.daily_summary',
    recordId: d.calendarDate,
    localDate: d.calendarDate,
    utcOffsetMin: null,
    score: null,
    data: {
      steps: nn(d.totalSteps),
      distanceM: nn(d.totalDistanceMeters),
      totalCalories: nn(d.totalKilocalories),
      activeCalories: nn(d.activeKilocalories),
      restingHeartRate: nn(d.restingHeartRate),
      minHeartRate: nn(d.minHeartRate),
      maxHeartRate: nn(d.maxHeartRate),
      averageStress: nn(d.averageStressLevel),
      bodyBatteryHigh: nn(d.bodyBatteryHighestValue),
      bodyBatteryLow: nn(d.bodyBatteryLowestValue),
      floorsAscended: nn(d.floorsAscended),
    },
    raw,
  };
}

export function sleepSession(doc: z.infer<typeof dailySleep>, raw: string): SessionRecord | null {
  const s = doc.dailySleepDTO;
  if (!s || s.sleepTimeSeconds == null || s.sleepStartTimestampGMT == null || s.sleepEndTimestampGMT == null)
    return null;
  return {
    kind: 'garmin.sleep',
    recordId: String(s.id ?? s.calendarDate),
    subType: 'sleep',
    startAt: new Date(s.sleepStartTimestampGMT).toISOString(),
    endAt: new Date(s.sleepEndTimestampGMT).toISOString(),
    utcOffsetMin: null,
    localDate: s.calendarDate,
    data: {
      totalSleepS: s.sleepTimeSeconds,
      deepS: nn(s.deepSleepSeconds),
      lightS: nn(s.lightSleepSeconds),
      remS: nn(s.remSleepSeconds),
      awakeS: nn(s.awakeSleepSeconds),
      score: nn(s.sleepScores?.overall?.value),
    },
    raw,
  };
}

/**
 * A day of (timestamp ms, value) pairs as one series page. Garmin marks gaps
 * with null and, for stress, "no reading" with negative values: both skipped.
 */
export function seriesPage(
  metric: string,
  unit: string,
  pairs: z.infer<typeof timeValuePairs>,
  fromTs: number,
  toTs: number,
  raw: string,
): SeriesPage | null {
  if (!pairs || pairs.length === 0) return null;
  const ts: number[] = [];
  const values: number[] = [];
  for (const [t, v] of pairs) {
    if (v === null || v < 0) continue;
    ts.push(Math.floor(t / 1000));
    values.push(v);
  }
  if (ts.length === 0) return null;
  return { metric, unit, fromTs, toTs, ts, values, tags: ts.map(() => null), raw };
}

export function dailyStressRecord(d: z.infer<typeof dailyStress>, raw: string): DailyRecord | null {
  if (d.avgStressLevel == null || d.avgStressLevel < 0) return null;
  return {
    kind: 'garmin.daily_stress',
    recordId: d.calendarDate,
    localDate: d.calendarDate,
    utcOffsetMin: null,
    score: d.avgStressLevel,
    data: { averageStress: d.avgStressLevel, maxStress: nn(d.maxStressLevel) },
    raw,
  };
}

export function hrvRecord(doc: z.infer<typeof hrvDay>, raw: string): DailyRecord | null {
  const s = doc.hrvSummary;
  if (!s || s.lastNightAvg == null) return null;
  return {
    kind: 'garmin.hrv',
    recordId: s.calendarDate,
    localDate: s.calendarDate,
    utcOffsetMin: null,
    score: s.lastNightAvg,
    data: {
      lastNightAvgMs: s.lastNightAvg,
      lastNight5MinHighMs: nn(s.lastNight5MinHigh),
      weeklyAvgMs: nn(s.weeklyAvg),
      status: nn(s.status),
    },
    raw,
  };
}

/** Weight (grams at Garmin → kg), BMI and body fat of each day's latest weigh-in. */
export function weightMeasurements(doc: z.infer<typeof weightRange>): MeasurementRecord[] {
  const out: MeasurementRecord[] = [];
  for (const day of doc.dailyWeightSummaries ?? []) {
    const w = day.latestWeight;
    if (!w) continue;
    const raw = JSON.stringify(w);
    const base = { measuredAt: new Date(w.date).toISOString(), utcOffsetMin: null, localDate: w.calendarDate, raw };
    if (w.weight != null)
      out.push({ ...base, kind: 'weight', recordId: `${w.samplePk}:weight`, value: w.weight / 1000, unit: 'kg' });
    if (w.bmi != null) out.push({ ...base, kind: 'bmi', recordId: `${w.samplePk}:bmi`, value: w.bmi, unit: 'kg/m2' });
    if (w.bodyFat != null)
      out.push({ ...base, kind: 'body_fat', recordId: `${w.samplePk}:body_fat`, value: w.bodyFat, unit: '%' });
  }
  return out;
}

export function activitySession(a: z.infer<typeof activity>, raw: string): SessionRecord {
  const start = garminTimeMs(a.startTimeGMT);
  const local = a.startTimeLocal ? garminTimeMs(a.startTimeLocal) : null;
  const offset = local === null ? null : Math.round((local - start) / 60_000);
  return {
    kind: 'garmin.activity',
    recordId: String(a.activityId),
    subType: a.activityType?.typeKey ?? null,
    startAt: new Date(start).toISOString(),
    endAt: a.duration != null ? new Date(start + a.duration * 1000).toISOString() : null,
    utcOffsetMin: offset,
    localDate: (a.startTimeLocal ?? a.startTimeGMT).slice(0, 10),
    data: {
      name: nn(a.activityName),
      durationS: nn(a.duration),
      distanceM: nn(a.distance),
      calories: nn(a.calories),
      averageHeartRate: nn(a.averageHR),
      maxHeartRate: nn(a.maxHR),
    },
    raw,
  };
}
