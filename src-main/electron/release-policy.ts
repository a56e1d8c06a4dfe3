// Issue 13, item 3: no QA switches in release builds.
//
// A release build is a packaged app that is not a test build. A test build is
// made with `OMNIO_TEST_BUILD=1 npm run dist`: vite bakes the flag into main.js
// (testBuildDefine, vite.config.ts), inside the integrity-checked app.asar, so
// setting the variable when launching a release build changes nothing. Unpackaged
// runs (`electron dist/main/main.js`, the end-to-end suite) keep every switch.

/** Environment variables a release build ignores: every QA and test switch Omnio reads. */
export const QA_SWITCH_PREFIX = 'OMNIO_';

export function isReleaseBuild(isPackaged: boolean, testBuildFlag: string | undefined): boolean {
  return isPackaged && testBuildFlag !== '1';
}

/**
 * The environment a release build honours: every `OMNIO_*` variable removed
 * (OMNIO_PROVIDERS, OMNIO_DATA_DIR, OMNIO_QA_SKIP_SCHEME_REGISTRATION, runtime
 * client-credential overrides), with their names for the log line.
 */
export function withoutQaSwitches(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; ignored: string[] } {
  const ignored = Object.keys(env).filter((k) => k.startsWith(QA_SWITCH_PREFIX) && env[k] !== undefined);
  const kept = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith(QA_SWITCH_PREFIX)));
  return { env: kept, ignored };
}

/** Vite `define` for the main bundle: the test-build flag of the build environment, fixed in the code. */
export function testBuildDefine(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return { 'process.env.OMNIO_TEST_BUILD': env.OMNIO_TEST_BUILD === '1' ? '"1"' : 'undefined' };
}
