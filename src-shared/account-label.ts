import type { ProviderId } from './providers';

// Issue 15: the label next to an account's provider is a person's name or
// e-mail, never an id a machine made ("Oura user 8f3c2a9e-…"). Where a
// provider gives only an id, the row has no label; two accounts of one
// provider without a label are told apart as "Account 1", "Account 2".

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_RUN = /[0-9a-f]{8,}/i;
const ID_CHARS = /^[A-Za-z0-9_-]+$/;
/** Labels an older Omnio stored when a provider gave no e-mail: "<Provider> user <id>". */
const LEGACY_ID_LABEL = /^(Oura|WHOOP|Withings|Garmin) user \S+$/;

/** True for a string that names an account for a machine: a UUID, a number, a hex run, a token-like word. */
export function looksOpaque(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (v.includes('@')) return false; // an e-mail address is what people recognise their account by
  if (LEGACY_ID_LABEL.test(v) || UUID.test(v) || /^\d+$/.test(v)) return true;
  // One word of id characters holding digits or a long hex run ("8f3c2a9e-oura-demo-user", "u_12345").
  return ID_CHARS.test(v) && (/\d/.test(v) || HEX_RUN.test(v));
}

/** The first candidate a person would recognise (an e-mail or a name), trimmed; null when there is none. */
export function personLabel(...candidates: (string | null | undefined)[]): string | null {
  for (const c of candidates) {
    const v = c?.trim();
    if (v && v.length <= 254 && !looksOpaque(v)) return v;
  }
  return null;
}

/** "Sam Sample" from first and last name, either of which may be missing. */
export function fullName(first: unknown, last: unknown): string | null {
  const parts = [first, last].filter((p): p is string => typeof p === 'string' && p.trim().length > 0);
  return parts.length ? parts.map((p) => p.trim()).join(' ') : null;
}

/**
 * The label each account shows, by account id: its own when a person would recognise it, else none; where a
 * provider has several accounts, an unlabelled one is "Account N" by its place in the list.
 */
export function displayLabels(
  accounts: readonly { id: string; providerId: ProviderId; label: string | null }[],
): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const byProvider = new Map<ProviderId, typeof accounts>();
  for (const a of accounts) byProvider.set(a.providerId, [...(byProvider.get(a.providerId) ?? []), a]);
  for (const group of byProvider.values()) {
    group.forEach((a, i) => {
      const own = a.label === null ? null : personLabel(a.label);
      out.set(a.id, own ?? (group.length > 1 ? `Account ${i + 1}` : null));
    });
  }
  return out;
}
