import { between, DAY_MS, dayNumber, hash32, uuidFor } from '../dataset-random';

// A deterministic WHOOP account shaped as WHOOP's v2 OpenAPI document: one
// physiological cycle per day (the current one has no `end` and is
// PENDING_SCORE), a recovery and a sleep per scored cycle, naps and workouts on
// some days, and current body measurements.

export interface WhoopDatasetOptions {
  seed: number;
  userId: number;
  firstDay: string;
  /** e.g. "-05:00" */
  timezoneOffset: string;
  until: () => number;
}

export type Json = Record<string, unknown>;

export interface WhoopCycleSpan {
  index: number;
  start: number;
  end: number | null;
}

export class WhoopDataset {
  private readonly firstDayNum: number;
  private readonly offsetMin: number;

  constructor(readonly opts: WhoopDatasetOptions) {
    this.firstDayNum = dayNumber(opts.firstDay);
    const m = /^([+-])(\d{2}):(\d{2})$/.exec(opts.timezoneOffset);
    if (!m) throw new Error('timezoneOffset must look like -05:00');
    this.offsetMin = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  }

  private get seed(): number {
    return this.opts.seed;
  }

  /** Cycle n starts at local 23:00-ish of day firstDay+n-1 (sleep onset) and ends when the next starts. */
  private cycleStart(n: number): number {
    const d = this.firstDayNum + n;
    return d * DAY_MS - this.offsetMin * 60_000 - between(this.seed, 30, 150, n, 1) * 60_000;
  }

  /** Every cycle that has started by `until`, the last one open. */
  cycles(): WhoopCycleSpan[] {
    const until = this.opts.until();
    const out: WhoopCycleSpan[] = [];
    for (let n = 0; this.cycleStart(n) <= until; n++) {
      const next = this.cycleStart(n + 1);
      out.push({ index: n, start: this.cycleStart(n), end: next <= until ? next : null });
    }
    return out;
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }

  cycle(c: WhoopCycleSpan): Json {
    const scored = c.end !== null && hash32(this.seed, c.index, 2) % 17 !== 0;
    const doc: Json = {
      id: 10_000 + c.index,
      user_id: this.opts.userId,
      created_at: this.iso(c.start + 60_000),
      updated_at: this.iso((c.end ?? c.start) + 120_000),
      start: this.iso(c.start),
      timezone_offset: this.opts.timezoneOffset,
      score_state: c.end === null ? 'PENDING_SCORE' : scored ? 'SCORED' : 'UNSCORABLE',
    };
    if (c.end !== null) doc.end = this.iso(c.end);
    if (scored) {
      doc.score = {
        strain: between(this.seed, 20, 210, c.index, 3) / 10,
        kilojoule: between(this.seed, 4000, 14000, c.index, 4),
        average_heart_rate: between(this.seed, 55, 80, c.index, 5),
        max_heart_rate: between(this.seed, 120, 190, c.index, 6),
      };
      if (hash32(this.seed, c.index, 7) % 4 !== 0) doc.step_count = between(this.seed, 1000, 20000, c.index, 8);
    }
    return doc;
  }

  /** The main sleep of a closed cycle (starts at the cycle start). */
  sleep(c: WhoopCycleSpan): Json | null {
    if (c.end === null) return null;
    return this.sleepDoc(c, 0, c.start, between(this.seed, 5, 9, c.index, 9) * 3_600_000, false);
  }

  nap(c: WhoopCycleSpan): Json | null {
    if (c.end === null || hash32(this.seed, c.index, 10) % 6 !== 0) return null;
    return this.sleepDoc(c, 1, c.start + 15 * 3_600_000, 40 * 60_000, true);
  }

  private sleepDoc(c: WhoopCycleSpan, n: number, start: number, duration: number, nap: boolean): Json {
    const scored = hash32(this.seed, c.index, 11 + n) % 13 !== 0;
    const doc: Json = {
      id: uuidFor(this.seed, c.index, 12 + n),
      cycle_id: 10_000 + c.index,
      user_id: this.opts.userId,
      created_at: this.iso(start + duration + 60_000),
      updated_at: this.iso(start + duration + 120_000),
      start: this.iso(start),
      end: this.iso(start + duration),
      timezone_offset: this.opts.timezoneOffset,
      nap,
      score_state: scored ? 'SCORED' : 'UNSCORABLE',
    };
    if (scored) {
      const light = Math.floor(duration * 0.5);
      const sws = Math.floor(duration * 0.2);
      const rem = Math.floor(duration * 0.2);
      doc.score = {
        stage_summary: {
          total_in_bed_time_milli: duration,
          total_awake_time_milli: duration - light - sws - rem,
          total_no_data_time_milli: 0,
          total_light_sleep_time_milli: light,
          total_slow_wave_sleep_time_milli: sws,
          total_rem_sleep_time_milli: rem,
          sleep_cycle_count: 4,
          disturbance_count: between(this.seed, 0, 20, c.index, 14 + n),
        },
        sleep_needed: {
          baseline_milli: 27_000_000,
          need_from_sleep_debt_milli: 300_000,
          need_from_recent_strain_milli: 200_000,
          need_from_recent_nap_milli: nap ? -1_000_000 : 0,
        },
        respiratory_rate: between(this.seed, 130, 180, c.index, 15 + n) / 10,
        sleep_performance_percentage: between(this.seed, 50, 100, c.index, 16 + n),
        sleep_efficiency_percentage: between(this.seed, 70, 99, c.index, 17 + n),
      };
      // Optional and absent for the first sleeps of an account.
      if (c.index > 3) (doc.score as Json).sleep_consistency_percentage = between(this.seed, 40, 95, c.index, 18 + n);
    }
    return doc;
  }

  recovery(c: WhoopCycleSpan): Json | null {
    const sleep = this.sleep(c);
    if (!sleep) return null;
    const scored = sleep.score_state === 'SCORED';
    const doc: Json = {
      cycle_id: 10_000 + c.index,
      sleep_id: sleep.id,
      user_id: this.opts.userId,
      created_at: sleep.updated_at,
      updated_at: sleep.updated_at,
      score_state: scored ? 'SCORED' : 'UNSCORABLE',
    };
    if (scored) {
      doc.score = {
        user_calibrating: c.index < 4,
        recovery_score: between(this.seed, 1, 99, c.index, 20),
        resting_heart_rate: between(this.seed, 45, 70, c.index, 21),
        hrv_rmssd_milli: between(this.seed, 200, 1200, c.index, 22) / 10,
      };
      if (hash32(this.seed, c.index, 23) % 2 === 0)
        Object.assign(doc.score as Json, {
          spo2_percentage: between(this.seed, 940, 995, c.index, 24) / 10,
          skin_temp_celsius: between(this.seed, 330, 350, c.index, 25) / 10,
        });
    }
    return doc;
  }

  workout(c: WhoopCycleSpan): Json | null {
    if (c.end === null || hash32(this.seed, c.index, 30) % 3 !== 0) return null;
    const start = c.start + between(this.seed, 9, 14, c.index, 31) * 3_600_000;
    const duration = between(this.seed, 20, 90, c.index, 32) * 60_000;
    const z = Math.floor(duration / 6);
    const doc: Json = {
      id: uuidFor(this.seed, c.index, 33),
      user_id: this.opts.userId,
      created_at: this.iso(start + duration + 60_000),
      updated_at: this.iso(start + duration + 60_000),
      start: this.iso(start),
      end: this.iso(start + duration),
      timezone_offset: this.opts.timezoneOffset,
      sport_name: ['running', 'cycling', 'functional-fitness'][hash32(this.seed, c.index, 34) % 3],
      score_state: 'SCORED',
      score: {
        strain: between(this.seed, 10, 180, c.index, 35) / 10,
        average_heart_rate: between(this.seed, 100, 150, c.index, 36),
        max_heart_rate: between(this.seed, 150, 190, c.index, 37),
        kilojoule: between(this.seed, 500, 4000, c.index, 38),
        percent_recorded: 100,
        zone_durations: {
          zone_zero_milli: z,
          zone_one_milli: z,
          zone_two_milli: z,
          zone_three_milli: z,
          zone_four_milli: z,
          zone_five_milli: duration - 5 * z,
        },
      },
    };
    if (hash32(this.seed, c.index, 39) % 2 === 0)
      (doc.score as Json).distance_meter = between(this.seed, 1000, 30000, c.index, 40);
    return doc;
  }

  bodyMeasurement(): Json {
    return { height_meter: 1.8288, weight_kilogram: 90.7185, max_heart_rate: 195 };
  }

  profile(): Json {
    return {
      user_id: this.opts.userId,
      email: `whoop${this.opts.userId}@example.test`,
      first_name: 'Sam',
      last_name: 'Sample',
    };
  }
}
