/**
 * An instant as ISO 8601 with its UTC offset, the way the person lived it:
 * `2026-03-29T02:30:00+02:00`. Records without a known offset are written in
 * UTC as `+00:00`. Milliseconds appear only when there are some.
 */
export function isoWithOffset(ms: number, offsetMin: number | null): string {
  const off = offsetMin ?? 0;
  const local = new Date(ms + off * 60_000).toISOString(); // the wall clock at that offset, labelled Z
  const body = local.endsWith('.000Z') ? local.slice(0, 19) : local.slice(0, 23);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${body}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** 9999-12-31T23:59:59Z: beyond it toISOString writes a six-digit year. */
const LAST_FOUR_DIGIT_YEAR_S = 253_402_300_799;

/**
 * isoWithOffset(ts × 1000, null) for whole unix seconds, without a Date per
 * call: samples come in time order, so the date part is made once per day and
 * the time of day from a table. Anything else (fractions, before 1970, after
 * 9999) takes isoWithOffset itself. The export's CSV of a five-year series
 * calls this half a million times.
 */
export function utcSecondsFormatter(): (ts: number) => string {
  let dayStart = 1;
  let dayEnd = 0;
  let date = '';
  return (ts) => {
    if (!(ts >= dayStart && ts < dayEnd)) {
      if (!Number.isInteger(ts) || ts < 0 || ts > LAST_FOUR_DIGIT_YEAR_S) return isoWithOffset(ts * 1000, null);
      dayStart = ts - (ts % 86_400);
      dayEnd = dayStart + 86_400;
      date = new Date(dayStart * 1000).toISOString().slice(0, 11);
    } else if (!Number.isInteger(ts)) return isoWithOffset(ts * 1000, null);
    const s = ts - dayStart;
    const h = (s / 3600) | 0;
    const m = ((s - h * 3600) / 60) | 0;
    return `${date}${PAD2[h]}:${PAD2[m]}:${PAD2[s - h * 3600 - m * 60]}+00:00`;
  };
}
