import { describe, expect, it } from 'vitest';
import { isReleaseBuild, testBuildDefine, withoutQaSwitches } from './release-policy';

describe('release policy (issue 13, item 3)', () => {
  it('is a release build only when packaged and not built as a test build', () => {
    expect(isReleaseBuild(true, undefined)).toBe(true);
    expect(isReleaseBuild(true, '0')).toBe(true);
    expect(isReleaseBuild(true, '1')).toBe(false);
    expect(isReleaseBuild(false, undefined)).toBe(false);
  });

  it('removes every OMNIO_* switch and names them; other variables stay', () => {
    const { env, ignored } = withoutQaSwitches({
      OMNIO_PROVIDERS: '/tmp/p.json',
      OMNIO_DATA_DIR: '/tmp/d',
      OMNIO_OURA_CLIENT_SECRET: 's',
      HOME: '/home/u',
    });
    expect(ignored.sort()).toEqual(['OMNIO_DATA_DIR', 'OMNIO_OURA_CLIENT_SECRET', 'OMNIO_PROVIDERS']);
    expect(env).toEqual({ HOME: '/home/u' });
  });

  it('bakes the test-build flag of the build environment into the main bundle', () => {
    expect(testBuildDefine({ OMNIO_TEST_BUILD: '1' })).toEqual({ 'process.env.OMNIO_TEST_BUILD': '"1"' });
    expect(testBuildDefine({})).toEqual({ 'process.env.OMNIO_TEST_BUILD': 'undefined' });
  });
});
