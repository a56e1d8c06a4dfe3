import type { DailyMetricId } from '../../../src-shared/data/metrics';

// Where each daily metric is stored, per provider document kind. The SQL
// fragments are constants of this file (never built from input). A metric's
// value per local date is the MAX (MIN for resting heart rate) of its records
// that day; SQLite then reads the other bare columns (kind, record id) from
// that same row, so a value's provenance is the record it came from.

export type DocTable = 'daily_summaries' | 'sessions' | 'measurements';

export interface DailySource {
  table: DocTable;
  kinds: string[];
  /** SQL expression of the value over one row. */
  value: string;
  /** Extra row condition (e.g. the main sleep only). */
  where?: string;
  agg: 'MAX' | 'MIN';
}

const j = (field: string) => `json_extract(data, '$.${field}')`;
const hours = (field: string, perHour: number) => `${j(field)} / ${perHour}.0`;
const OURA_MAIN_SLEEP = "sub_type = 'long_sleep'";
const WHOOP_MAIN_SLEEP = "sub_type = 'sleep'";
const max = (table: DocTable, kinds: string[], value: string, where?: string): DailySource => ({
  table,
  kinds,
  value,
  where,
  agg: 'MAX',
});
const sleepStage = (oura: string, whoop: string): DailySource[] => [
  max('sessions', ['oura.sleep'], hours(oura, 3600), OURA_MAIN_SLEEP),
  max('sessions', ['whoop.sleep'], hours(whoop, 3_600_000), WHOOP_MAIN_SLEEP),
  max('sessions', ['garmin.sleep'], hours(oura, 3600)),
];

export const DAILY_SOURCES: Record<DailyMetricId, DailySource[]> = {
  resting_hr: [
    { table: 'sessions', kinds: ['oura.sleep'], value: j('lowestHeartRate'), where: OURA_MAIN_SLEEP, agg: 'MIN' },
    max('daily_summaries', ['whoop.recovery'], j('restingHeartRate')),
    max('daily_summaries', ['garmin.daily_summary'], j('restingHeartRate')),
  ],
  hrv: [
    max('sessions', ['oura.sleep'], j('averageHrv'), OURA_MAIN_SLEEP),
    max('daily_summaries', ['whoop.recovery'], j('hrvRmssdMs')),
    max('daily_summaries', ['garmin.hrv'], j('lastNightAvgMs')),
  ],
  sleep_duration: [
    max('sessions', ['oura.sleep'], hours('totalSleepS', 3600), OURA_MAIN_SLEEP),
    max(
      'sessions',
      ['whoop.sleep'],
      `(${j('lightMs')} + ${j('deepMs')} + ${j('remMs')}) / 3600000.0`,
      WHOOP_MAIN_SLEEP,
    ),
    max('sessions', ['withings.sleep'], hours('asleepS', 3600)),
    max('sessions', ['garmin.sleep'], hours('totalSleepS', 3600)),
  ],
  sleep_deep: sleepStage('deepS', 'deepMs'),
  sleep_light: sleepStage('lightS', 'lightMs'),
  sleep_rem: sleepStage('remS', 'remMs'),
  sleep_awake: sleepStage('awakeS', 'awakeMs'),
  sleep_score: [
    max('daily_summaries', ['oura.daily_sleep'], 'score'),
    max('sessions', ['whoop.sleep'], j('performance'), WHOOP_MAIN_SLEEP),
    max('sessions', ['withings.sleep'], j('score')),
    max('sessions', ['garmin.sleep'], j('score')),
  ],
  readiness: [
    max('daily_summaries', ['oura.daily_readiness'], 'score'),
    max('daily_summaries', ['whoop.recovery'], 'score'),
  ],
  steps: [
    max('daily_summaries', ['oura.daily_activity', 'withings.activity', 'garmin.daily_summary'], j('steps')),
    max('daily_summaries', ['whoop.cycle'], j('steps')),
  ],
  active_calories: [
    max('daily_summaries', ['oura.daily_activity', 'withings.activity', 'garmin.daily_summary'], j('activeCalories')),
  ],
  spo2: [
    max('daily_summaries', ['oura.daily_spo2'], j('averageSpo2')),
    max('daily_summaries', ['whoop.recovery'], j('spo2')),
    max('measurements', ['spo2'], 'value'),
  ],
  stress: [max('daily_summaries', ['garmin.daily_stress'], j('averageStress'))],
  weight: [max('measurements', ['weight'], 'value')],
  body_fat: [max('measurements', ['fat_ratio', 'body_fat'], 'value')],
  bp_systolic: [max('measurements', ['bp_systolic'], 'value')],
  bp_diastolic: [max('measurements', ['bp_diastolic'], 'value')],
};

/** The stored `series.metric` of each series metric the Data area draws. */
export const STORED_SERIES_METRIC: Record<string, string> = { heart_rate: 'heart_rate', stress_level: 'stress' };
