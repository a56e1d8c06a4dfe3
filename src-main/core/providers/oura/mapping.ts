import { z } from 'zod';
import type { DailyRecord, ProfileRecord, SeriesPage, SessionRecord } from '../../store/records';
import { offsetMinutes, toUtcIso } from '../../sync/fetcher';

// Oura API v2 documents (schema names as in Oura's OpenAPI 1.29: Public*),
// validated for the fields Omnio reads and mapped to the store's shapes. The
// whole document is kept as `raw`. Nullable fields stay null: an unscored day
// is stored with a null score, not dropped.

const nullableInt = z.number().int().nullable().optional();
const nullableNum = z.number().nullable().optional();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ouraPage = z.object({ data: z.array(z.unknown()), next_token: z.string().nullable().optional() });

export const publicDailySleep = z.object({
  id: z.string().min(1),
  day: isoDate,
  timestamp: z.string(),
  score: nullableInt,
  contributors: z.record(z.string(), z.unknown()),
});
export const publicDailyActivity = z.object({
  id: z.string().min(1),
  day: isoDate,
  timestamp: z.string(),
  score: nullableInt,
  steps: z.number().int(),
  active_calories: z.number().int(),
  total_calories: z.number().int(),
  equivalent_walking_distance: z.number().int(),
});
export const publicDailyReadiness = z.object({
  id: z.string().min(1),
  day: isoDate,
  timestamp: z.string(),
  score: nullableInt,
  temperature_deviation: nullableNum,
  temperature_trend_deviation: nullableNum,
});
export const publicDailySpO2 = z.object({
  id: z.string().min(1),
  day: isoDate,
  spo2_percentage: z.object({ average: z.number() }).nullable().optional(),
  breathing_disturbance_index: nullableInt,
});
export const publicSleep = z.object({
  id: z.string().min(1),
  day: isoDate,
  bedtime_start: z.string(),
  bedtime_end: z.string(),
  type: z.enum(['deleted', 'sleep', 'long_sleep', 'late_nap', 'rest']).nullable().optional(),
  time_in_bed: z.number().int(),
  total_sleep_duration: nullableInt,
  deep_sleep_duration: nullableInt,
  rem_sleep_duration: nullableInt,
  light_sleep_duration: nullableInt,
  awake_time: nullableInt,
  efficiency: nullableInt,
  average_heart_rate: nullableNum,
  lowest_heart_rate: nullableInt,
  average_hrv: nullableInt,
});
export const publicWorkout = z.object({
  id: z.string().min(1),
  day: isoDate,
  activity: z.string(),
  start_datetime: z.string(),
  end_datetime: z.string(),
  intensity: z.string(),
  source: z.string(),
  calories: nullableNum,
  distance: nullableNum,
  label: z.string().nullable().optional(),
});
export const personalInfo = z.object({
  id: z.string(),
  age: nullableInt,
  weight: nullableNum,
  height: nullableNum,
  biological_sex: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
});

export function dailySleepRecord(doc: z.infer<typeof publicDailySleep>, raw: string): DailyRecord {
  return {
    kind: 'oura.daily_sleep',
    recordId: doc.id,
    localDate: doc.day,
    utcOffsetMin: offsetMinutes(doc.timestamp),
    score: doc.score ?? null,
    data: { contributors: doc.contributors },
    raw,
  };
}

export function dailyActivityRecord(doc: z.infer<typeof publicDailyActivity>, raw: string): DailyRecord {
  return {
    kind: 'oura.daily_activity',
    recordId: doc.id,
    localDate: doc.day,
    utcOffsetMin: offsetMinutes(doc.timestamp),
    score: doc.score ?? null,
    data: {
      steps: doc.steps,
      activeCalories: doc.active_calories,
      totalCalories: doc.total_calories,
      walkingDistanceM: doc.equivalent_walking_distance,
    },
    raw,
  };
}

export function dailyReadinessRecord(doc: z.infer<typeof publicDailyReadiness>, raw: string): DailyRecord {
  return {
    kind: 'oura.daily_readiness',
    recordId: doc.id,
    localDate: doc.day,
    utcOffsetMin: offsetMinutes(doc.timestamp),
    score: doc.score ?? null,
    data: {
      temperatureDeviation: doc.temperature_deviation ?? null,
      temperatureTrendDeviation: doc.temperature_trend_deviation ?? null,
    },
    raw,
  };
}

export function dailySpo2Record(doc: z.infer<typeof publicDailySpO2>, raw: string): DailyRecord {
  return {
    kind: 'oura.daily_spo2',
    recordId: doc.id,
    localDate: doc.day,
    utcOffsetMin: null,
    score: doc.spo2_percentage?.average ?? null,
    data: {
      averageSpo2: doc.spo2_percentage?.average ?? null,
      breathingDisturbanceIndex: doc.breathing_disturbance_index ?? null,
    },
    raw,
  };
}

export function sleepSession(doc: z.infer<typeof publicSleep>, raw: string): SessionRecord {
  return {
    kind: 'oura.sleep',
    recordId: doc.id,
    // Several sleeps can share a day; `long_sleep` is the main one.
    subType: doc.type ?? null,
    startAt: toUtcIso(doc.bedtime_start),
    endAt: toUtcIso(doc.bedtime_end),
    utcOffsetMin: offsetMinutes(doc.bedtime_start),
    localDate: doc.day,
    data: {
      timeInBedS: doc.time_in_bed,
      totalSleepS: doc.total_sleep_duration ?? null,
      deepS: doc.deep_sleep_duration ?? null,
      remS: doc.rem_sleep_duration ?? null,
      lightS: doc.light_sleep_duration ?? null,
      awakeS: doc.awake_time ?? null,
      efficiency: doc.efficiency ?? null,
      averageHeartRate: doc.average_heart_rate ?? null,
      lowestHeartRate: doc.lowest_heart_rate ?? null,
      averageHrv: doc.average_hrv ?? null,
    },
    raw,
  };
}

export function workoutSession(doc: z.infer<typeof publicWorkout>, raw: string): SessionRecord {
  return {
    kind: 'oura.workout',
    recordId: doc.id,
    subType: doc.activity,
    startAt: toUtcIso(doc.start_datetime),
    endAt: toUtcIso(doc.end_datetime),
    utcOffsetMin: offsetMinutes(doc.start_datetime),
    localDate: doc.day,
    data: {
      intensity: doc.intensity,
      source: doc.source,
      calories: doc.calories ?? null,
      distanceM: doc.distance ?? null,
      label: doc.label ?? null,
    },
    raw,
  };
}

export function profileRecord(doc: z.infer<typeof personalInfo>, raw: string): ProfileRecord {
  return {
    kind: 'oura.personal_info',
    recordId: doc.id,
    data: {
      age: doc.age ?? null,
      weightKg: doc.weight ?? null,
      heightM: doc.height ?? null,
      biologicalSex: doc.biological_sex ?? null,
    },
    raw,
  };
}

/** PublicHeartRateSource values. */
export const HEART_RATE_SOURCES: readonly string[] = ['awake', 'workout', 'rest', 'sleep', 'live', 'session'];
const HR_SOURCES = new Set(HEART_RATE_SOURCES);

/**
 * Heart-rate rows (PublicHeartRateRow) into columns. Hand-checked rather than
 * through zod: a five-year backfill has half a million rows and this loop is
 * the hot path. Returns an error text for the first bad row, or the page.
 */
export function heartRatePage(
  rows: unknown[],
  fromTs: number,
  toTs: number,
  raw: SeriesPage['raw'],
): SeriesPage | string {
  const n = rows.length;
  const ts: number[] = new Array(n);
  const values: number[] = new Array(n);
  const tags: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i] as { timestamp?: unknown; timestamp_unix?: unknown; bpm?: unknown; source?: unknown } | null;
    if (typeof r !== 'object' || r === null) return `data[${i}] is not an object`;
    const bpm = r.bpm;
    if (typeof bpm !== 'number' || !Number.isInteger(bpm)) return `data[${i}].bpm is not an integer`;
    let ms: number;
    if (typeof r.timestamp_unix === 'number') ms = r.timestamp_unix;
    else if (typeof r.timestamp === 'string') ms = Date.parse(r.timestamp);
    else return `data[${i}] has no timestamp`;
    if (!Number.isFinite(ms)) return `data[${i}].timestamp is not a time`;
    const source = r.source;
    if (typeof source !== 'string' || !HR_SOURCES.has(source)) return `data[${i}].source is not a known source`;
    ts[i] = Math.floor(ms / 1000);
    values[i] = bpm;
    tags[i] = source;
  }
  return { metric: 'heart_rate', unit: 'bpm', fromTs, toTs, ts, values, tags, raw };
}
