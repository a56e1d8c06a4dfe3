import type { WhoopDataset } from '../../../../simulators/whoop/dataset';

type Digest = Record<string, { n: number; sum: number }>;

/** What the store must hold after syncing everything `dataset` serves, with `syncDays` distinct days of body snapshots. */
export function whoopExpected(dataset: WhoopDataset, scopes: string[], syncDays: number): Digest {
  const out: Digest = {};
  const add = (k: string, v: number) => {
    const e = (out[k] ??= { n: 0, sum: 0 });
    e.n += 1;
    e.sum += v;
  };
  for (const c of dataset.cycles()) {
    if (scopes.includes('read:cycles'))
      add('whoop.cycle', (dataset.cycle(c).score as { strain: number } | undefined)?.strain ?? 0);
    const r = dataset.recovery(c);
    if (r && scopes.includes('read:recovery'))
      add('whoop.recovery', (r.score as { recovery_score: number } | undefined)?.recovery_score ?? 0);
    if (scopes.includes('read:sleep'))
      for (const s of [dataset.sleep(c), dataset.nap(c)]) if (s) add('whoop.sleep', JSON.stringify(s).length);
    const w = dataset.workout(c);
    if (w && scopes.includes('read:workout')) add('whoop.workout', JSON.stringify(w).length);
  }
  if (scopes.includes('read:body_measurement')) {
    const b = dataset.bodyMeasurement() as { height_meter: number; weight_kilogram: number; max_heart_rate: number };
    for (let i = 0; i < syncDays; i++) {
      add('height', b.height_meter);
      add('weight', b.weight_kilogram);
      add('max_heart_rate', b.max_heart_rate);
    }
  }
  if (scopes.includes('read:profile')) add('whoop.profile', JSON.stringify(dataset.profile()).length);
  for (const v of Object.values(out)) v.sum = Math.round(v.sum * 1000) / 1000;
  return out;
}
