import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../src-shared/update';
import { describeUpdateStatus } from './update-status-text';
import { UpdateBannerView } from './UpdateBannerView';

// What the window shows in each state the fake updater drives the core
// through (src-main/core/update/update-service.test.ts): checking, available,
// downloading with progress, downloaded, error — and nothing where updates are
// unsupported. Rendered by React's own server renderer.

const base: UpdateStatus = {
  supported: true,
  checksEnabled: true,
  phase: 'idle',
  version: null,
  releaseNotes: null,
  percent: null,
  error: null,
  lastCheckedAt: null,
};

function banner(status: UpdateStatus | null, extra: { restarting?: boolean; error?: string | null } = {}) {
  return renderToStaticMarkup(
    createElement(UpdateBannerView, {
      status,
      onRestart: () => undefined,
      restarting: extra.restarting ?? false,
      error: extra.error ?? null,
    }),
  );
}

describe('update banner', () => {
  it('shows nothing while idle, checking or after a failed check (quiet), and nothing before the status is known', () => {
    expect(banner(null)).toBe('');
    expect(banner(base)).toBe('');
    expect(banner({ ...base, phase: 'checking' })).toBe('');
    expect(banner({ ...base, phase: 'error', error: 'HttpError: 404' })).toBe('');
  });

  it('shows nothing at all where the runtime does not update itself, whatever the status says', () => {
    expect(banner({ ...base, supported: false, phase: 'downloaded', version: '1.2.0' })).toBe('');
  });

  it('shows a download in progress quietly, with its percentage and no restart button', () => {
    const html = banner({ ...base, phase: 'downloading', version: '1.2.0', percent: 55 });
    expect(html).toContain('Downloading Omnio 1.2.0 in the background… 55%');
    expect(html).toContain('<progress max="100" value="55"');
    expect(html).not.toContain('Restart to update');
    expect(banner({ ...base, phase: 'available', version: '1.2.0' })).toContain('0%');
  });

  it('offers "Restart to update" with the version and the release notes as text once downloaded', () => {
    const html = banner({
      ...base,
      phase: 'downloaded',
      version: '1.2.0',
      percent: 100,
      releaseNotes: 'Faster sync\n<script>alert(1)</script>',
    });
    expect(html).toContain('Omnio 1.2.0 is ready.');
    expect(html).toContain('What’s new in 1.2.0');
    expect(html).toContain('Restart to update');
    // Notes are text, never markup.
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('says it is restarting, or why it could not', () => {
    const ready = { ...base, phase: 'downloaded' as const, version: '1.2.0' };
    expect(banner(ready, { restarting: true })).toMatch(/<button[^>]*disabled=""[^>]*>Restarting…<\/button>/);
    expect(banner(ready, { error: 'No update is ready to install yet.' })).toContain(
      '<p role="alert">No update is ready to install yet.</p>',
    );
  });
});

describe('Settings → Updates status line', () => {
  it('words every state', () => {
    expect(describeUpdateStatus(base)).toBe('Not checked yet.');
    expect(describeUpdateStatus({ ...base, lastCheckedAt: '2026-12-02T12:00:00Z' })).toMatch(/^Omnio is up to date/);
    expect(describeUpdateStatus({ ...base, phase: 'checking' })).toBe('Checking for updates…');
    expect(describeUpdateStatus({ ...base, phase: 'downloading', version: '1.2.0', percent: 10 })).toBe(
      'Downloading Omnio 1.2.0… 10%',
    );
    expect(describeUpdateStatus({ ...base, phase: 'downloaded', version: '1.2.0' })).toBe(
      'Omnio 1.2.0 is ready: restart to update.',
    );
    expect(describeUpdateStatus({ ...base, phase: 'error', error: 'offline' })).toBe('The last check failed: offline');
  });
});
