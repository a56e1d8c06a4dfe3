// electron-builder afterPack hook: flips Electron's fuses in the packaged
// binary, before signing (electron-builder signs after this hook).
// See docs/security.md, "Fuses".
//
// OMNIO_TEST_BUILD=1 keeps the Node inspector switches: Playwright's
// `_electron.launch` attaches through them, so end-to-end runs need a separate
// test build. Release builds turn them off.
'use strict';

// electron-builder loads hooks with require(): this file is CommonJS on purpose.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/** @param {{ platform: string, testBuild: boolean }} options */
function omnioFuses({ platform, testBuild }) {
  return {
    version: FuseVersion.V1,
    // Flipping fuses breaks the ad-hoc signature of Apple Silicon builds; re-sign ad hoc.
    resetAdHocDarwinSignature: platform === 'darwin' || platform === 'mas',
    // `ELECTRON_RUN_AS_NODE` would turn Omnio into a plain Node with our signature.
    [FuseV1Options.RunAsNode]: false,
    // `NODE_OPTIONS` (e.g. --require) would inject code into the main process.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // `--inspect`: a debugger in the main process; only test builds keep it.
    [FuseV1Options.EnableNodeCliInspectArguments]: testBuild,
    // Chromium's cookie store encrypted with the OS keyring (Omnio keeps no cookies, but nothing in clear).
    [FuseV1Options.EnableCookieEncryption]: true,
    // Only the signed app.asar is loaded, and only if it matches the hash embedded at build time.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    // The renderer comes from app://, never file://: file: gets no extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** @param {import('app-builder-lib').AfterPackContext} context */
async function afterPack(context) {
  const testBuild = process.env.OMNIO_TEST_BUILD === '1';
  const fuses = omnioFuses({ platform: context.electronPlatformName, testBuild });
  // electron-builder locates the binary per platform (Omnio.app, Omnio.exe, omnio).
  await context.packager.addElectronFuses(context, fuses);
  console.log(`  • fuses flipped (${testBuild ? 'test build: inspector kept for Playwright' : 'release build'})`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.omnioFuses = omnioFuses;
