import { useState } from 'react';
import { api } from '../bridge';
import { describeUpdateStatus } from './update-status-text';
import { useUpdateStatus } from './use-update-status';
import './update.css';

// Settings → Updates (issue 14): the setting that turns automatic checks off,
// "Check now", and what the last check found. Absent where the runtime does not
// update itself (the browser host, an unpackaged app).

export function UpdateSettings() {
  const [status, setStatus] = useUpdateStatus();
  const [error, setError] = useState<string | null>(null);
  if (!status?.supported) return null;
  const run = async (call: () => ReturnType<typeof api.getUpdateStatus>) => {
    setError(null);
    const r = await call();
    if (r.ok) setStatus(r.value);
    else setError(r.error.message);
  };
  return (
    <section className="update-settings" aria-label="Updates">
      <h3>Updates</h3>
      <label>
        <input
          type="checkbox"
          checked={status.checksEnabled}
          onChange={(e) => void run(() => api.setUpdateChecks({ enabled: e.currentTarget.checked }))}
        />{' '}
        Check for updates automatically (at start and every 6 hours, never while offline)
      </label>
      <p role="status">{describeUpdateStatus(status)}</p>
      <button
        type="button"
        onClick={() => void run(() => api.checkForUpdates({}))}
        disabled={status.phase === 'checking'}
      >
        Check now
      </button>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
