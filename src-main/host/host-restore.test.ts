import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AccountsSnapshot } from '../../src-shared/accounts';
import { AccountRepo } from '../core/accounts/account-repo';
import { createBackup, RESTORED_MESSAGE } from '../core/backup/backup';
import { openDatabase } from '../core/db/database';
import { HealthStore } from '../core/store/health-store';
import { emptyBatch } from '../core/store/records';
import { startHost, type RunningHost } from './host-server';

// Issue 12: restore in the browser host, end to end below the page: the page's
// upload (POST /upload/backup, guarded like /download/* plus Origin, capped in
// size), then `restoreBackup` naming the upload over the bridge; a real core on
// a real data directory. A file that is not a sound backup is refused in words
// and the current data is untouched; a good one comes back with its accounts
// needing reconnect and all their samples.

const MAX = 4 * 1024 * 1024;
let host: RunningHost;
let dataDir: string;
let scratch: string;
const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-renderer-'));

beforeAll(async () => {
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Omnio</title>');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-host-restore-'));
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-host-restore-src-'));
  host = await startHost({ port: 0, dataDir, rendererDir, version: 'test', env: {}, quiet: true, maxUploadBytes: MAX });
});
afterAll(async () => {
  await host.close();
  for (const d of [dataDir, scratch, rendererDir]) fs.rmSync(d, { recursive: true, force: true });
});

/** A backup of a database with one connected Oura account and `samples` heart-rate samples. */
async function makeBackup(samples: number): Promise<string> {
  const dbFile = path.join(scratch, `source-${samples}.sqlite`);
  const db = openDatabase(dbFile);
  const id = new AccountRepo(db).create({
    providerId: 'oura',
    providerUserId: 'person-1',
    label: 'Oura (person-1)',
    authMethod: 'oauth2',
    status: 'connected',
    grantedScopes: ['heartrate'],
  }).id;
  const b = emptyBatch();
  const t0 = 1_700_000_000;
  b.series.push({
    metric: 'heart_rate',
    unit: 'bpm',
    fromTs: t0,
    toTs: t0 + samples * 300,
    ts: Array.from({ length: samples }, (_, i) => t0 + i * 300),
    values: Array.from({ length: samples }, (_, i) => 50 + (i % 60)),
    tags: Array.from({ length: samples }, () => null),
    raw: '{}',
  });
  new HealthStore(db).writeBatch(id, 'heart_rate', b, { coveredFrom: 0, coveredTo: 1 });
  const file = path.join(scratch, `backup-${samples}.omnio-backup`);
  await createBackup(db, file);
  db.close();
  return file;
}

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge`, {
      origin: host.url,
      headers: { cookie: `omnio_bridge=${host.bridgeKey}` },
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

let nextId = 1;
async function call(
  name: string,
  input: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> {
  const ws = await connect();
  const id = nextId++;
  try {
    return await new Promise((resolve) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { kind: string; id?: number; result?: never };
        if (msg.kind === 'result' && msg.id === id) resolve(msg.result!);
      });
      ws.send(JSON.stringify({ id, call: name, input }));
    });
  } finally {
    ws.close();
  }
}

function upload(body: Buffer, headers: Record<string, string> = {}, method = 'POST'): Promise<Response> {
  return fetch(`${host.url}/upload/backup`, {
    method,
    ...(method === 'POST' ? { body: new Uint8Array(body) } : {}),
    headers: {
      origin: host.url,
      cookie: `omnio_bridge=${host.bridgeKey}`,
      'content-type': 'application/octet-stream',
      'x-omnio-file-name': encodeURIComponent('my backup.omnio-backup'),
      ...headers,
    },
  });
}

const uploadsLeft = () =>
  fs.existsSync(path.join(dataDir, 'uploads')) ? fs.readdirSync(path.join(dataDir, 'uploads')) : [];
const databaseBytes = () => fs.readFileSync(path.join(dataDir, 'omnio.sqlite'));
const accounts = async () => ((await call('listAccounts', {})).value as AccountsSnapshot).accounts;

describe('browser host: restore from an uploaded backup', () => {
  it('takes uploads only from its own page with the bridge cookie, and only up to the cap', async () => {
    const body = Buffer.from('x');
    expect((await upload(body, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await upload(body, { origin: '' })).status).toBe(403);
    expect((await upload(body, { cookie: 'omnio_bridge=guess' })).status).toBe(401);
    expect((await upload(body, {}, 'GET')).status).toBe(405);
    expect((await upload(Buffer.alloc(MAX + 1))).status).toBe(413);
    // Without a Content-Length (chunked), the cap cuts the transfer as it streams: no upload id, no file.
    const chunked = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(MAX / 4));
        c.close();
      },
    });
    const streamed = await fetch(`${host.url}/upload/backup`, {
      method: 'POST',
      body: chunked,
      duplex: 'half',
      headers: { origin: host.url, cookie: `omnio_bridge=${host.bridgeKey}` },
    } as RequestInit).then(
      (r) => r.status,
      () => 'connection closed',
    );
    expect([413, 'connection closed']).toContain(streamed);
    // Nothing of the refused uploads stays in the data directory.
    expect(uploadsLeft()).toEqual([]);
  });

  it('refuses a file that is not a backup, or a damaged one, in words; the data is untouched', async () => {
    await call('listAccounts', {});
    const before = databaseBytes();
    const text = await upload(Buffer.from('these are my notes, not a backup\n'.repeat(200)));
    expect(text.status).toBe(201);
    const { uploadId } = (await text.json()) as { uploadId: string };
    const refused = await call('restoreBackup', { uploadId });
    expect(refused.ok).toBe(false);
    expect(refused.error!.message).toMatch(/not an Omnio backup|could not be (opened|read) as an Omnio backup/);
    expect(refused.error!.message).toMatch(/Nothing was changed|could not be opened/);

    // A real backup with pages overwritten in the middle: its integrity check fails.
    const good = fs.readFileSync(await makeBackup(5000));
    const damaged = Buffer.from(good);
    damaged.fill(0xa5, 4096 * 3, 4096 * 6);
    const up = (await (await upload(damaged)).json()) as { uploadId: string };
    const broken = await call('restoreBackup', { uploadId: up.uploadId });
    expect(broken.ok).toBe(false);
    expect(broken.error!.message).toMatch(/damaged|could not be read/);

    // An id never issued, or already used, is refused too.
    const again = await call('restoreBackup', { uploadId });
    expect(again.error!.message).toBe('The chosen file did not reach Omnio. Choose it again.');
    expect(fs.existsSync(path.join(dataDir, 'omnio.sqlite.restore'))).toBe(false);
    expect(databaseBytes().equals(before)).toBe(true);
    expect(await accounts()).toEqual([]);
    expect(uploadsLeft()).toEqual([]);
  });

  it('restores a sound backup: the core starts again on it, the account needs reconnect with its samples', async () => {
    const file = await makeBackup(20_000);
    const res = await upload(fs.readFileSync(file));
    expect(res.status).toBe(201);
    const { uploadId } = (await res.json()) as { uploadId: string };
    const r = await call('restoreBackup', { uploadId });
    expect(r).toEqual({
      ok: true,
      value: {
        kind: 'restored',
        fileName: 'my backup.omnio-backup',
        accounts: [{ providerId: 'oura', label: 'Oura · Oura (person-1)' }],
      },
    });
    // Calls wait for the re-created core.
    const [account] = await accounts();
    expect(account).toMatchObject({ providerId: 'oura', status: 'needs_reconnect', statusMessage: RESTORED_MESSAGE });
    const overview = await call('getDataOverview', {});
    expect(JSON.stringify(overview.value)).toContain('heart_rate');
    expect(host.core).toBeTruthy();
    // Neither the staged copy, the previous database nor the upload is left.
    expect(fs.readdirSync(dataDir).filter((f) => /restore/.test(f))).toEqual([]);
    expect(uploadsLeft()).toEqual([]);
  });
});
