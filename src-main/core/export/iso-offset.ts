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
