import { useState } from 'react';
import {
  KEPT_DATA_MESSAGE,
  type AccountStatus,
  type AccountView,
  type PendingConnectView,
} from '../../src-shared/accounts';
import { PROVIDERS } from '../../src-shared/providers';
import { api } from '../bridge';
import { useApp } from '../store/app-store';
import { BusyButton } from './BusyButton';
import { CategoryChips } from './CategoryChips';
import { ConnectButton } from './ConnectButton';
import { DisconnectDialog } from './DisconnectDialog';
import { Icon } from './Icon';
import { PendingConnect } from './PendingConnect';
import { ProviderLogo } from './ProviderLogo';
import { exactTime, formatRelative } from './relative-time';
import { RowMenu, type RowMenuItem } from './RowMenu';
import { StatusPill, pillFor } from './StatusPill';
import { SyncDetailsPanel } from './SyncDetailsPanel';
import { SyncLine } from './SyncLine';
import { useNow } from './use-now';
import { AccessLogButton } from '../access-log/AccessLogPanel'; // issue 12
import { NoticeActionButton } from '../notices/NoticeActionButton';

const EXPIRY_WARNING_DAYS = 14;

// Issue 15: an account as one calm row — logo, name and account label, status
// pill, the one line of sync health, the button needed now; Sync now,
// Reconnect and Disconnect stay buttons in the row (docs/qa.md), styled
// quietly; the rest sits in the ⋯ menu. The heading takes focus when the row
// changes under the person (see focus/focus-rescue.ts).

export function AccountCard({
  account,
  pending,
  onAddAnother,
}: {
  account: AccountView;
  pending: PendingConnectView | null;
  onAddAnother?(): void;
}) {
  const provider = PROVIDERS[account.providerId];
  const pushNotice = useApp((s) => s.pushNotice);
  const online = useApp((s) => s.snapshot?.online ?? true);
  const [disconnecting, setDisconnecting] = useState(false);
  const [details, setDetails] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const now = useNow(30_000);
  const status: AccountStatus = pending ? 'connecting' : account.status;
  const live = account.status === 'connected' || account.status === 'syncing';
  const byYou = account.status === 'disconnected' && account.statusMessage === KEPT_DATA_MESSAGE;
  const needsAction = ['needs_reconnect', 'disconnected', 'error'].includes(account.status) && !byYou;
  const pill = byYou ? pillFor('disconnected', online) : pillFor(needsAction ? 'needs_reconnect' : status, online);
  const name = account.label ? `${provider.name} — ${account.label}` : provider.name;
  const expiresSoon =
    account.credentialExpiresAt !== null &&
    new Date(account.credentialExpiresAt).getTime() - now < EXPIRY_WARNING_DAYS * 86_400_000;

  const syncNow = async () => {
    setSyncing(true);
    const r = await api.syncNow({ accountId: account.id });
    setSyncing(false);
    if (!r.ok)
      pushNotice({
        level: 'error',
        message: r.error.message,
        accountId: account.id,
        providerId: account.providerId,
        action: { kind: 'retry-sync' }, // issue 15: "Try again" in the notice
      });
    // Issue 16: a press while a sync is still running or finishing is not lost; the person is told it follows.
    else if (r.value.queued)
      pushNotice({
        level: 'info',
        message: `A ${provider.name} sync was still running: Omnio syncs again as soon as it ends.`,
        accountId: account.id,
        providerId: account.providerId,
      });
  };

  const menu: RowMenuItem[] = [
    { id: 'details', label: 'Sync details…', onAction: () => setDetails(true) },
    ...(onAddAnother
      ? [{ id: 'add-another', label: `Add another ${provider.name} account`, onAction: onAddAnother }]
      : []),
  ];

  return (
    <li
      className={`row${needsAction ? ' row-attention' : ''}`}
      aria-label={name}
      data-status={status}
      data-account-id={account.id}
      data-focus-scope
    >
      <div className="row-main">
        <ProviderLogo providerId={account.providerId} />
        <div className="row-id">
          <h4 className="row-title" tabIndex={-1} data-focus-heading>
            {provider.name}
            {account.label && <span className="row-label">{account.label}</span>}
          </h4>
          {live && !pending && <SyncLine account={account} providerName={provider.name} online={online} now={now} />}
          {byYou && <p className="sync-line">{account.statusMessage}</p>}
        </div>
        <StatusPill pill={pill} />
        <div className="row-actions">
          {!pending && needsAction && (
            <ConnectButton
              providerId={account.providerId}
              accountId={account.id}
              label={`Reconnect ${provider.name}`}
              garminTab={account.credentialExpiresAt ? 'api-key' : undefined /* a key account replaces its key */}
            />
          )}
          {live && (
            <BusyButton
              type="button"
              className="quiet"
              busy={syncing}
              unavailable={account.status === 'syncing' || !online}
              title={!online ? 'Offline: sync resumes by itself when the network is back' : undefined}
              onClick={syncNow}
            >
              Sync now<span className="visually-hidden"> {provider.name}</span>
            </BusyButton>
          )}
          {!pending && !needsAction && (byYou || (live && account.missingCategories.length > 0)) && (
            <ConnectButton
              providerId={account.providerId}
              accountId={account.id}
              label={`Reconnect ${provider.name}`}
              variant="quiet"
            />
          )}
          {account.status !== 'not_connected' && <AccessLogButton account={account} /> /* issue 12 */}
          {account.status !== 'not_connected' && (
            <button type="button" className="quiet" onClick={() => setDisconnecting(true)}>
              {live ? 'Disconnect' : 'Disconnect and forget'} {provider.name}
            </button>
          )}
          <RowMenu name={name} items={menu} />
        </div>
      </div>
      <div className="row-body">
        {account.statusMessage && needsAction && (
          <p className="row-alert" role="alert">
            <Icon name="warning" />
            {account.statusMessage}
          </p>
        )}
        {account.hasKeptData && !live && !byYou && (
          <p className="muted">Data synced before is kept on this computer.</p>
        )}
        {account.credentialExpiresAt && (
          <p className={expiresSoon ? 'row-warning' : 'muted'} role={expiresSoon ? 'status' : undefined}>
            {expiresSoon && <Icon name="warning" />}
            {expiresSoon ? 'Your API key expires soon: ' : 'API key valid until '}
            <time dateTime={account.credentialExpiresAt} title={exactTime(account.credentialExpiresAt)}>
              {formatRelative(account.credentialExpiresAt, now)}
            </time>
            .{' '}
            {expiresSoon && (
              <NoticeActionButton
                action={{ kind: 'replace-key' }}
                providerId={account.providerId}
                accountId={account.id}
              />
            )}
          </p>
        )}
        {live && <CategoryChips account={account} />}
        {pending && <PendingConnect pending={pending} />}
      </div>
      {disconnecting && <DisconnectDialog account={account} onClose={() => setDisconnecting(false)} />}
      <SyncDetailsPanel account={account} title={`${name}: sync details`} isOpen={details} onOpenChange={setDetails} />
    </li>
  );
}
