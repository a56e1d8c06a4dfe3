// M4 aggregation (Jugel, Jerzak, Hackenbroich, Markl, VLDB 2014): for a line
// chart whose plot area is `axis.width` device pixels wide, keep per column the first, last,
// minimum and maximum sample. A line through those points covers exactly the
// pixels a line through every sample covers (up to anti-aliasing), and no
// spike is lost, which averaging or LTTB cannot promise.
//
// Gaps: two consecutive kept points further apart than `maxGap` get a NaN
// point between them, exactly where `withGaps` puts one in the raw samples,
// so both drawings break the line at the same place.

export interface Columns {
  t: Float64Array;
  v: Float64Array;
}

/**
 * A chart's x axis in device pixels, as uPlot lays it out: the scale's [from, to) spans `width` pixels
 * (its `bbox.width`, a multiple of 0.5) starting at `left` (its `bbox.left`).
 */
export interface PixelAxis {
  from: number;
  to: number;
  width: number;
  left: number;
}

/**
 * The pixel column of `t`, counted from the column `from` lands in: floor(left + width × pct), written as uPlot's
 * valToPos so that floating point rounds the same. The chart draws its lines with this same floor (TimeChart sets
 * each line's pxRound to Math.floor; uPlot's own decimation of dense data also cuts columns at whole pixels), so a
 * bucket is exactly the set of samples drawn in one column. Plain floor over the width without the plot's left
 * edge, drawn with uPlot's default rounding, put every boundary half a column off (issue 17).
 */
export function bucketOf(t: number, axis: PixelAxis): number {
  const base = Math.floor(axis.left);
  const last = Math.floor(axis.left + axis.width) - base;
  const b = Math.floor(axis.left + axis.width * ((t - axis.from) / (axis.to - axis.from))) - base;
  return b < 0 ? 0 : b > last ? last : b;
}

/**
 * Reduces samples sorted by time (all in [from, to)) to at most 4 per bucket, in time order.
 * Ties keep the earliest sample for min and max (as a drawing would hit it first). A gap in the raw
 * samples ends a bucket's run there: the run before and the run after keep their own four points,
 * with the NaN between them, so a gap inside one pixel column is not drawn over either.
 */
export function m4(ts: ArrayLike<number>, vs: ArrayLike<number>, axis: PixelAxis, maxGap: number): Columns {
  const n = ts.length;
  // At most 4 points per run and one NaN before each run after the first.
  const outT: number[] = [];
  const outV: number[] = [];
  let i = 0;
  while (i < n) {
    const b = bucketOf(ts[i]!, axis);
    if (i > 0 && ts[i]! - ts[i - 1]! > maxGap) {
      outT.push(ts[i - 1]! + 1);
      outV.push(NaN);
    }
    const first = i;
    let iMin = i;
    let iMax = i;
    let j = i + 1;
    for (; j < n && ts[j]! - ts[j - 1]! <= maxGap && bucketOf(ts[j]!, axis) === b; j++) {
      const v = vs[j]!;
      if (v < vs[iMin]!) iMin = j;
      if (v > vs[iMax]!) iMax = j;
    }
    const last = j - 1;
    const lo = Math.min(iMin, iMax);
    const hi = Math.max(iMin, iMax);
    outT.push(ts[first]!);
    outV.push(vs[first]!);
    if (lo !== first && lo !== last) {
      outT.push(ts[lo]!);
      outV.push(vs[lo]!);
    }
    if (hi !== first && hi !== last && hi !== lo) {
      outT.push(ts[hi]!);
      outV.push(vs[hi]!);
    }
    if (last !== first) {
      outT.push(ts[last]!);
      outV.push(vs[last]!);
    }
    i = j;
  }
  return { t: Float64Array.from(outT), v: Float64Array.from(outV) };
}

/** Every sample, with a NaN point wherever two consecutive samples are further apart than `maxGap`. */
export function withGaps(ts: ArrayLike<number>, vs: ArrayLike<number>, maxGap: number): Columns {
  const n = ts.length;
  let gaps = 0;
  for (let i = 1; i < n; i++) if (ts[i]! - ts[i - 1]! > maxGap) gaps++;
  const t = new Float64Array(n + gaps);
  const v = new Float64Array(n + gaps);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && ts[i]! - ts[i - 1]! > maxGap) {
      t[k] = ts[i - 1]! + 1;
      v[k++] = NaN;
    }
    t[k] = ts[i]!;
    v[k++] = vs[i]!;
  }
  return { t, v };
}
