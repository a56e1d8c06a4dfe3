import { useState } from 'react';
import type { PendingConnectView } from '../../src-shared/accounts';
import { PROVIDERS } from '../../src-shared/providers';
import { api } from '../bridge';
import { NoticeActionButton } from '../notices/NoticeActionButton';
import { useApp } from '../store/app-store';
import { BusyButton } from './BusyButton';
import { formatTime } from './format';
import { Icon } from './Icon';

/**
 * Shown while the provider's page is open in the browser, as a notice in place: the flow can always be
 * cancelled, and a page the person closed or lost can be opened again (issue 15: "Reopen Oura's page").
 * It lives as long as the flow does, so it does not fade.
 */
export function PendingConnect({ pending }: { pending: PendingConnectView }) {
  const [busy, setBusy] = useState(false);
  const pushNotice = useApp((s) => s.pushNotice);
  const name = PROVIDERS[pending.providerId].name;
  return (
    <div className="notice notice-info pending" role="status">
      <Icon name="info" className="notice-icon" />
      <span className="notice-text">
        Finish in your browser: sign in to {name} and approve access. This request expires at{' '}
        {formatTime(pending.expiresAt)}.
      </span>
      <span className="notice-actions">
        <NoticeActionButton
          action={{ kind: 'reopen-connect', flowId: pending.flowId }}
          providerId={pending.providerId}
          accountId={pending.accountId ?? undefined}
        />
        <BusyButton
          type="button"
          className="quiet small"
          busy={busy}
          busyLabel="Cancelling…"
          onClick={async () => {
            setBusy(true);
            const r = await api.cancelConnect({ flowId: pending.flowId });
            setBusy(false);
            if (!r.ok) pushNotice({ level: 'error', message: r.error.message, providerId: pending.providerId });
          }}
        >
          Cancel connecting to {name}
        </BusyButton>
      </span>
    </div>
  );
}
