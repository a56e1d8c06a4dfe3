import { expect, it } from 'vitest';
import { parseWithTypedArrays, stringifyWithTypedArrays } from './typed-json';
import { decodeServerMessage, encodeServerMessage } from './socket-protocol';

// The browser host's socket carries the data calls' Float64Arrays intact: NaN (a gap) stays NaN.

it('round-trips Float64Arrays of every length, NaN and extremes included, inside a result frame', () => {
  for (const n of [0, 1, 2, 3, 4, 1000]) {
    const a = Float64Array.from({ length: n }, (_, i) => (i % 7 === 3 ? NaN : i * 1.5 - 2 ** (i % 60)));
    if (n > 2) a[1] = Number.MAX_VALUE;
    const frame = encodeServerMessage({ kind: 'result', id: 9, result: { ok: true, value: { t: a, label: 'x' } } });
    const back = decodeServerMessage(frame);
    expect(back?.kind).toBe('result');
    const value = (back as { result: { value: { t: Float64Array; label: string } } }).result.value;
    expect(value.t).toBeInstanceOf(Float64Array);
    expect(Array.from(value.t)).toEqual(Array.from(a));
    expect(value.label).toBe('x');
  }
});

it('leaves a malformed tag as the plain object it is', () => {
  expect(parseWithTypedArrays('{"a":{"$f64":"@@@"}}')).toEqual({ a: { $f64: '@@@' } });
  expect(parseWithTypedArrays(stringifyWithTypedArrays({ a: [1, null] }))).toEqual({ a: [1, null] });
});
