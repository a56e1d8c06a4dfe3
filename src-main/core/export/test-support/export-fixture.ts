import { AccountRepo } from '../../accounts/account-repo';
import type { Database } from '../../db/database';
import { HealthStore } from '../../store/health-store';
import { emptyBatch } from '../../store/records';

/**
 * A database holding one record of every shape an export reads, for two
 * accounts: heart-rate samples (with and without a tag), a blood-pressure
 * reading (systolic + diastolic at one instant), weight, body fat, daily
 * steps and SpO2 documents, a sleep session with its duration, a profile, and
 * text that CSV must quote. `samples` heart-rate samples for the Oura account.
 */
export function fillExportFixture(db: Database, samples = 500): { oura: string; withings: string } {
  const accounts = new AccountRepo(db);
  const make = (providerId: 'oura' | 'withings', user: string) =>
    accounts.create({
      providerId,
      providerUserId: user,
      label: user,
      authMethod: 'oauth2',
      status: 'connected',
      grantedScopes: [],
    }).id;
  const oura = make('oura', 'o');
  const withings = make('withings', 'w');
  const store = new HealthStore(db);
  const t0 = Date.parse('2026-03-28T00:00:00Z') / 1000;
  const hr = emptyBatch();
  hr.series.push({
    metric: 'heart_rate',
    unit: 'bpm',
    fromTs: t0,
    toTs: t0 + samples * 300,
    ts: Array.from({ length: samples }, (_, i) => t0 + i * 300),
    values: Array.from({ length: samples }, (_, i) => 50 + (i % 70)),
    tags: Array.from({ length: samples }, (_, i) => (i % 3 === 0 ? null : i % 3 === 1 ? 'awake' : 'rest, "calm"')),
    raw: '{}',
  });
  store.writeBatch(oura, 'heart_rate', hr, { coveredFrom: 0, coveredTo: 1 });
  const daily = emptyBatch();
  daily.daily.push(
    {
      kind: 'oura.daily_activity',
      recordId: 'act-1',
      localDate: '2026-03-29',
      utcOffsetMin: 120,
      score: 81,
      data: { steps: 9876, note: 'line one\nline, two' },
      raw: '{}',
    },
    {
      kind: 'oura.daily_spo2',
      recordId: 'spo2-1',
      localDate: '2026-03-29',
      utcOffsetMin: 120,
      score: 97.5,
      data: { averageSpo2: 97.5 },
      raw: '{}',
    },
  );
  store.writeBatch(oura, 'daily_summary', daily, { coveredFrom: 0, coveredTo: 1 });
  const sleep = emptyBatch();
  sleep.sessions.push({
    kind: 'oura.sleep',
    recordId: 'sleep-1',
    subType: 'long_sleep',
    startAt: '2026-03-28T21:30:00.000Z',
    endAt: '2026-03-29T05:15:00.000Z',
    utcOffsetMin: 120,
    localDate: '2026-03-29',
    data: { totalSleepS: 25_200 },
    raw: '{}',
  });
  store.writeBatch(oura, 'sleep', sleep, { coveredFrom: 0, coveredTo: 1 });
  const profile = emptyBatch();
  profile.profiles.push({ kind: 'oura.personal_info', recordId: 'me', data: { age: 40 }, raw: '{}' });
  store.writeBatch(oura, 'profile', profile, { coveredFrom: 0, coveredTo: 1 });
  const body = emptyBatch();
  const at = '2026-03-29T06:00:00.000Z';
  const m = (kind: string, value: number, unit: string, id: string) => ({
    kind,
    recordId: id,
    measuredAt: at,
    utcOffsetMin: -300,
    localDate: '2026-03-29',
    value,
    unit,
    raw: '{}',
  });
  body.measurements.push(
    m('bp_systolic', 121, 'mmHg', 'g1:10'),
    m('bp_diastolic', 79, 'mmHg', 'g1:9'),
    m('weight', 72.5, 'kg', 'g2:1'),
    m('fat_ratio', 18.2, '%', 'g2:6'),
  );
  store.writeBatch(withings, 'body', body, { coveredFrom: 0, coveredTo: 1 });
  return { oura, withings };
}
