import { between, dateOf, DAY_MS, dayNumber, hash32 } from '../dataset-random';

// A deterministic Withings account shaped as Withings' OpenAPI document:
// measure groups (weight most mornings, blood pressure every few days, values
// as `value × 10^unit`), daily activity, nightly sleep summaries and some
// workouts — all dated by the user's local date in a named time zone.

export interface WithingsDatasetOptions {
  seed: number;
  userId: number;
  firstDay: string;
  /** IANA zone, e.g. Europe/Paris: offsets change with daylight saving time. */
  timezone: string;
  until: () => number;
}

export type Json = Record<string, unknown>;

export class WithingsDataset {
  private readonly firstDayNum: number;
  private readonly fmt: Intl.DateTimeFormat;

  constructor(readonly opts: WithingsDatasetOptions) {
    this.firstDayNum = dayNumber(opts.firstDay);
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: opts.timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  private get seed(): number {
    return this.opts.seed;
  }

  /** UTC ms of local midnight of day number d (good to the minute; DST shifts happen at night, not at 00:00 in Europe). */
  localMidnight(d: number): number {
    const guess = d * DAY_MS;
    const p = Object.fromEntries(this.fmt.formatToParts(new Date(guess)).map((x) => [x.type, x.value]));
    const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
    return guess - (asUtc - guess);
  }

  /** Local days with data: from firstDay to the local day of `until` (today's records exist once their time passed). */
  dayNums(): number[] {
    const out: number[] = [];
    const until = this.opts.until();
    for (let d = this.firstDayNum; this.localMidnight(d) <= until; d++) out.push(d);
    return out;
  }

  private unix(ms: number): number {
    return Math.floor(ms / 1000);
  }

  measureGroups(): Json[] {
    const until = this.opts.until();
    const out: Json[] = [];
    for (const d of this.dayNums()) {
      const morning = this.localMidnight(d) + 7 * 3_600_000 + between(this.seed, 0, 3599, d, 1) * 1000;
      if (morning > until) continue;
      const base = {
        attrib: 0,
        date: this.unix(morning),
        created: this.unix(morning) + 30,
        modified: this.unix(morning) + 30,
        category: 1,
        deviceid: 'a1b2c3',
        hash_deviceid: 'a1b2c3',
        model: 'Body+',
        model_id: 5,
      };
      if (hash32(this.seed, d, 2) % 2 === 0) {
        out.push({
          grpid: d * 10 + 1,
          ...base,
          measures: [{ value: between(this.seed, 68000, 76000, d, 3), type: 1, unit: -3, algo: 0, fm: 3 }],
        });
      }
      if (hash32(this.seed, d, 4) % 4 === 0) {
        out.push({
          grpid: d * 10 + 2,
          ...base,
          model: 'BPM Connect',
          model_id: 45,
          measures: [
            { value: between(this.seed, 65, 90, d, 5), type: 9, unit: 0 },
            { value: between(this.seed, 105, 140, d, 6), type: 10, unit: 0 },
            { value: between(this.seed, 50, 90, d, 7), type: 11, unit: 0 },
          ],
        });
      }
    }
    return out;
  }

  activities(): Json[] {
    return this.dayNums().map((d) => {
      const doc: Json = {
        date: dateOf(d),
        timezone: this.opts.timezone,
        brand: 18,
        is_tracker: false,
        modified: this.unix(Math.min(this.opts.until(), this.localMidnight(d + 1))),
        steps: between(this.seed, 500, 20000, d, 10),
        distance: between(this.seed, 300, 15000, d, 11),
        elevation: between(this.seed, 0, 30, d, 12),
        soft: between(this.seed, 0, 7200, d, 13),
        moderate: between(this.seed, 0, 3600, d, 14),
        intense: between(this.seed, 0, 1800, d, 15),
        active: 0,
        calories: between(this.seed, 100, 900, d, 16),
        totalcalories: between(this.seed, 1800, 3200, d, 17),
      };
      doc.active = (doc.moderate as number) + (doc.intense as number);
      // Heart-rate fields only with a tracker worn: missing otherwise (optional in the spec).
      if (hash32(this.seed, d, 18) % 3 === 0)
        Object.assign(doc, {
          hr_average: between(this.seed, 60, 85, d, 19),
          hr_min: 48,
          hr_max: 150,
          hr_zone_0: 3000,
          hr_zone_1: 900,
          hr_zone_2: 300,
          hr_zone_3: 60,
        });
      return doc;
    });
  }

  sleepSummaries(): Json[] {
    const until = this.opts.until();
    const out: Json[] = [];
    for (const d of this.dayNums()) {
      if (hash32(this.seed, d, 20) % 9 === 0) continue; // did not sleep on the mat
      const start = this.localMidnight(d) - between(this.seed, 60, 180, d, 21) * 60_000;
      const end = this.localMidnight(d) + between(this.seed, 300, 540, d, 22) * 60_000;
      if (end > until) continue;
      const inBed = this.unix(end) - this.unix(start);
      out.push({
        id: 500_000 + d,
        timezone: this.opts.timezone,
        model: 32,
        model_id: 63,
        startdate: this.unix(start),
        enddate: this.unix(end),
        date: dateOf(d),
        created: this.unix(end) + 600,
        modified: this.unix(end) + 600,
        hash_deviceid: 'sleepmat1',
        completed: true,
        data: {
          total_timeinbed: inBed,
          total_sleep_time: Math.floor(inBed * 0.9),
          sleep_score: between(this.seed, 40, 99, d, 23),
          hr_average: between(this.seed, 48, 65, d, 24),
          rr_average: between(this.seed, 12, 18, d, 25),
          wakeupcount: between(this.seed, 0, 5, d, 26),
        },
      });
    }
    return out;
  }

  workouts(): Json[] {
    const until = this.opts.until();
    const out: Json[] = [];
    for (const d of this.dayNums()) {
      if (hash32(this.seed, d, 30) % 4 !== 0) continue;
      const start = this.localMidnight(d) + between(this.seed, 8, 18, d, 31) * 3_600_000;
      const end = start + between(this.seed, 20, 80, d, 32) * 60_000;
      if (end > until) continue;
      out.push({
        id: 900_000 + d,
        category: [1, 2, 6][hash32(this.seed, d, 33) % 3],
        timezone: this.opts.timezone,
        model: 1055,
        attrib: 7,
        startdate: this.unix(start),
        enddate: this.unix(end),
        date: dateOf(d),
        modified: this.unix(end) + 60,
        data: {
          calories: between(this.seed, 50, 700, d, 34),
          steps: between(this.seed, 0, 9000, d, 35),
          distance: between(this.seed, 0, 12000, d, 36),
          hr_average: between(this.seed, 90, 160, d, 37),
        },
      });
    }
    return out;
  }
}
