import { useState } from 'react';
import { PROVIDERS, type ProviderId } from '../../src-shared/providers';
import { GarminSignInDialog } from '../garmin/GarminSignInDialog';
import { ConnectDialog } from './ConnectDialog';

/** "Connect …" / "Reconnect …": opens the provider's own connect dialog. */
export function ConnectButton({
  providerId,
  accountId,
  label,
  variant = 'primary',
  onStarted,
}: {
  providerId: ProviderId;
  accountId?: string;
  label: string;
  variant?: 'primary' | 'link';
  onStarted?(): void;
}) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <>
      <button type="button" className={variant === 'primary' ? 'primary' : 'link'} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open &&
        (PROVIDERS[providerId].authKind === 'garmin-session' ? (
          <GarminSignInDialog accountId={accountId} onClose={close} />
        ) : (
          <ConnectDialog
            providerId={providerId as Exclude<ProviderId, 'garmin'>}
            accountId={accountId}
            onClose={close}
            onStarted={() => {
              close();
              onStarted?.();
            }}
          />
        ))}
    </>
  );
}
