import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../src-shared/accounts';
import { sourceLabel } from './labels';

const account = (id: string, label: string | null) => ({ id, providerId: 'oura', label }) as AccountView;

describe('sourceLabel', () => {
  it('names the source and the account as the snapshot labels it', () => {
    expect(sourceLabel('oura', 'a1', [account('a1', 'ada@example.com')])).toBe('Oura · ada@example.com');
    expect(sourceLabel('withings', 'w2', [account('w2', 'Account 2')])).toBe('Withings · Account 2');
  });

  it('never shows an account id: an unlabelled or unknown account is named by its source alone', () => {
    const id = '9f86d081884c7d659a2feaa0c55ad015';
    expect(sourceLabel('withings', id, [account(id, null)])).toBe('Withings');
    expect(sourceLabel('whoop', id, [])).toBe('WHOOP');
  });
});
