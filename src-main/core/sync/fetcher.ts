import type { CategoryId, ProviderId } from '../../../src-shared/providers';
import type { Batch } from '../store/records';
import type { ProviderHttp } from './http/provider-http';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface FetchContext {
  http: ProviderHttp;
  /** The provider's API base URL, from its definition (overridable by configuration). */
  apiBaseUrl: string;
  /** The sync's notion of now (ms): windows never reach past it. */
  now: number;
}

/**
 * How one data category of one provider is fetched. `range` categories have
 * history fetched by time window (backfill chunk by chunk, then incremental
 * with an overlap); `snapshot` categories only have a current state (profile,
 * WHOOP body measurements) and are re-read each run.
 */
export interface CategoryFetcher {
  provider: ProviderId;
  category: CategoryId;
  mode: 'range' | 'snapshot';
  /** Backfill window per write (and per cursor step). */
  chunkMs: number;
  /** How far behind the cursor an incremental sync starts again: today's and unscored records still change. */
  overlapMs: number;
  /** Every record of the category in [fromMs, toMs), all pages gathered. */
  fetchWindow(ctx: FetchContext, fromMs: number, toMs: number): Promise<Batch>;
}

/** YYYY-MM-DD of a UTC instant. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Minutes east of UTC from an ISO 8601 timestamp's suffix (`Z`, `+02:00`, `-0530`); null when absent. */
export function offsetMinutes(iso: string): number | null {
  const m = /(Z|[+-]\d{2}:?\d{2})$/.exec(iso);
  if (!m) return null;
  if (m[1] === 'Z') return 0;
  const s = m[1]!.replace(':', '');
  const sign = s[0] === '-' ? -1 : 1;
  return sign * (Number(s.slice(1, 3)) * 60 + Number(s.slice(3, 5)));
}

/** The local calendar date of a UTC instant at a given offset. */
export function localDate(utcMs: number, offsetMin: number | null): string {
  return utcDate(utcMs + (offsetMin ?? 0) * 60_000);
}

export function toUtcIso(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: ${iso.slice(0, 40)}`);
  return new Date(ms).toISOString();
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC in an IANA zone at an instant (Withings sends zone names, not offsets); null for an unknown zone. */
export function zoneOffsetMinutes(zone: string, utcMs: number): number | null {
  let fmt = zoneFormats.get(zone);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      });
    } catch {
      return null;
    }
    zoneFormats.set(zone, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return Math.round((asUtc - Math.floor(utcMs / 60_000) * 60_000) / 60_000);
}
