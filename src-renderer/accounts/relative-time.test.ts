import { describe, expect, it } from 'vitest';
import { formatRelative } from './relative-time';
import { pillFor } from './StatusPill';

// Issue 15: the words the rows show at a glance.

describe('formatRelative', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const at = (ms: number) => new Date(now + ms).toISOString();
  it('says "just now" inside a minute either way, then minutes, hours and days', () => {
    expect(formatRelative(at(-30_000), now)).toBe('just now');
    expect(formatRelative(at(20_000), now)).toBe('just now');
    expect(formatRelative(at(-4 * 60_000), now)).toMatch(/^4 min\.? ago$/);
    expect(formatRelative(at(-3 * 3_600_000), now)).toMatch(/^3 hr\.? ago$/);
    expect(formatRelative(at(10 * 86_400_000), now)).toBe('in 10 days');
  });
});

describe('pillFor', () => {
  it('gives each state its own word and icon, and Offline for live accounts while offline', () => {
    const seen = new Set<string>();
    for (const s of ['connected', 'syncing', 'needs_reconnect', 'disconnected', 'not_connected'] as const) {
      const p = pillFor(s, true);
      seen.add(`${p.label}|${p.icon}`);
    }
    expect(seen.size).toBe(5);
    expect(pillFor('syncing', true).tone).not.toBe(pillFor('connected', true).tone);
    expect(pillFor('connected', false)).toMatchObject({ label: 'Offline', icon: 'offline' });
    expect(pillFor('needs_reconnect', false).label).toBe('Needs attention');
    expect(pillFor('disconnected', true).label).toBe('Disconnected by you');
  });
});
