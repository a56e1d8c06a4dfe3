import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { parseCsv } from '../export/csv';
import { connectedOuraAccount } from '../store/test-support/connected-account';
import { ACCESS_LOG_CSV_COLUMNS, accessLogCsvHeader, accessLogCsvRow } from './access-log-csv';
import { AccessLogBuffer } from './access-log-buffer';
import { AccessLogStore } from './access-log-store';
import type { AccessRecord } from './access-record';
import { pathTemplate } from './path-template';

// The access log's table, on a real SQLite file: filters of the view,
// retention, the CSV's columns, the sync threads' batching.

const DAY = 24 * 60 * 60 * 1000;
let dir: string | undefined;
let db: Database | undefined;
afterEach(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  db = dir = undefined;
});
function open(): { store: AccessLogStore; account: string } {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-access-log-'));
  const opened = openDatabase(path.join(dir, 'omnio.sqlite'));
  db = opened;
  return { store: new AccessLogStore(opened), account: connectedOuraAccount(opened) };
}
const row = (over: Partial<AccessRecord>): AccessRecord => ({
  at: Date.parse('2026-03-01T10:00:00Z'),
  accountId: null,
  providerId: 'oura',
  action: 'sync',
  method: 'GET',
  endpoint: '/v2/usercollection/heartrate',
  category: 'heart_rate',
  scope: 'heartrate',
  status: 200,
  outcome: null,
  records: 10,
  bytes: 1000,
  durationMs: 12,
  ...over,
});

describe('path templates', () => {
  it('drop the query and name the segments that identify someone or something', () => {
    expect(pathTemplate('https://api.ouraring.com/oauth/revoke?access_token=SECRET')).toBe('/oauth/revoke');
    expect(pathTemplate('https://x/wellness-service/wellness/dailyStress/2026-03-01')).toBe(
      '/wellness-service/wellness/dailyStress/{date}',
    );
    expect(pathTemplate('https://x/activity/123456/details')).toBe('/activity/{id}/details');
    expect(pathTemplate('https://x/u/3f2c1a9e-1b2c-4d5e-8f90-0a1b2c3d4e5f')).toBe('/u/{id}');
    expect(
      pathTemplate('https://x/usersummary-service/usersummary/daily/Jane%20Doe?calendarDate=2026-01-01', {
        'Jane Doe': 'displayName',
      }),
    ).toBe('/usersummary-service/usersummary/daily/{displayName}');
    expect(pathTemplate('not a url')).toBe('(invalid URL)');
  });
});

describe('AccessLogStore', () => {
  it('filters by category, status and time, newest first, and counts the matches', () => {
    const { store, account } = open();
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    store.append([
      row({ accountId: account, at: t0, category: 'sleep', endpoint: '/v2/usercollection/sleep' }),
      row({ accountId: account, at: t0 + 1000, status: 429 }),
      row({ accountId: account, at: t0 + 2000, status: null, outcome: 'network: ECONNRESET' }),
      row({ accountId: account, at: t0 + 3000, action: 'disconnect', method: null, endpoint: null, status: null }),
      row({ accountId: 'someone-else', at: t0 + 4000 }),
    ]);
    expect(store.count({ accountId: account })).toBe(4);
    expect(store.list({ accountId: account }).map((e) => e.at)).toEqual([
      '2026-03-01T00:00:03.000Z',
      '2026-03-01T00:00:02.000Z',
      '2026-03-01T00:00:01.000Z',
      '2026-03-01T00:00:00.000Z',
    ]);
    expect(store.list({ accountId: account, category: 'sleep' }).map((e) => e.endpoint)).toEqual([
      '/v2/usercollection/sleep',
    ]);
    expect(store.list({ accountId: account, status: 'ok' })).toHaveLength(1);
    // Errors: a refusal and a request that got no answer; an event without a request is neither.
    expect(store.list({ accountId: account, status: 'error' }).map((e) => e.status)).toEqual([null, 429]);
    expect(store.count({ accountId: account, since: '2026-03-01T00:00:02Z' })).toBe(2);
  });

  it('prunes entries older than the retention', () => {
    const { store, account } = open();
    const now = Date.parse('2026-06-01T00:00:00Z');
    store.append([
      row({ accountId: account, at: now - 91 * DAY }),
      row({ accountId: account, at: now - 89 * DAY }),
      row({ accountId: account, at: now - DAY }),
    ]);
    expect(store.prune(90, now)).toBe(1);
    expect(store.count({ accountId: account })).toBe(2);
    expect(store.prune(30, now)).toBe(1);
    expect(store.list({ accountId: account }).map((e) => e.at)).toEqual([new Date(now - DAY).toISOString()]);
  });

  it('pages through every match in recorded order; the CSV reads back as the rows', () => {
    const { store, account } = open();
    const rows = Array.from({ length: 2500 }, (_, i) =>
      row({
        accountId: account,
        at: Date.parse('2026-03-01T00:00:00Z') + i,
        records: i,
        outcome: i === 7 ? 'a, "b"\nc' : null,
      }),
    );
    store.append(rows);
    const pages = [...store.pages({ accountId: account }, 1000)];
    expect(pages.map((p) => p.length)).toEqual([1000, 1000, 500]);
    const csv = accessLogCsvHeader() + pages.flat().map(accessLogCsvRow).join('');
    const [header, ...body] = parseCsv(csv);
    expect(header).toEqual([...ACCESS_LOG_CSV_COLUMNS]);
    expect(body).toHaveLength(2500);
    expect(body[7]).toEqual([
      '2026-03-01T00:00:00.007Z',
      account,
      'oura',
      'sync',
      'GET',
      '/v2/usercollection/heartrate',
      'heart_rate',
      'heartrate',
      '200',
      'a, "b"\nc',
      '7',
      '1000',
      '12',
    ]);
  });
});

describe('AccessLogBuffer', () => {
  it('hands rows on together, after their record counts were filled in', async () => {
    const batches: AccessRecord[][] = [];
    const buffer = new AccessLogBuffer(async (rows) => void batches.push(rows.map((r) => ({ ...r }))));
    const first = row({ records: null });
    buffer.record(first);
    buffer.record(row({}));
    first.records = 42; // what ProviderHttp.noteRecords does right after the answer
    expect(batches).toEqual([]);
    await buffer.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((r) => r.records)).toEqual([42, 10]);
    await buffer.flush();
    expect(batches).toHaveLength(1);
  });
});
