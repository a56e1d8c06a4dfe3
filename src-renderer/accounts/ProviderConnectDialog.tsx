import { PROVIDERS, type ProviderId } from '../../src-shared/providers';
import { GarminSignInDialog } from '../garmin/GarminSignInDialog';
import { ConnectDialog } from './ConnectDialog';

/** The provider's own connect dialog: consent first for OAuth providers, the sign-in form for Garmin. */
export function ProviderConnectDialog({
  providerId,
  accountId,
  garminTab,
  onClose,
  onStarted,
}: {
  providerId: ProviderId;
  accountId?: string;
  /** Issue 15: "Replace key…" opens Garmin's dialog on the API key tab. */
  garminTab?: 'password' | 'api-key';
  onClose(): void;
  onStarted?(): void;
}) {
  return PROVIDERS[providerId].authKind === 'garmin-session' ? (
    <GarminSignInDialog accountId={accountId} onClose={onClose} initialTab={garminTab} />
  ) : (
    <ConnectDialog
      providerId={providerId as Exclude<ProviderId, 'garmin'>}
      accountId={accountId}
      onClose={onClose}
      onStarted={() => {
        onClose();
        onStarted?.();
      }}
    />
  );
}
