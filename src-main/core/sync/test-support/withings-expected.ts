import type { WithingsDataset } from '../../../../simulators/withings/dataset';

type Digest = Record<string, { n: number; sum: number }>;

const KINDS: Record<number, string> = { 1: 'weight', 9: 'bp_diastolic', 10: 'bp_systolic', 11: 'heart_pulse' };

/** What the store must hold after syncing everything `dataset` serves (storeDigest shape). */
export function withingsExpected(dataset: WithingsDataset, scopes: string[]): Digest {
  const out: Digest = {};
  const add = (k: string, v: number) => {
    const e = (out[k] ??= { n: 0, sum: 0 });
    e.n += 1;
    e.sum += v;
  };
  if (scopes.includes('user.metrics')) {
    for (const g of dataset.measureGroups()) {
      for (const m of g.measures as { value: number; type: number; unit: number }[])
        add(KINDS[m.type]!, m.value * 10 ** m.unit);
    }
  }
  if (scopes.includes('user.activity')) {
    for (let i = 0; i < dataset.activities().length; i++) add('withings.activity', 0);
    for (const s of dataset.sleepSummaries()) add('withings.sleep', JSON.stringify(s).length);
    for (const w of dataset.workouts()) add('withings.workout', JSON.stringify(w).length);
  }
  for (const v of Object.values(out)) v.sum = Math.round(v.sum * 1000) / 1000;
  return out;
}
