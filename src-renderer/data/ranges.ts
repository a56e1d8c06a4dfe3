// The ranges of the Data area's toolbar, in unix seconds. A range ends at the
// newest stored data (not "now": a backfill's data should be on screen).

export const RANGES = ['day', 'week', 'month', 'year', 'all'] as const;
export type RangeId = (typeof RANGES)[number];
export const RANGE_LABELS: Record<RangeId, string> = {
  day: 'Day',
  week: 'Week',
  month: 'Month',
  year: 'Year',
  all: 'All',
};
const DAY = 86_400;
export const RANGE_SPAN: Record<Exclude<RangeId, 'all'>, number> = {
  day: DAY,
  week: 7 * DAY,
  month: 30 * DAY,
  year: 365 * DAY,
};

export interface TimeWindow {
  from: number;
  to: number;
}

export function windowFor(range: RangeId, extent: TimeWindow, end?: number): TimeWindow {
  if (range === 'all') return { ...extent };
  const to = end ?? extent.to;
  return { from: to - RANGE_SPAN[range], to };
}

export function isRange(v: string | null): v is RangeId {
  return v !== null && (RANGES as readonly string[]).includes(v);
}

/** Zoom a window by `factor` (< 1 zooms in) around the point at `anchor` (0–1 across it). */
export function zoom(w: TimeWindow, factor: number, anchor = 0.5): TimeWindow {
  const span = Math.max(60, (w.to - w.from) * factor);
  const at = w.from + (w.to - w.from) * anchor;
  return { from: Math.round(at - span * anchor), to: Math.round(at + span * (1 - anchor)) };
}

export function pan(w: TimeWindow, fraction: number): TimeWindow {
  const d = Math.round((w.to - w.from) * fraction);
  return { from: w.from + d, to: w.to + d };
}

export const formatDate = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);
