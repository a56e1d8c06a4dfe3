import { z } from 'zod';
import type { DatedBy, DailyRecord, MeasurementRecord, ProfileRecord, SessionRecord } from '../../store/records';
import { localDate, offsetMinutes, utcDate } from '../../sync/fetcher';

// WHOOP API v2 records (whoop-openapi.json: Cycle, Recovery, Sleep, WorkoutV2,
// UserBodyMeasurement, UserBasicProfile), validated for the fields Omnio reads.
// `score` is present only when score_state is SCORED; the current cycle has no
// `end`. Local dates come from each record's own timezone_offset.

const dateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date-time');
const scoreState = z.enum(['SCORED', 'PENDING_SCORE', 'UNSCORABLE']);

export const whoopPage = z.object({ records: z.array(z.unknown()), next_token: z.string().nullable().optional() });

export const cycle = z.object({
  id: z.number().int(),
  start: dateTime,
  end: dateTime.nullable().optional(),
  timezone_offset: z.string(),
  score_state: scoreState,
  score: z
    .object({
      strain: z.number(),
      kilojoule: z.number(),
      average_heart_rate: z.number().int(),
      max_heart_rate: z.number().int(),
    })
    .nullable()
    .optional(),
  step_count: z.number().int().nullable().optional(),
});

export const recovery = z.object({
  cycle_id: z.number().int(),
  sleep_id: z.string(),
  created_at: dateTime,
  score_state: scoreState,
  score: z
    .object({
      user_calibrating: z.boolean(),
      recovery_score: z.number(),
      resting_heart_rate: z.number(),
      hrv_rmssd_milli: z.number(),
      spo2_percentage: z.number().nullable().optional(),
      skin_temp_celsius: z.number().nullable().optional(),
    })
    .nullable()
    .optional(),
});

export const sleep = z.object({
  id: z.string(),
  cycle_id: z.number().int(),
  start: dateTime,
  end: dateTime,
  timezone_offset: z.string(),
  nap: z.boolean(),
  score_state: scoreState,
  score: z
    .object({
      stage_summary: z.object({
        total_in_bed_time_milli: z.number().int(),
        total_awake_time_milli: z.number().int(),
        total_light_sleep_time_milli: z.number().int(),
        total_slow_wave_sleep_time_milli: z.number().int(),
        total_rem_sleep_time_milli: z.number().int(),
      }),
      respiratory_rate: z.number().nullable().optional(),
      sleep_performance_percentage: z.number().nullable().optional(),
      sleep_efficiency_percentage: z.number().nullable().optional(),
    })
    .nullable()
    .optional(),
});

export const workout = z.object({
  id: z.string(),
  start: dateTime,
  end: dateTime,
  timezone_offset: z.string(),
  sport_name: z.string(),
  score_state: scoreState,
  score: z
    .object({
      strain: z.number(),
      average_heart_rate: z.number().int(),
      max_heart_rate: z.number().int(),
      kilojoule: z.number(),
      distance_meter: z.number().nullable().optional(),
    })
    .nullable()
    .optional(),
});

export const bodyMeasurement = z.object({
  height_meter: z.number(),
  weight_kilogram: z.number(),
  max_heart_rate: z.number().int(),
});
export const basicProfile = z.object({
  user_id: z.number().int(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
});

function local(startIso: string, tz: string): { offset: number | null; date: string } {
  const offset = offsetMinutes(tz) ?? offsetMinutes(startIso);
  return { offset, date: localDate(Date.parse(startIso), offset) };
}

export function cycleRecord(c: z.infer<typeof cycle>, raw: string): DailyRecord {
  const { offset, date } = local(c.start, c.timezone_offset);
  return {
    kind: 'whoop.cycle',
    recordId: String(c.id),
    localDate: date,
    utcOffsetMin: offset,
    score: c.score?.strain ?? null,
    data: {
      scoreState: c.score_state,
      start: new Date(c.start).toISOString(),
      end: c.end ? new Date(c.end).toISOString() : null,
      kilojoule: c.score?.kilojoule ?? null,
      averageHeartRate: c.score?.average_heart_rate ?? null,
      maxHeartRate: c.score?.max_heart_rate ?? null,
      steps: c.step_count ?? null,
    },
    raw,
  };
}

export function recoveryRecord(r: z.infer<typeof recovery>, raw: string): DailyRecord {
  // A recovery carries no timezone of its own. It is dated by when WHOOP created it (the wake-up): in UTC
  // here, and in its cycle's offset once that cycle is stored too (`datedBy`; HealthStore.applyDatedBy).
  const at = Date.parse(r.created_at);
  return {
    kind: 'whoop.recovery',
    recordId: String(r.cycle_id),
    localDate: utcDate(at),
    utcOffsetMin: null,
    score: r.score?.recovery_score ?? null,
    data: {
      datedBy: { kind: 'whoop.cycle', recordId: String(r.cycle_id), at } satisfies DatedBy,
      scoreState: r.score_state,
      sleepId: r.sleep_id,
      restingHeartRate: r.score?.resting_heart_rate ?? null,
      hrvRmssdMs: r.score?.hrv_rmssd_milli ?? null,
      spo2: r.score?.spo2_percentage ?? null,
      skinTempC: r.score?.skin_temp_celsius ?? null,
      calibrating: r.score?.user_calibrating ?? null,
    },
    raw,
  };
}

export function sleepSession(s: z.infer<typeof sleep>, raw: string): SessionRecord {
  const { offset, date } = local(s.end, s.timezone_offset);
  const st = s.score?.stage_summary;
  return {
    kind: 'whoop.sleep',
    recordId: s.id,
    subType: s.nap ? 'nap' : 'sleep',
    startAt: new Date(s.start).toISOString(),
    endAt: new Date(s.end).toISOString(),
    utcOffsetMin: offset,
    localDate: date,
    data: {
      scoreState: s.score_state,
      cycleId: s.cycle_id,
      inBedMs: st?.total_in_bed_time_milli ?? null,
      awakeMs: st?.total_awake_time_milli ?? null,
      lightMs: st?.total_light_sleep_time_milli ?? null,
      deepMs: st?.total_slow_wave_sleep_time_milli ?? null,
      remMs: st?.total_rem_sleep_time_milli ?? null,
      performance: s.score?.sleep_performance_percentage ?? null,
      efficiency: s.score?.sleep_efficiency_percentage ?? null,
      respiratoryRate: s.score?.respiratory_rate ?? null,
    },
    raw,
  };
}

export function workoutSession(w: z.infer<typeof workout>, raw: string): SessionRecord {
  const { offset, date } = local(w.start, w.timezone_offset);
  return {
    kind: 'whoop.workout',
    recordId: w.id,
    subType: w.sport_name,
    startAt: new Date(w.start).toISOString(),
    endAt: new Date(w.end).toISOString(),
    utcOffsetMin: offset,
    localDate: date,
    data: {
      scoreState: w.score_state,
      strain: w.score?.strain ?? null,
      averageHeartRate: w.score?.average_heart_rate ?? null,
      maxHeartRate: w.score?.max_heart_rate ?? null,
      kilojoule: w.score?.kilojoule ?? null,
      distanceM: w.score?.distance_meter ?? null,
    },
    raw,
  };
}

/** Body measurements have no timestamp: each sync records them for the day it ran. */
export function bodyMeasurements(b: z.infer<typeof bodyMeasurement>, raw: string, now: number): MeasurementRecord[] {
  const day = utcDate(now);
  const at = new Date(now).toISOString();
  const m = (kind: string, value: number, unit: string): MeasurementRecord => ({
    kind,
    recordId: `whoop.body.${day}`,
    measuredAt: at,
    utcOffsetMin: null,
    localDate: day,
    value,
    unit,
    raw,
  });
  return [
    m('height', b.height_meter, 'm'),
    m('weight', b.weight_kilogram, 'kg'),
    m('max_heart_rate', b.max_heart_rate, 'bpm'),
  ];
}

export function profileRecord(p: z.infer<typeof basicProfile>, raw: string): ProfileRecord {
  return {
    kind: 'whoop.profile',
    recordId: String(p.user_id),
    data: { firstName: p.first_name, lastName: p.last_name },
    raw,
  };
}
