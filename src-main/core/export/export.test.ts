import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import { parseCsv } from './csv';
import { exportData } from './export-data';
import { exportRecords, type ExportRecord } from './export-records';
import { CSV_LEADING_COLUMNS } from './formats';
import { PartialFiles } from './partial-files';
import { fillExportFixture } from './test-support/export-fixture';
import { validateObservation } from './test-support/fhir-shape';

// Issue 12, "Done when": CSV and JSON exports read back equal the stored
// records; the FHIR NDJSON passes the structural checks of an R4
// Observation; a cancelled export, and a process killed mid-export, leave no
// file behind. Real SQLite files, the real exporter.

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function fixture(samples = 500) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-export-'));
  const dbFile = path.join(dir, 'omnio.sqlite');
  const db = openDatabase(dbFile);
  const ids = fillExportFixture(db, samples);
  const stored = [...exportRecords(db, {})];
  db.close();
  return { dbFile, ids, stored };
}

/** A CSV cell back to its value: the formula guard's quote removed, empty as null. */
const cell = (s: string | undefined): string | null =>
  s === undefined || s === '' ? null : /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;

describe('export', () => {
  it('CSV reads back as the stored records: ISO instants with their offset, units in the header', async () => {
    const { dbFile, stored } = fixture();
    const target = path.join(dir, 'out.csv');
    const n = await exportData({ dbFile, target, format: 'csv', selection: {} });
    expect(n).toBe(stored.length);
    const [header, ...rows] = parseCsv(fs.readFileSync(target, 'utf8'));
    expect(header!.slice(0, CSV_LEADING_COLUMNS.length)).toEqual([...CSV_LEADING_COLUMNS]);
    expect(header).toEqual(
      expect.arrayContaining(['heart_rate [bpm]', 'weight [kg]', 'bp_systolic [mmHg]', 'fat_ratio [%]', 'data']),
    );
    expect(rows).toHaveLength(stored.length);
    const col = (name: string) => header!.indexOf(name);
    const back: ExportRecord[] = rows.map((r) => {
      const valueCol = header!.findIndex(
        (h, i) => i >= CSV_LEADING_COLUMNS.length && i < header!.length - 1 && r[i] !== '',
      );
      const unit = valueCol < 0 ? null : /\[(.*)\]$/.exec(header![valueCol]!)![1]!;
      const time = cell(r[col('time')]);
      const end = cell(r[col('end_time')]);
      const offset = time ? /([+-])(\d\d):(\d\d)$/.exec(time) : null;
      return {
        type: r[0] as ExportRecord['type'],
        accountId: r[1]!,
        providerId: r[2] as ExportRecord['providerId'],
        category: r[3] as ExportRecord['category'],
        kind: r[4]!,
        recordId: r[5]!,
        time: time ? Date.parse(time) : null,
        endTime: end ? Date.parse(end) : null,
        utcOffsetMin:
          offset && r[0] !== 'sample'
            ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]))
            : null,
        localDate: cell(r[col('local_date')]),
        score: cell(r[col('score')]) === null ? null : Number(r[col('score')]),
        value: valueCol < 0 ? null : Number(r[valueCol]),
        unit,
        tag: cell(r[col('tag')]),
        data: cell(r[col('data')]),
      };
    });
    // Daily records carry their offset but no instant; everything else compares field by field.
    const comparable = (x: ExportRecord) =>
      x.type === 'daily' || x.type === 'profile' ? { ...x, utcOffsetMin: null } : x;
    expect(back.map(comparable)).toEqual(stored.map(comparable));
    // The person's wall clock: a reading at 06:00Z five hours west of UTC is 01:00-05:00.
    expect(rows.find((r) => r[4] === 'weight')![col('time')]).toBe('2026-03-29T01:00:00-05:00');
  });

  it('JSON reads back as the stored records', async () => {
    const { dbFile, stored } = fixture();
    const target = path.join(dir, 'out.json');
    await exportData({ dbFile, target, format: 'json', selection: {} });
    const back = JSON.parse(fs.readFileSync(target, 'utf8')) as Record<string, unknown>[];
    expect(back).toHaveLength(stored.length);
    expect(
      back.map((r) => ({
        ...r,
        time: r.time === null ? null : Date.parse(r.time as string),
        endTime: r.endTime === null ? null : Date.parse(r.endTime as string),
        data: r.data === null ? null : JSON.stringify(r.data),
      })),
    ).toEqual(stored);
  });

  it('per account and per category, and nothing of another account', async () => {
    const { dbFile, ids, stored } = fixture();
    const target = path.join(dir, 'one.json');
    await exportData({ dbFile, target, format: 'json', selection: { accountId: ids.withings, category: 'body' } });
    const back = JSON.parse(fs.readFileSync(target, 'utf8')) as { accountId: string; category: string }[];
    expect(back).toHaveLength(stored.filter((r) => r.accountId === ids.withings && r.category === 'body').length);
    expect(back.every((r) => r.accountId === ids.withings && r.category === 'body')).toBe(true);
  });

  it('FHIR R4 Observation NDJSON: LOINC codes, UCUM units, a blood-pressure panel, every line a valid Observation', async () => {
    const { dbFile } = fixture(50);
    const target = path.join(dir, 'out.ndjson');
    await exportData({ dbFile, target, format: 'fhir', selection: {} });
    const lines = fs.readFileSync(target, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const obs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const o of obs) expect(validateObservation(o)).toEqual([]);
    // The checks do catch a broken resource.
    const instant = obs.find((o) => 'effectiveDateTime' in o)!;
    const { effectiveDateTime: _dropped, ...noTime } = instant;
    expect(validateObservation(noTime)).toEqual(['exactly one effective[x] required']);
    expect(validateObservation({ ...instant, status: 'done', valueQuantity: { value: 'x' } })).toHaveLength(5);
    const byCode = (code: string) =>
      obs.filter((o) => (o.code as { coding: { code: string }[] }).coding[0]!.code === code);
    expect(byCode('8867-4')).toHaveLength(50);
    expect(byCode('29463-7')[0]).toMatchObject({ valueQuantity: { value: 72.5, unit: 'kg', code: 'kg' } });
    expect(byCode('41982-0')[0]).toMatchObject({ valueQuantity: { value: 18.2, code: '%' } });
    expect(byCode('55423-8')[0]).toMatchObject({
      valueQuantity: { value: 9876, code: '{steps}' },
      effectivePeriod: { start: '2026-03-29T00:00:00+02:00' },
    });
    expect(byCode('59408-5')[0]).toMatchObject({ valueQuantity: { value: 97.5, code: '%' } });
    expect(byCode('93832-4')[0]).toMatchObject({ valueQuantity: { value: 7, unit: 'h', code: 'h' } });
    // Blood pressure: one panel, both components, no separate systolic/diastolic observations.
    const [panel, ...more] = byCode('85354-9');
    expect(more).toEqual([]);
    expect(panel).toMatchObject({
      effectiveDateTime: '2026-03-29T01:00:00-05:00',
      component: [
        { code: { coding: [{ code: '8480-6' }] }, valueQuantity: { value: 121, code: 'mm[Hg]' } },
        { code: { coding: [{ code: '8462-4' }] }, valueQuantity: { value: 79, code: 'mm[Hg]' } },
      ],
    });
    expect(byCode('8480-6')).toEqual([]);
    // Identifiers let a re-import find duplicates: unique per Observation.
    expect(new Set(obs.map((o) => o.id)).size).toBe(obs.length);
  });

  it('a cancelled export leaves no file, and neither does a failing one', async () => {
    const { dbFile } = fixture(20_000);
    const target = path.join(dir, 'out.csv');
    const controller = new AbortController();
    const progress: number[] = [];
    await expect(
      exportData({
        dbFile,
        target,
        format: 'csv',
        selection: {},
        signal: controller.signal,
        onProgress: (p) => {
          progress.push(p.done);
          if (p.done > 5000) controller.abort();
        },
      }),
    ).rejects.toThrow();
    expect(progress.at(-1)).toBeGreaterThan(5000);
    expect(fs.readdirSync(dir).filter((f) => !f.startsWith('omnio.sqlite'))).toEqual([]);
    // A target folder that does not exist: a clear failure, nothing left anywhere.
    await expect(
      exportData({ dbFile, target: path.join(dir, 'missing', 'out.csv'), format: 'csv', selection: {} }),
    ).rejects.toThrow(/ENOENT/);
    expect(fs.readdirSync(dir).filter((f) => !f.startsWith('omnio.sqlite'))).toEqual([]);
  });

  it('a process killed mid-export (SIGKILL) leaves no file under the target name; the next start removes its temporary file', async () => {
    const { dbFile } = fixture(200_000);
    const outDir = path.join(dir, 'out');
    fs.mkdirSync(outDir);
    const target = path.join(outDir, 'export.csv');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./test-support/export-child.ts', import.meta.url))],
      {
        env: { ...process.env, EXPORT_DB: dbFile, EXPORT_TARGET: target, EXPORT_DATA_DIR: dir },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    // Killed once it has written part of the file (the child says so on stdout).
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('progress')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`the export finished (${code}) before it was killed`)));
    });
    await new Promise((r) => child.once('exit', r));
    expect(fs.existsSync(target)).toBe(false);
    const left = fs.readdirSync(outDir);
    expect(left.every((f) => f.endsWith('.omnio-partial'))).toBe(true);
    // The next start (the export service's PartialFiles.sweep) deletes what the killed export left.
    expect(new PartialFiles(dir).sweep()).toBe(left.length);
    expect(fs.readdirSync(outDir)).toEqual([]);
  });
});
