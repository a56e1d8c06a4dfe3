// Deterministic pseudo-randomness for simulator datasets: the same seed and
// keys always give the same value, so tests can recompute what the simulator
// serves without storing it.

/** 32-bit hash of a seed and integer keys (murmur3 finalizer over a simple mix). */
export function hash32(seed: number, ...keys: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const k of keys) {
    h = Math.imul(h ^ (k | 0), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A value in [0, 1). */
export function unit(seed: number, ...keys: number[]): number {
  return hash32(seed, ...keys) / 0x1_0000_0000;
}

/** An integer in [lo, hi]. */
export function between(seed: number, lo: number, hi: number, ...keys: number[]): number {
  return lo + (hash32(seed, ...keys) % (hi - lo + 1));
}

/** A stable UUID-shaped id for (seed, keys). */
export function uuidFor(seed: number, ...keys: number[]): string {
  const hex = [0, 1, 2, 3]
    .map((i) =>
      hash32(seed, ...keys, i)
        .toString(16)
        .padStart(8, '0'),
    )
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const DAY_MS = 86_400_000;

/** Day number (days since 1970-01-01) of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function dateOf(dayNum: number): string {
  return new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
}

/** ISO 8601 local time with offset, e.g. 2024-03-01T23:10:00+01:00, for a UTC instant. */
export function localIso(utcMs: number, offsetMin: number): string {
  const local = new Date(utcMs + offsetMin * 60_000).toISOString().slice(0, 19);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
