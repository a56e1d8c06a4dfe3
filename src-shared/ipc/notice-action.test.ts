import { describe, expect, it } from 'vitest';
import { validNoticeAction } from './notice-action';

describe('notice actions (issue 15): typed, checked against the contract', () => {
  it('keeps the actions the contract knows', () => {
    expect(validNoticeAction({ kind: 'retry-connect' })).toEqual({ kind: 'retry-connect' });
    expect(validNoticeAction({ kind: 'reopen-connect', flowId: 'a1b2c3' })).toEqual({
      kind: 'reopen-connect',
      flowId: 'a1b2c3',
    });
    expect(validNoticeAction({ kind: 'replace-key' })).toEqual({ kind: 'replace-key' });
    expect(validNoticeAction({ kind: 'retry-sync' })).toEqual({ kind: 'retry-sync' });
    expect(validNoticeAction(undefined)).toBeUndefined();
  });

  it('drops anything else: bare strings, URLs, unknown kinds, extra fields', () => {
    for (const bad of [
      'retry-connect',
      { kind: 'open-url', url: 'https://cloud.ouraring.com/oauth/authorize' },
      { kind: 'reopen-connect' },
      { kind: 'reopen-connect', flowId: 'https://evil.example/' },
      { kind: 'retry-connect', url: 'https://cloud.ouraring.com/' },
    ])
      expect(validNoticeAction(bad), JSON.stringify(bad)).toBeUndefined();
  });
});
