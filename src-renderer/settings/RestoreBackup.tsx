import { useId, useRef, useState } from 'react';
import type { RestoreOutcome } from '../../src-shared/restore';
import { api } from '../bridge';
import { pagePicksFiles, uploadBackup } from '../bridge/upload-backup';
import { BusyButton } from '../accounts/BusyButton';
import { Dialog } from '../accounts/Dialog';
import { DialogFooter } from '../accounts/DialogFooter';

// Issue 12: Settings › Restore from a backup. The person confirms what a
// restore replaces, then chooses the file: in Electron with the main process's
// open dialog, in the browser host with this page's file input (the file is
// uploaded to the host, bridge/upload-backup.ts). The main process checks the
// file before anything is replaced; a bad file is refused with words and the
// data stays as it was. After a restore Omnio starts again on the restored
// data, and each account asks to be reconnected.

type Restored = Extract<RestoreOutcome, { kind: 'restored' }>;

/** The page starts over on Sources, where the restored accounts are (the browser host re-created its core). */
function seeAccounts() {
  window.location.hash = '#/sources';
  window.location.reload();
}

function Outcome({ outcome }: { outcome: Restored }) {
  const n = outcome.accounts.length;
  return (
    <Dialog title="Backup restored" onClose={seeAccounts}>
      <p role="status">Omnio restored {outcome.fileName}.</p>
      {n === 0 ? (
        <p>The backup holds no account to reconnect.</p>
      ) : (
        <>
          <p>
            {n === 1
              ? 'This account is back with its history. Reconnect it to sync again: the backup holds no access tokens.'
              : `These ${n} accounts are back with their history. Reconnect each to sync again: the backup holds no access tokens.`}
          </p>
          <ul>
            {outcome.accounts.map((a, i) => (
              <li key={i}>{a.label} — needs reconnecting</li>
            ))}
          </ul>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={seeAccounts} autoFocus>
          See your accounts
        </button>
      </div>
    </Dialog>
  );
}

function ConfirmDialog({ onClose, onDone }: { onClose(): void; onDone(o: Restored): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();

  const restore = async (file?: File) => {
    setBusy(true);
    setError(null);
    let uploadId: string | undefined;
    if (file) {
      const up = await uploadBackup(file);
      if (!up.ok) {
        setBusy(false);
        return setError(up.error.message);
      }
      uploadId = up.value.uploadId;
    }
    const r = await api.restoreBackup(uploadId ? { uploadId } : {});
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    if (r.value.kind === 'restored') onDone(r.value);
  };

  return (
    <Dialog title="Restore from a backup?" onClose={onClose}>
      <ul>
        <li>The backup replaces everything Omnio holds now: accounts, synced data and the access log.</li>
        <li>Its accounts come back with their history, each asking to be reconnected: a backup holds no tokens.</li>
        <li>Omnio checks the file first. A file that is not a sound Omnio backup changes nothing.</li>
      </ul>
      {pagePicksFiles && (
        <input
          ref={input}
          type="file"
          accept=".omnio-backup"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const file = e.target.files?.[0];
            // The same file may be chosen again after a refusal.
            e.target.value = '';
            if (file) void restore(file);
          }}
        />
      )}
      <DialogFooter error={error} errorId={errorId} onCancel={onClose}>
        <BusyButton
          type="button"
          className="primary"
          busy={busy}
          busyLabel="Checking and restoring…"
          aria-describedby={error ? errorId : undefined}
          onClick={() => (pagePicksFiles ? input.current?.click() : void restore())}
        >
          Choose a backup file…
        </BusyButton>
      </DialogFooter>
    </Dialog>
  );
}

export function RestoreBackup() {
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<Restored | null>(null);
  return (
    <section className="settings-form" aria-label="Restore from a backup">
      <h3>Restore from a backup</h3>
      <p>Replaces the data on this computer with a backup’s. Accounts then ask to be reconnected.</p>
      <button type="button" onClick={() => setOpen(true)}>
        Restore from a backup…
      </button>
      {open && !outcome && <ConfirmDialog onClose={() => setOpen(false)} onDone={setOutcome} />}
      {outcome && <Outcome outcome={outcome} />}
    </section>
  );
}
