import { PROVIDER_IDS } from '../../src-shared/providers';
import { useApp } from '../store/app-store';
import { ProviderSection } from './ProviderSection';
import { VaultBanner } from './VaultBanner';
import { DemoNotice } from './DemoNotice';

export function AccountsScreen() {
  const snapshot = useApp((s) => s.snapshot);
  const loadError = useApp((s) => s.loadError);
  if (loadError) return <p role="alert">{loadError}</p>;
  if (!snapshot) return <p aria-busy="true">Loading your accounts…</p>;
  return (
    <>
      <h2 className="screen-title">Accounts</h2>
      <p className="screen-intro">
        Connect the services that hold your health data. Omnio copies the data to this computer so it stays usable
        offline; nothing leaves your machine except the requests to these services.
      </p>
      <VaultBanner />
      <DemoNotice />
      <div className="providers">
        {PROVIDER_IDS.map((id) => (
          <ProviderSection key={id} providerId={id} snapshot={snapshot} />
        ))}
      </div>
    </>
  );
}
