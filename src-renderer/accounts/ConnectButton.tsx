import { useState } from 'react';
import type { ProviderId } from '../../src-shared/providers';
import { ProviderConnectDialog } from './ProviderConnectDialog';

/** "Connect …" / "Reconnect …": opens the provider's own connect dialog. */
export function ConnectButton({
  providerId,
  accountId,
  label,
  variant = 'primary',
  onStarted,
  garminTab,
  unavailable,
}: {
  providerId: ProviderId;
  accountId?: string;
  label: string;
  variant?: 'primary' | 'link' | 'quiet';
  onStarted?(): void;
  garminTab?: 'password' | 'api-key';
  /** Issue 15: why it cannot be pressed now (offline); the button stays focusable and says so. */
  unavailable?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={variant}
        aria-disabled={unavailable ? true : undefined}
        title={unavailable}
        onClick={() => !unavailable && setOpen(true)}
      >
        {label}
      </button>
      {open && (
        <ProviderConnectDialog
          providerId={providerId}
          accountId={accountId}
          garminTab={garminTab}
          onClose={() => setOpen(false)}
          onStarted={onStarted}
        />
      )}
    </>
  );
}
