import type { OuraDataset } from '../../../../simulators/oura/dataset';

/** What the store must hold after syncing everything `dataset` serves (same digest shape as storeDigest). */
export function ouraExpected(dataset: OuraDataset, scopes: string[]): Record<string, { n: number; sum: number }> {
  const out: Record<string, { n: number; sum: number }> = {};
  const add = (k: string, v: number) => {
    const e = (out[k] ??= { n: 0, sum: 0 });
    e.n += 1;
    e.sum += v;
  };
  const days = dataset.days('2000-01-01', '2100-01-01');
  for (const day of days) {
    if (scopes.includes('daily')) {
      const s = dataset.dailySleep(day);
      if (s) add('oura.daily_sleep', (s.score as number | null) ?? 0);
      const a = dataset.dailyActivity(day);
      if (a) add('oura.daily_activity', (a.score as number | null) ?? 0);
      const r = dataset.dailyReadiness(day);
      if (r) add('oura.daily_readiness', (r.score as number | null) ?? 0);
      for (const sl of dataset.sleeps(day)) add('oura.sleep', JSON.stringify(sl).length);
    }
    if (scopes.includes('spo2')) {
      const o = dataset.dailySpo2(day);
      if (o) add('oura.daily_spo2', (o.spo2_percentage as { average: number } | null)?.average ?? 0);
    }
    if (scopes.includes('workout'))
      for (const w of dataset.workouts(day)) add('oura.workout', JSON.stringify(w).length);
  }
  if (scopes.includes('personal')) add('oura.personal_info', JSON.stringify(dataset.personalInfo()).length);
  if (scopes.includes('heartrate')) {
    const { first, count } = dataset.heartRateRange(0, Number.MAX_SAFE_INTEGER);
    const step = dataset.hrIntervalS * 1000;
    for (let i = 0; i < count; i++) {
      const t = first + i * step;
      add('series.heart_rate', dataset.bpmAt(t) + (Math.floor(t / 1000) % 100000));
    }
  }
  for (const v of Object.values(out)) v.sum = Math.round(v.sum * 1000) / 1000;
  return out;
}
