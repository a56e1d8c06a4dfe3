import { SOURCE_COLOURS } from '../../src-shared/data/metrics';
import { PROVIDERS, type ProviderId } from '../../src-shared/providers';
import type { AccountView } from '../../src-shared/accounts';

/**
 * "Oura · ada@example.com": every series is labelled with its source and account. The account part is
 * the snapshot's label (an e-mail or name, or "Account 2" where a provider has several unlabelled
 * accounts — src-shared/account-label.ts); never an id, which says nothing to a person.
 */
export function sourceLabel(providerId: ProviderId, accountId: string, accounts: AccountView[]): string {
  const label = accounts.find((x) => x.id === accountId)?.label;
  return label ? `${PROVIDERS[providerId].name} · ${label}` : PROVIDERS[providerId].name;
}

export function sourceStyle(providerId: ProviderId, scheme: 'light' | 'dark'): { colour: string; dash: number[] } {
  const c = SOURCE_COLOURS[providerId];
  return { colour: c[scheme], dash: c.dash };
}
