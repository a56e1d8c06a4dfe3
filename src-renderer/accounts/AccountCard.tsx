import { useState } from 'react';
import type { AccountStatus, AccountView, PendingConnectView } from '../../src-shared/accounts';
import { CATEGORY_LABELS, PROVIDERS } from '../../src-shared/providers';
import { api } from '../bridge';
import { useApp } from '../store/app-store';
import { CategoryStatusList } from './CategoryStatusList';
import { ConnectButton } from './ConnectButton';
import { DisconnectDialog } from './DisconnectDialog';
import { formatDate, formatTime } from './format';
import { PendingConnect } from './PendingConnect';
import { useNow } from './use-now';
import { AccessLogButton } from '../access-log/AccessLogPanel'; // issue 12

const STATUS_TEXT: Record<AccountStatus, string> = {
  not_connected: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected',
  syncing: 'Syncing…',
  needs_reconnect: 'Needs reconnecting',
  disconnected: 'Disconnected',
  error: 'Error',
};

const EXPIRY_WARNING_DAYS = 14;

export function AccountCard({ account, pending }: { account: AccountView; pending: PendingConnectView | null }) {
  const provider = PROVIDERS[account.providerId];
  const pushNotice = useApp((s) => s.pushNotice);
  const [disconnecting, setDisconnecting] = useState(false);
  const now = useNow();
  const status: AccountStatus = pending ? 'connecting' : account.status;
  const live = account.status === 'connected' || account.status === 'syncing';
  const needsAction = ['needs_reconnect', 'disconnected', 'error'].includes(account.status);
  const name = account.label ? `${provider.name} — ${account.label}` : provider.name;
  const expiresSoon =
    account.credentialExpiresAt !== null &&
    new Date(account.credentialExpiresAt).getTime() - now < EXPIRY_WARNING_DAYS * 86_400_000;

  const syncNow = async () => {
    const r = await api.syncNow({ accountId: account.id });
    if (!r.ok) pushNotice({ level: 'error', message: r.error.message, accountId: account.id });
  };

  return (
    <li className="card" aria-label={name} data-status={status} data-account-id={account.id}>
      <p className={`card-status status-${status}`}>{STATUS_TEXT[status]}</p>
      {account.label && <p className="account-label">{account.label}</p>}
      {account.statusMessage && (
        <p className={needsAction ? 'error' : 'muted'} role={needsAction ? 'alert' : undefined}>
          {account.statusMessage}
        </p>
      )}
      {account.hasKeptData && !live && <p className="muted">Data synced before is kept on this computer.</p>}
      {account.connectedAt && live && <p className="muted">Connected since {formatDate(account.connectedAt)}.</p>}
      {account.credentialExpiresAt && (
        <p className={expiresSoon ? 'warning' : 'muted'} role={expiresSoon ? 'status' : undefined}>
          {expiresSoon ? 'Your API key expires soon: ' : 'API key valid until '}
          {formatTime(account.credentialExpiresAt)}.
        </p>
      )}
      {live && account.grantedCategories.length > 0 && (
        <p>Granted: {account.grantedCategories.map((c) => CATEGORY_LABELS[c]).join(', ')}.</p>
      )}
      {live && account.missingCategories.length > 0 && (
        <p className="muted">
          Not granted: {account.missingCategories.map((c) => CATEGORY_LABELS[c]).join(', ')}. Reconnect to grant more.
        </p>
      )}
      {live && <CategoryStatusList account={account} />}
      {pending && <PendingConnect pending={pending} />}
      <div className="card-actions">
        {live && (
          <button type="button" className="primary" onClick={syncNow} disabled={account.status === 'syncing'}>
            Sync now
          </button>
        )}
        {!pending && (needsAction || (live && account.missingCategories.length > 0)) && (
          <ConnectButton
            providerId={account.providerId}
            accountId={account.id}
            label={`Reconnect ${provider.name}`}
            variant={needsAction ? 'primary' : 'link'}
          />
        )}
        {account.status !== 'not_connected' && <AccessLogButton account={account} /> /* issue 12 */}
        {account.status !== 'not_connected' && (
          <button type="button" onClick={() => setDisconnecting(true)}>
            {live ? 'Disconnect' : 'Disconnect and forget'} {provider.name}
          </button>
        )}
      </div>
      {disconnecting && <DisconnectDialog account={account} onClose={() => setDisconnecting(false)} />}
    </li>
  );
}
