import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, calls } from '../../../src-shared/ipc/contract';
import { startHarness, type Harness } from '../app/test-support/oauth-harness';
import { dataPaths } from '../paths';
import { dispatchCall, type Handlers } from './dispatch';

// Issue 13, item 9: every bridge call, whatever its name, refuses hostile
// arguments at the contract, through the real dispatch path (dispatchCall is
// what Electron's ipcMain handler and the browser host's WebSocket both call),
// against a real core with a connected account. Calls and their fields are
// read from the contract at run time, so a call another branch adds is
// covered without touching this file.
//
// Each payload must: come back INVALID_ARGUMENT naming the field it was put
// in; reach no handler; change nothing on disk (database rows, settings,
// vault files); and leave the process healthy (calls still answered, no
// prototype polluted).

type ZodLike = {
  _zod: { def: { type: string; innerType?: ZodLike; element?: ZodLike; shape?: Record<string, ZodLike> } };
};

const HUGE = 'x'.repeat(2_000_000);
function deeplyNested(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}
const DEEP = deeplyNested(10_000);
// JSON.parse makes `__proto__` an own key, exactly as a payload from the wire arrives.
const PROTO = () => JSON.parse('{"__proto__":{"polluted":"yes","isAdmin":true}}') as unknown;
const CONSTRUCTOR = () => JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}') as unknown;

/** optional/nullable/default wrappers off: the field's own schema. */
function unwrap(schema: ZodLike): ZodLike {
  let s = schema;
  while (
    ['optional', 'nullable', 'default', 'readonly', 'nonoptional'].includes(s._zod.def.type) &&
    s._zod.def.innerType
  )
    s = s._zod.def.innerType;
  return s;
}

/** A value of the wrong JSON type for this schema. */
function wrongType(schema: ZodLike): unknown {
  switch (unwrap(schema)._zod.def.type) {
    case 'number':
    case 'int':
      return '15';
    case 'boolean':
      return 'true';
    case 'object':
    case 'record':
      return 'not-an-object';
    case 'array':
      return 'not-an-array';
    default:
      return 12345;
  }
}

interface Case {
  label: string;
  /** Where the hostile value sits; the refusal must name it. */
  where: string;
  payload: unknown;
}

/** Every hostile payload for one call: whole-argument ones, then each field (nested objects too). */
function casesFor(schema: ZodLike): Case[] {
  const out: Case[] = [
    { label: 'a number instead of an object', where: '(argument)', payload: 42 },
    { label: 'a string instead of an object', where: '(argument)', payload: 'hello' },
    { label: 'an array instead of an object', where: '(argument)', payload: [{}] },
    { label: 'an own __proto__ key', where: '(argument)', payload: PROTO() },
    { label: 'a constructor.prototype key', where: '(argument)', payload: CONSTRUCTOR() },
    { label: 'a huge unknown field', where: '(argument)', payload: { extra: HUGE } },
    { label: 'a deeply nested unknown field', where: '(argument)', payload: { extra: DEEP } },
  ];
  const walk = (obj: ZodLike, prefix: string[], wrap: (inner: Record<string, unknown>) => unknown) => {
    const shape = unwrap(obj)._zod.def.shape ?? {};
    for (const [key, field] of Object.entries(shape)) {
      const at = [...prefix, key];
      const where = at.join('.');
      const put = (value: unknown) => wrap({ [key]: value });
      out.push(
        { label: `${where}: wrong type`, where, payload: put(wrongType(field)) },
        { label: `${where}: a 2 MB string`, where, payload: put(HUGE) },
        { label: `${where}: 10,000 levels of nesting`, where, payload: put(DEEP) },
        { label: `${where}: an object with an own __proto__ key`, where, payload: put(PROTO()) },
        { label: `${where}: an object with constructor.prototype`, where, payload: put(CONSTRUCTOR()) },
      );
      const own = unwrap(field);
      if (own._zod.def.type === 'array') {
        out.push({ label: `${where}: an array of a 2 MB string`, where: `${where}.0`, payload: put([HUGE]) });
      }
      if (own._zod.def.type === 'object') walk(own, at, (inner) => put(inner));
    }
  };
  walk(schema, [], (inner) => inner);
  return out;
}

/** Every row of every table, and the files that hold settings and keys: what "changes nothing" compares. */
function snapshot(dataDir: string): string {
  const paths = dataPaths(dataDir);
  const db = new BetterSqlite3(paths.database, { readonly: true });
  try {
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
    ).map((t) => t.name);
    const rows = Object.fromEntries(
      tables.map((t) => [
        t,
        db
          .prepare(`SELECT * FROM "${t}"`)
          .all()
          .map((r) => JSON.stringify(r, bufferAsHex)),
      ]),
    );
    const files = fs
      .readdirSync(dataDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dataDir, f), 'utf8')]);
    return JSON.stringify({ rows, files });
  } finally {
    db.close();
  }
}
const bufferAsHex = (_k: string, v: unknown) =>
  v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer'
    ? Buffer.from((v as { data: number[] }).data).toString('hex')
    : v;

let h: Harness;
let handlers: Handlers;
const handlerRuns: string[] = [];
let before: string;

beforeAll(async () => {
  h = await startHarness();
  await h.connect('oura');
  await h.core.handlers.updateSettings({ syncIntervalMinutes: 60 });
  // The real handlers behind a recorder: a refused call must not reach any of them.
  handlers = new Proxy(h.core.handlers, {
    get(target, name: string) {
      const real = target[name as keyof Handlers] as (input: unknown) => Promise<unknown>;
      return (input: unknown) => {
        handlerRuns.push(name);
        return real(input);
      };
    },
  });
  before = snapshot(h.dataDir);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('hostile payloads are refused by every bridge call', () => {
  it('the contract has calls to test, read at run time', () => {
    expect(CALL_NAMES.length).toBeGreaterThanOrEqual(10);
    expect(CALL_NAMES.every((n) => Object.prototype.hasOwnProperty.call(calls, n))).toBe(true);
  });

  describe.each(CALL_NAMES)('%s', (name) => {
    const cases = casesFor(calls[name].input as unknown as ZodLike);
    it.each(cases.map((c) => [c.label, c] as const))('%s → INVALID_ARGUMENT', async (_label, c) => {
      const result = await dispatchCall(handlers, name, c.payload, h.platform.logger);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('INVALID_ARGUMENT');
      expect(result.error.message).toContain(c.where);
      // The refusal names fields only; it never echoes what was sent.
      expect(result.error.message.length).toBeLessThan(1000);
      expect(handlerRuns).toEqual([]);
    });
  });

  it('nothing changed, nothing was polluted, and the process still answers', async () => {
    expect(handlerRuns).toEqual([]);
    expect(snapshot(h.dataDir)).toBe(before);
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(await dispatchCall(handlers, 'ping', {}, h.platform.logger)).toMatchObject({ ok: true });
    const listed = await dispatchCall(handlers, 'listAccounts', {}, h.platform.logger);
    expect(listed).toMatchObject({ ok: true });
    expect((listed as { value: { accounts: { status: string }[] } }).value.accounts).toEqual([
      expect.objectContaining({ providerId: 'oura', status: 'connected' }),
    ]);
    // No line of the log holds the 2 MB string: refusals log field names only.
    expect(h.platform.lines.some((l) => l.includes(HUGE.slice(0, 1000)))).toBe(false);
  });
});
