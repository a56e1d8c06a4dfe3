import { useState } from 'react';
import { api } from '../bridge';
import { deliverFile } from '../export/deliver-file';

// Issue 12: a backup of everything Omnio keeps, in one file, without access
// tokens or passwords (accounts come back asking to be reconnected).
export function BackupRestore() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const backup = async () => {
    setBusy(true);
    setMessage(null);
    setError(null);
    const r = await api.backupNow({});
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setMessage(deliverFile(r.value) ?? 'Backup cancelled.');
  };
  return (
    <section className="settings-form" aria-label="Backup">
      <h3>Backup</h3>
      <p>
        One file with all your synced data, accounts and settings of the sync. It holds no access token or password:
        after a restore, each account asks to be reconnected and keeps its history.
      </p>
      <button type="button" onClick={backup} disabled={busy}>
        {busy ? 'Backing up…' : 'Back up now'}
      </button>
      {message && <p role="status">{message}</p>}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
