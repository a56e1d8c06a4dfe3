import { SOURCE_COLOURS } from '../../src-shared/data/metrics';
import { PROVIDERS, type ProviderId } from '../../src-shared/providers';
import type { AccountView } from '../../src-shared/accounts';

/** "Oura · ada@example.com": every series is labelled with its source and account. */
export function sourceLabel(providerId: ProviderId, accountId: string, accounts: AccountView[]): string {
  const a = accounts.find((x) => x.id === accountId);
  return `${PROVIDERS[providerId].name} · ${a?.label ?? accountId.slice(0, 8)}`;
}

export function sourceStyle(providerId: ProviderId, scheme: 'light' | 'dark'): { colour: string; dash: number[] } {
  const c = SOURCE_COLOURS[providerId];
  return { colour: c[scheme], dash: c.dash };
}

/** The accounts, or one shared empty list (a selector answering a new [] each time would re-render forever). */
const NO_ACCOUNTS: AccountView[] = [];
export const selectAccounts = (s: { snapshot: { accounts: AccountView[] } | null }): AccountView[] =>
  s.snapshot?.accounts ?? NO_ACCOUNTS;
