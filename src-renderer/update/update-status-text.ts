import type { UpdateStatus } from '../../src-shared/update';

/** One line for Settings → Updates: what the last check found (issue 14). */
export function describeUpdateStatus(s: UpdateStatus): string {
  switch (s.phase) {
    case 'checking':
      return 'Checking for updates…';
    case 'available':
    case 'downloading':
      return `Downloading Omnio ${s.version ?? ''}… ${s.percent ?? 0}%`;
    case 'downloaded':
      return `Omnio ${s.version ?? ''} is ready: restart to update.`;
    case 'error':
      return `The last check failed: ${s.error ?? 'unknown error'}`;
    case 'idle':
      return s.lastCheckedAt
        ? `Omnio is up to date (checked ${new Date(s.lastCheckedAt).toLocaleString()}).`
        : 'Not checked yet.';
  }
}
