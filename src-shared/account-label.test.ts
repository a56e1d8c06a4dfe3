import { describe, expect, it } from 'vitest';
import { displayLabels, fullName, looksOpaque, personLabel } from './account-label';

describe('account labels (issue 15): a name or e-mail, never an opaque id', () => {
  it('tells ids from what people recognise', () => {
    for (const id of [
      '8f3c2a9e-oura-demo-user',
      '2b1e9c4d-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
      '10129',
      '363',
      'deadbeefcafe',
      'u_12345',
      'Oura user 8f3c2a9e-oura-demo-user',
      'WHOOP user 10129',
      '  ',
    ])
      expect(looksOpaque(id), id).toBe(true);
    for (const label of ['ada@example.com', 'demo@oura.test', 'Sam Sample', 'demo-runner', 'Ada Lovelace', 'Zoë'])
      expect(looksOpaque(label), label).toBe(false);
  });

  it('takes the first recognisable candidate, trimmed, and nothing when there is none', () => {
    expect(personLabel(null, '  ada@example.com ', 'Ada')).toBe('ada@example.com');
    expect(personLabel('81234567', undefined, 'Ada Lovelace')).toBe('Ada Lovelace');
    expect(personLabel('81234567', '8f3c2a9e-oura-demo-user')).toBeNull();
    expect(personLabel()).toBeNull();
  });

  it('joins first and last name when the provider gives them', () => {
    expect(fullName('Sam', 'Sample')).toBe('Sam Sample');
    expect(fullName(' Sam ', null)).toBe('Sam');
    expect(fullName(undefined, 42)).toBeNull();
  });

  it('shows no label for a lone account without one, and "Account N" where one provider has several', () => {
    const labels = displayLabels([
      { id: 'a', providerId: 'oura', label: 'ada@example.com' },
      { id: 'b', providerId: 'oura', label: 'Oura user 8f3c2a9e-1111' },
      { id: 'c', providerId: 'withings', label: null },
      { id: 'd', providerId: 'whoop', label: '10129' },
      { id: 'e', providerId: 'garmin', label: null },
      { id: 'f', providerId: 'garmin', label: null },
    ]);
    expect(Object.fromEntries(labels)).toEqual({
      a: 'ada@example.com',
      b: 'Account 2',
      c: null,
      d: null,
      e: 'Account 1',
      f: 'Account 2',
    });
  });
});
