import { useState } from 'react';
import type { AccountView } from '../../src-shared/accounts';
import type { DisconnectOutcome } from '../../src-shared/ipc/payloads';
import { PROVIDERS } from '../../src-shared/providers';
import { api } from '../bridge';
import { useApp } from '../store/app-store';
import { BusyButton } from './BusyButton';
import { Dialog } from './Dialog';
import { DialogFooter } from './DialogFooter';

/** The outcome in one sentence, for the notice shown when the card (and this dialog) went away with the data. */
function outcomeNotice(
  providerName: string,
  outcome: DisconnectOutcome,
): { level: 'info' | 'warning'; message: string } {
  const rev = outcome.revocation;
  const head = `${providerName} disconnected and its synced data deleted.`;
  switch (rev.kind) {
    case 'revoked':
      return { level: 'info', message: `${head} Omnio’s access was also revoked at ${providerName}.` };
    case 'queued':
      return {
        level: 'info',
        message: `${head} Omnio will revoke its access at ${providerName} when the network is back (${rev.reason}).`,
      };
    case 'failed':
      return { level: 'warning', message: `${head} Revoking Omnio’s access at ${providerName} failed: ${rev.reason}` };
    case 'not_supported':
      return {
        level: 'info',
        message: `${head} ${providerName} does not let apps revoke their own access; remove Omnio at ${rev.manageAccessUrl}`,
      };
  }
}

/** Says exactly what disconnecting does, lets the user keep or delete the synced data, then shows the outcome. */
export function DisconnectDialog({ account, onClose }: { account: AccountView; onClose(): void }) {
  const provider = PROVIDERS[account.providerId];
  const [deleteData, setDeleteData] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<DisconnectOutcome | null>(null);
  const pushNotice = useApp((s) => s.pushNotice);

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const r = await api.disconnect({ accountId: account.id, deleteData });
    setBusy(false);
    if (r.ok) {
      setOutcome(r.value);
      // Deleting the data removes the account, its card and this dialog: the outcome must outlive them.
      if (r.value.dataDeleted) pushNotice({ ...outcomeNotice(provider.name, r.value), providerId: account.providerId });
    } else setError(r.error.message);
  };

  if (outcome) {
    const rev = outcome.revocation;
    return (
      <Dialog title={`${provider.name} disconnected`} onClose={onClose}>
        <p role="status">
          Omnio will not contact {provider.name} for this account again.{' '}
          {outcome.dataDeleted ? 'Its synced data was deleted.' : 'Its synced data is kept on this computer.'}
        </p>
        <p>
          {rev.kind === 'revoked' && `Omnio’s access was also revoked at ${provider.name}.`}
          {rev.kind === 'queued' &&
            `You are offline: Omnio will revoke its access at ${provider.name} when the network is back (${rev.reason}).`}
          {rev.kind === 'failed' && `Revoking Omnio’s access at ${provider.name} failed: ${rev.reason}`}
          {rev.kind === 'not_supported' && (
            <>
              {provider.name} does not let apps revoke their own access. Remove Omnio in{' '}
              <button
                type="button"
                className="link"
                onClick={() => void api.openHelpLink({ url: rev.manageAccessUrl })}
              >
                {provider.name}’s settings
              </button>
              .
            </>
          )}
        </p>
        <div className="dialog-actions">
          {/* Issue 15: the Confirm button that had focus is gone; focus the way out. */}
          <button type="button" className="primary" onClick={onClose} autoFocus>
            Done
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={`Disconnect ${provider.name}?`} onClose={onClose}>
      <ul>
        <li>Any sync running for this account stops now, and no sync is scheduled again.</li>
        <li>The access tokens Omnio holds for it are deleted from this computer.</li>
        <li>
          {provider.supportsRevocation
            ? `Omnio also revokes its access at ${provider.name}.`
            : `${provider.name} offers no way for apps to revoke their access; you can remove Omnio in ${provider.name}’s own settings.`}
        </li>
      </ul>
      <fieldset>
        <legend>Data already synced</legend>
        <label>
          <input type="radio" name="keep" checked={!deleteData} onChange={() => setDeleteData(false)} /> Keep it on this
          computer
        </label>
        <label>
          <input type="radio" name="keep" checked={deleteData} onChange={() => setDeleteData(true)} /> Delete it
        </label>
      </fieldset>
      <DialogFooter error={error} onCancel={onClose}>
        <BusyButton type="button" className="danger" busy={busy} busyLabel="Disconnecting…" onClick={confirm}>
          Confirm disconnect
        </BusyButton>
      </DialogFooter>
    </Dialog>
  );
}
