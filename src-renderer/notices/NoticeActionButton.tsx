import { useState } from 'react';
import type { NoticeAction } from '../../src-shared/ipc/notice-action';
import { PROVIDERS, type ProviderId } from '../../src-shared/providers';
import { BusyButton } from '../accounts/BusyButton';
import { ProviderConnectDialog } from '../accounts/ProviderConnectDialog';
import { api } from '../bridge';
import { useApp } from '../store/app-store';

// Issue 15: the one button a notice offers, drawn from its typed action. What a
// button opens is decided elsewhere: the connect dialogs, or the main process
// (a provider's page is opened again by the flow that built its address).

const LABELS: Record<NoticeAction['kind'], (provider: string) => string> = {
  'retry-connect': () => 'Try again',
  'reopen-connect': (provider) => `Reopen ${provider}’s page`,
  'replace-key': () => 'Replace key…',
  'retry-sync': () => 'Try again',
};

export function NoticeActionButton({
  action,
  providerId,
  accountId,
  onDone,
}: {
  action: NoticeAction;
  providerId: ProviderId;
  accountId?: string;
  /** The action did what it offers (a connect started, a sync began): the notice may go. */
  onDone?(): void;
}) {
  const pushNotice = useApp((s) => s.pushNotice);
  const [dialog, setDialog] = useState(false);
  const [busy, setBusy] = useState(false);
  const name = PROVIDERS[providerId].name;
  const label = LABELS[action.kind](name);
  const failed = (message: string) => pushNotice({ level: 'error', message, providerId, accountId });

  const press = async () => {
    if (action.kind === 'retry-connect' || action.kind === 'replace-key') return setDialog(true);
    if (action.kind === 'retry-sync' && !accountId) return;
    setBusy(true);
    const r =
      action.kind === 'reopen-connect'
        ? await api.reopenConnect({ flowId: action.flowId })
        : await api.syncNow({ accountId: accountId! });
    setBusy(false);
    if (!r.ok) failed(r.error.message);
    else onDone?.();
  };

  return (
    <>
      <BusyButton type="button" className="quiet small" busy={busy} onClick={() => void press()}>
        {label}
      </BusyButton>
      {dialog && (
        <ProviderConnectDialog
          providerId={providerId}
          accountId={accountId}
          garminTab={action.kind === 'replace-key' ? 'api-key' : undefined}
          onClose={() => setDialog(false)}
          onStarted={onDone}
        />
      )}
    </>
  );
}
