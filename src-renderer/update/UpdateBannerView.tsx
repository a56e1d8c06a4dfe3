import type { UpdateStatus } from '../../src-shared/update';

// What the update banner shows for each status (issue 14): a download in
// progress, quietly; then "Omnio X is ready" with its release notes and
// "Restart to update". Nothing at all where the runtime does not update itself.

export interface UpdateBannerViewProps {
  status: UpdateStatus | null;
  onRestart(): void;
  restarting: boolean;
  error: string | null;
}

export function UpdateBannerView({ status, onRestart, restarting, error }: UpdateBannerViewProps) {
  if (!status?.supported || !status.version) return null;
  if (status.phase === 'available' || status.phase === 'downloading') {
    const percent = status.percent ?? 0;
    return (
      <section className="banner update-banner quiet" aria-label="Update">
        <p>
          Downloading Omnio {status.version} in the background… {percent}%
        </p>
        <progress max={100} value={percent} aria-label={`Omnio ${status.version} download`} />
      </section>
    );
  }
  if (status.phase !== 'downloaded') return null;
  return (
    <section className="banner update-banner" aria-label="Update">
      <p>
        <strong>Omnio {status.version} is ready.</strong> It installs when you restart; nothing changes until then.
      </p>
      {status.releaseNotes && (
        <details>
          <summary>What’s new in {status.version}</summary>
          <p className="release-notes">{status.releaseNotes}</p>
        </details>
      )}
      <button type="button" className="primary" onClick={onRestart} disabled={restarting}>
        {restarting ? 'Restarting…' : 'Restart to update'}
      </button>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
