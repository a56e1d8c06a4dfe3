import { createHash } from 'node:crypto';

// Deterministic, plausible Garmin data: the same user and date always give the
// same numbers, so re-fetches are idempotent and tests can assert exact values.

/** A number in [min, max] derived from the seed parts. */
export function pick(min: number, max: number, ...seed: (string | number)[]): number {
  const h = createHash('sha256').update(seed.join('|')).digest();
  return min + (h.readUInt32BE(0) % (max - min + 1));
}

const DAY = 24 * 3600 * 1000;
export const dayStart = (date: string) => Date.parse(`${date}T00:00:00Z`);

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Garmin's "YYYY-MM-DD HH:MM:SS" GMT and local timestamps. */
function garminTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function dailySummary(profileId: number, date: string) {
  const steps = pick(2000, 16000, profileId, date, 'steps');
  return {
    calendarDate: date,
    totalSteps: steps,
    totalDistanceMeters: Math.round(steps * 0.78),
    totalKilocalories: pick(1800, 3200, profileId, date, 'kcal'),
    activeKilocalories: pick(150, 1200, profileId, date, 'active'),
    restingHeartRate: pick(48, 66, profileId, date, 'rhr'),
    minHeartRate: pick(42, 50, profileId, date, 'minhr'),
    maxHeartRate: pick(120, 185, profileId, date, 'maxhr'),
    averageStressLevel: pick(15, 55, profileId, date, 'stress'),
    bodyBatteryHighestValue: pick(60, 100, profileId, date, 'bbhi'),
    bodyBatteryLowestValue: pick(5, 40, profileId, date, 'bblo'),
    floorsAscended: pick(0, 25, profileId, date, 'floors'),
  };
}

export function dailySleep(profileId: number, date: string) {
  // The night that ends on `date`: from about 22:30 the evening before.
  const start = dayStart(date) - DAY + (22 * 60 + pick(0, 90, profileId, date, 'bed')) * 60 * 1000;
  const deep = pick(3000, 7200, profileId, date, 'deep');
  const light = pick(10000, 16000, profileId, date, 'light');
  const rem = pick(3600, 7200, profileId, date, 'rem');
  const awake = pick(300, 2400, profileId, date, 'awake');
  const total = deep + light + rem;
  return {
    dailySleepDTO: {
      id: start,
      calendarDate: date,
      sleepTimeSeconds: total,
      sleepStartTimestampGMT: start,
      sleepEndTimestampGMT: start + (total + awake) * 1000,
      deepSleepSeconds: deep,
      lightSleepSeconds: light,
      remSleepSeconds: rem,
      awakeSleepSeconds: awake,
      sleepScores: { overall: { value: pick(55, 95, profileId, date, 'score') } },
    },
  };
}

export function dailyHeartRate(profileId: number, date: string) {
  const start = dayStart(date);
  const values: [number, number][] = [];
  // One value every 2 minutes, as Garmin's daily heart-rate endpoint gives.
  for (let t = 0; t < DAY; t += 120_000) values.push([start + t, pick(50, 130, profileId, date, t)]);
  return {
    calendarDate: date,
    startTimestampGMT: garminTime(start),
    endTimestampGMT: garminTime(start + DAY),
    restingHeartRate: dailySummary(profileId, date).restingHeartRate,
    minHeartRate: dailySummary(profileId, date).minHeartRate,
    maxHeartRate: dailySummary(profileId, date).maxHeartRate,
    heartRateValues: values,
  };
}

export function dailyStress(profileId: number, date: string) {
  const start = dayStart(date);
  const values: [number, number][] = [];
  for (let t = 0; t < DAY; t += 180_000) values.push([start + t, pick(0, 90, profileId, date, 's', t)]);
  return {
    calendarDate: date,
    avgStressLevel: dailySummary(profileId, date).averageStressLevel,
    maxStressLevel: pick(60, 99, profileId, date, 'maxstress'),
    stressValuesArray: values,
  };
}

export function hrv(profileId: number, date: string) {
  const lastNight = pick(30, 90, profileId, date, 'hrv');
  return {
    hrvSummary: {
      calendarDate: date,
      weeklyAvg: pick(35, 80, profileId, date, 'hrvweek'),
      lastNightAvg: lastNight,
      lastNight5MinHigh: lastNight + pick(5, 30, profileId, date, 'hrvhigh'),
      status: lastNight > 45 ? 'BALANCED' : 'LOW',
      createTimeStamp: new Date(dayStart(date) + 7 * 3600 * 1000).toISOString().slice(0, 23),
    },
  };
}

export function weightRange(profileId: number, startDate: string, endDate: string) {
  const out = [];
  // A weigh-in every third day, in grams as Garmin stores it.
  for (let d = dayStart(startDate); d <= dayStart(endDate); d += DAY) {
    const date = isoDate(d);
    if (pick(0, 2, profileId, date, 'weighday') !== 0) continue;
    const at = d + 7 * 3600 * 1000 + pick(0, 3600, profileId, date, 'wtime') * 1000;
    out.push({
      summaryDate: date,
      latestWeight: {
        samplePk: at,
        date: at,
        calendarDate: date,
        weight: pick(70000, 74000, profileId, date, 'w'),
        bmi: pick(220, 240, profileId, date, 'bmi') / 10,
        bodyFat: pick(150, 220, profileId, date, 'fat') / 10,
        sourceType: 'INDEX_SCALE',
      },
    });
  }
  return { startDate, endDate, dailyWeightSummaries: out.reverse() };
}

const ACTIVITY_TYPES = ['running', 'cycling', 'walking', 'strength_training', 'lap_swimming'];

export function activitiesBetween(profileId: number, startDate: string, endDate: string) {
  const out = [];
  for (let d = dayStart(endDate); d >= dayStart(startDate); d -= DAY) {
    const date = isoDate(d);
    if (pick(0, 1, profileId, date, 'active-day') !== 0) continue;
    const start = d + (6 + pick(0, 12, profileId, date, 'hour')) * 3600 * 1000;
    const duration = pick(1200, 5400, profileId, date, 'dur');
    const type = ACTIVITY_TYPES[pick(0, ACTIVITY_TYPES.length - 1, profileId, date, 'type')]!;
    out.push({
      activityId: Number(`${profileId % 1000}${d / DAY}`),
      activityName: `${type.replace('_', ' ')} ${date}`,
      startTimeGMT: garminTime(start),
      startTimeLocal: garminTime(start),
      activityType: { typeKey: type },
      duration,
      distance: type === 'strength_training' ? 0 : pick(2000, 40000, profileId, date, 'dist'),
      calories: pick(150, 900, profileId, date, 'cal'),
      averageHR: pick(100, 160, profileId, date, 'avghr'),
      maxHR: pick(150, 190, profileId, date, 'maxhr-act'),
    });
  }
  return out;
}
