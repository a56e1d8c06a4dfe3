import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { expect, it } from 'vitest';
import { buildTimeCredentials, buildTimeDefine } from './build-credentials';

it('bakes OMNIO_<PROVIDER>_CLIENT_ID/SECRET into the bundle at build time', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-buildcreds-'));
  try {
    await build({
      logLevel: 'silent',
      configFile: false,
      define: buildTimeDefine({
        OMNIO_WHOOP_CLIENT_ID: 'baked-whoop-id',
        OMNIO_WHOOP_CLIENT_SECRET: 'baked-whoop-secret',
      }),
      build: {
        outDir: out,
        ssr: true,
        target: 'node20',
        rolldownOptions: {
          input: { entry: path.join(import.meta.dirname, 'build-credentials.ts') },
          output: { format: 'es' },
        },
      },
    });
    const js = fs.readFileSync(path.join(out, 'entry.js'), 'utf8');
    expect(js).toContain('baked-whoop-id');
    expect(js).toContain('baked-whoop-secret');
    expect(js).not.toContain('process.env.OMNIO_WHOOP_CLIENT_ID');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

it('reads the runtime environment in plain-Node runtimes', () => {
  expect(buildTimeCredentials('oura', { OMNIO_OURA_CLIENT_ID: ' id ', OMNIO_OURA_CLIENT_SECRET: 's' })).toEqual({
    clientId: 'id',
    clientSecret: 's',
    redirectUri: null,
  });
  expect(buildTimeDefine({})['process.env.OMNIO_OURA_CLIENT_SECRET']).toBe('undefined');
});
