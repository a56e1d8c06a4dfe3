import type { IncomingMessage } from 'node:http';
import type { SimAuthority, SimGrant } from '../sim-authority';
import { json, type Route } from '../sim-server';
import { OuraDataset, type Json } from './dataset';

// Oura API v2 data endpoints as documented (OpenAPI 1.29): bearer auth, 401
// for an unknown token, 403 when the token lacks the collection's scope,
// date-ranged collections with an exclusive `end_date` and `next_token`
// paging, heart rate by `start_datetime`/`end_datetime`.

export interface OuraDataOptions {
  /** Documents per page (Oura pages long ranges; small values exercise paging in tests). */
  pageSize?: number;
  heartRatePageSize?: number;
  /**
   * Render every heart-rate row and every document once, up front (the benchmark: a real provider
   * serves stored data, it does not format half a million rows per backfill on the user's CPU).
   */
  prerender?: boolean;
  /**
   * The heart-rate `fields` lists rendered up front under `prerender`, besides all fields (a provider
   * keeps the projections it is asked for). Any other list is rendered per request, with the same bytes.
   */
  prerenderFields?: string[];
}

/** PublicHeartRateRow's properties in the schema's order: the order rows are written in. */
const HR_FIELDS = ['timestamp', 'timestamp_unix', 'bpm', 'source'] as const;
type HrField = (typeof HR_FIELDS)[number];

/**
 * The rows' fields for a `fields` parameter (Oura 1.29: a comma-separated list; all fields without it),
 * in schema order, or null when it names a field PublicHeartRateRow does not have. The document leaves
 * "the always returned fields" unnamed: this simulator returns exactly the fields asked for, the
 * strictest reading, so the app cannot come to rely on extra ones.
 */
export function heartRateFields(param: string | null): HrField[] | null {
  if (param === null || param.trim() === '') return [...HR_FIELDS];
  const asked = param.split(',').map((f) => f.trim());
  if (!asked.every((f) => (HR_FIELDS as readonly string[]).includes(f))) return null;
  return HR_FIELDS.filter((f) => asked.includes(f));
}

const DOC_SCOPES: Record<string, string> = {
  daily_sleep: 'daily',
  daily_activity: 'daily',
  daily_readiness: 'daily',
  sleep: 'daily',
  daily_spo2: 'spo2',
  workout: 'workout',
};

const PREFIX = '/v2/usercollection/';

/** A year of demo data up to the real clock, for `npm run demo` and simulators started without a dataset. */
export function defaultOuraDataset(): OuraDataset {
  const firstDay = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  return new OuraDataset({
    seed: 1,
    userId: 'demo',
    firstDay,
    utcOffsetMin: -new Date().getTimezoneOffset(),
    until: () => Date.now(),
  });
}

export function dataRoutes(authority: SimAuthority, datasetOrNothing?: unknown, options: OuraDataOptions = {}): Route {
  const dataset = datasetOrNothing instanceof OuraDataset ? datasetOrNothing : defaultOuraDataset();
  const pageSize = options.pageSize ?? 100;
  const hrPageSize = options.heartRatePageSize ?? 10_000;
  const rendered = new Map<string, Prerendered>();
  if (options.prerender) {
    for (const list of [null, ...(options.prerenderFields ?? [])]) {
      const fields = heartRateFields(list);
      if (!fields) throw new Error(`prerenderFields: unknown field in ${list}`);
      rendered.set(fields.join(','), prerender(dataset, fields));
    }
  }
  const renderedDocs = options.prerender ? prerenderDocuments(dataset) : null;

  return async (req, res, url) => {
    if (req.method !== 'GET' || !url.pathname.startsWith(PREFIX)) return false;
    const name = url.pathname.slice(PREFIX.length);
    const scope = name === 'heartrate' ? 'heartrate' : name === 'personal_info' ? 'personal' : DOC_SCOPES[name];
    if (!scope) return false;
    const grant = await authenticate(authority, req);
    if (!grant) return json(res, 401, { detail: 'Unauthorized' });
    if (!grant.scopes.includes(scope)) return json(res, 403, { detail: `Missing scope: ${scope}` });

    if (name === 'personal_info') return json(res, 200, dataset.personalInfo());
    const offset = decodeToken(url.searchParams.get('next_token'));
    if (offset === null) return json(res, 400, { detail: 'Invalid next_token' });

    if (name === 'heartrate') {
      const from = Date.parse(url.searchParams.get('start_datetime') ?? '');
      const to = Date.parse(url.searchParams.get('end_datetime') ?? '');
      if (Number.isNaN(from) || Number.isNaN(to))
        return json(res, 400, { detail: 'start_datetime and end_datetime are required' });
      const fields = heartRateFields(url.searchParams.get('fields'));
      if (!fields)
        return json(res, 400, { detail: `fields must name PublicHeartRateRow fields (${HR_FIELDS.join(', ')})` });
      return heartRate(
        res,
        dataset,
        { from, to, offset, pageSize: hrPageSize, fields },
        rendered.get(fields.join(',')) ?? null,
      );
    }

    const start = url.searchParams.get('start_date');
    const end = url.searchParams.get('end_date');
    if (!start || !end || !/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end)) {
      return json(res, 400, { detail: 'start_date and end_date must be YYYY-MM-DD' });
    }
    // `end_date` is midnight of that date: records of that day are not included.
    const days = dataset.days(start, end);
    const docs = renderedDocs
      ? days.flatMap((day) => renderedDocs.get(name)!.get(day) ?? [])
      : collect(dataset, name, days).map(docBytes);
    return documentsPage(res, docs, offset, pageSize);
  };
}

function collect(dataset: OuraDataset, name: string, days: string[]): Json[] {
  const out: Json[] = [];
  for (const day of days) {
    switch (name) {
      case 'daily_sleep':
        pushIf(out, dataset.dailySleep(day));
        break;
      case 'daily_activity':
        pushIf(out, dataset.dailyActivity(day));
        break;
      case 'daily_readiness':
        pushIf(out, dataset.dailyReadiness(day));
        break;
      case 'daily_spo2':
        pushIf(out, dataset.dailySpo2(day));
        break;
      case 'sleep':
        out.push(...dataset.sleeps(day));
        break;
      case 'workout':
        out.push(...dataset.workouts(day));
        break;
    }
  }
  return out;
}

/** A document's JSON as UTF-8: what a provider has stored, and the pieces a page is joined from. */
const docBytes = (doc: Json): Buffer => Buffer.from(JSON.stringify(doc));

/** Every document's JSON by collection and day: the benchmark's provider serves stored data. */
type RenderedDocuments = Map<string, Map<string, Buffer[]>>;

function prerenderDocuments(dataset: OuraDataset): RenderedDocuments {
  const days = dataset.days('0000-01-01', '9999-12-31');
  const out: RenderedDocuments = new Map();
  for (const name of Object.keys(DOC_SCOPES)) {
    const byDay = new Map<string, Buffer[]>();
    for (const day of days) byDay.set(day, collect(dataset, name, [day]).map(docBytes));
    out.set(name, byDay);
  }
  return out;
}

const COMMA = Buffer.from(',');

/**
 * One page of a collection from its documents' JSON bytes: `{"data":[…],"next_token":…}`. Joined as
 * bytes: joining ~200 document strings and encoding the result cost the simulator, which shares the
 * benchmark's two cores with the app, about a millisecond per page (five times the copy).
 */
function documentsPage(res: Parameters<Route>[1], docs: Buffer[], offset: number, pageSize: number): true {
  const page = docs.slice(offset, offset + pageSize);
  const next = offset + pageSize < docs.length ? JSON.stringify(encodeToken(offset + pageSize)) : 'null';
  const pieces: Buffer[] = [Buffer.from('{"data":[')];
  page.forEach((doc, i) => {
    if (i > 0) pieces.push(COMMA);
    pieces.push(doc);
  });
  pieces.push(Buffer.from(`],"next_token":${next}}`));
  const body = Buffer.concat(pieces);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
  return true;
}

function pushIf(out: Json[], doc: Json | null): void {
  if (doc) out.push(doc);
}

/** Built as text: the bench serves half a million rows and JSON.stringify of objects would dominate. */
function heartRate(
  res: Parameters<Route>[1],
  dataset: OuraDataset,
  ask: { from: number; to: number; offset: number; pageSize: number; fields: HrField[] },
  rendered: Prerendered | null,
): true {
  const { offset, pageSize, fields } = ask;
  const { first, count } = dataset.heartRateRange(ask.from, ask.to);
  const step = dataset.hrIntervalS * 1000;
  const n = Math.max(0, Math.min(pageSize, count - offset));
  const next = offset + n < count ? `"${encodeToken(offset + n)}"` : 'null';
  const at = rendered ? (first - rendered.origin) / step + offset : -1;
  if (rendered && n > 0 && at >= 0 && at + n <= rendered.count) {
    // Rows at..at+n-1 are one contiguous run of the stored text (comma-separated): sent as a slice, not copied.
    const rows = rendered.text.subarray(rendered.starts[at], rendered.starts[at + n]! - 1);
    const head = Buffer.from('{"data":[');
    const tail = Buffer.from(`],"next_token":${next}}`);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': head.length + rows.length + tail.length,
    });
    res.write(head);
    res.write(rows);
    res.end(tail);
    return true;
  }
  const parts: string[] = new Array(n);
  let dayNum = -1;
  let dayPrefix = '';
  for (let i = 0; i < n; i++) {
    const t = first + (offset + i) * step;
    // Date formatting per sample would make the "provider" the bottleneck of the benchmark: format the day once.
    const d = Math.floor(t / 86_400_000);
    if (d !== dayNum) {
      dayNum = d;
      dayPrefix = new Date(d * 86_400_000).toISOString().slice(0, 11);
    }
    parts[i] = hrRow(dataset, t, dayPrefix, d, fields);
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(`{"data":[${parts.join(',')}],"next_token":${next}}`);
  return true;
}

interface Prerendered {
  origin: number;
  count: number;
  /** Every row's JSON, each followed by a comma, as UTF-8: what a provider would have stored. */
  text: Buffer;
  /** Byte offset of row i in `text`; starts[count] is the end. */
  starts: Uint32Array;
}

function prerender(dataset: OuraDataset, fields: HrField[]): Prerendered {
  const { first, count } = dataset.heartRateRange(0, Number.MAX_SAFE_INTEGER);
  const step = dataset.hrIntervalS * 1000;
  const starts = new Uint32Array(count + 1);
  const chunks: Buffer[] = [];
  let bytes = 0;
  // Rendered a day at a time into buffers: half a million live strings would weigh on the simulator's GC
  // for the whole run, on the same cores as the app being measured.
  for (let i = 0; i < count;) {
    const parts: string[] = [];
    for (let k = 0; k < 288 && i < count; k++, i++) {
      const t = first + i * step;
      const d = Math.floor(t / 86_400_000);
      starts[i] = bytes;
      const row = `${hrRow(dataset, t, new Date(d * 86_400_000).toISOString().slice(0, 11), d, fields)},`;
      bytes += row.length; // ASCII only
      parts.push(row);
    }
    chunks.push(Buffer.from(parts.join(''), 'latin1'));
  }
  starts[count] = bytes;
  return { origin: first, count, text: Buffer.concat(chunks, bytes), starts };
}

function hrRow(dataset: OuraDataset, t: number, dayPrefix: string, d: number, fields: HrField[]): string {
  const parts = fields.map((f) => {
    switch (f) {
      case 'timestamp':
        return `"timestamp":"${dayPrefix}${timeOfDay(Math.floor((t - d * 86_400_000) / 1000))}+00:00"`;
      case 'timestamp_unix':
        return `"timestamp_unix":${t}`;
      case 'bpm':
        return `"bpm":${dataset.bpmAt(t)}`;
      case 'source':
        return `"source":"${dataset.sourceAt(t)}"`;
    }
  });
  return `{${parts.join(',')}}`;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
/** HH:MM:SS of a second of the day. */
function timeOfDay(sec: number): string {
  return `${two(Math.floor(sec / 3600))}:${two(Math.floor(sec / 60) % 60)}:${two(sec % 60)}`;
}

async function authenticate(authority: SimAuthority, req: IncomingMessage): Promise<SimGrant | null> {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return null;
  return authority.authenticate(header.slice('Bearer '.length));
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeToken(token: string | null): number | null {
  if (token === null) return 0;
  try {
    const o = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown }).o;
    return typeof o === 'number' && Number.isInteger(o) && o >= 0 ? o : null;
  } catch {
    return null;
  }
}
