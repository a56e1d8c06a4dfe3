import { useState } from 'react';
import type { AccountsSnapshot } from '../../src-shared/accounts';
import { PROVIDERS, type ProviderId } from '../../src-shared/providers';
import { AccountCard } from './AccountCard';
import { ConnectButton } from './ConnectButton';
import { EmptyProviderCard } from './EmptyProviderCard';

/** One provider: its accounts (several allowed, e.g. two household members), or an empty card. */
export function ProviderSection({ providerId, snapshot }: { providerId: ProviderId; snapshot: AccountsSnapshot }) {
  const provider = PROVIDERS[providerId];
  const accounts = snapshot.accounts.filter((a) => a.providerId === providerId);
  const pending = snapshot.pending.find((p) => p.providerId === providerId && p.accountId === null);
  const [addingAnother, setAddingAnother] = useState(false);

  return (
    <section className="provider" aria-labelledby={`provider-${providerId}`}>
      <h3 id={`provider-${providerId}`} className="provider-name">
        {provider.name}
      </h3>
      <ul className="cards">
        {accounts.map((a) => (
          <AccountCard key={a.id} account={a} pending={snapshot.pending.find((p) => p.accountId === a.id) ?? null} />
        ))}
        {(accounts.length === 0 || pending || addingAnother) && (
          <EmptyProviderCard providerId={providerId} pending={pending ?? null} another={accounts.length > 0} />
        )}
      </ul>
      {accounts.length > 0 && !pending && !addingAnother && (
        <ConnectButton
          providerId={providerId}
          label={`Connect another ${provider.name} account`}
          onStarted={() => setAddingAnother(true)}
          variant="link"
        />
      )}
    </section>
  );
}
