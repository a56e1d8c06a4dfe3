import { useState } from 'react';
import type { AccountsSnapshot } from '../../src-shared/accounts';
import { PROVIDERS, type ProviderId } from '../../src-shared/providers';
import { ProviderNotices } from '../notices/ProviderNotices';
import { AccountCard } from './AccountCard';
import { EmptyProviderCard } from './EmptyProviderCard';
import { ProviderConnectDialog } from './ProviderConnectDialog';

/** One provider: its accounts (several allowed, e.g. two household members), or an empty card. */
export function ProviderSection({ providerId, snapshot }: { providerId: ProviderId; snapshot: AccountsSnapshot }) {
  const provider = PROVIDERS[providerId];
  const accounts = snapshot.accounts.filter((a) => a.providerId === providerId);
  const pending = snapshot.pending.find((p) => p.providerId === providerId && p.accountId === null);
  const [addingAnother, setAddingAnother] = useState(false);
  const [dialog, setDialog] = useState(false);

  // Issue 15: the section is a focus scope (focus/focus-rescue.ts), holds its own notices, and "Add another
  // account" moved into each row's ⋯ menu.
  return (
    <section className="provider" aria-labelledby={`provider-${providerId}`} data-focus-scope>
      <h3 id={`provider-${providerId}`} className="provider-name" tabIndex={-1} data-focus-heading>
        {provider.name}
      </h3>
      <ProviderNotices providerId={providerId} />
      <ul className="rows">
        {accounts.map((a) => (
          <AccountCard
            key={a.id}
            account={a}
            pending={snapshot.pending.find((p) => p.accountId === a.id) ?? null}
            onAddAnother={pending ? undefined : () => setDialog(true)}
          />
        ))}
        {(accounts.length === 0 || pending || addingAnother) && (
          <EmptyProviderCard providerId={providerId} pending={pending ?? null} another={accounts.length > 0} />
        )}
      </ul>
      {dialog && (
        <ProviderConnectDialog
          providerId={providerId}
          onClose={() => setDialog(false)}
          onStarted={() => setAddingAnother(true)}
        />
      )}
    </section>
  );
}
