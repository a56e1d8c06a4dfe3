import { describe, expect, it } from 'vitest';
import { MAX_SAMPLE_LINE_BYTES } from './csv-sample-bytes';
import { sampleRecord, type SeriesInfo } from './export-records';
import { csvWriter } from './formats';

// Issue 12 (export speed): the CSV export writes series samples through two
// fast paths (bytes straight into the output buffer; a string per line), and
// both must write exactly what the generic writer writes for the same record:
// instants at day edges, fractions and dates the fast paths hand back, values
// of every shape, tags that need quoting or the formula guard, non-ASCII text.

const columns = [
  { kind: 'heart_rate', unit: 'bpm' },
  { kind: 'spo2', unit: '%' },
  { kind: 'steps', unit: 'count' },
];
const series: SeriesInfo = {
  id: 1,
  accountId: 'acc-ü,1',
  providerId: 'oura',
  category: 'spo2',
  metric: 'spo2',
  unit: '%',
};
const instants = [0, 59, 3599, 86_399, 86_400, 1_700_000_000, 1_700_003_723, 1_700_000_000.5, -5, 253_402_300_800];
const values = [72, 72.5, -3, 0, -0, 1e21, 1e-7, 123_456_789_012_345, Number.NaN, Infinity, null];
const tags = [null, 'rest', 'a,b', 'say "hi"', '=SUM(A1)', '-1', 'ünïcödé', 'x'.repeat(2000)];

describe('CSV sample lines', () => {
  it('bytes and strings equal the generic record writer for every case', () => {
    const writer = csvWriter(columns);
    const encode = writer.sampleBytes!(series)!;
    const line = writer.sampleLine!(series);
    expect(encode).not.toBeNull();
    const buf = Buffer.alloc(MAX_SAMPLE_LINE_BYTES * 2);
    let fallbacks = 0;
    let cases = 0;
    for (const ts of instants)
      for (const value of values)
        for (const tag of tags) {
          const expected = writer.record(sampleRecord(series, [ts, value, tag]));
          expect(line(ts, value, tag)).toBe(expected);
          const end = encode(buf, 7, ts, value, tag);
          if (end < 0) fallbacks++;
          else expect(buf.subarray(7, end).toString('utf8')).toBe(expected);
          cases++;
        }
    // The fast path takes most cases; fractions, dates outside 1970–9999 and the long tag fall back.
    expect(cases).toBe(instants.length * values.length * tags.length);
    expect(fallbacks).toBeLessThan(cases / 2);
    expect(fallbacks).toBeGreaterThan(0);
  });

  it('a metric that needs escaping takes the generic writer', () => {
    const writer = csvWriter([{ kind: 'heart,rate', unit: 'bpm' }]);
    const odd = { ...series, metric: 'heart,rate', unit: 'bpm' };
    expect(writer.sampleBytes!(odd)).toBeNull();
    expect(writer.sampleLine!(odd)(60, 70, null)).toBe(writer.record(sampleRecord(odd, [60, 70, null])));
  });
});
