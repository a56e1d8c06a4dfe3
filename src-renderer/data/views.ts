import type { DailyMetricId, SeriesMetricId } from '../../src-shared/data/metrics';

// The Data area's pages: which metrics each one draws. A page lists charts;
// a chart is one series metric or one daily metric, drawn for every account
// that has it, on one time axis.

export type ChartSpec =
  | { kind: 'series'; metric: SeriesMetricId }
  | { kind: 'daily'; metric: DailyMetricId; style?: 'line' | 'bars' | 'points' };

export interface ViewSpec {
  id: string;
  title: string;
  charts: ChartSpec[];
}

export const VIEWS: ViewSpec[] = [
  {
    id: 'heart-rate',
    title: 'Heart rate',
    charts: [
      { kind: 'series', metric: 'heart_rate' },
      { kind: 'daily', metric: 'resting_hr' },
    ],
  },
  { id: 'hrv', title: 'Heart-rate variability', charts: [{ kind: 'daily', metric: 'hrv' }] },
  {
    id: 'sleep',
    title: 'Sleep',
    charts: [
      { kind: 'daily', metric: 'sleep_duration', style: 'bars' },
      { kind: 'daily', metric: 'sleep_deep', style: 'bars' },
      { kind: 'daily', metric: 'sleep_light', style: 'bars' },
      { kind: 'daily', metric: 'sleep_rem', style: 'bars' },
      { kind: 'daily', metric: 'sleep_awake', style: 'bars' },
      { kind: 'daily', metric: 'sleep_score' },
    ],
  },
  { id: 'readiness', title: 'Readiness and recovery', charts: [{ kind: 'daily', metric: 'readiness' }] },
  {
    id: 'activity',
    title: 'Steps and activity',
    charts: [
      { kind: 'daily', metric: 'steps', style: 'bars' },
      { kind: 'daily', metric: 'active_calories', style: 'bars' },
    ],
  },
  { id: 'spo2', title: 'Blood oxygen (SpO2)', charts: [{ kind: 'daily', metric: 'spo2' }] },
  {
    id: 'stress',
    title: 'Stress',
    charts: [
      { kind: 'daily', metric: 'stress' },
      { kind: 'series', metric: 'stress_level' },
    ],
  },
  {
    id: 'body',
    title: 'Weight and body fat',
    charts: [
      { kind: 'daily', metric: 'weight', style: 'points' },
      { kind: 'daily', metric: 'body_fat', style: 'points' },
    ],
  },
  {
    id: 'blood-pressure',
    title: 'Blood pressure',
    charts: [
      { kind: 'daily', metric: 'bp_systolic', style: 'points' },
      { kind: 'daily', metric: 'bp_diastolic', style: 'points' },
    ],
  },
  { id: 'workouts', title: 'Workouts', charts: [] },
];

export const viewById = (id: string | undefined) => VIEWS.find((v) => v.id === id);
