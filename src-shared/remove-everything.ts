import type { ProviderId } from './providers';

// Issue 12 (item 4): "Remove everything". The word the person types to confirm;
// the contract refuses a call without it, so nothing can wipe the data by
// accident or by a bare call from a compromised page.
export const REMOVE_EVERYTHING_WORD = 'REMOVE';

/** Per account: whether the provider confirmed the revocation, or where the person must remove access themselves. */
export interface RemovedAccount {
  providerId: ProviderId;
  label: string;
  revoked: boolean;
  /** Set when not revoked: the provider's own page for removing Omnio's access. */
  manageAccessUrl: string | null;
}

export interface RemoveEverythingOutcome {
  accounts: RemovedAccount[];
}
