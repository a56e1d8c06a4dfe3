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
 * Reduces samples sorted by time (all in [from, to)) to at most 4 per bucket, in time order. The samples
 * come as consecutive parts (the series cache's chunks), read in one pass without joining them.
 * Ties keep the earliest sample for min and max (as a drawing would hit it first). A gap in the raw
 * samples ends a bucket's run there: the run before and the run after keep their own four points,
 * with the NaN between them, so a gap inside one pixel column is not drawn over either.
 */
export function m4(parts: readonly Columns[], axis: PixelAxis, maxGap: number): Columns {
  // At most 4 points per run and one NaN before each run after the first.
  const out = new Growing();
  // bucketOf, inlined with the same floating-point steps (it runs once per sample).
  const base = Math.floor(axis.left);
  const lastCol = Math.floor(axis.left + axis.width) - base;
  const { from, left, width } = axis;
  const span = axis.to - axis.from;
  let run = false;
  let b = 0;
  let prevT = 0;
  let firstT = 0;
  let firstV = 0;
  let minT = 0;
  let minV = 0;
  let maxT = 0;
  let maxV = 0;
  let lastV = 0;
  for (const part of parts) {
    const ts = part.t;
    const vs = part.v;
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i]!;
      const v = vs[i]!;
      let col = Math.floor(left + width * ((t - from) / span)) - base;
      col = col < 0 ? 0 : col > lastCol ? lastCol : col;
      if (run && col === b && t - prevT <= maxGap) {
        if (v < minV) {
          minV = v;
          minT = t;
        }
        if (v > maxV) {
          maxV = v;
          maxT = t;
        }
        prevT = t;
        lastV = v;
        continue;
      }
      if (run) {
        emitRun(out, firstT, firstV, minT, minV, maxT, maxV, prevT, lastV);
        if (t - prevT > maxGap) out.push(prevT + 1, NaN);
      }
      run = true;
      b = col;
      firstT = minT = maxT = prevT = t;
      firstV = minV = maxV = lastV = v;
    }
  }
  if (run) emitRun(out, firstT, firstV, minT, minV, maxT, maxV, prevT, lastV);
  return out.columns();
}

/** A run's first, min and max (earlier first) and last sample, each once. (Not a closure: V8 keeps the loop's state in registers.) */
function emitRun(
  out: Growing,
  firstT: number,
  firstV: number,
  minT: number,
  minV: number,
  maxT: number,
  maxV: number,
  lastT: number,
  lastV: number,
): void {
  out.push(firstT, firstV);
  const loIsMin = minT <= maxT;
  const loT = loIsMin ? minT : maxT;
  const hiT = loIsMin ? maxT : minT;
  if (loT !== firstT && loT !== lastT) out.push(loT, loIsMin ? minV : maxV);
  if (hiT !== firstT && hiT !== lastT && hiT !== loT) out.push(hiT, loIsMin ? maxV : minV);
  if (lastT !== firstT) out.push(lastT, lastV);
}

/** Every sample, with a NaN point wherever two consecutive samples are further apart than `maxGap`. */
export function withGaps(parts: readonly Columns[], maxGap: number): Columns {
  const out = new Growing();
  let prevT = NaN;
  for (const { t: ts, v: vs } of parts) {
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i]!;
      if (t - prevT > maxGap) out.push(prevT + 1, NaN);
      out.push(t, vs[i]!);
      prevT = t;
    }
  }
  return out.columns();
}

/** Two Float64Array columns that double as they fill (the answer is moved to the window as they are). */
class Growing {
  private t = new Float64Array(1024);
  private v = new Float64Array(1024);
  private n = 0;

  push(t: number, v: number): void {
    if (this.n === this.t.length) {
      const t2 = new Float64Array(this.n * 2);
      const v2 = new Float64Array(this.n * 2);
      t2.set(this.t);
      v2.set(this.v);
      this.t = t2;
      this.v = v2;
    }
    this.t[this.n] = t;
    this.v[this.n++] = v;
  }

  columns(): Columns {
    return { t: this.t.slice(0, this.n), v: this.v.slice(0, this.n) };
  }
}
