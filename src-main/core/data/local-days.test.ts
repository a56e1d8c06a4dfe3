import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { HealthStore } from '../store/health-store';
import { emptyBatch, type DailyRecord, type SessionRecord } from '../store/records';
import { connectedOuraAccount } from '../store/test-support/connected-account';
import { DataQueries } from './data-queries';

// Days are the record's stored local date, lived in the record's stored UTC
// offset: a daylight-saving day has 23 or 25 hours, and a flight across time
// zones makes a day shorter or longer (the two offsets' midnights overlap or
// leave a gap in UTC; Omnio's days end where the next begins, so every sample
// belongs to exactly one day). Real SQLite file, real store writes.

let dir: string;
let db: Database;
let accountId: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-days-'));
  db = openDatabase(path.join(dir, 'omnio.sqlite'));
  accountId = connectedOuraAccount(db);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const readiness = (day: string, offsetMin: number, score: number): DailyRecord => ({
  kind: 'oura.daily_readiness',
  recordId: `r-${day}`,
  localDate: day,
  utcOffsetMin: offsetMin,
  score,
  data: {},
  raw: JSON.stringify({ id: `r-${day}`, day, score }),
});

const sleep = (day: string, startIso: string, endIso: string, offsetMin: number, totalS: number): SessionRecord => ({
  kind: 'oura.sleep',
  recordId: `s-${day}`,
  subType: 'long_sleep',
  startAt: startIso,
  endAt: endIso,
  utcOffsetMin: offsetMin,
  localDate: day,
  data: { totalSleepS: totalS, lowestHeartRate: 50, averageHrv: 40 },
  raw: '{}',
});

function store(daily: DailyRecord[], sessions: SessionRecord[], hr: { from: number; to: number }): void {
  const batch = emptyBatch();
  batch.daily.push(...daily);
  batch.sessions.push(...sessions);
  const ts: number[] = [];
  for (let t = hr.from; t < hr.to; t += 300) ts.push(t);
  batch.series.push({
    metric: 'heart_rate',
    unit: 'bpm',
    fromTs: hr.from,
    toTs: hr.to,
    ts,
    values: ts.map((t) => 50 + (t % 37)),
    tags: ts.map(() => null),
    raw: '{}',
  });
  new HealthStore(db).writeBatch(accountId, 'daily_summary', batch, { coveredFrom: 0, coveredTo: 1 });
}

const at = (iso: string) => Date.parse(iso) / 1000;
const storedIn = (from: number, to: number) =>
  db.prepare('SELECT ts, value FROM series_samples WHERE ts >= ? AND ts < ? ORDER BY ts').all(from, to) as {
    ts: number;
    value: number;
  }[];

describe('local days', () => {
  it('gives a spring-forward day 23 hours and a fall-back day 25, with exactly their stored samples', () => {
    store(
      [
        readiness('2026-03-28', 60, 70),
        readiness('2026-03-29', 60, 71),
        readiness('2026-03-30', 120, 72),
        readiness('2026-10-24', 120, 80),
        readiness('2026-10-25', 120, 81),
        readiness('2026-10-26', 60, 82),
      ],
      [],
      { from: at('2026-03-27T00:00:00Z'), to: at('2026-03-31T00:00:00Z') },
    );
    const q = new DataQueries(db);
    const spring = q.dayWindow(accountId, '2026-03-29', 0);
    expect(spring.start).toBe(at('2026-03-28T23:00:00Z'));
    expect(spring.end).toBe(at('2026-03-29T22:00:00Z'));
    expect((spring.end - spring.start) / 3600).toBe(23);
    const autumn = q.dayWindow(accountId, '2026-10-25', 0);
    expect((autumn.end - autumn.start) / 3600).toBe(25);

    const day = q.day('2026-03-29', 0);
    const hr = day.accounts[0]!.heartRate;
    const stored = storedIn(spring.start, spring.end);
    expect(stored).toHaveLength(23 * 12);
    expect(Array.from(hr.t)).toEqual(stored.map((r) => r.ts));
    expect(Array.from(hr.v)).toEqual(stored.map((r) => r.value));
    expect(day.accounts[0]!.summaries.map((s) => s.score)).toEqual([71]);
  });

  it('follows a flight: the day flown east is shorter, the day flown west longer and overlapping', () => {
    // New York (−5 h) → Berlin (+1 h) on 2026-02-10, back on 2026-02-20.
    store(
      [
        readiness('2026-02-09', -300, 60),
        readiness('2026-02-10', -300, 61),
        readiness('2026-02-11', 60, 62),
        readiness('2026-02-20', 60, 63),
        readiness('2026-02-21', -300, 64),
      ],
      [
        // Slept on the plane: the sleep began on the UTC date before its local date.
        sleep('2026-02-11', '2026-02-10T23:30:00.000Z', '2026-02-11T05:30:00.000Z', 60, 6 * 3600),
      ],
      { from: at('2026-02-09T00:00:00Z'), to: at('2026-02-23T00:00:00Z') },
    );
    const q = new DataQueries(db);
    const east = q.dayWindow(accountId, '2026-02-10', 0);
    expect((east.end - east.start) / 3600).toBe(18);
    const next = q.dayWindow(accountId, '2026-02-11', 0);
    expect(next.start).toBe(east.end);
    const west = q.dayWindow(accountId, '2026-02-21', 0);
    expect((west.end - west.start) / 3600).toBe(24);
    const westBefore = q.dayWindow(accountId, '2026-02-20', 0);
    // Flying west the day of departure is 30 hours. Each day ends where the next one begins (the next day's
    // midnight in the next day's offset): the days tile UTC, so no sample belongs to two days or to none,
    // although the plain midnights of the two offsets overlap by 6 hours.
    expect((westBefore.end - westBefore.start) / 3600).toBe(30);
    expect(westBefore.end).toBe(west.start);
    const plainMidnightEnd = at('2026-02-21T00:00:00Z') - 60 * 60;
    expect(plainMidnightEnd - west.start).toBe(-6 * 3600);
    const samplesByDay = ['2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22'].map(
      (d) => q.day(d, 0).accounts[0]!.heartRate.t.length,
    );
    const first = q.dayWindow(accountId, '2026-02-19', 0).start;
    const last = q.dayWindow(accountId, '2026-02-22', 0).end;
    expect(samplesByDay.reduce((a, b) => a + b, 0)).toBe(storedIn(first, last).length);

    // A day without a record of its own is lived in the last known offset.
    const quiet = q.dayWindow(accountId, '2026-02-15', 0);
    expect(quiet.startOffsetMin).toBe(60);

    // The sleep is grouped under its stored local date, not its UTC date.
    const duration = q.daily({ accountId, metric: 'sleep_duration' });
    expect(duration.dates).toEqual(['2026-02-11']);
    expect(Array.from(duration.v)).toEqual([6]);
    expect(duration.refs).toEqual([`sessions/oura.sleep/s-2026-02-11`]);
    expect(JSON.parse(q.record(accountId, duration.refs[0]!).raw)).toEqual({});
  });

  it('answers only days that have a value: missing days are gaps, never zeros', () => {
    store([readiness('2026-05-01', 120, 70), readiness('2026-05-04', 120, 0)], [], { from: 0, to: 0 });
    const r = new DataQueries(db).daily({ accountId, metric: 'readiness' });
    expect(r.dates).toEqual(['2026-05-01', '2026-05-04']);
    expect(Array.from(r.v)).toEqual([70, 0]);
    expect(Array.from(r.t)).toEqual([at('2026-05-01T00:00:00Z'), at('2026-05-04T00:00:00Z')]);
  });
});
