import { describe, expect, it } from 'vitest';
import { scanHeartRatePage } from './heart-rate-scan';
import { heartRatePage } from './mapping';

// The scanner must never disagree with the general path (JSON.parse + heartRatePage): for any input it
// either returns exactly what the general path reads, or null (and the general path decides).

const row = (unix: number, bpm: number, source: string) =>
  `{"timestamp":"${new Date(unix).toISOString().slice(0, 19)}+00:00","timestamp_unix":${unix},"bpm":${bpm},"source":"${source}"}`;
const page = (rows: string[], next = 'null') => `{"data":[${rows.join(',')}],"next_token":${next}}`;
const T0 = 1_700_000_000_123;
const canonical = page(
  [
    row(T0, 61, 'awake'),
    row(T0 + 300_000, 58, 'rest'),
    row(T0 + 600_000, 120, 'workout'),
    row(T0 + 900_000, 0, 'sleep'),
  ],
  '"eyJvIjoxMDAwMH0"',
);

/** What the general path reads from `text`, or null where it rejects the page. */
function general(
  text: string,
): { ts: number[]; values: number[]; tags: (string | null)[]; nextToken: string | null } | null {
  let body: { data?: unknown; next_token?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || !Array.isArray(body.data)) return null;
  if (body.next_token !== undefined && body.next_token !== null && typeof body.next_token !== 'string') return null;
  const p = heartRatePage(body.data, 0, 0, text);
  if (typeof p === 'string') return null;
  return {
    ts: Array.from(p.ts),
    values: Array.from(p.values),
    tags: p.tags,
    nextToken: (body.next_token as string | null | undefined) ?? null,
  };
}

/** The scanner's answer with its typed columns as plain arrays, to compare with the general path's. */
const scan = (text: string) => {
  const got = scanHeartRatePage(Buffer.from(text, 'utf8'));
  if (got) {
    expect(got.ts).toBeInstanceOf(Float64Array);
    // Each column alone in a buffer of its size: it moves to the writer thread without a copy.
    expect(got.ts.buffer.byteLength).toBe(got.ts.length * 8);
    expect(got.values.buffer.byteLength).toBe(got.values.length * 8);
  }
  return got && { ...got, ts: Array.from(got.ts), values: Array.from(got.values) };
};

describe('scanHeartRatePage', () => {
  it('reads the page Oura sends exactly as the general path does', () => {
    const got = scan(canonical);
    expect(got).not.toBeNull();
    expect(got).toEqual(general(canonical));
    expect(got!.ts).toEqual([1_700_000_000, 1_700_000_300, 1_700_000_600, 1_700_000_900]);
    expect(got!.values).toEqual([61, 58, 120, 0]);
    expect(got!.tags).toEqual(['awake', 'rest', 'workout', 'sleep']);
    expect(got!.nextToken).toBe('eyJvIjoxMDAwMH0');
  });

  it('takes whitespace, any key order and an absent next_token', () => {
    const pretty = JSON.stringify(JSON.parse(canonical), null, 2);
    expect(scan(pretty)).toEqual(general(pretty));
    const reordered = `{ "next_token" : null ,\r\n\t"data": [ {"source":"live","bpm":70,"timestamp_unix":${T0},"timestamp":"x"} ] }`;
    expect(scan(reordered)).toEqual({ ts: [1_700_000_000], values: [70], tags: ['live'], nextToken: null });
    expect(scan(reordered)).toEqual(general(reordered));
    expect(scan('{"data":[]}')).toEqual({ ts: [], values: [], tags: [], nextToken: null });
    expect(scan('{"data":[],"next_token":null}')).toEqual(general('{"data":[],"next_token":null}'));
  });

  it('leaves everything outside the plain shape to the general path', () => {
    const r = row(T0, 61, 'awake');
    const cases = [
      '', // empty body
      '[]',
      '{}',
      '{"next_token":null}', // no data
      '{"data":{}}',
      page([r]) + 'x', // trailing bytes
      page([r]).slice(0, -5), // truncated
      page([r], '3'), // next_token not a string
      `{"data":[${r}],"extra":1}`, // unknown top-level key
      `{"data":[${r}],"data":[]}`, // duplicate key
      page([r.replace('"source"', '"source":"awake","x"')]), // unknown row key
      page([r.replace('"bpm":61', '"bpm":61,"bpm":62')]), // duplicate row key
      page([r.replace(',"bpm":61', '')]), // missing bpm
      page([r.replace('"bpm":61', '"bpm":61.5')]), // fraction
      page([r.replace('"bpm":61', '"bpm":6e1')]), // exponent
      page([r.replace('"bpm":61', '"bpm":-61')]), // negative
      page([r.replace('"bpm":61', '"bpm":061')]), // leading zero (invalid JSON)
      page([r.replace('"bpm":61', '"bpm":"61"')]), // string
      page([r.replace('"bpm":61', '"bpm":null')]),
      page([r.replace(`${T0}`, '1234567890123456')]), // more digits than a double holds exactly here
      page([r.replace('awake', 'dancing')]), // unknown source
      page([r.replace('awake', 'awak\\u0065')]), // escape
      page([r.replace('+00:00', '+00:00\u00e9')]), // non-ASCII
      page([r.replace('+00:00', '+00:00\t')]), // control character (invalid JSON)
      page([r.replace(/"timestamp":"[^"]*"/, '"timestamp":null')]),
      page(['null']),
      page([r, '']), // trailing comma
    ];
    for (const text of cases) expect(scan(text), text).toBeNull();
  });

  it('never reads a page differently from the general path (random corruptions)', () => {
    // Deterministic pseudo-random byte edits of a small page: whatever the scanner accepts, the general
    // path accepts too and reads the same.
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = '{}[]",:0123456789 -.eE\\natrsuwkpl_xyz';
    let accepted = 0;
    for (let k = 0; k < 4000; k++) {
      const chars = [...canonical];
      for (let e = 1 + rand(3); e > 0; e--) {
        const at = rand(chars.length);
        const op = rand(3);
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, alphabet[rand(alphabet.length)]!);
        else chars[at] = alphabet[rand(alphabet.length)]!;
      }
      const text = chars.join('');
      const got = scan(text);
      if (got === null) continue;
      accepted++;
      expect(got, text).toEqual(general(text));
    }
    expect(accepted).toBeGreaterThan(100); // edits inside values (digits, timestamps) stay plain
  });

  it('reads rows without the ISO timestamp, as Oura sends them for fields=timestamp_unix,bpm,source', () => {
    const lean = (unix: number, bpm: number, source: string) =>
      `{"timestamp_unix":${unix},"bpm":${bpm},"source":"${source}"}`;
    const rows = Array.from({ length: 500 }, (_, i) => lean(T0 + i * 300_000, 40 + (i % 90), i % 7 ? 'rest' : 'live'));
    const text = page(rows, '"next"');
    const got = scan(text);
    expect(got).not.toBeNull();
    expect(got).toEqual(general(text));
    expect(got!.ts).toHaveLength(500);
    expect(got!.ts[1]).toBe(1_700_000_300);
    // Another key order, and rows with and without `timestamp` mixed (a server adding it to some rows).
    const mixed = page([
      `{"bpm":61,"source":"awake","timestamp_unix":${T0}}`,
      row(T0 + 300_000, 62, 'rest'),
      `{"bpm":63,"source":"sleep","timestamp_unix":${T0 + 600_000}}`,
      lean(T0 + 900_000, 64, 'workout'),
    ]);
    expect(scan(mixed)).not.toBeNull();
    expect(scan(mixed)).toEqual(general(mixed));
    // The instant is still required: a row with only the ISO timestamp, or none, is the general path's.
    for (const text of [
      page([`{"timestamp":"2023-11-14T22:13:20+00:00","bpm":61,"source":"awake"}`]),
      page([lean(T0, 61, 'awake'), `{"bpm":62,"source":"rest"}`]),
      page([`{"bpm":62,"source":"rest"}`]),
    ]) {
      expect(scan(text), text).toBeNull();
    }
    expect(general(page([`{"bpm":62,"source":"rest"}`]))).toBeNull();
  });

  // After the first row the scanner tries each row against that row's layout (heart-rate-scan.ts, the
  // fast path); every way a later row can differ must end exactly where the general path ends.
  it('reads later rows that leave the first row’s layout exactly as the general path does', () => {
    const bpmFirst = (unix: number, bpm: number, source: string) =>
      `{"bpm":${bpm},"source":"${source}","timestamp":"${new Date(unix).toISOString().slice(0, 19)}+00:00","timestamp_unix":${unix}}`;
    const rows = Array.from({ length: 1000 }, (_, i) => row(T0 + i * 300_000, 40 + (i % 90), 'awake'));
    const long = page(rows);
    expect(scan(long)).toEqual(general(long));
    expect(scan(long)!.ts).toHaveLength(1000);
    const accepted = [
      page([
        row(T0, 61, 'awake'),
        row(T0 + 1, 62, 'rest'),
        bpmFirst(T0 + 2, 63, 'live'),
        bpmFirst(T0 + 3, 64, 'sleep'),
      ]),
      page([row(T0, 61, 'awake'), row(T0 + 1, 62, 'rest').replace(',"bpm"', ' , "bpm"'), row(T0 + 2, 63, 'live')]),
      page([row(T0, 61, 'awake'), `\n  ${row(T0 + 1, 62, 'rest')}`, row(T0 + 2, 63, 'session')]),
      page([bpmFirst(T0, 61, 'awake'), bpmFirst(T0 + 1, 0, 'workout'), row(T0 + 2, 7, 'rest')]),
    ];
    for (const text of accepted) {
      expect(scan(text), text).not.toBeNull();
      expect(scan(text), text).toEqual(general(text));
    }
    const rejected = [
      page([row(T0, 61, 'awake'), row(T0 + 1, 62, 'rest').replace('"bpm":62', '"bpm":62.5')]),
      page([row(T0, 61, 'awake'), row(T0 + 1, 62, 'rest').replace('"bpm":62', '"bpm":062')]),
      page([row(T0, 61, 'awake'), row(T0 + 1, 62, 'dreaming')]),
      page([row(T0, 61, 'awake'), row(T0 + 1, 62, 'rest').replace('T', '\\u0054')]),
      page([row(T0, 61, 'awake'), row(T0 + 1, 62, 'rest').replace(',"source":"rest"', '')]),
      page([row(T0, 61, 'awake'), row(T0 + 1, 62, 'rest').replace('}', ',"bpm":62}')]),
    ];
    for (const text of rejected) expect(scan(text), text).toBeNull();
  });
});
