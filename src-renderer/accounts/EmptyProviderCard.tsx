import type { PendingConnectView } from '../../src-shared/accounts';
import { CATEGORY_LABELS, PROVIDERS, type ProviderId } from '../../src-shared/providers';
import { useApp } from '../store/app-store';
import { ConnectButton } from './ConnectButton';
import { ConnectOutcome } from './ConnectOutcome';
import { PendingConnect } from './PendingConnect';
import { ProviderLogo } from './ProviderLogo';
import { StatusPill, pillFor } from './StatusPill';

/** The row of a provider with no account yet: what connecting does and which data it can give. */
export function EmptyProviderCard({
  providerId,
  pending,
  another,
}: {
  providerId: ProviderId;
  pending: PendingConnectView | null;
  another: boolean;
}) {
  const provider = PROVIDERS[providerId];
  const online = useApp((s) => s.snapshot?.online ?? true);
  const status = pending ? 'connecting' : 'not_connected';
  const offlineReason = online ? undefined : 'Connecting needs the network; Omnio is offline.';
  return (
    <li
      className="row"
      aria-label={another ? `${provider.name} (new account)` : provider.name}
      data-status={status}
      data-focus-scope
    >
      <div className="row-main">
        <ProviderLogo providerId={providerId} />
        <div className="row-id">
          <h4 className="row-title" tabIndex={-1} data-focus-heading>
            {provider.name}
            {another && <span className="row-label">new account</span>}
          </h4>
          <p className="sync-line">{provider.connectExplainer}</p>
        </div>
        <StatusPill pill={pillFor(status, true)} />
        <div className="row-actions">
          {!pending && (
            <ConnectButton providerId={providerId} label={`Connect ${provider.name}`} unavailable={offlineReason} />
          )}
        </div>
      </div>
      <div className="row-body">
        {!pending && <ConnectOutcome providerId={providerId} />}
        <p className="muted">Can give: {provider.categories.map((c) => CATEGORY_LABELS[c]).join(', ')}.</p>
        {offlineReason && !pending && <p className="muted">{offlineReason}</p>}
        {pending && <PendingConnect pending={pending} />}
      </div>
    </li>
  );
}
