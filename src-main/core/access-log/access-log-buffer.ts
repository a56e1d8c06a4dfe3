import type { Logger } from '../log/logger';
import type { AccessRecord, AccessRecorder } from './access-record';

/** How long rows wait before they go to the writer together; also lets a page's record count be noted first. */
const FLUSH_AFTER_MS = 200;
/** A fuller buffer goes at the next turn of the event loop rather than after FLUSH_AFTER_MS. */
const FLUSH_AT_ROWS = 512;

/**
 * The sync threads' access-log recorder: rows are kept for a moment and handed
 * to the database writer thread in one call (one transaction there), so a
 * five-year backfill's few thousand requests cost a handful of messages, not
 * a write per request. Rows are handed on from a timer, never from `record`
 * itself: the caller fills in a row's record count right after its answer
 * arrives (ProviderHttp.noteRecords), before the timer can fire.
 */
export class AccessLogBuffer implements AccessRecorder {
  private rows: AccessRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (rows: AccessRecord[]) => Promise<unknown>,
    private readonly log?: Logger,
  ) {}

  record(entry: AccessRecord): void {
    this.rows.push(entry);
    if (this.rows.length >= FLUSH_AT_ROWS) {
      this.immediate ??= setImmediate(() => void this.flush());
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  /** Hands every buffered row to the writer; resolves once they (and any earlier batch) are written. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    if (this.rows.length > 0) {
      const rows = this.rows;
      this.rows = [];
      this.inFlight = this.inFlight.then(() =>
        this.write(rows).then(
          () => undefined,
          // The log must never fail a sync: a lost batch is reported, the data still goes in.
          (err: unknown) => this.log?.warn('could not write access-log rows', { rows: rows.length, error: err }),
        ),
      );
    }
    return this.inFlight;
  }
}
