import { csvField } from './csv';

// Issue 12 (export speed): the CSV line of one series sample, written as bytes
// straight into the export's output buffer. A five-year heart-rate series is
// half a million lines that differ only in instant, value and tag; building a
// string per line, joining them and encoding the result to UTF-8 cost four
// times the database read. Here the constant parts are encoded once per series,
// the date once per day, and digits are written as bytes. The text is exactly
// the generic CSV writer's (formats.ts; export.test.ts compares the two).

/**
 * Writes one sample's line at `pos` in `buf` and returns the position after it, or -1 when this
 * sample needs the generic writer (a fraction of a second, before 1970 or after 9999, a long tag).
 * `buf` must have MAX_SAMPLE_LINE_BYTES free after `pos`.
 */
export type SampleEncoder = (buf: Buffer, pos: number, ts: number, value: number | null, tag: string | null) => number;

/** Room one encoded line may take at most (the caller keeps this much free past its chunk size). */
export const MAX_SAMPLE_LINE_BYTES = 16 * 1024;
const MAX_TAG_BYTES = 1024;
const MAX_TAGS = 256;
const LAST_FOUR_DIGIT_YEAR_S = 253_402_300_799;
const COMMA = 0x2c;
const ZERO = 0x30;
const MINUS = 0x2d;

/** The parts of a series' lines (formats.ts csvWriter): `${head}${ts},${iso},,,,${tag}${before}${value}${after}`. */
export interface SampleLineParts {
  /** Everything before the instant's digits: prefix, `,`, `<metric>:`. */
  head: string;
  /** The commas before the series' value column. */
  before: string;
  /** The commas after it, the empty `data` field and CRLF. */
  after: string;
  /** What follows the tag when the value is null: every value column empty, `data`, CRLF. */
  empty: string;
}

export function sampleEncoder(parts: SampleLineParts): SampleEncoder | null {
  const head = Buffer.from(parts.head, 'utf8');
  const before = Buffer.from(parts.before, 'latin1');
  const after = Buffer.from(parts.after, 'latin1');
  const empty = Buffer.from(parts.empty, 'latin1');
  // `+00:00` then the empty end_time, local_date and score fields.
  const offsetAndEmpties = Buffer.from('+00:00,,,,', 'latin1');
  if (head.length + before.length + after.length + empty.length + MAX_TAG_BYTES + 128 > MAX_SAMPLE_LINE_BYTES) {
    return null;
  }
  const tags = new Map<string | null, Buffer>([[null, Buffer.alloc(0)]]);
  let dayStart = 1;
  let dayEnd = 0;
  let date = Buffer.alloc(0);
  return (buf, pos, ts, value, tag) => {
    if (!(ts >= 0 && ts <= LAST_FOUR_DIGIT_YEAR_S && Number.isInteger(ts))) return -1;
    let t = tags.get(tag);
    if (t === undefined) {
      const field = Buffer.from(csvField(tag), 'utf8');
      if (field.length > MAX_TAG_BYTES || tags.size >= MAX_TAGS) return -1;
      tags.set(tag, (t = field));
    }
    if (ts < dayStart || ts >= dayEnd) {
      dayStart = ts - (ts % 86_400);
      dayEnd = dayStart + 86_400;
      date = Buffer.from(new Date(dayStart * 1000).toISOString().slice(0, 11), 'latin1');
    }
    buf.set(head, pos);
    pos = writeUint(buf, pos + head.length, ts);
    buf[pos++] = COMMA;
    buf.set(date, pos);
    pos += date.length;
    const s = ts - dayStart;
    const h = (s / 3600) | 0;
    const m = ((s - h * 3600) / 60) | 0;
    const sec = s - h * 3600 - m * 60;
    buf[pos++] = ZERO + ((h / 10) | 0);
    buf[pos++] = ZERO + (h % 10);
    buf[pos++] = 0x3a;
    buf[pos++] = ZERO + ((m / 10) | 0);
    buf[pos++] = ZERO + (m % 10);
    buf[pos++] = 0x3a;
    buf[pos++] = ZERO + ((sec / 10) | 0);
    buf[pos++] = ZERO + (sec % 10);
    buf.set(offsetAndEmpties, pos);
    pos += offsetAndEmpties.length;
    buf.set(t, pos);
    pos += t.length;
    if (value === null) {
      buf.set(empty, pos);
      return pos + empty.length;
    }
    buf.set(before, pos);
    pos = writeNumber(buf, pos + before.length, value);
    buf.set(after, pos);
    return pos + after.length;
  };
}

/** A non-negative integer below 2^53, in decimal. */
function writeUint(buf: Buffer, pos: number, n: number): number {
  let digits = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
  let end = pos + digits;
  for (let x = n; end > pos; x = Math.floor(x / 10)) buf[--end] = ZERO + (x % 10);
  return pos + digits;
}

/** String(value) as bytes (csvField of a number: empty when not finite). */
function writeNumber(buf: Buffer, pos: number, value: number): number {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) {
    if (value < 0) {
      buf[pos++] = MINUS;
      value = -value;
    }
    return writeUint(buf, pos, value);
  }
  if (!Number.isFinite(value)) return pos;
  const text = String(value); // digits, '.', '-', 'e', '+': one byte each
  for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
  return pos;
}
