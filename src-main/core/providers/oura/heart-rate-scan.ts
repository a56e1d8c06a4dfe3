import { HEART_RATE_SOURCES } from './mapping';

// The heart-rate hot path, read straight from the bytes received. A five-year
// backfill is ~52 MB of heart-rate JSON: decoding it to a string and
// JSON.parse-ing it into half a million row objects cost more than storing the
// rows. This scanner reads the page Oura sends (TimeSeriesResponse of
// PublicHeartRateRow) in one pass over the bytes, checking every row as
// strictly as `heartRatePage` does, without allocating per row.
//
// It accepts only a plain subset of JSON: the two known top-level keys and the
// PublicHeartRateRow keys (any order, each once): `timestamp_unix`, `bpm` and
// `source` present, `timestamp` optional (the fetcher asks for the other three
// with Oura's `fields` parameter, and a server may send it anyway),
// integer literals for `timestamp_unix` and `bpm`, strings without escapes or
// non-ASCII bytes, JSON whitespace anywhere between tokens. Anything else
// (unknown keys, escapes, fractions, negative numbers, a bad row, invalid JSON)
// returns null and the caller takes the general path (decode, JSON.parse,
// heartRatePage), which gives the same answer or the same error for every
// input: the scanner never accepts a page the general path would reject or
// read differently.

export interface ScannedHeartRatePage {
  /** Unix seconds (floor of timestamp_unix / 1000), as heartRatePage computes them. */
  ts: Float64Array;
  values: Float64Array;
  tags: string[];
  nextToken: string | null;
}

/**
 * The columns being read, typed from the start: they cross to the writer thread as they are (moved, not
 * copied into new typed arrays), and half a million samples never become growing arrays of boxed numbers.
 */
class Columns {
  n = 0;
  readonly ts: Float64Array;
  readonly values: Float64Array;
  readonly tags: string[] = [];

  constructor(capacity: number) {
    this.ts = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  push(ts: number, value: number, tag: string): void {
    // Cannot happen (MIN_ROW_BYTES), but a typed array drops writes past its end without a word: if it
    // ever did, the general path reads the page instead.
    if (this.n === this.ts.length) throw NOT_PLAIN;
    this.ts[this.n] = ts;
    this.values[this.n] = value;
    this.tags.push(tag);
    this.n++;
  }

  /** Exactly the rows read, each column in a buffer of its own size. */
  done(): { ts: Float64Array; values: Float64Array; tags: string[] } {
    return { ts: this.ts.slice(0, this.n), values: this.values.slice(0, this.n), tags: this.tags };
  }
}

// The shortest row the scanner accepts, {"timestamp_unix":0,"bpm":0,"source":"live"}, is 44 bytes: a page
// of B bytes holds fewer than B / 44 rows, so columns sized for B / 40 never fill.
const MIN_ROW_BYTES = 40;

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const KEY_DATA = enc('data');
const KEY_NEXT = enc('next_token');
const KEY_TIMESTAMP = enc('timestamp');
const KEY_UNIX = enc('timestamp_unix');
const KEY_BPM = enc('bpm');
const KEY_SOURCE = enc('source');
const SOURCES = HEART_RATE_SOURCES.map((s) => ({ text: s, bytes: enc(s) }));
const NULL = enc('null');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const ZERO = 0x30;
const NINE = 0x39;
// Digits beyond 15 could round differently from JSON.parse's double: leave those to the general path.
const MAX_DIGITS = 15;

const SEEN_TIMESTAMP = 1;
const SEEN_UNIX = 2;
const SEEN_BPM = 4;
const SEEN_SOURCE = 8;
/** What a row must have: the instant (as unix ms), the value and the source. `timestamp` is optional. */
const SEEN_REQUIRED = SEEN_UNIX | SEEN_BPM | SEEN_SOURCE;

/**
 * Index of the quote that closes a plain string whose content starts at `start`, or -1 if the content has
 * an escape, a control or non-ASCII byte, or the bytes end first.
 */
function plainStringEnd(b: Uint8Array, start: number): number {
  for (let i = start; ; i++) {
    const c = b[i];
    if (c === QUOTE) return i;
    if (c === undefined || c === BACKSLASH || c < 0x20 || c >= 0x80) return -1;
  }
}

/** Where the last plainUint stopped (a module variable: no object per number on the hot path). */
let uintEnd = 0;

/**
 * The non-negative integer literal at `start` (at most MAX_DIGITS digits, no leading zero), or -1; sets
 * uintEnd to the byte after its last digit. What follows the digits is the caller's to check.
 */
function plainUint(b: Uint8Array, start: number): number {
  let i = start;
  let v = 0;
  for (let c = b[i]; c !== undefined && c >= ZERO && c <= NINE; c = b[++i]) v = v * 10 + (c - ZERO);
  const digits = i - start;
  if (digits === 0 || digits > MAX_DIGITS || (digits > 1 && b[start] === ZERO)) return -1;
  uintEnd = i;
  return v;
}

/** Thrown inside the scanner only: "not the plain shape", caught at the top. */
class NotPlain {}
const NOT_PLAIN = new NotPlain();

class Scanner {
  pos = 0;
  /** Start and end (exclusive) of the content of the last string read. */
  start = 0;
  end = 0;
  constructor(readonly b: Uint8Array) {}

  ws(): void {
    const b = this.b;
    let i = this.pos;
    for (let c = b[i]; c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = b[++i]);
    this.pos = i;
  }

  /** The next non-space byte, consumed if it is `byte`. */
  eat(byte: number): boolean {
    this.ws();
    if (this.b[this.pos] !== byte) return false;
    this.pos++;
    return true;
  }

  expect(byte: number): void {
    if (!this.eat(byte)) throw NOT_PLAIN;
  }

  /** A string without escapes, control or non-ASCII bytes: its content is [start, end), `pos` past the quote. */
  string(): void {
    this.ws();
    const b = this.b;
    let i = this.pos;
    if (b[i] !== QUOTE) throw NOT_PLAIN;
    const start = ++i;
    i = plainStringEnd(b, start);
    if (i < 0) throw NOT_PLAIN;
    this.start = start;
    this.end = i;
    this.pos = i + 1;
  }

  /** Whether `word` is the content of the string [start, end) (saved before reading on). */
  is(start: number, end: number, word: Uint8Array): boolean {
    return sameBytes(this.b, start, end, word);
  }

  /** A non-negative integer literal of at most MAX_DIGITS digits, no leading zero, no fraction or exponent. */
  uint(): number {
    this.ws();
    const b = this.b;
    let i = this.pos;
    const v = plainUint(b, i);
    if (v < 0) throw NOT_PLAIN;
    i = uintEnd;
    const after = b[i];
    if (after === 0x2e || after === 0x65 || after === 0x45) throw NOT_PLAIN;
    this.pos = i;
    return v;
  }

  literal(word: Uint8Array): boolean {
    this.ws();
    const b = this.b;
    for (let k = 0; k < word.length; k++) if (b[this.pos + k] !== word[k]) return false;
    this.pos += word.length;
    return true;
  }

  done(): boolean {
    this.ws();
    return this.pos === this.b.length;
  }

  /** The last string read, as text (ASCII only, so latin1 is exact). */
  text(): string {
    return Buffer.from(this.b.buffer, this.b.byteOffset + this.start, this.end - this.start).toString('latin1');
  }
}

/** The page's columns and next_token, or null when the page is not in the plain shape (use the general path). */
export function scanHeartRatePage(bytes: Uint8Array): ScannedHeartRatePage | null {
  const cols = new Columns(Math.ceil(bytes.length / MIN_ROW_BYTES));
  const s = new Scanner(bytes);
  let nextToken: string | null = null;
  let seenData = false;
  let seenNext = false;
  try {
    s.expect(OPEN_OBJ);
    if (s.eat(CLOSE_OBJ)) return null;
    do {
      s.string();
      const { start, end } = s;
      s.expect(COLON);
      if (s.is(start, end, KEY_DATA) && !seenData) {
        seenData = true;
        s.expect(OPEN_ARR);
        if (!s.eat(CLOSE_ARR)) {
          // The first row is read in general; its key order becomes the template the next rows are tried against.
          let layout: Layout | null = null;
          do {
            if (layout === null || !fastRow(s, layout, cols)) layout = row(s, cols);
          } while (s.eat(COMMA));
          s.expect(CLOSE_ARR);
        }
      } else if (s.is(start, end, KEY_NEXT) && !seenNext) {
        seenNext = true;
        if (!s.literal(NULL)) {
          s.string();
          nextToken = s.text();
        }
      } else {
        return null;
      }
    } while (s.eat(COMMA));
    s.expect(CLOSE_OBJ);
    if (!s.done() || !seenData) return null;
  } catch (err) {
    if (err === NOT_PLAIN) return null;
    throw err;
  }
  return { ...cols.done(), nextToken };
}

/** One row in general (any key order, whitespace); returns its layout, or null if it was not compact. */
function row(s: Scanner, cols: Columns): Layout | null {
  s.ws();
  const rowStart = s.pos;
  s.expect(OPEN_OBJ);
  let seen = 0;
  const order: number[] = [];
  let ms = 0;
  let bpm = 0;
  let tag = '';
  do {
    s.string();
    const { start, end } = s;
    s.expect(COLON);
    let bit: number;
    if (s.is(start, end, KEY_UNIX)) {
      bit = SEEN_UNIX;
      ms = s.uint();
    } else if (s.is(start, end, KEY_BPM)) {
      bit = SEEN_BPM;
      bpm = s.uint();
    } else if (s.is(start, end, KEY_SOURCE)) {
      bit = SEEN_SOURCE;
      s.string();
      tag = source(s);
    } else if (s.is(start, end, KEY_TIMESTAMP)) {
      // Its value is not needed (timestamp_unix is the same instant), but it must be a string.
      bit = SEEN_TIMESTAMP;
      s.string();
    } else {
      throw NOT_PLAIN;
    }
    if (seen & bit) throw NOT_PLAIN;
    seen |= bit;
    order.push(bit);
  } while (s.eat(COMMA));
  s.expect(CLOSE_OBJ);
  if ((seen & SEEN_REQUIRED) !== SEEN_REQUIRED) throw NOT_PLAIN;
  cols.push(Math.floor(ms / 1000), bpm, tag);
  return layoutOf(order, s.b.subarray(rowStart, s.pos));
}

// The fast path. A provider writes every row of a page the same way: the same key order, no
// whitespace. Having read one row in general, the scanner knows that layout, the literal bytes
// `{"k1":`, `,"k2":`, …, `}` around the four values, and checks each next row against it byte for
// byte, reading the values in between with the same rules as the general path. The first byte that
// differs (whitespace, another order, a fraction, an escape, anything) sends that row back to the
// general reader from its first byte, so the fast path accepts only rows the general path reads
// identically.

interface Layout {
  /** SEEN_* bit of each key, in order (three or four keys). */
  keys: number[];
  /** literals[k] precedes value k; the last one (`}`) ends the row. */
  literals: Uint8Array[];
}

const KEY_BYTES: Record<number, Uint8Array> = {
  [SEEN_TIMESTAMP]: KEY_TIMESTAMP,
  [SEEN_UNIX]: KEY_UNIX,
  [SEEN_BPM]: KEY_BPM,
  [SEEN_SOURCE]: KEY_SOURCE,
};

/** The layout of a row just read, or null if the row was not written compactly in that layout. */
function layoutOf(keys: number[], rowBytes: Uint8Array): Layout | null {
  const literals = keys.map((bit, k) => enc(`${k === 0 ? '{' : ','}"${String.fromCharCode(...KEY_BYTES[bit]!)}":`));
  literals.push(enc('}'));
  // A row with whitespace between its tokens would never match: don't keep trying a template for it.
  const compact = literals[0]!.every((c, k) => rowBytes[k] === c);
  return compact ? { keys, literals } : null;
}

/** One row in `layout`, or false (nothing consumed) if the row differs from it anywhere. */
function fastRow(s: Scanner, layout: Layout, cols: Columns): boolean {
  const b = s.b;
  const n = b.length;
  let i = s.pos;
  let ms = -1;
  let bpm = -1;
  let tag: string | null = null;
  const keys = layout.keys.length;
  for (let k = 0; k < keys; k++) {
    const lit = layout.literals[k]!;
    if (i + lit.length > n) return false;
    for (let j = 0; j < lit.length; j++) if (b[i + j] !== lit[j]) return false;
    i += lit.length;
    const key = layout.keys[k]!;
    if (key === SEEN_UNIX || key === SEEN_BPM) {
      const v = plainUint(b, i);
      if (v < 0) return false;
      i = uintEnd;
      if (key === SEEN_UNIX) ms = v;
      else bpm = v;
    } else {
      if (b[i] !== QUOTE) return false;
      const start = ++i;
      i = plainStringEnd(b, start);
      if (i < 0) return false;
      if (key === SEEN_SOURCE) {
        tag = knownSource(b, start, i);
        if (tag === null) return false;
      }
      i++;
    }
  }
  if (b[i] !== CLOSE_OBJ) return false;
  s.pos = i + 1;
  cols.push(Math.floor(ms / 1000), bpm, tag!);
  return true;
}

function knownSource(b: Uint8Array, start: number, end: number): string | null {
  for (const known of SOURCES) if (sameBytes(b, start, end, known.bytes)) return known.text;
  return null;
}

/** Whether bytes [start, end) of `b` are `word`. */
function sameBytes(b: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  const len = end - start;
  if (len !== word.length) return false;
  for (let k = 0; k < len; k++) if (b[start + k] !== word[k]) return false;
  return true;
}

function source(s: Scanner): string {
  const known = knownSource(s.b, s.start, s.end);
  if (known === null) throw NOT_PLAIN; // an unknown source: the general path reports it
  return known;
}
