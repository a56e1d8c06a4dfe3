import { useId, useState } from 'react';
import { PROVIDERS } from '../../src-shared/providers';
import { REMOVE_EVERYTHING_WORD, type RemoveEverythingOutcome } from '../../src-shared/remove-everything';
import { api } from '../bridge';
import { BusyButton } from '../accounts/BusyButton';
import { Dialog } from '../accounts/Dialog';
import { DialogFooter } from '../accounts/DialogFooter';

// Issue 12 (item 4): Settings › Privacy & storage › Remove everything. The
// person types the word shown; the main process refuses the call without it.

/** Back to a first run: the core behind the page was re-created (browser host); the page starts over on Sources. */
function startOver() {
  window.location.hash = '#/sources';
  window.location.reload();
}

function Outcome({ outcome }: { outcome: RemoveEverythingOutcome }) {
  const pending = outcome.accounts.filter((a) => !a.revoked);
  return (
    <Dialog title="Everything was removed" onClose={startOver}>
      <p role="status">
        Omnio deleted your synced data, account tokens, settings and logs from this computer, and starts again as new.
      </p>
      {outcome.accounts.length > 0 && pending.length === 0 && (
        <p>Omnio’s access was revoked at every provider you had connected.</p>
      )}
      {pending.length > 0 && (
        <>
          <p>Omnio could not revoke its access at these providers (offline or no answer). Remove it on their site:</p>
          <ul>
            {pending.map((a, i) => (
              <li key={i}>
                {PROVIDERS[a.providerId].name} ({a.label}):{' '}
                {a.manageAccessUrl && (
                  <button
                    type="button"
                    className="link"
                    onClick={() => void api.openHelpLink({ url: a.manageAccessUrl! })}
                  >
                    {a.manageAccessUrl}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={startOver} autoFocus>
          Start again
        </button>
      </div>
    </Dialog>
  );
}

function ConfirmDialog({ onClose, onDone }: { onClose(): void; onDone(o: RemoveEverythingOutcome): void }) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const matches = typed.trim() === REMOVE_EVERYTHING_WORD;
  const confirm = async () => {
    if (busy || !matches) return;
    setBusy(true);
    setError(null);
    const r = await api.removeEverything({ confirm: REMOVE_EVERYTHING_WORD });
    setBusy(false);
    if (r.ok) onDone(r.value);
    else setError(r.error.message);
  };
  return (
    <Dialog title="Remove everything?" onClose={onClose}>
      <ul>
        <li>Every sync stops, and Omnio asks each provider to revoke its access (where the provider allows it).</li>
        <li>Your synced data, account tokens, settings, logs and access log are deleted from this computer.</li>
        <li>Omnio then starts again as on first use. This cannot be undone.</li>
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void confirm();
        }}
      >
        <label htmlFor={inputId}>
          Type <strong>{REMOVE_EVERYTHING_WORD}</strong> to confirm
        </label>
        <input
          id={inputId}
          autoComplete="off"
          spellCheck={false}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          aria-describedby={error ? errorId : undefined}
          autoFocus
        />
        <DialogFooter error={error} errorId={errorId} onCancel={onClose}>
          <BusyButton type="submit" className="danger" busy={busy} busyLabel="Removing…" unavailable={!matches}>
            Remove everything
          </BusyButton>
        </DialogFooter>
      </form>
    </Dialog>
  );
}

export function RemoveEverything() {
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<RemoveEverythingOutcome | null>(null);
  return (
    <section className="settings-form" aria-label="Remove everything">
      <h3>Remove everything</h3>
      <p>
        Revokes Omnio’s access at your providers where possible and deletes everything Omnio keeps on this computer.
      </p>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Remove everything…
      </button>
      {open && !outcome && <ConfirmDialog onClose={() => setOpen(false)} onDone={setOutcome} />}
      {outcome && <Outcome outcome={outcome} />}
    </section>
  );
}
