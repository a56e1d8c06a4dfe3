import { between, dateOf, DAY_MS, dayNumber, hash32, localIso, unit, uuidFor } from '../dataset-random';

// A deterministic Oura account: documents shaped as Oura's OpenAPI 1.29
// (Public* schemas) for every day from `firstDay` up to the local date of
// `until()`, and heart rate every `hrIntervalS` seconds. Some days are
// missing (ring not worn), some scores are null (unscored), some days have a
// nap besides the long sleep — the shapes real accounts have.

export interface OuraDatasetOptions {
  seed: number;
  userId: string;
  /** First local date with data. */
  firstDay: string;
  /** The user's UTC offset in minutes (east positive). */
  utcOffsetMin: number;
  /** The provider's "now": nothing exists after it. Tests move it to create new data. */
  until: () => number;
  hrIntervalS?: number;
}

export type Json = Record<string, unknown>;

export class OuraDataset {
  readonly hrIntervalS: number;
  private readonly firstDayNum: number;

  constructor(readonly opts: OuraDatasetOptions) {
    this.hrIntervalS = opts.hrIntervalS ?? 300;
    this.firstDayNum = dayNumber(opts.firstDay);
  }

  private get seed(): number {
    return this.opts.seed;
  }

  /** Local day number of "now" for the user. */
  private todayNum(): number {
    return Math.floor((this.opts.until() + this.opts.utcOffsetMin * 60_000) / DAY_MS);
  }

  /** Local dates with data in [from, toExclusive). */
  days(from: string, toExclusive: string): string[] {
    const lo = Math.max(this.firstDayNum, dayNumber(from));
    const hi = Math.min(this.todayNum() + 1, dayNumber(toExclusive));
    const out: string[] = [];
    for (let d = lo; d < hi; d++) out.push(dateOf(d));
    return out;
  }

  /** The ring was not worn that day: no documents at all (heart rate continues: it is the awake-time tracker). */
  private offDay(d: number): boolean {
    return hash32(this.seed, d, 1) % 29 === 0;
  }

  private dayStartUtc(d: number): number {
    return d * DAY_MS - this.opts.utcOffsetMin * 60_000;
  }

  private meta(d: number, salt: number): Json {
    return {
      updated_at: new Date(this.dayStartUtc(d) + DAY_MS + between(this.seed, 0, 3_600_000, d, salt)).toISOString(),
      version: 1,
    };
  }

  private nullable(d: number, salt: number, value: number): number | null {
    return hash32(this.seed, d, salt) % 11 === 0 ? null : value;
  }

  dailySleep(day: string): Json | null {
    const d = dayNumber(day);
    if (this.offDay(d)) return null;
    const c = (s: number) => this.nullable(d, 100 + s, between(this.seed, 40, 100, d, 200 + s));
    return {
      id: uuidFor(this.seed, d, 10),
      meta: this.meta(d, 10),
      contributors: {
        deep_sleep: c(1),
        efficiency: c(2),
        latency: c(3),
        rem_sleep: c(4),
        restfulness: c(5),
        timing: c(6),
        total_sleep: c(7),
      },
      day,
      score: this.nullable(d, 11, between(this.seed, 45, 98, d, 12)),
      timestamp: localIso(this.dayStartUtc(d), this.opts.utcOffsetMin),
    };
  }

  dailyActivity(day: string): Json | null {
    const d = dayNumber(day);
    if (this.offDay(d)) return null;
    const r = (lo: number, hi: number, salt: number) => between(this.seed, lo, hi, d, 300 + salt);
    return {
      id: uuidFor(this.seed, d, 20),
      meta: this.meta(d, 20),
      active_calories: r(100, 1200, 1),
      average_met_minutes: r(10, 40, 2) / 10,
      class_5_min: null,
      contributors: {
        meet_daily_targets: r(1, 100, 3),
        move_every_hour: r(1, 100, 4),
        recovery_time: r(1, 100, 5),
        stay_active: r(1, 100, 6),
        training_frequency: r(1, 100, 7),
        training_volume: r(1, 100, 8),
      },
      day,
      equivalent_walking_distance: r(1000, 20000, 9),
      high_activity_met_minutes: r(0, 100, 10),
      high_activity_time: r(0, 3600, 11),
      inactivity_alerts: r(0, 5, 12),
      low_activity_met_minutes: r(0, 300, 13),
      low_activity_time: r(0, 20000, 14),
      medium_activity_met_minutes: r(0, 200, 15),
      medium_activity_time: r(0, 7200, 16),
      met: {
        interval: 60,
        items: [1.1, 1.3, null, 0.9],
        timestamp: localIso(this.dayStartUtc(d) + 4 * 3_600_000, this.opts.utcOffsetMin),
      },
      meters_to_target: r(0, 5000, 17),
      non_wear_time: r(0, 3600, 18),
      resting_time: r(10000, 40000, 19),
      score: this.nullable(d, 21, r(40, 100, 20)),
      sedentary_met_minutes: r(0, 30, 21),
      sedentary_time: r(10000, 40000, 22),
      steps: r(500, 25000, 23),
      target_calories: 500,
      target_meters: 10000,
      timestamp: localIso(this.dayStartUtc(d) + 4 * 3_600_000, this.opts.utcOffsetMin),
      total_calories: r(1800, 3500, 24),
    };
  }

  dailyReadiness(day: string): Json | null {
    const d = dayNumber(day);
    if (this.offDay(d)) return null;
    const c = (s: number) => this.nullable(d, 400 + s, between(this.seed, 30, 100, d, 500 + s));
    return {
      id: uuidFor(this.seed, d, 30),
      meta: this.meta(d, 30),
      contributors: {
        activity_balance: c(1),
        body_temperature: c(2),
        hrv_balance: c(3),
        previous_day_activity: c(4),
        previous_night: c(5),
        recovery_index: c(6),
        resting_heart_rate: c(7),
        sleep_balance: c(8),
      },
      day,
      score: this.nullable(d, 31, between(this.seed, 40, 99, d, 32)),
      temperature_deviation: this.nullable(d, 33, between(this.seed, -100, 100, d, 34) / 100),
      temperature_trend_deviation: null,
      timestamp: localIso(this.dayStartUtc(d), this.opts.utcOffsetMin),
    };
  }

  dailySpo2(day: string): Json | null {
    const d = dayNumber(day);
    if (this.offDay(d)) return null;
    const avg = this.nullable(d, 41, between(this.seed, 940, 995, d, 42) / 10);
    return {
      id: uuidFor(this.seed, d, 40),
      meta: this.meta(d, 40),
      breathing_disturbance_index: this.nullable(d, 43, between(this.seed, 0, 20, d, 44)),
      day,
      spo2_percentage: avg === null ? null : { average: avg },
    };
  }

  /** Sleep periods assigned to `day`: the night's long sleep, and some days a nap. */
  sleeps(day: string): Json[] {
    const d = dayNumber(day);
    if (this.offDay(d)) return [];
    const out: Json[] = [];
    const bedStart = this.dayStartUtc(d) - between(this.seed, 1, 3, d, 50) * 3_600_000;
    out.push(this.sleepDoc(d, day, 0, 'long_sleep', bedStart, between(this.seed, 6, 9, d, 51) * 3_600_000));
    if (hash32(this.seed, d, 52) % 5 === 0) {
      out.push(
        this.sleepDoc(
          d,
          day,
          1,
          'sleep',
          this.dayStartUtc(d) + 14 * 3_600_000,
          between(this.seed, 20, 90, d, 53) * 60_000,
        ),
      );
    }
    return out;
  }

  private sleepDoc(d: number, day: string, n: number, type: string, start: number, duration: number): Json {
    const off = this.opts.utcOffsetMin;
    const total = Math.floor((duration / 1000) * 0.9);
    return {
      id: uuidFor(this.seed, d, 60 + n),
      meta: this.meta(d, 60 + n),
      average_breath: between(this.seed, 120, 180, d, 61 + n) / 10,
      average_heart_rate: this.nullable(d, 62 + n, between(this.seed, 450, 700, d, 63 + n) / 10),
      average_hrv: this.nullable(d, 64 + n, between(this.seed, 20, 120, d, 65 + n)),
      awake_time: Math.floor(duration / 1000) - total,
      bedtime_end: localIso(start + duration, off),
      bedtime_start: localIso(start, off),
      day,
      deep_sleep_duration: Math.floor(total * 0.2),
      efficiency: this.nullable(d, 66 + n, 90),
      heart_rate: { interval: 300, items: [55, 54, null, 52], timestamp: localIso(start, off) },
      hrv: null,
      latency: 600,
      light_sleep_duration: Math.floor(total * 0.55),
      low_battery_alert: false,
      lowest_heart_rate: between(this.seed, 40, 55, d, 67 + n),
      movement_30_sec: null,
      period: n,
      readiness: null,
      readiness_score_delta: null,
      rem_sleep_duration: total - Math.floor(total * 0.2) - Math.floor(total * 0.55),
      restless_periods: between(this.seed, 0, 30, d, 68 + n),
      sleep_algorithm_version: 'v2',
      sleep_phase_5_min: null,
      sleep_score_delta: null,
      time_in_bed: Math.floor(duration / 1000),
      total_sleep_duration: total,
      type,
    };
  }

  workouts(day: string): Json[] {
    const d = dayNumber(day);
    if (this.offDay(d) || hash32(this.seed, d, 70) % 3 !== 0) return [];
    const start = this.dayStartUtc(d) + between(this.seed, 7, 19, d, 71) * 3_600_000;
    const doc: Json = {
      id: uuidFor(this.seed, d, 72),
      meta: this.meta(d, 72),
      activity: ['walking', 'running', 'cycling', 'yoga'][hash32(this.seed, d, 73) % 4],
      calories: this.nullable(d, 74, between(this.seed, 50, 900, d, 75)),
      day,
      end_datetime: localIso(start + between(this.seed, 15, 120, d, 76) * 60_000, this.opts.utcOffsetMin),
      intensity: ['easy', 'moderate', 'hard'][hash32(this.seed, d, 77) % 3],
      source: 'autodetected',
      start_datetime: localIso(start, this.opts.utcOffsetMin),
    };
    // Optional fields: sometimes absent, sometimes null, sometimes set.
    const v = hash32(this.seed, d, 78) % 3;
    if (v === 1) doc.distance = null;
    if (v === 2) {
      doc.distance = between(this.seed, 500, 20000, d, 79);
      doc.label = 'Morning loop';
    }
    return [doc];
  }

  personalInfo(): Json {
    return { id: this.opts.userId, age: 41, weight: 72.5, height: 1.78, biological_sex: 'female', email: null };
  }

  /** Heart-rate sample times (ms) in [fromMs, toMs), clipped to the data range. */
  heartRateRange(fromMs: number, toMs: number): { first: number; count: number } {
    const step = this.hrIntervalS * 1000;
    const origin = this.dayStartUtc(this.firstDayNum);
    const lo = Math.max(origin, fromMs);
    const hi = Math.min(this.opts.until(), toMs);
    const first = origin + Math.ceil((lo - origin) / step) * step;
    const count = hi > first ? Math.ceil((hi - first) / step) : 0;
    return { first, count };
  }

  bpmAt(ms: number): number {
    const k = Math.floor(ms / 1000);
    return 48 + (hash32(this.seed, k, 80) % 70);
  }

  sourceAt(ms: number): string {
    const localHour = Math.floor(((ms + this.opts.utcOffsetMin * 60_000) % DAY_MS) / 3_600_000);
    if (localHour < 6) return 'sleep';
    return unit(this.seed, Math.floor(ms / 1000), 81) < 0.02 ? 'workout' : 'awake';
  }
}
