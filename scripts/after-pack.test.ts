import { createRequire } from 'node:module';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { omnioFuses } = require('./after-pack.cjs') as {
  omnioFuses(o: { platform: string; testBuild: boolean }): Record<string | number, unknown>;
};

describe('omnioFuses (afterPack)', () => {
  it('turns off every way to run code in the main process from outside, for release builds', () => {
    const fuses = omnioFuses({ platform: 'linux', testBuild: false });
    expect(fuses[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  it('turns on cookie encryption and asar-only loading with integrity checks', () => {
    const fuses = omnioFuses({ platform: 'win32', testBuild: false });
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
  });

  it('keeps the inspector only in test builds (Playwright attaches through it)', () => {
    const fuses = omnioFuses({ platform: 'linux', testBuild: true });
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(true);
    expect(fuses[FuseV1Options.RunAsNode]).toBe(false);
  });

  it('re-signs ad hoc on macOS only', () => {
    expect(omnioFuses({ platform: 'darwin', testBuild: false }).resetAdHocDarwinSignature).toBe(true);
    expect(omnioFuses({ platform: 'linux', testBuild: false }).resetAdHocDarwinSignature).toBe(false);
  });
});
