import type { ProviderId } from '../../src-shared/providers';
import { useApp } from '../store/app-store';

/**
 * Issue 11: how the last Connect of a provider without an account ended
 * (refused at the provider, timed out, failed), repeated on its card so the
 * person who comes back from the provider's tab reads it where they look.
 * Not a live region: the notice itself is already announced.
 */
export function ConnectOutcome({ providerId }: { providerId: ProviderId }) {
  const last = useApp((s) => s.notices.filter((n) => n.providerId === providerId && !n.accountId).at(-1));
  if (!last) return null;
  return <p className={`card-outcome notice-${last.level}`}>{last.message}</p>;
}
