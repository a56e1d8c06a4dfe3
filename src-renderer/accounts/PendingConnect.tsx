import { useState } from 'react';
import type { PendingConnectView } from '../../src-shared/accounts';
import { PROVIDERS } from '../../src-shared/providers';
import { api } from '../bridge';
import { useApp } from '../store/app-store';
import { BusyButton } from './BusyButton';
import { formatTime } from './format';

/** Shown while the provider's page is open in the browser: the flow can always be cancelled. */
export function PendingConnect({ pending }: { pending: PendingConnectView }) {
  const [busy, setBusy] = useState(false);
  const pushNotice = useApp((s) => s.pushNotice);
  const name = PROVIDERS[pending.providerId].name;
  return (
    <div className="pending" role="status">
      <p>
        Finish in your browser: sign in to {name} and approve access. This request expires at{' '}
        {formatTime(pending.expiresAt)}.
      </p>
      <BusyButton
        type="button"
        className="quiet"
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
    </div>
  );
}
