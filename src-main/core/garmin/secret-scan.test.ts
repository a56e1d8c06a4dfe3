import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findSecrets, secretEncodings } from './secret-scan';

// The leak scan must actually find leaks, or the "no trace" tests prove nothing.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-scan-'));
afterEach(() => {
  for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
});

describe('findSecrets', () => {
  const secret = 'p@ss word/ü';
  it.each(secretEncodings(secret).map((enc, i) => [i, enc] as const))(
    'finds encoding #%i in a nested file',
    (_i, enc) => {
      fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'logs', 'x.bin'),
        Buffer.concat([Buffer.from('prefix '), enc, Buffer.from(' suffix')]),
      );
      expect(findSecrets(dir, { pw: secret })).toEqual([`logs${path.sep}x.bin: pw`]);
    },
  );

  it('reports nothing for a clean directory', () => {
    fs.writeFileSync(path.join(dir, 'clean.txt'), 'nothing to see');
    expect(findSecrets(dir, { pw: secret })).toEqual([]);
  });
});
