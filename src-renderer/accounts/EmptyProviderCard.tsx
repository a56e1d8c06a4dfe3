import type { PendingConnectView } from '../../src-shared/accounts';
import { CATEGORY_LABELS, PROVIDERS, type ProviderId } from '../../src-shared/providers';
import { ConnectButton } from './ConnectButton';
import { ConnectOutcome } from './ConnectOutcome';
import { PendingConnect } from './PendingConnect';

/** The card of a provider with no account yet: what connecting does and which data it can give. */
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
  const status = pending ? 'connecting' : 'not_connected';
  return (
    <li className="card" aria-label={another ? `${provider.name} (new account)` : provider.name} data-status={status}>
      <p className="card-status">{pending ? 'Connecting…' : 'Not connected'}</p>
      {!pending && <ConnectOutcome providerId={providerId} />}
      <p>{provider.connectExplainer}</p>
      <p className="muted">Can give: {provider.categories.map((c) => CATEGORY_LABELS[c]).join(', ')}.</p>
      {pending ? (
        <PendingConnect pending={pending} />
      ) : (
        <ConnectButton providerId={providerId} label={`Connect ${provider.name}`} />
      )}
    </li>
  );
}
