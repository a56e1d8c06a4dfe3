// When the Garmin card should warn about the Personal API key running out.
// Keys live 30–365 days; two weeks gives the user time to create a new one.

export const KEY_EXPIRY_WARNING_DAYS = 14;

export type KeyExpiryNotice =
  | { level: 'expired'; message: string }
  | { level: 'soon'; message: string; daysLeft: number }
  | null;

export function keyExpiryNotice(credentialExpiresAt: string | null, now: Date = new Date()): KeyExpiryNotice {
  if (!credentialExpiresAt) return null;
  const at = new Date(credentialExpiresAt);
  if (Number.isNaN(at.getTime())) return null;
  const ms = at.getTime() - now.getTime();
  const when = at.toLocaleDateString(undefined, { dateStyle: 'medium' });
  if (ms <= 0) {
    return { level: 'expired', message: `Your Garmin Personal API key expired on ${when}. Create a new key and connect with it.` };
  }
  const daysLeft = Math.ceil(ms / 86_400_000);
  if (daysLeft > KEY_EXPIRY_WARNING_DAYS) return null;
  return {
    level: 'soon',
    daysLeft,
    message: `Your Garmin Personal API key expires on ${when} (${daysLeft} day${daysLeft === 1 ? '' : 's'} left). Create a new key in Garmin Connect before then.`,
  };
}
