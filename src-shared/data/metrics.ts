import type { ProviderId } from '../providers';

// The metrics the Data area can draw (issue 17), shared by the core (which
// knows where each one is stored) and the renderer (which knows how to draw
// it). Pure data: the SQL that reads a metric lives in src-main/core/data.

/** A time series of samples (series_samples), decimated per pixel column. */
export const SERIES_METRICS = ['heart_rate', 'stress_level'] as const;
export type SeriesMetricId = (typeof SERIES_METRICS)[number];

/** One value per local day (or per measurement, grouped by its local date). */
export const DAILY_METRICS = [
  'resting_hr',
  'hrv',
  'sleep_duration',
  'sleep_deep',
  'sleep_light',
  'sleep_rem',
  'sleep_awake',
  'sleep_score',
  'readiness',
  'steps',
  'active_calories',
  'spo2',
  'stress',
  'weight',
  'body_fat',
  'bp_systolic',
  'bp_diastolic',
] as const;
export type DailyMetricId = (typeof DAILY_METRICS)[number];

export interface MetricInfo {
  label: string;
  /** Axis unit, as shown. */
  unit: string;
  /**
   * Whether the values of different sources may share one axis. Proprietary scores (Oura Readiness,
   * WHOOP Recovery) and differently measured values (HRV) stand side by side, never on one axis.
   */
  comparable: boolean;
  /** Why a metric is not comparable across sources, when it is not. */
  caveat?: string;
}

export const METRIC_INFO: Record<SeriesMetricId | DailyMetricId, MetricInfo> = {
  heart_rate: { label: 'Heart rate', unit: 'bpm', comparable: true },
  stress_level: { label: 'Stress level', unit: 'score', comparable: false },
  resting_hr: { label: 'Resting heart rate', unit: 'bpm', comparable: true },
  hrv: {
    label: 'Heart-rate variability',
    unit: 'ms',
    comparable: false,
    caveat: 'Each device measures HRV differently (RMSSD at different times of the night): compare trends, not values.',
  },
  sleep_duration: { label: 'Sleep duration', unit: 'h', comparable: true },
  sleep_deep: { label: 'Deep sleep', unit: 'h', comparable: true },
  sleep_light: { label: 'Light sleep', unit: 'h', comparable: true },
  sleep_rem: { label: 'REM sleep', unit: 'h', comparable: true },
  sleep_awake: { label: 'Awake in bed', unit: 'h', comparable: true },
  sleep_score: {
    label: 'Sleep score',
    unit: 'score',
    comparable: false,
    caveat: 'Each source scores sleep on its own 0–100 scale.',
  },
  readiness: {
    label: 'Readiness / recovery',
    unit: 'score',
    comparable: false,
    caveat: 'Oura Readiness and WHOOP Recovery are different scores, each on its own 0–100 scale.',
  },
  steps: { label: 'Steps', unit: 'steps', comparable: true },
  active_calories: { label: 'Active calories', unit: 'kcal', comparable: true },
  spo2: { label: 'Blood oxygen (SpO2)', unit: '%', comparable: true },
  stress: {
    label: 'Stress',
    unit: 'score',
    comparable: false,
    caveat: 'Stress is a proprietary score of its source.',
  },
  weight: { label: 'Weight', unit: 'kg', comparable: true },
  body_fat: { label: 'Body fat', unit: '%', comparable: true },
  bp_systolic: { label: 'Blood pressure, systolic', unit: 'mmHg', comparable: true },
  bp_diastolic: { label: 'Blood pressure, diastolic', unit: 'mmHg', comparable: true },
};

/**
 * Consecutive samples further apart than this are drawn as a gap (the device was not worn), by the
 * decimated query and by a drawing of the raw samples alike.
 */
export const SERIES_MAX_GAP_S = 30 * 60;

/** Source colours (ux-direction.md): fixed per source, ≥ 3:1 against the background in both themes. */
export const SOURCE_COLOURS: Record<ProviderId, { light: string; dark: string; dash: number[] }> = {
  oura: { light: '#6741D9', dark: '#B197FC', dash: [] },
  whoop: { light: '#D9480F', dark: '#FFA94D', dash: [6, 3] },
  withings: { light: '#0C8599', dark: '#3BC9DB', dash: [2, 3] },
  garmin: { light: '#495057', dark: '#CED4DA', dash: [8, 3, 2, 3] },
};
