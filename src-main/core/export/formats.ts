import { csvField, csvLine } from './csv';
import { sampleRecord, type ExportRecord, type SeriesInfo } from './export-records';
import { fhirObservations } from './fhir';
import { isoWithOffset, utcSecondsFormatter } from './iso-offset';
import { sampleEncoder, type SampleEncoder, type SampleLineParts } from './csv-sample-bytes';

// Issue 12: the three export formats, each as header / one record / end, so the
// exporter streams any of them the same way (docs/export.md lists the columns).

export type ExportFormat = 'csv' | 'json' | 'fhir';

export interface FormatWriter {
  header(): string;
  /** Text for one record (may be empty: FHIR has no Observation for some records, or holds one back). */
  record(r: ExportRecord): string;
  /**
   * Optional: the text of one sample of series `s`, straight from its raw row, for formats where a
   * series' records differ only in instant, value and tag (CSV). Must equal record(sampleRecord(s, row)).
   */
  sampleLine?(s: SeriesInfo): (ts: number, value: number | null, tag: string | null) => string;
  /** Optional, faster still: writes that same text as bytes into the output buffer (csv-sample-bytes.ts). */
  sampleBytes?(s: SeriesInfo): SampleEncoder | null;
  end(): string;
}

export const FILE_EXTENSION: Record<ExportFormat, string> = { csv: 'csv', json: 'json', fhir: 'ndjson' };
export const MIME: Record<ExportFormat, string> = {
  csv: 'text/csv',
  json: 'application/json',
  fhir: 'application/fhir+ndjson',
};

/** CSV columns before the value columns; then one `<kind> [<unit>]` column per metric; then `data`. */
export const CSV_LEADING_COLUMNS = [
  'record_type',
  'account_id',
  'provider',
  'category',
  'kind',
  'record_id',
  'time',
  'end_time',
  'local_date',
  'score',
  'tag',
] as const;

export function valueColumnName(kind: string, unit: string): string {
  return `${kind} [${unit}]`;
}

export function csvWriter(valueColumns: { kind: string; unit: string }[]): FormatWriter {
  const index = new Map(valueColumns.map((c, i) => [`${c.kind}\u0000${c.unit}`, i]));
  const n = valueColumns.length;
  const noValues = ','.repeat(n);
  // The leading fields repeat for every record of a series or a kind: escaped once, reused (half a
  // million heart-rate rows share one prefix).
  const prefixes = new Map<string, string>();
  const prefixOf = (r: ExportRecord): string => {
    const key = `${r.type}\u0000${r.accountId}\u0000${r.category}\u0000${r.kind}`;
    let p = prefixes.get(key);
    if (p === undefined) {
      p = [r.type, r.accountId, r.providerId, r.category, r.kind].map(csvField).join(',');
      prefixes.set(key, p);
    }
    return p;
  };
  const record = (r: ExportRecord): string => {
    let values = noValues;
    if (r.value !== null && r.unit !== null) {
      const i = index.get(`${r.kind}\u0000${r.unit}`)!;
      values = `${','.repeat(i + 1)}${csvField(r.value)}${','.repeat(n - i - 1)}`;
    }
    const time = r.time === null ? '' : isoWithOffset(r.time, r.utcOffsetMin);
    const end = r.endTime === null ? '' : isoWithOffset(r.endTime, r.utcOffsetMin);
    return `${prefixOf(r)},${csvField(r.recordId)},${time},${end},${csvField(r.localDate)},${csvField(r.score)},${csvField(r.tag)}${values},${csvField(r.data)}\r\n`;
  };
  /**
   * A series' samples share everything but instant, value and tag: the constant parts are escaped
   * once; null when the metric itself needs escaping (the generic `record` then writes its lines).
   */
  const lineParts = (s: SeriesInfo): SampleLineParts | null => {
    const probe = `${s.metric}:0`;
    if (csvField(probe) !== probe) return null;
    const i = index.get(`${s.metric}\u0000${s.unit}`)!;
    return {
      head: `${prefixOf(sampleRecord(s, [0, null, null]))},${s.metric}:`,
      before: ','.repeat(i + 1),
      after: `${','.repeat(n - i - 1)},\r\n`,
      empty: `${noValues},\r\n`,
    };
  };
  /** The instant from utcSecondsFormatter (samples have no offset: UTC); tags (a handful of words) escaped once each. */
  const sampleLine = (s: SeriesInfo) => {
    const parts = lineParts(s);
    if (!parts)
      return (ts: number, value: number | null, tag: string | null) => record(sampleRecord(s, [ts, value, tag]));
    const { head, before, after, empty } = parts;
    const iso = utcSecondsFormatter();
    const tags = new Map<string | null, string>([[null, '']]);
    return (ts: number, value: number | null, tag: string | null): string => {
      let t = tags.get(tag);
      if (t === undefined) {
        t = csvField(tag);
        if (tags.size < 256) tags.set(tag, t);
      }
      const tail = value === null ? empty : `${before}${Number.isFinite(value) ? value : ''}${after}`;
      return `${head}${ts},${iso(ts)},,,,${t}${tail}`;
    };
  };
  const sampleBytes = (s: SeriesInfo): SampleEncoder | null => {
    const parts = lineParts(s);
    return parts ? sampleEncoder(parts) : null;
  };
  return {
    header: () =>
      csvLine([...CSV_LEADING_COLUMNS, ...valueColumns.map((c) => valueColumnName(c.kind, c.unit)), 'data']),
    record,
    sampleLine,
    sampleBytes,
    end: () => '',
  };
}

export function jsonWriter(): FormatWriter {
  let first = true;
  return {
    header: () => '[\n',
    record(r) {
      const { data, time, endTime, ...rest } = r;
      const head = JSON.stringify({
        ...rest,
        time: time === null ? null : isoWithOffset(time, r.utcOffsetMin),
        endTime: endTime === null ? null : isoWithOffset(endTime, r.utcOffsetMin),
      });
      // The normalized fields are already JSON text: spliced in as they are stored, not parsed and re-written.
      const line = `${head.slice(0, -1)},"data":${data ?? 'null'}}`;
      const out = first ? line : `,\n${line}`;
      first = false;
      return out;
    },
    end: () => (first ? ']\n' : '\n]\n'),
  };
}

export function fhirWriter(): FormatWriter {
  const fhir = fhirObservations();
  return {
    header: () => '',
    record: (r) =>
      fhir
        .push(r)
        .map((o) => `${JSON.stringify(o)}\n`)
        .join(''),
    end: () =>
      fhir
        .flush()
        .map((o) => `${JSON.stringify(o)}\n`)
        .join(''),
  };
}
