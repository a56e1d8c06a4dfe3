import type { Database, Statement } from 'better-sqlite3';

// The data query thread's copy of the sample series it draws (issue 17), in
// Float64Array columns cut into fixed spans of time ("chunks"). Reading
// five years of 5-minute heart rate out of SQLite costs 0.3–1.5 s (a B-tree
// step and a JS value per sample); reducing the same 525,000 samples from
// columns in memory costs a few milliseconds. So a range is read from SQLite
// once, and the M4 reduction runs over these columns.
//
// Staleness: the cache is checked against the database before every use.
// `PRAGMA data_version` tells this connection whether any other connection
// committed since the last look (and total_changes() whether this one wrote:
// the in-thread fallback shares the app's connection), without a read. Only then does it read
// what changed: every sample write goes with a `series_pages` row for the
// window it wrote (HealthStore.writeBatch, same transaction) whose
// `fetched_at` changes on every write, so the chunks overlapping a new or
// rewritten page are dropped; a series whose row, account or sample count
// changed without a page saying where is dropped whole (an account removed,
// a safety net). A page superseded by a larger one is covered by that one.

/** ≈ 24.3 days: a month touches 2–3 chunks, a year 16, five years 76 (~7,000 five-minute samples each). */
export const CHUNK_S = 2 ** 21;

const PAGE_MARGIN_S = 86_400;

export interface SampleColumns {
  t: Float64Array;
  v: Float64Array;
}

interface Chunk extends SampleColumns {
  lastUsed: number;
}

interface SeriesState {
  accountId: string;
  metric: string;
  sampleCount: number;
  /** `from_ts:to_ts` → fetched_at of the pages seen when this series was last checked. */
  pages: Map<string, string>;
  chunks: Map<number, Chunk>;
}

export class SeriesCache {
  private readonly series = new Map<number, SeriesState>();
  private readonly readChunk: Statement;
  private readonly seriesRow: Statement;
  private readonly pagesOf: Statement;
  private readonly extentOf: Statement;
  private readonly versionOf: Statement;
  private readonly ownChangesOf: Statement;
  private dataVersion: string;
  private bytes = 0;
  private clock = 0;
  /** The series most recently asked for, and its extent: what warmStep fills in. */
  private warming: { id: number; first: number; last: number } | null = null;

  constructor(
    private readonly db: Database,
    /** Columns kept at most (16 bytes a sample): five years of one 5-minute series is ~8.4 MB. */
    private readonly budgetBytes = 64 * 1024 * 1024,
  ) {
    this.readChunk = db
      .prepare('SELECT ts, value FROM series_samples WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts')
      .raw(true);
    this.seriesRow = db.prepare(
      'SELECT account_id AS accountId, metric, sample_count AS sampleCount FROM series WHERE id = ?',
    );
    this.pagesOf = db.prepare('SELECT from_ts, to_ts, fetched_at FROM series_pages WHERE series_id = ?').raw(true);
    // Two subqueries: SQLite answers a lone min() or max() with one index seek, but both in one SELECT by
    // scanning every sample of the series (~80 ms for five years, once per query when prefetch asked).
    this.extentOf = db
      .prepare(
        `SELECT (SELECT min(ts) FROM series_samples WHERE series_id = ?),
                (SELECT max(ts) FROM series_samples WHERE series_id = ?)`,
      )
      .raw(true);
    this.versionOf = db.prepare('PRAGMA data_version').pluck();
    this.ownChangesOf = db.prepare('SELECT total_changes()').pluck();
    this.dataVersion = this.currentVersion();
  }

  /**
   * Every stored sample of series `id` with from <= t < to, in time order, as consecutive parts. The parts
   * are views of the cache's own columns: read them, never keep or transfer them (moving one to another
   * thread would empty the cache's chunk).
   */
  range(id: number, from: number, to: number): SampleColumns[] {
    this.revalidate();
    const state = this.stateOf(id);
    if (!state || !(to > from)) return [];
    const first = Math.floor(from / CHUNK_S);
    const last = Math.ceil(to / CHUNK_S) - 1;
    const parts: SampleColumns[] = [];
    for (let c = first; c <= last; c++) {
      const chunk = this.chunk(id, state, c);
      const lo = c === first ? lowerBound(chunk.t, from) : 0;
      const hi = c === last ? lowerBound(chunk.t, to) : chunk.t.length;
      if (hi > lo) parts.push({ t: chunk.t.subarray(lo, hi), v: chunk.v.subarray(lo, hi) });
    }
    // Over the budget, older chunks go; these parts stay readable (they hold their chunk's buffer).
    this.trim();
    return parts;
  }

  /** Remembers series `id` as the one to fill in while the thread is idle (warmStep). */
  prefetch(id: number): void {
    if (this.warming?.id === id) return;
    const [first, last] = this.extentOf.get(id, id) as [number | null, number | null];
    this.warming = first === null || last === null ? null : { id, first, last };
  }

  /**
   * Reads one chunk of the prefetched series that is not in memory yet: the thread calls it between
   * queries, so that the next range (a year, everything) is answered from memory. False when nothing is
   * left to read (or the budget is full).
   */
  warmStep(): boolean {
    const w = this.warming;
    if (!w) return false;
    this.revalidate();
    const state = this.stateOf(w.id);
    if (!state) return ((this.warming = null), false);
    // Newest first: the ranges end at the newest data.
    for (let c = Math.floor(w.last / CHUNK_S); c >= Math.floor(w.first / CHUNK_S); c--) {
      if (state.chunks.has(c)) continue;
      if (this.bytes >= this.budgetBytes) return false;
      this.chunk(w.id, state, c);
      return true;
    }
    this.warming = null;
    return false;
  }

  /** Bytes of columns held (for tests and the benchmark). */
  get heldBytes(): number {
    return this.bytes;
  }

  /** Changes by other connections (data_version) and by this one (total_changes: the in-thread fallback). */
  private currentVersion(): string {
    return `${this.versionOf.get() as number}:${this.ownChangesOf.get() as number}`;
  }

  private stateOf(id: number): SeriesState | null {
    let state = this.series.get(id);
    if (state) return state;
    const row = this.seriesRow.get(id) as { accountId: string; metric: string; sampleCount: number } | undefined;
    if (!row) return null;
    state = { ...row, pages: this.readPages(id), chunks: new Map() };
    this.series.set(id, state);
    return state;
  }

  private chunk(id: number, state: SeriesState, c: number): Chunk {
    let chunk = state.chunks.get(c);
    if (!chunk) {
      const rows = this.readChunk.all(id, c * CHUNK_S, (c + 1) * CHUNK_S) as [number, number][];
      const t = new Float64Array(rows.length);
      const v = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        t[i] = rows[i]![0];
        v[i] = rows[i]![1];
      }
      chunk = { t, v, lastUsed: 0 };
      state.chunks.set(c, chunk);
      this.bytes += 16 * rows.length;
    }
    chunk.lastUsed = ++this.clock;
    return chunk;
  }

  private readPages(id: number): Map<string, string> {
    const pages = new Map<string, string>();
    for (const [from, to, at] of this.pagesOf.all(id) as [number, number, string][]) pages.set(`${from}:${to}`, at);
    return pages;
  }

  /** Drops what another connection changed since the last look (see the top of this file). */
  private revalidate(): void {
    const version = this.currentVersion();
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    for (const [id, state] of this.series) {
      const row = this.seriesRow.get(id) as { accountId: string; metric: string; sampleCount: number } | undefined;
      if (!row || row.accountId !== state.accountId || row.metric !== state.metric) {
        this.dropSeries(id);
        continue;
      }
      const pages = this.readPages(id);
      const changed: [number, number][] = [];
      for (const [key, at] of pages) {
        if (state.pages.get(key) === at) continue;
        const [from, to] = key.split(':').map(Number) as [number, number];
        changed.push([from, to]);
      }
      if (changed.length === 0 && row.sampleCount !== state.sampleCount) {
        // Samples changed with no page saying where: start this series over.
        this.dropSeries(id);
        continue;
      }
      for (const [from, to] of changed) {
        // A day of margin: a provider's samples may stray from the window it was asked for (a local day).
        const lo = Math.floor((from - PAGE_MARGIN_S) / CHUNK_S);
        const hi = Math.floor((to + PAGE_MARGIN_S) / CHUNK_S);
        for (let c = lo; c <= hi; c++) this.dropChunk(state, c);
      }
      state.pages = pages;
      state.sampleCount = row.sampleCount;
    }
    if (this.warming && !this.series.has(this.warming.id)) this.warming = null;
    else if (this.warming) {
      // New samples may extend the series: prefetch again from its current extent.
      const id = this.warming.id;
      this.warming = null;
      this.prefetch(id);
    }
  }

  private dropChunk(state: SeriesState, c: number): void {
    const chunk = state.chunks.get(c);
    if (!chunk) return;
    this.bytes -= 16 * chunk.t.length;
    state.chunks.delete(c);
  }

  private dropSeries(id: number): void {
    const state = this.series.get(id);
    if (!state) return;
    for (const c of [...state.chunks.keys()]) this.dropChunk(state, c);
    this.series.delete(id);
  }

  /** Over the budget: the least recently used chunks go first. */
  private trim(): void {
    if (this.bytes <= this.budgetBytes) return;
    const all: { state: SeriesState; c: number; lastUsed: number }[] = [];
    for (const state of this.series.values())
      for (const [c, chunk] of state.chunks) all.push({ state, c, lastUsed: chunk.lastUsed });
    all.sort((a, b) => a.lastUsed - b.lastUsed);
    for (const { state, c } of all) {
      if (this.bytes <= this.budgetBytes) break;
      this.dropChunk(state, c);
    }
  }
}

/** The first index whose value is >= x (t sorted ascending). */
function lowerBound(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
